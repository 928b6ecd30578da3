// Supervision and care journeys in the Chinese interface: the district approver sets a dated
// disclosure schedule version on the schedules screen (the form shows the schema's and the
// server's Chinese field messages); the subdistrict sets complaint deadlines; a resident opens a
// community's honour roll on a phone from its notice board and sees only public commendations;
// a worker finds their own health check results, care records and the audit findings about them
// under 我的档案 → 关爱与审计. Records are set up through the API.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall, apiLogin } from './api';
import { DEMO_PASSWORD, login, POLL, useHarness } from './harness';

const harness = useHarness();
// The shared 2-core machine can be heavily loaded: each journey gets three minutes.

const isoDay = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function staffPage(username: string): Promise<Page> {
  const page = await harness().newPage();
  page.setDefaultTimeout(60_000);
  await login(page, username, DEMO_PASSWORD);
  return page;
}

async function phone(browser: Browser, baseURL: string): Promise<Page> {
  const ctx = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

const formError = (page: Page) => page.locator('.ant-modal-content .ant-form-item-explain-error');

describe('rules administration', () => {
  it('the district sets a dated disclosure schedule version on the screen', async () => {
    const page = await staffPage('district');
    await page.goto('/disclosures');
    await page.getByTestId('schedules-open').click();
    await page.getByTestId('schedules-panel').waitFor();
    await page.getByTestId('schedule-new').click();
    await page.locator('#schedule-grace-days').fill('400');
    await page.locator('#schedule-save').click();
    await expect
      .poll(() => formError(page).allInnerTexts(), POLL)
      .toContain('期满后公开天数不能超过 366 天');
    await page.locator('#schedule-grace-days').fill('20');
    // A new version cannot start in the past: the server's message lands on the field.
    await page.locator('#schedule-effective-from').fill(isoDay(-3));
    await page.locator('#schedule-save').click();
    await expect
      .poll(() => formError(page).allInnerTexts(), POLL)
      .toContain('新版本的生效日期不能早于今天');
    const from = isoDay(40);
    await page.locator('#schedule-effective-from').fill(from);
    await page.locator('#schedule-save').click();
    await page.locator('.ant-modal-content').waitFor({ state: 'detached' });
    const row = page
      .getByTestId('schedule-table')
      .locator('.ant-table-row')
      .filter({ hasText: from });
    await expect.poll(() => row.count(), POLL).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('待生效');
    expect(text).toContain('财务公开');
    expect(text).toContain('每季度，期满后 20 天内');
  }, 180_000);

  it('the subdistrict sets complaint deadlines, refused with a Chinese message first', async () => {
    const page = await staffPage('street');
    await page.goto('/complaints');
    await page.getByRole('tab', { name: '办理时限设置' }).click();
    await page.getByTestId('deadline-new').click();
    // The dialog opens with the defaults (15 / 60 days): type only once they are in, and leave
    // the field so the number is committed before saving.
    const accept = page.locator('#deadline-accept-days');
    await expect.poll(() => accept.inputValue(), POLL).toBe('15');
    await accept.fill('0');
    await accept.press('Tab');
    await expect.poll(() => accept.inputValue(), POLL).toBe('0');
    await page.locator('#deadline-save').click();
    await expect.poll(() => formError(page).allInnerTexts(), POLL).toContain('受理时限至少 1 天');
    await page.locator('#deadline-accept-days').fill('5');
    await page.locator('#deadline-reply-days').fill('30');
    await page.locator('#deadline-save').click();
    await page.locator('.ant-modal-content').waitFor({ state: 'detached' });
    const row = page.getByTestId('deadline-table').locator('.ant-table-row').first();
    await expect.poll(() => row.innerText(), POLL).toMatch(/5\s+30\s+自始适用\s+当前适用/);
  }, 180_000);
});

describe('honour roll and the worker’s own view', () => {
  it('a resident opens the community honour roll on a phone: public items only', async () => {
    const h = harness();
    // The city administrator records them (the demo worker's unit may lie anywhere in the city).
    const [admin, worker] = await Promise.all([
      apiLogin(h.baseUrl, 'admin'),
      apiLogin(h.baseUrl, 'worker'),
    ]);
    const workerId = worker.user.workerId;
    if (workerId === null) throw new Error('the demo worker account has no dossier');
    const dossier = await apiCall<{ orgUnitId: number }>(
      h.baseUrl,
      admin,
      'GET',
      `/api/workers/${workerId}`,
    );
    const base = { workerId, awardingBody: '区委组织部', awardedOn: '2026-03-01' };
    await apiCall(h.baseUrl, admin, 'POST', '/api/commendations', {
      ...base,
      kind: 'role_model',
      title: '十佳社区工作者',
      citation: '连续五年组织邻里互助，化解矛盾纠纷百余起。',
      isPublic: true,
    });
    await apiCall(h.baseUrl, admin, 'POST', '/api/commendations', {
      ...base,
      kind: 'commendation',
      title: '内部嘉奖不公开',
      citation: '内部',
    });
    const resident = await phone(h.browser, h.baseUrl);
    await resident.goto(`/public/communities/${dossier.orgUnitId}/disclosures`);
    await resident.getByTestId('public-honors-link').click();
    const roll = resident.getByTestId('public-honors');
    await roll.waitFor();
    await expect.poll(() => roll.innerText(), POLL).toContain('十佳社区工作者');
    const text = await roll.innerText();
    expect(text).toContain('先进典型');
    expect(text).toContain('连续五年组织邻里互助');
    expect(text).not.toContain('内部嘉奖不公开');
    const overflow = Number(
      await resident.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      ),
    );
    expect(overflow).toBeLessThanOrEqual(1);
  }, 180_000);

  it('a worker sees their own health results, care records and audit findings', async () => {
    const h = harness();
    const [admin, worker] = await Promise.all([
      apiLogin(h.baseUrl, 'admin'),
      apiLogin(h.baseUrl, 'worker'),
    ]);
    const workerId = worker.user.workerId;
    if (workerId === null) throw new Error('the demo worker account has no dossier');
    await apiCall(h.baseUrl, admin, 'POST', '/api/care/health-checks', {
      workerId,
      checkDate: isoDay(-10),
      institution: '区人民医院体检中心',
      conclusion: 'follow_up',
      findings: '甘油三酯偏高，建议复查',
    });
    await apiCall(h.baseUrl, admin, 'POST', '/api/care/records', {
      workerId,
      kind: 'visit',
      occurredOn: isoDay(-5),
      reason: '春节走访慰问',
      visitor: '街道党工委',
    });
    const audit = await apiCall<{ id: number }>(h.baseUrl, admin, 'POST', '/api/econ-audits', {
      orgUnitId: admin.user.orgUnit.id,
      workerId,
      auditedRole: 'party_secretary',
      trigger: 'end_of_term',
      title: '任期经济责任审计',
      periodStart: '2021-01-01',
      periodEnd: '2025-12-31',
      scope: '社区集体资产与专项资金',
    });
    await apiCall(h.baseUrl, admin, 'POST', `/api/econ-audits/${audit.id}/findings`, {
      category: 'project_funds',
      description: '专项资金支出凭证不全',
      amount: 3200,
    });

    const page = await staffPage('worker');
    await page.goto('/me');
    await page.getByRole('tab', { name: '关爱与审计' }).click();
    const care = page.getByTestId('my-care');
    await care.waitFor();
    await expect.poll(() => care.innerText(), POLL).toContain('甘油三酯偏高，建议复查');
    const text = await care.innerText();
    expect(text).toContain('需复查');
    expect(text).toContain('春节走访慰问');
    expect(await page.getByTestId('my-next-check').innerText()).toMatch(
      /下次体检：\d{4}-\d{2}-\d{2}/,
    );
    const audits = page.getByTestId('my-audits');
    await audits.waitFor();
    expect(await audits.innerText()).toContain('专项资金支出凭证不全');
    expect(await audits.innerText()).toContain('3200.00');
  }, 180_000);
});
