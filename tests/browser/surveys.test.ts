// A resident satisfaction survey in the Chinese interface: the community leader sets up a survey
// of their community (through the API, as the form would), opens the campaign screen and
// generates a batch of household codes (shown once, as a printable sheet with QR codes); a
// resident opens the QR link on a phone-sized screen, sees the worker cards, rates everything and
// submits; sending the same code again is refused politely; the answer waits in the ballot box
// (fewer than a batch while the survey is open) and the results show it once the survey closes.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clickUntil, DEMO_PASSWORD, login, useHarness } from './harness';

const harness = useHarness();

function iso(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function call<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = await fetch('/api/auth/me', { headers: { accept: 'application/json' } });
      const { csrfToken } = (await me.json()) as { csrfToken: string };
      const res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
    { method, url, body },
  );
}

describe('resident satisfaction survey', () => {
  it('a resident answers on a phone with a one-time code; the code works once', async () => {
    const leader = await harness().newPage();
    const pageErrors: string[] = [];
    leader.on('pageerror', (e) => pageErrors.push(e.message));
    await leader.goto('/login');
    await leader
      .getByLabel('用户名')
      .waitFor({ timeout: 60_000 })
      .catch(() => {
        throw new Error(`login page did not render: ${pageErrors.join('; ')}`);
      });
    await login(leader, 'community', DEMO_PASSWORD);
    const me = await call<{ user: { orgUnit: { id: number } } }>(leader, 'GET', '/api/auth/me');
    const unitId = me.user.orgUnit.id;
    const workers = await call<{ items: { id: number; name: string }[] }>(
      leader,
      'GET',
      `/api/workers?orgUnitId=${unitId}&status=active&pageSize=3`,
    );
    expect(workers.items.length).toBeGreaterThan(0);
    const later = new Date();
    later.setDate(later.getDate() + 20);
    const title = `浏览器测评 ${Date.now()}`;
    const created = await call<{ id: number; version: number }>(leader, 'POST', '/api/surveys', {
      orgUnitId: unitId,
      title,
      year: new Date().getFullYear(),
      period: 'annual',
      opensOn: iso(new Date()),
      closesOn: iso(later),
      questions: [
        { key: 'team_service', text: '社区团队的服务态度', target: 'team' },
        { key: 'worker_attitude', text: '服务态度', target: 'worker' },
      ],
      scaleMax: 5,
      satisfiedMin: 4,
      minRespondents: 1,
      minOrdinaryPct: 50,
      workerIds: workers.items.map((w) => w.id),
    });

    // The organiser's screen: open the campaign, generate codes, see the printable sheet.
    await leader.goto('/surveys');
    await leader.getByText(title).click();
    await leader.getByTestId('survey-open').click();
    // As on the evaluation journey, a click on a dialog's OK button has been lost under load; the
    // confirm button shows loading while it saves, so a repeat cannot open twice.
    await clickUntil(
      leader.locator('.ant-modal-confirm-btns .ant-btn-primary'),
      leader.getByTestId('survey-status').filter({ hasText: '进行中' }),
    );
    await expect.poll(() => leader.getByTestId('survey-status').innerText()).toBe('进行中');
    await leader.getByTestId('survey-generate').click();
    await leader.getByTestId('survey-count').fill('3');
    await leader.locator('.ant-modal-footer .ant-btn-primary').click();
    const sheet = leader.getByTestId('code-sheet');
    await sheet.waitFor();
    expect(await sheet.locator('img').count()).toBe(3);
    const codes = (await sheet.locator('.code').allInnerTexts()).map((s) =>
      s.replace(/^.*[：:]\s*/, '').trim(),
    );
    expect(codes).toHaveLength(3);
    const code = codes[0]!;
    expect(code).toMatch(/^[A-Z2-9]{20}$/);

    // The resident, on a phone-sized screen without an account, follows the QR link.
    const phone = await harness().browser.newContext({
      baseURL: harness().baseUrl,
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const resident = await phone.newPage();
    await resident.goto(`/public/surveys/${created.id}?code=${code}`);
    await resident.getByText(title).waitFor();
    expect(await resident.getByTestId('survey-code').inputValue()).toBe(code);
    for (const w of workers.items) {
      await resident.getByTestId(`worker-card-${w.id}`).getByText(w.name).waitFor();
    }
    // Submitting before rating everything is stopped on the page.
    await resident.getByTestId('survey-submit').click();
    await resident.getByTestId('survey-error').waitFor();
    await resident.getByText('普通居民').click();
    const rates = resident.locator('ul.ant-rate');
    const n = await rates.count();
    expect(n).toBe(1 + workers.items.length);
    for (let i = 0; i < n; i++) await rates.nth(i).locator('li').nth(3).click();
    const width = await resident.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await resident.getByTestId('survey-submit').click();
    await resident.getByText('提交成功').first().waitFor();

    // The same code again: refused with a polite message, nothing counted twice.
    const again = await phone.newPage();
    await again.goto(`/public/surveys/${created.id}?code=${code}`);
    await again.getByText(title).waitFor();
    await again.getByText('普通居民').click();
    const rates2 = again.locator('ul.ant-rate');
    for (let i = 0; i < n; i++) await rates2.nth(i).locator('li').nth(4).click();
    await again.getByTestId('survey-submit').click();
    await expect.poll(() => again.getByTestId('survey-error').innerText()).toContain('已经使用过');
    await phone.close();

    // While open, one answer is fewer than a mixing batch: the results say it is waiting.
    const waiting = await call<{ respondents: number; reasons: string[] }>(
      leader,
      'GET',
      `/api/surveys/${created.id}/results`,
    );
    expect(waiting.respondents).toBe(0);
    expect(waiting.reasons.join()).toContain('尚未计入结果');
    // Closing mixes it in: the organiser sees one answer, satisfaction 100 % (all rated 4 of 5,
    // satisfied from 4).
    const open = await call<{ version: number }>(leader, 'GET', `/api/surveys/${created.id}`);
    await call(leader, 'POST', `/api/surveys/${created.id}/status`, {
      version: open.version,
      status: 'closed',
    });
    const results = await call<{ respondents: number; team: { satisfactionPct: number } }>(
      leader,
      'GET',
      `/api/surveys/${created.id}/results`,
    );
    expect(results.respondents).toBe(1);
    expect(results.team.satisfactionPct).toBe(100);
    await leader.reload();
    await expect.poll(() => leader.getByTestId('survey-sample').innerText()).toContain('样本达标');
  });
});
