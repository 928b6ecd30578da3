// Burden reduction journey against the seeded demo city: the community leader logs a request made
// of the community that is not on the admission list; it is flagged in the request log and counted
// for the requesting department in the burden view.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, POLL, useHarness } from './harness';

const harness = useHarness();

const option = (page: Page, text: string) =>
  page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text });

describe('burden reduction', () => {
  it('logs a request outside the list, flags it, and shows it in the burden view', async () => {
    const page = await harness().newPage();
    await login(page, 'community', DEMO_PASSWORD);
    await page.goto('/burden');
    await page.getByText('社区减负', { exact: true }).first().waitFor();
    await page.getByRole('tab', { name: '事项登记' }).click();
    await page.getByRole('button', { name: '登记事项' }).click();
    const dialog = page.locator('.ant-modal-content:visible');
    await dialog.waitFor();
    await dialog.getByLabel('社区').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper')
      .first()
      .click();
    await dialog.getByLabel('提出部门').fill('区文明办');
    await dialog.getByLabel('类型').click();
    await option(page, '挂牌').click();
    await dialog.getByLabel('事项内容').fill('悬挂创建文明城市标牌');
    await dialog.getByLabel('预计工时（小时）').fill('3');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.locator('.ant-table-row').filter({ hasText: '悬挂创建文明城市标牌' });
    await row.waitFor();
    expect(await row.locator('.ant-tag').innerText()).toBe('清单外');

    await page.getByRole('tab', { name: '负担统计' }).click();
    const dept = page.locator('.ant-table-row').filter({ hasText: '区文明办' });
    await expect
      .poll(async () => (await dept.count()) > 0 && (await dept.first().innerText()), POLL)
      .toMatch(/区文明办\s+1\s+1\s+3/);
  });
});
