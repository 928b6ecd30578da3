// Contracts journeys against the seeded demo city: the subdistrict HR officer lists contracts
// expiring within 60 days, opens a worker's contracts tab from the list, renews the contract on
// the proposal of the rule in force, runs the reminder check and opens a reminder's contract.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, POLL, useHarness, waitForSaved } from './harness';

const harness = useHarness();

const tableRows = (within: Page | Locator) => within.locator('.ant-table-tbody .ant-table-row');

describe('labour contracts', () => {
  it('lists expiring contracts, renews one from the dossier tab, and shows the reminder', async () => {
    const page = await harness().newPage();
    await login(page, 'street', DEMO_PASSWORD);
    await page.goto('/contracts?expiringWithinDays=60');
    await page.getByText('劳动合同与社保', { exact: true }).first().waitFor();
    await tableRows(page).first().waitFor();
    expect(await tableRows(page).count()).toBeGreaterThan(0);
    const firstExpiry = await tableRows(page).first().locator('.ant-tag').allInnerTexts();
    expect(firstExpiry.some((s) => /\d+ 天/.test(s))).toBe(true);

    // Into the worker's dossier, contracts tab.
    await tableRows(page).first().locator('a').first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/workers/'));
    // The proposal of the rule in force, with its reason, above the worker's contracts (the
    // insurance and career tables below load on their own and are not counted).
    const card = page.getByTestId('worker-contracts');
    await card
      .getByText(/^依据：/)
      .first()
      .waitFor();
    await tableRows(card).first().waitFor();
    const before = await tableRows(card).count();
    await card
      .getByRole('button', { name: /^续\s*订$/ })
      .first()
      .click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByText('续订劳动合同').waitFor();
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    // 已续订 is also the status of a renewed contract in the table: wait for the message itself.
    await waitForSaved(page, page.locator('.ant-message-success', { hasText: '已续订' }));
    await expect.poll(async () => tableRows(card).count(), POLL).toBe(before + 1);

    // Reminders on demand (the daily schedule is off under NODE_ENV=test): the officer gets them.
    await page.goto('/contracts');
    await page.getByRole('button', { name: /立即检查到期提醒/ }).click();
    await waitForSaved(page, page.getByText(/已生成 \d+ 条到期提醒/));
    const notes = await page.evaluate(async () => {
      const res = await fetch('/api/notifications?pageSize=100');
      const body = (await res.json()) as { items: { title: string; link: string | null }[] };
      return body.items.filter((n) => n.title.startsWith('劳动合同即将到期'));
    });
    expect(notes.length).toBeGreaterThan(0);
    await page.goto(notes[0]?.link ?? '/contracts');
    await page.getByText('劳动合同详情').first().waitFor();
  });
});
