// Exit journey against the seeded demo city: the subdistrict HR officer starts a resignation,
// completes its checklist item by item and submits it; the district approves it in the approval
// flow; the worker's dossier then shows read-only (no edit button, a read-only notice). A
// future-dated exit's accounts item says the accounts are disabled when the exit takes effect.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, POLL, useHarness } from './harness';

const harness = useHarness();

async function firstWorkerId(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const res = await fetch('/api/workers?pageSize=5&status=active');
    const body = (await res.json()) as { items: { id: number }[] };
    const id = body.items[0]?.id;
    if (!id) throw new Error('no worker in scope');
    return id;
  });
}

describe('exit', () => {
  it('completes the checklist, is approved, and leaves the dossier read-only', async () => {
    const page = await harness().newPage();
    await login(page, 'street', DEMO_PASSWORD);
    const workerId = await firstWorkerId(page);

    await page.goto('/exits');
    await page.getByTestId('exit-create').click();
    const modal = page.locator('.ant-modal:visible');
    const field = (id: string) =>
      modal.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
    await field('exit-worker-id').fill(String(workerId));
    await modal.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '辞职' }).click();
    await modal.getByTestId('exit-reason').fill('个人原因');
    await field('exit-date').click();
    // Dated today: the approved exit takes effect at approval (a later date waits for the daily job).
    await page.keyboard.type(new Date().toISOString().slice(0, 10));
    await page.keyboard.press('Enter');
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.waitForURL((u) => /^\/exits\/\d+$/.test(u.pathname));

    for (const item of [
      'handover',
      'contractEnded',
      'insuranceStopped',
      'accountsDisabled',
      'finalPay',
    ]) {
      await page.getByTestId(`exit-do-${item}`).click();
      await page.getByTestId(`exit-item-${item}`).getByText(/办理$/).waitFor();
    }
    await page.getByTestId('exit-submit').click();
    await expect.poll(() => page.getByTestId('exit-status').innerText(), POLL).toBe('审批中');
    const approvalHref = await page.getByRole('link', { name: '查看审批' }).getAttribute('href');
    expect(approvalHref).toMatch(/^\/approvals\/\d+$/);

    const district = await harness().newPage();
    await login(district, 'district', DEMO_PASSWORD);
    await district.goto(approvalHref!);
    await district.getByTestId('approve').click();
    await district.locator('.ant-modal:visible').getByRole('button', { name: '通过' }).click();
    await expect
      .poll(() => district.getByTestId('approval-status').first().innerText(), POLL)
      .toBe('已通过');

    await page.reload();
    await expect.poll(() => page.getByTestId('exit-status').innerText(), POLL).toBe('已退出');
    await page.goto(`/workers/${workerId}`);
    await page.getByTestId('worker-read-only').waitFor();
    expect(await page.getByTestId('worker-edit').count()).toBe(0);
  }, 180_000);

  it('a future-dated exit: ticking accounts says they will be disabled on the exit date', async () => {
    const page = await harness().newPage();
    await login(page, 'street', DEMO_PASSWORD);
    const workerId = await firstWorkerId(page);
    const exitDate = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.goto('/exits');
    await page.getByTestId('exit-create').click();
    const modal = page.locator('.ant-modal:visible');
    const field = (id: string) =>
      modal.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
    await field('exit-worker-id').fill(String(workerId));
    await modal.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '辞职' }).click();
    await modal.getByTestId('exit-reason').fill('个人原因');
    await field('exit-date').click();
    await page.keyboard.type(exitDate);
    await page.keyboard.press('Enter');
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.waitForURL((u) => /^\/exits\/\d+$/.test(u.pathname));
    await page.getByTestId('exit-do-accountsDisabled').click();
    await expect
      .poll(() => page.getByTestId('exit-pending-accountsDisabled').innerText(), POLL)
      .toBe(`将于 ${exitDate} 退出生效时停用`);
  }, 120_000);
});
