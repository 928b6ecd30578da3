// The career rules journey against the seeded demo city: a district department administrator
// starts a new version of the staffing standard from the city's, meets a validation error next to
// the field, fixes it, previews what would change and submits it; the city's administrator is
// notified, opens the approval and approves; the version is then in force, and the staffing
// page recomputes the quotas under it. Chinese interface throughout.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, pickDate, POLL, useHarness } from './harness';

const harness = useHarness();

function popconfirmOk(page: Page) {
  return page.locator('.ant-popover:visible .ant-popconfirm-buttons .ant-btn-primary');
}

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const RULE_NAME = '本区配备标准（试行）';

describe('career rules: staffing standard from draft to quotas', () => {
  it('drafts, validates, previews, submits, is approved after a notification, and sets quotas', async () => {
    const h = harness();
    const district = await h.newPage();
    const admin = await h.newPage();
    try {
      // --- The district administrator starts from the city's standard (inherited, in force).
      await login(district, 'district', 'Demo@2026');
      await district.goto('/rule-sets');
      await district.getByTestId('main-menu').getByText('规则集').waitFor();
      await district
        .getByTestId('rule-sets-table')
        .getByRole('link', { name: /示例：每万名城镇常住人口 18 名/ })
        .click();
      await district.waitForURL(/\/rule-sets\/\d+$/);
      await district.getByTestId('rule-set-name').waitFor();
      await district.getByTestId('rule-set-current').first().waitFor();
      await district.getByTestId('rule-set-new-version').click();

      const modal = district.locator('.ant-modal:visible');
      await modal.getByTestId('new-rule-name').fill(RULE_NAME);
      const date = modal.locator('.ant-picker input');
      await pickDate(date, today());
      await modal.getByRole('button', { name: '创建草稿并编辑' }).click();
      await district.waitForURL(/\/rule-sets\/\d+\/edit$/);

      // --- A second band below the first: the server's message appears next to that field.
      const band2 = district.getByTestId('band-1-upTo');
      await band2.waitFor();
      await band2.fill('500');
      await district.getByTestId('rule-set-validate').click();
      const fieldError = district.locator('.ant-form-item-explain-error', {
        hasText: '第 2 档户数上限应大于上一档的 1000 户',
      });
      await fieldError.waitFor({ timeout: POLL.timeout });
      await district.getByTestId('rule-set-errors').waitFor();

      // --- Fixed, and 20 instead of 18 workers per 10,000 residents, so quotas change.
      await band2.fill('2000');
      await district.getByTestId('population-workers').fill('20');
      await district.getByTestId('rule-set-validate').click();
      await district.getByTestId('rule-set-valid').waitFor({ timeout: POLL.timeout });
      // The mark leaves the field (after antd's fade-out).
      await expect.poll(() => fieldError.count(), POLL).toBe(0);

      // --- Save and preview: the server's comparison, as tables.
      await district.getByTestId('rule-set-save-preview').click();
      await district.waitForURL(/\/rule-sets\/\d+\?tab=preview$/);
      const ruleSetId = Number(/\/rule-sets\/(\d+)/.exec(district.url())?.[1]);
      await district.getByTestId('rule-set-preview').waitFor({ timeout: POLL.timeout });
      await expect
        .poll(() => district.getByTestId('preview-changes').locator('.ant-table-row').count(), POLL)
        .toBeGreaterThan(0);
      expect(await district.getByTestId('rule-set-preview').innerText()).toContain(
        'population.workers',
      );

      // --- Submit for approval.
      await district.getByTestId('rule-set-submit').click();
      await popconfirmOk(district).click();
      await expect
        .poll(() => district.getByTestId('rule-set-status').first().innerText(), POLL)
        .toBe('待审批');
      expect(await district.getByTestId('rule-set-edit').count()).toBe(0);

      // --- The city's administrator sees the notification and opens the approval from it.
      await login(admin, 'admin', 'Demo@2026');
      const bell = admin.getByTestId('notification-bell');
      await expect
        .poll(async () => Number((await bell.locator('.ant-badge-count').textContent()) ?? 0), POLL)
        .toBeGreaterThan(0);
      await bell.click();
      const item = admin
        .getByTestId('notification-panel')
        .getByTestId('notification-item')
        .filter({ hasText: RULE_NAME })
        .first();
      await item.click();
      await admin.waitForURL(/\/approvals\/\d+$/);
      await expect
        .poll(() => admin.getByTestId('approval-title').innerText(), POLL)
        .toContain(RULE_NAME);
      await admin.getByTestId('approval-events').getByText('提交审批').waitFor();

      // A second tab of the same approver, left open on the pending request.
      const stale = await admin.context().newPage();
      await stale.goto(admin.url());
      await stale.getByTestId('approve').waitFor();

      await admin.getByTestId('approve').click();
      const dialog = admin.locator('.ant-modal:visible');
      await dialog.getByTestId('decision-comment').fill('同意，按新标准执行');
      await dialog.getByRole('button', { name: '通过' }).click();
      await expect
        .poll(() => admin.getByTestId('approval-status').first().innerText(), POLL)
        .toBe('已通过');
      await admin
        .getByTestId('approval-comment')
        .filter({ hasText: '同意，按新标准执行' })
        .waitFor();

      // Deciding again from the stale tab is refused as a conflict, shown as such, not applied.
      await stale.getByTestId('approve').click();
      await stale.locator('.ant-modal:visible').getByRole('button', { name: '通过' }).click();
      await stale.getByTestId('approval-conflict').waitFor({ timeout: POLL.timeout });
      await stale.getByTestId('approval-conflict').getByRole('button', { name: /刷新/ }).click();
      await expect
        .poll(() => stale.getByTestId('approval-status').first().innerText(), POLL)
        .toBe('已通过');
      expect(await stale.getByTestId('approve').count()).toBe(0);
      await stale.close();

      // --- The rule is in force.
      await admin.getByTestId('approval-subject-link').click();
      await admin.waitForURL(new RegExp(`/rule-sets/${ruleSetId}$`));
      await admin.getByTestId('rule-set-name').waitFor();
      await admin.getByTestId('rule-set-current').first().waitFor({ timeout: POLL.timeout });
      expect(await admin.getByTestId('rule-set-status').first().innerText()).toBe('已生效');

      // --- The submitter is told, and the staffing page computes quotas under the new version.
      await district.goto('/notifications');
      await district
        .getByTestId('notifications-table')
        .getByText(`审批通过：`, { exact: false })
        .first()
        .waitFor({ timeout: POLL.timeout });

      await district.goto('/staffing');
      await district.getByTestId('staffing-table').locator('.ant-table-row').first().waitFor();
      await district.getByTestId('staffing-recompute').click();
      await district.getByTestId('recompute-run').click();
      const result = district.getByTestId('recompute-result');
      await result.waitFor({ timeout: 60_000 });
      expect(await result.innerText()).toContain(RULE_NAME);
      await district.getByTestId('recompute-close').click();
      await expect
        .poll(() => district.getByTestId('staffing-rule').allInnerTexts(), POLL)
        .toContainEqual(expect.stringContaining(RULE_NAME));
      const total = await district.getByTestId('staffing-quota-total').first().innerText();
      expect(Number(total.replace(/,/g, ''))).toBeGreaterThan(0);

      // The table as a spreadsheet, from the server.
      const [download] = await Promise.all([
        district.waitForEvent('download'),
        district.getByTestId('staffing-export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^员额配备表-.+\.xlsx$/);
    } finally {
      await district.context().close();
      await admin.context().close();
    }
  });
});
