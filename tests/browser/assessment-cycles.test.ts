// Assessment cycle journey in the Chinese interface: the subdistrict HR officer runs a community's
// annual cycle on /assessment-cycles/:id — enters a worker's panel score and satisfaction, imports
// the worker's absence from the 满意度与缺勤 tab's .xlsx template, computes
// the proposals (with reasons), submits, and after the district's approval publishes; the worker
// then finds the result under 我的考核 and appeals, and the officer sees the open appeal.
// Setup through the API: the cycle (under the demo's example scheme rule set), the other workers' scores, the approval decision.
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall, apiLogin } from './api';
import { DEMO_PASSWORD, login, POLL, useHarness } from './harness';

const harness = useHarness();

const status = async (page: Page) => (await page.getByTestId('cycle-status').innerText()).trim();

describe('assessment cycle journey', () => {
  it('a subdistrict runs a cycle to publication and a worker appeals', async () => {
    const h = harness();
    const base = h.baseUrl;
    const [admin, street, district, self, community] = await Promise.all([
      apiLogin(base, 'admin'),
      apiLogin(base, 'street'),
      apiLogin(base, 'district'),
      apiLogin(base, 'worker'),
      apiLogin(base, 'community'),
    ]);
    const workerId = self.user.workerId;
    if (workerId === null) throw new Error('demo worker account has no dossier');
    const dossier = await apiCall<{ orgUnitId: number; name: string }>(
      base,
      admin,
      'GET',
      `/api/workers/${workerId}`,
    );
    // The demo worker serves in the `community` account's community (the seed links them).
    expect(dossier.orgUnitId).toBe(community.user.orgUnit.id);
    // The scheme: the demo city's example rule set (kind assessment_scheme), in force since 2024.
    const year = new Date().getFullYear() - 1;
    const cycle = await apiCall<{ id: number }>(base, street, 'POST', '/api/assessment-cycles', {
      orgUnitId: community.user.orgUnit.id,
      year,
      period: 'annual',
    });
    const entries = await apiCall<{ items: { workerId: number }[] }>(
      base,
      street,
      'GET',
      `/api/assessment-cycles/${cycle.id}/entries?pageSize=100`,
    );
    const others = entries.items.filter((e) => e.workerId !== workerId);
    await apiCall(base, street, 'POST', `/api/assessment-cycles/${cycle.id}/scores`, {
      items: others.map((e) => ({
        workerId: e.workerId,
        source: 'subdistrict_panel',
        rater: '街道考核组',
        politicalQuality: 85,
        performance: 85,
        residentSatisfaction: 85,
      })),
    });

    console.log('[assessment-cycles journey] step 1');
    // 1. The officer enters the worker's panel score and satisfaction on the cycle screen.
    const hr = await h.newPage();
    await login(hr, 'street', DEMO_PASSWORD);
    await hr.goto('/assessment-cycles');
    await hr
      .getByRole('link', { name: /年度考核/ })
      .first()
      .click();
    await hr.waitForURL(`**/assessment-cycles/${cycle.id}`);
    await expect.poll(() => status(hr), POLL).toContain('自评与评分中');
    await hr.getByPlaceholder('按姓名搜索').fill(dossier.name);
    await hr.getByPlaceholder('按姓名搜索').press('Enter');
    await expect.poll(() => hr.getByTestId('entry-name').count(), POLL).toBeGreaterThan(0);
    await hr.getByTestId('entry-score').first().click();
    await hr.locator('#score-pq').fill('80');
    await hr.locator('#score-pf').fill('80');
    await hr.locator('#score-rs').fill('80');
    await hr.locator('#score-sat').fill('78');
    await hr.getByTestId('score-ok').click();
    await expect.poll(() => hr.getByTestId('score-ok').count(), POLL).toBe(0);

    console.log('[assessment-cycles journey] step 1b');
    // 1b. On the 满意度与缺勤 tab: the template (fetched as the page would download it) gets the
    // worker's absence days, is imported back, and the figure shows with its source 本期录入.
    await hr.getByTestId('cycle-tab-inputs').click();
    await hr.getByTestId('inputs-template').waitFor();
    const bytes = await hr.evaluate(async (path) => {
      const res = await fetch(path);
      if (!res.ok) throw new Error(`template: HTTP ${res.status}`);
      return Array.from(new Uint8Array(await res.arrayBuffer()));
    }, `/api/assessment-cycles/${cycle.id}/inputs/template`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('template has no sheet');
    expect(ws.getRow(1).getCell(4).value).toBe('无故缺勤天数');
    let found = false;
    for (let r = 2; r <= ws.rowCount; r++) {
      if (Number(ws.getRow(r).getCell(1).value) !== workerId) continue;
      ws.getRow(r).getCell(4).value = 1;
      found = true;
    }
    expect(found).toBe(true);
    await hr.locator('.ant-tabs-tabpane-active .ant-upload input[type=file]').setInputFiles({
      name: 'inputs.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await expect
      .poll(() => hr.getByTestId('inputs-import-done').innerText(), POLL)
      .toContain('1 人的数值有变化');
    const search = hr.locator('.ant-tabs-tabpane-active').getByPlaceholder('按姓名搜索');
    await search.fill(dossier.name);
    await search.press('Enter');
    await expect
      .poll(() => hr.getByTestId('input-absence').first().innerText(), POLL)
      .toBe('1（本期录入）');
    await hr.getByRole('tab', { name: '人数' }).click();

    console.log('[assessment-cycles journey] step 2');
    // 2. Compute: the proposal and its reasons appear; submit for approval.
    await hr.getByTestId('cycle-next').click();
    await expect.poll(() => status(hr), POLL).toContain('已计算');
    await expect
      .poll(() => hr.getByTestId('entry-reasons').first().innerText(), POLL)
      .toContain('总分');
    await hr.getByTestId('cycle-next').click();
    await expect.poll(() => status(hr), POLL).toContain('审批中');

    console.log('[assessment-cycles journey] step 3');
    // 3. The district approves (setup through the approval flow's API), the officer publishes.
    const c = await apiCall<{ approvalId: number }>(
      base,
      street,
      'GET',
      `/api/assessment-cycles/${cycle.id}`,
    );
    const req = await apiCall<{ version: number }>(
      base,
      district,
      'GET',
      `/api/approvals/${c.approvalId}`,
    );
    await apiCall(base, district, 'POST', `/api/approvals/${c.approvalId}/approve`, {
      version: req.version,
      comment: '同意',
    });
    await hr.reload();
    await expect.poll(() => status(hr), POLL).toContain('已审批');
    await hr.getByTestId('cycle-next').click();
    await expect.poll(() => status(hr), POLL).toContain('已公示');

    console.log('[assessment-cycles journey] step 4');
    // 4. The worker sees the result with its reasons and appeals within the window.
    const me = await h.newPage();
    await login(me, 'worker', DEMO_PASSWORD);
    await me.goto('/me/assessments');
    await expect.poll(() => me.getByTestId('my-rating').first().innerText(), POLL).toBe('合格');
    expect(await me.getByTestId('my-assessment').first().innerText()).toContain('总分');
    await me.getByTestId('my-appeal-text').fill('本人全年无缺勤，满意度测评样本偏少，请复核');
    await me.getByTestId('my-appeal-submit').click();
    await expect
      .poll(() => me.getByTestId('my-appeal-status').first().innerText(), POLL)
      .toContain('待答复');

    console.log('[assessment-cycles journey] step 5');
    // 5. The officer sees the open appeal on the worker's row.
    await hr.reload();
    await hr.getByPlaceholder('按姓名搜索').fill(dossier.name);
    await hr.getByPlaceholder('按姓名搜索').press('Enter');
    await expect
      .poll(() => hr.getByTestId('entry-appeal').first().innerText(), POLL)
      .toBe('待答复');
    expect(await hr.getByTestId('entry-reply').count()).toBeGreaterThan(0);
  }, 240_000);
});
