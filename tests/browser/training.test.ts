// Training journeys in the Chinese interface. (1) External training: the city administrator
// (officer) finds the demo `worker` behind the training rule in 达标情况, enters an external
// training with an evidence file in the modal, and the hours are in the ledger (evidence served
// back byte for byte), in the worker's 我的培训 record, and the worker no longer counts as behind.
// (2) Session journey: the organiser creates a session of a course on /training, enrols the demo
// worker's whole community on the session page and opens the full-screen rotating QR code; the
// demo `worker` scans it on a phone-sized screen (the code's link), is signed in, and after the
// organiser completes the session sees the hours in 我的培训; then the organiser edits the course
// in the library. (1) runs first, while the demo worker has no training yet.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall, apiLogin } from './api';
import {
  DEMO_PASSWORD,
  login,
  pickDate,
  pickOption,
  POLL,
  useHarness,
  waitForSaved,
} from './harness';

const harness = useHarness();

/**
 * Picks a unit in the compliance tab's unit selector by its division code and waits for its
 * report (the totals line changes from the caller's own unit's).
 */
async function pickComplianceUnit(page: Page, unit: { name: string; divisionCode: string }) {
  const totals = page.getByTestId('compliance-totals');
  await totals.waitFor();
  const own = await totals.innerText();
  await page.locator('.ant-tabs-tabpane-active .ant-select').first().click();
  await page.keyboard.type(unit.divisionCode);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper')
    .filter({ hasText: unit.name })
    .first()
    .click();
  await expect.poll(() => totals.innerText(), POLL).not.toBe(own);
}

/** "人员 n · 达标 n · 未达标 n · …" of the compliance tab, as numbers in that order. */
async function complianceTotals(page: Page): Promise<number[]> {
  const text = await page.getByTestId('compliance-totals').innerText();
  return [...text.matchAll(/\d+/g)].map((m) => Number(m[0]));
}

describe('external training with evidence', () => {
  it('an officer enters an external training with an evidence file; the hours reach the ledger, the record and the compliance report', async () => {
    const h = harness();
    const base = h.baseUrl;
    const admin = await apiLogin(base, 'admin');
    const worker = await apiLogin(base, 'worker');
    const workerId = worker.user.workerId;
    if (workerId === null) throw new Error('the demo worker user has no worker');
    const unit = await apiCall<{ id: number; name: string; divisionCode: string }>(
      base,
      admin,
      'GET',
      `/api/org-units/${worker.user.orgUnit.id}`,
    );
    const now = new Date();
    const year = now.getFullYear();
    const pad = (n: number) => String(n).padStart(2, '0');
    const today = `${year}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    const before = await apiCall<{ totalHours: number }>(
      base,
      admin,
      'GET',
      `/api/training/workers/${workerId}/hours?year=${year}`,
    );

    // The officer opens 达标情况 for the worker's community: the worker is behind.
    const org = await h.newPage();
    await login(org, 'admin', DEMO_PASSWORD);
    await org.goto('/training?tab=compliance');
    await org.getByTestId('compliance-totals').waitFor();
    await pickComplianceUnit(org, unit);
    const add = org.getByTestId(`add-external-${workerId}`);
    await add.waitFor(POLL);
    const [workers, meeting] = await complianceTotals(org);

    // … and enters the external training with its evidence in the modal.
    await add.click();
    const dialog = org.locator('.ant-modal-content').filter({ hasText: '登记外部培训' });
    await dialog.waitFor();
    const title = '市社区工作者能力提升外部培训';
    await dialog.getByLabel('名称').fill(title);
    await dialog.getByLabel('举办单位').fill('市社会工作协会');
    for (const label of ['开始时间', '结束时间']) await pickDate(dialog.getByLabel(label), today);
    await dialog.getByLabel('学时').fill('12');
    await pickOption(org, dialog.getByLabel('能力领域'), '政治理论与政策');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: '结业证书.pdf', mimeType: 'application/pdf', buffer: pdf });
    await dialog.getByText('结业证书.pdf').waitFor();
    await dialog.getByRole('button', { name: '保存' }).click();
    await waitForSaved(org, '已保存');
    await dialog.waitFor({ state: 'hidden' });

    // The ledger holds the entry with its evidence, served back unchanged.
    const after = await apiCall<{
      totalHours: number;
      entries: {
        sourceType: string;
        sourceTitle: string | null;
        hours: number;
        evidenceUrl: string | null;
      }[];
    }>(base, admin, 'GET', `/api/training/workers/${workerId}/hours?year=${year}`);
    expect(after.totalHours).toBe(before.totalHours + 12);
    const entry = after.entries.find((e) => e.sourceType === 'external' && e.sourceTitle === title);
    expect(entry?.hours).toBe(12);
    expect(entry?.evidenceUrl).toMatch(/^\/api\/training\/external\/\d+\/evidence$/);
    const file = await fetch(`${base}${entry?.evidenceUrl ?? ''}`, {
      headers: { cookie: admin.cookie },
    });
    expect(file.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await file.arrayBuffer()), pdf)).toBe(0);

    // The compliance report counts the training at once (no reload): the worker is no longer
    // behind.
    await expect
      .poll(async () => (await complianceTotals(org)).slice(0, 2), POLL)
      .toEqual([workers, (meeting ?? 0) + 1]);
    expect(await org.getByTestId(`add-external-${workerId}`).count()).toBe(0);

    // The worker sees the hours and the entry in their own record.
    const me = await h.newPage();
    await login(me, 'worker', DEMO_PASSWORD);
    await me.goto('/training/me');
    await expect
      .poll(
        async () =>
          Number(
            await me
              .getByTestId('my-total-hours')
              .innerText()
              .then((x) => /[\d.]+/.exec(x)?.[0]),
          ),
        POLL,
      )
      .toBe(before.totalHours + 12);
    const row = me.locator('.ant-table-row').filter({ hasText: title });
    await row.waitFor();
    expect(await row.innerText()).toContain('外部培训');
    expect(await row.innerText()).toContain('12');
  }, 240_000);
});

describe('training session journey', () => {
  it('an organiser creates a session and enrols a community; a worker signs in by phone and sees the hours', async () => {
    const h = harness();
    const base = h.baseUrl;
    const admin = await apiLogin(base, 'admin');
    const worker = await apiLogin(base, 'worker');
    const unit = await apiCall<{ id: number; name: string; divisionCode: string }>(
      base,
      admin,
      'GET',
      `/api/org-units/${worker.user.orgUnit.id}`,
    );
    const courseTitle = '社区应急处突实务';
    const createdCourse = await apiCall<{ id: number }>(
      base,
      admin,
      'POST',
      '/api/training/courses',
      {
        orgUnitId: admin.user.orgUnit.id,
        title: courseTitle,
        abilities: ['emergency_response'],
        format: 'simulation',
        hours: 6,
      },
    );

    // The organiser creates the session on /training.
    const org = await h.newPage();
    await login(org, 'admin', DEMO_PASSWORD);
    await org.goto('/training');
    await org.getByTestId('new-session').click();
    const dialog = org.locator('.ant-modal-content');
    await dialog.waitFor();
    await pickOption(org, dialog.getByLabel('课程'), courseTitle);
    const sessionTitle = '应急处突专题培训第一期';
    await dialog.getByLabel('名称').fill(sessionTitle);
    // Room for the whole community, so nobody lands on the waiting list.
    await dialog.getByLabel('容量').fill('1000');
    await dialog.getByRole('button', { name: '保存' }).click();
    await org.waitForURL(/\/training\/sessions\/\d+$/);
    const sessionId = Number(new URL(org.url()).pathname.split('/').pop());

    // … and enrols the worker's whole community.
    await org.locator('#enrol-unit').click();
    // The division code picks exactly this community (names repeat across districts).
    await org.keyboard.type(unit.divisionCode);
    await org
      .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper')
      .filter({ hasText: unit.name })
      .first()
      .click();
    await org.getByTestId('enrol-unit-button').click();
    await expect.poll(() => org.locator('.ant-table-row').count(), POLL).toBeGreaterThan(0);
    await org.locator('.ant-table-row').filter({ hasText: unit.name }).first().waitFor();

    // The full-screen QR code carries the sign-in link.
    const qr = await h.newPage();
    await login(qr, 'admin', DEMO_PASSWORD);
    await qr.goto(`/training/sessions/${sessionId}/qr`);
    const img = qr.getByTestId('sign-in-qr');
    await img.waitFor();
    const link = await img.getAttribute('data-url');
    expect(link).toMatch(/^\/training\/sign-in\?code=/);

    // The worker signs in on a phone-sized screen.
    const phoneContext = await h.browser.newContext({
      baseURL: base,
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phone = await phoneContext.newPage();
    await login(phone, 'worker', DEMO_PASSWORD);
    await phone.goto(link ?? '/');
    await expect.poll(() => phone.locator('body').innerText(), POLL).toContain('签到成功');
    await phone.getByText(sessionTitle).waitFor();

    // The organiser completes the session; the hours appear in the worker's record.
    await org.reload();
    await org.getByTestId('complete-session').click();
    await org.getByText('已结业').waitFor({ timeout: 20_000 });
    await phone.goto('/training/me');
    // The session's 6 hours are in the record (next to the external training entered above).
    await phone
      .locator('.ant-table-row')
      .filter({ hasText: sessionTitle })
      .filter({ hasText: '6' })
      .first()
      .waitFor();
    const total = Number(/[\d.]+/.exec(await phone.getByTestId('my-total-hours').innerText())?.[0]);
    expect(total).toBeGreaterThanOrEqual(6);
    await phoneContext.close();

    // The organiser edits the course in the library (the session keeps the hours it granted).
    await org.goto('/training?tab=courses');
    await org.getByTestId(`edit-course-${createdCourse.id}`).click();
    const edit = org.locator('.ant-modal-content');
    await edit.waitFor();
    const revised = `${courseTitle}（修订）`;
    await edit.getByLabel('名称').fill(revised);
    await edit.getByRole('button', { name: '保存' }).click();
    await org.locator('.ant-table-row').filter({ hasText: revised }).first().waitFor();
    const saved = await apiCall<{ items: { id: number; title: string; version: number }[] }>(
      base,
      admin,
      'GET',
      '/api/training/courses?page=1&pageSize=100',
    );
    const course = saved.items.find((c) => c.id === createdCourse.id);
    expect(course?.title).toBe(revised);
    expect(course?.version).toBe(2);
  }, 240_000);
});
