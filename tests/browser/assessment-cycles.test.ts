// Assessment cycle journey in the Chinese interface: the subdistrict HR officer runs a community's
// annual cycle on /assessment-cycles/:id — enters a worker's panel score and satisfaction, computes
// the proposals (with reasons), submits, and after the district's approval publishes; the worker
// then finds the result under 我的考核 and appeals, and the officer sees the open appeal.
// Setup through the API: the cycle (under the demo's example scheme rule set), the other workers' scores, the approval decision.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, useHarness } from './harness';

const harness = useHarness();
const POLL = { timeout: 20_000, interval: 200 } as const;

interface ApiSession {
  cookie: string;
  csrf: string;
  user: { id: number; workerId: number | null; orgUnit: { id: number } };
}

async function apiLogin(baseUrl: string, username: string): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await res.json()) as { csrfToken: string; user: ApiSession['user'] };
  return { cookie, csrf: body.csrfToken, user: body.user };
}

async function apiCall<T>(
  baseUrl: string,
  s: ApiSession,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

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
    const dossier = await apiCall<{ version: number; orgUnitId: number; name: string }>(
      base,
      admin,
      'GET',
      `/api/workers/${workerId}`,
    );
    if (dossier.orgUnitId !== community.user.orgUnit.id) {
      await apiCall(base, admin, 'POST', `/api/workers/${workerId}/transfer`, {
        version: dossier.version,
        toOrgUnitId: community.user.orgUnit.id,
        effectiveDate: new Date().toISOString().slice(0, 10),
        reason: '工作需要',
      });
    }
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
