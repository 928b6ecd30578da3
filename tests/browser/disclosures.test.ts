// Supervision journeys, in the Chinese interface: a community leader drafts a quarterly finance
// disclosure (rows, totals computed from them) and submits it, the district approver publishes
// it, and a resident reads it on a phone-sized screen without logging in; a resident files an
// anonymous complaint on a phone and follows it with the tracking code.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, POLL, useHarness } from './harness';

const harness = useHarness();

function lastQuarter(): string {
  const d = new Date();
  const q = Math.floor(d.getMonth() / 3);
  return q === 0 ? `${d.getFullYear() - 1}-Q4` : `${d.getFullYear()}-Q${q}`;
}

async function signedIn(username: string): Promise<Page> {
  const page = await harness().newPage();
  // The shared 2-core machine is slow: allow a minute for the first bundle load.
  page.setDefaultTimeout(60_000);
  // Signs in through the API (the context shares the cookie); the login form has its own journey.
  const res = await page.request.post('/api/auth/login', {
    data: { username, password: DEMO_PASSWORD },
  });
  expect(res.status()).toBe(200);
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

/** The page fits the phone's width: nothing scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  // A string expression: the tests' TypeScript has no DOM types.
  const overflow = Number(
    await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    ),
  );
  expect(overflow).toBeLessThanOrEqual(1);
}

describe('disclosures and complaints', () => {
  it('publishes a quarterly finance disclosure that a resident reads on a phone', async () => {
    const title = `${lastQuarter()} 财务收支公开`;
    const leader = await signedIn('community');
    await leader.goto('/disclosures');
    const me = await leader.evaluate(async () => {
      const res = await fetch('/api/auth/me');
      return (await res.json()) as { user?: { orgUnit: { id: number } }; orgUnit?: { id: number } };
    });
    const communityId = me.user?.orgUnit.id ?? me.orgUnit?.id;
    expect(communityId).toBeTypeOf('number');

    await leader.getByTestId('disclosure-new').click();
    await leader.getByTestId('disclosure-title').fill(title);
    await leader.getByTestId('disclosure-period').fill(lastQuarter());
    const rows = [
      ['上级拨款', '收入', '12000'],
      ['服务收入', '收入', '350.5'],
      ['办公费', '支出', '4200'],
    ] as const;
    for (const [i, [category, direction, amount]] of rows.entries()) {
      await leader.getByTestId('finance-add').click();
      await leader.getByTestId('finance-category').nth(i).fill(category);
      if (direction === '支出') {
        await leader.getByTestId('finance-direction').nth(i).click();
        await leader
          .locator('.ant-select-dropdown:visible')
          .getByText('支出', { exact: true })
          .click();
      }
      await leader.getByTestId('finance-amount').nth(i).fill(amount);
    }
    await leader.getByTestId('finance-fill').click();
    await expect
      .poll(() => leader.getByTestId('finance-balance').inputValue(), POLL)
      .toBe('8150.50');
    await leader.locator('#disclosure-save').click();
    await leader.getByTestId('disclosure-submit').click();
    await expect
      .poll(() => leader.getByTestId('disclosure-status').innerText(), POLL)
      .toBe('待审核');

    const approver = await signedIn('district');
    await approver.goto('/disclosures');
    await approver.getByText(title, { exact: true }).click();
    await approver.getByTestId('disclosure-publish').click();
    await approver.locator('#disclosure-confirm').click();
    await expect
      .poll(() => approver.getByTestId('disclosure-status').innerText(), POLL)
      .toBe('已发布');

    const resident = await phone(harness().browser, harness().baseUrl);
    await resident.goto(`/public/communities/${communityId}/disclosures`);
    await resident.getByTestId('public-current').getByText(title).click();
    const table = resident.getByTestId('finance-table');
    await table.waitFor();
    expect(await table.innerText()).toContain('上级拨款');
    expect(await table.innerText()).toContain('4200.00');
    const totals = await resident.getByTestId('finance-totals').innerText();
    expect(totals).toContain('12350.50');
    expect(totals).toContain('4200.00');
    expect(totals).toContain('8150.50');
    await expectNoSidewaysScroll(resident);
  });

  it('files an anonymous complaint on a phone and follows it with the code', async () => {
    const resident = await phone(harness().browser, harness().baseUrl);
    await resident.goto('/public/complaints');
    const community = resident.getByLabel('社区', { exact: true });
    await community.click();
    await resident.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await resident.getByLabel('类别', { exact: true }).click();
    await resident
      .locator('.ant-select-dropdown:visible')
      .getByText('环境卫生', { exact: true })
      .click();
    await resident.getByTestId('complaint-text').fill('小区门口垃圾连续三天没有清运。');
    await resident.getByTestId('complaint-submit').click();
    const codeEl = resident.getByTestId('complaint-code');
    await codeEl.waitFor();
    const code = (await codeEl.innerText()).trim();
    expect(code).toMatch(/^([2-9A-HJ-NP-Z]{4}-){5}[2-9A-HJ-NP-Z]{4}$/);
    await expectNoSidewaysScroll(resident);

    await resident.getByText('查询办理进度').click();
    await resident.getByTestId('track-code').fill(code);
    await resident.getByTestId('track-submit').click();
    await expect.poll(() => resident.getByTestId('track-status').innerText(), POLL).toBe('待受理');
    expect(await resident.getByTestId('track-result').innerText()).toContain('已提交');
    await expectNoSidewaysScroll(resident);
  });
});
