// A recruitment from plan to hire, in the Chinese interface: the HR officer creates a plan, the
// district approver approves it, an applicant applies on the public page (no login; an invalid
// ID number is refused politely first), HR reviews, enters scores, ranks, records the medical
// exam and background review, starts the public notice and puts the hire forward; the approver
// approves the hire and the new worker appears on the roster.
import { randomBytes } from 'node:crypto';
import { composeIdNumber } from '@cwp/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, pickDate, POLL, useHarness, withServerDb } from './harness';

const harness = useHarness();

function iso(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }, path);
}

/**
 * The weeks between the exams and the end of the notice cannot pass in a test: the plan's
 * application window is moved into the past directly in the server's database.
 */
async function moveWindowIntoPast(title: string): Promise<void> {
  const res = await withServerDb(harness(), (c) =>
    c.query(
      `update recruitment_plan
          set application_start = current_date - 60, application_end = current_date - 40,
              exam_date = null
        where title = $1`,
      [title],
    ),
  );
  expect(res.rowCount).toBe(1);
}

async function signedIn(username: string): Promise<Page> {
  const page = await harness().newPage();
  await login(page, username, DEMO_PASSWORD);
  return page;
}

/** Picks an option of an antd select by typing its label. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(option);
  await page
    .locator('.ant-select-dropdown:visible')
    .getByText(option, { exact: true })
    .first()
    .click();
}

async function modalOk(page: Page): Promise<void> {
  await page.locator('.ant-modal:visible .ant-btn-primary').click();
  await page
    .locator('.ant-modal:visible')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
}

describe('recruitment journey', () => {
  it('takes a plan from creation to hire', { timeout: 240_000 }, async () => {
    const token = randomBytes(3).toString('hex');
    const title = `社区工作者招聘演练 ${token}`;
    const hr = await signedIn('street');

    // 1. HR creates the plan; conditions come pre-filled from the rule in force.
    const [community] = (
      await getJson<{ items: { id: number; name: string }[] }>(
        hr,
        '/api/org-units?level=community&pageSize=1',
      )
    ).items;
    if (!community) throw new Error('no community in scope');
    await hr.goto('/recruitment');
    await hr.getByTestId('plan-create').click();
    const drawer = hr.locator('.ant-drawer:visible');
    await drawer.getByLabel('计划名称').fill(title);
    await drawer.getByLabel('公告正文').fill('面向社会公开招聘社区专职工作者 1 名。');
    await expect.poll(() => drawer.getByLabel('最高年龄').inputValue(), POLL).not.toBe('');
    await drawer.getByLabel('岗位名称').fill('社区专职工作者');
    const unit = drawer.getByLabel('所在社区');
    await unit.click();
    await unit.fill(community.name);
    await hr
      .locator('.ant-select-dropdown:visible')
      .getByText(community.name, { exact: true })
      .first()
      .click();
    await hr.getByTestId('plan-save').click();
    await hr.waitForURL(/\/recruitment\/\d+$/);
    const planId = Number(new URL(hr.url()).pathname.split('/').pop());
    await hr.getByTestId('plan-submit').click();
    await hr.getByText('待审批').first().waitFor();

    // 2. The district approver approves; HR publishes.
    const approver = await signedIn('district');
    await approver.goto(`/recruitment/${planId}`);
    await approver.getByTestId('plan-approve').click();
    await approver.getByText('已批准').first().waitFor();
    await hr.reload();
    await hr.getByTestId('plan-publish').click();
    await hr.getByText('已发布').first().waitFor();

    // 3. An applicant applies on the public page, on a phone, without an account.
    const phone = await harness().browser.newContext({
      baseURL: harness().baseUrl,
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
    });
    const applicant = await phone.newPage();
    await applicant.goto(`/public/recruitment/${planId}`);
    await applicant.getByText(title).waitFor();
    const name = `林${token}`;
    const idNumber = composeIdNumber({
      divisionCode: '330102',
      birthDate: '1998-03-15',
      sequence: 321,
      sex: 'female',
    });
    await applicant.getByLabel('姓名').fill(name);
    await applicant
      .getByLabel('身份证号')
      .fill(`${idNumber.slice(0, 17)}${idNumber.endsWith('1') ? '2' : '1'}`);
    await applicant.getByLabel('手机号码').fill('13912345678');
    await choose(applicant, '民族', '汉族');
    await choose(applicant, '政治面貌', '群众');
    await choose(applicant, '学历', '大学本科');
    await applicant.getByLabel('专业').fill('社会工作');
    await applicant.getByLabel('户籍所在地').fill('浙江省杭州市');
    await applicant.getByTestId('apply-submit').click();
    await applicant.getByText('身份证号校验码不正确').waitFor();
    await applicant.getByLabel('身份证号').fill(idNumber);
    await applicant.getByTestId('apply-submit').click();
    const codeText = await applicant.getByTestId('application-code').innerText();
    const code = /([A-Z0-9]{10})/.exec(codeText)?.[1];
    expect(code).toBeDefined();
    // A second applicant through the same public endpoint, so the ranking has two people.
    const second = composeIdNumber({
      divisionCode: '330102',
      birthDate: '1996-11-02',
      sequence: 122,
      sex: 'male',
    });
    const plan = await getJson<{ posts: { id: number }[] }>(
      applicant,
      `/api/public/recruitment/plans/${planId}`,
    );
    await applicant.evaluate(
      async ({ url, body }) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(await res.text());
      },
      {
        url: `/api/public/recruitment/plans/${planId}/applications`,
        body: {
          postId: plan.posts[0]?.id,
          name: `周${token}`,
          idNumber: second,
          phone: '13812345678',
          ethnicity: '01',
          politicalStatus: '13',
          education: '20',
          major: '社会工作',
          householdRegistration: '浙江省杭州市',
        },
      },
    );

    // 4. HR reviews both applications.
    await hr.reload();
    const apps = async () =>
      (
        await getJson<{ items: { id: number; name: string }[] }>(
          hr,
          `/api/recruitment/plans/${planId}/applications`,
        )
      ).items;
    const list = await apps();
    const mine = list.find((a) => a.name === name);
    const other = list.find((a) => a.name !== name);
    if (!mine || !other) throw new Error('applications missing');
    await hr.getByRole('tab', { name: /报名与审查/ }).click();
    for (const a of [mine, other]) {
      await hr.getByTestId(`review-${a.id}`).click();
      await modalOk(hr);
      await hr.getByTestId(`review-${a.id}`).waitFor();
    }
    await hr.getByText('审查通过').first().waitFor();

    // 5. Scores on screen, then the ranking.
    await hr.getByRole('tab', { name: '成绩' }).click();
    await hr.getByTestId(`written-${mine.id}`).fill('88');
    await hr.getByTestId(`interview-${mine.id}`).fill('90');
    await hr.getByTestId(`written-${other.id}`).fill('80');
    await hr.getByTestId(`interview-${other.id}`).fill('85');
    await hr.getByTestId('scores-save').click();
    await hr.getByText('已保存').first().waitFor();
    await hr.getByRole('tab', { name: '排名' }).click();
    await hr.getByTestId('rank-now').click();
    await hr.getByText('排名已更新').waitFor();
    await hr.locator('.ant-tabs-tabpane-active').getByText('拟聘人选').first().waitFor();

    // 6. Medical exam and background review: both pass.
    await hr.getByRole('tab', { name: '体检与考察' }).click();
    await hr.getByTestId(`medical-${mine.id}`).click();
    await modalOk(hr);
    await hr.getByTestId(`background-${mine.id}`).click();
    await modalOk(hr);
    await expect
      .poll(
        () => hr.locator('.ant-tabs-tabpane-active').getByText('合格', { exact: true }).count(),
        POLL,
      )
      .toBe(2);

    // 7. The notice: the weeks pass (see moveWindowIntoPast); it started three weeks ago.
    await moveWindowIntoPast(title);
    const start = new Date();
    start.setDate(start.getDate() - 21);
    await hr.reload();
    await hr.getByRole('tab', { name: '公示与异议' }).click();
    const picker = hr.getByTestId('notice-start');
    await pickDate(picker, iso(start));
    await hr.getByTestId('notice-go').click();
    await hr.getByText(/已开始公示/).waitFor();

    // 8. Hire: HR puts the candidate forward, the approver approves.
    await hr.getByRole('tab', { name: '聘用' }).click();
    await hr
      .locator('.ant-table-row')
      .filter({ hasText: name })
      .locator('input[type=checkbox]')
      .check();
    await hr.getByTestId('hire-submit').click();
    await hr.locator('.ant-tabs-tabpane-active').getByText('聘用审批中').first().waitFor();
    await approver.goto(`/recruitment/${planId}`);
    await approver.getByRole('tab', { name: '聘用' }).click();
    const approve = approver.locator('[data-testid^="hire-approve-"]');
    await approve.click();
    await approver.locator('.ant-tabs-tabpane-active').getByText('已批准').first().waitFor();

    // 9. The new worker is on the roster; the applicant sees the outcome.
    await hr.goto(`/workers?q=${encodeURIComponent(name)}`);
    await hr.getByText(name).first().waitFor();
    await applicant.goto(`/public/recruitment/status?code=${code ?? ''}`);
    await applicant.getByLabel('身份证号').fill(idNumber);
    await applicant.getByTestId('status-lookup').click();
    await applicant.getByTestId('status-result').getByText('已聘用').waitFor();
    await phone.close();
  });
});
