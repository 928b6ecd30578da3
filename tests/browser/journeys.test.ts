// The journeys every user depends on, in the Chinese interface unless a test switches language.
// Each test opens its own browser contexts, so none relies on another's state.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, menuTexts, useHarness } from './harness';

const ADMIN_MENU = ['组织机构', '账号管理', '角色权限', '数据字典', '审计日志'];

const harness = useHarness();

function treeNodes(page: Page, level: string) {
  return page.getByTestId('org-tree').locator(`[data-level="${level}"]`);
}

describe('browser journeys', () => {
  it('admin and community leader see the menu and org tree their permissions allow', async () => {
    const admin = await harness().newPage();
    const community = await harness().newPage();
    try {
      await login(admin, 'admin', DEMO_PASSWORD);
      await login(community, 'community', DEMO_PASSWORD);

      const adminMenu = await menuTexts(admin);
      for (const entry of ADMIN_MENU) expect(adminMenu).toContain(entry);
      await admin.getByTestId('main-menu').getByText('组织机构').click();
      await admin.waitForURL('**/org-units');
      await expect.poll(() => treeNodes(admin, 'city').allInnerTexts()).toEqual(['示范市']);
      await expect.poll(() => treeNodes(admin, 'district').count()).toBe(6);
      expect(await admin.getByTestId('org-detail-name').innerText()).toBe('示范市');

      const communityMenu = await menuTexts(community);
      expect(communityMenu).toContain('组织机构');
      for (const entry of ['账号管理', '角色权限', '数据字典', '审计日志']) {
        expect(communityMenu).not.toContain(entry);
      }
      const ownUnit = (await community.getByTestId('home-org-unit').innerText()).trim();
      expect(ownUnit).toMatch(/社区$/);
      await community.getByTestId('main-menu').getByText('组织机构').click();
      await community.waitForURL('**/org-units');
      await expect.poll(() => treeNodes(community, 'community').allInnerTexts()).toEqual([ownUnit]);
      expect(await community.getByTestId('org-tree').locator('[data-level]').count()).toBe(1);
      expect(await community.getByText('示范市').count()).toBe(0);

      // A screen outside the community leader's permissions shows the 403 page.
      await community.goto('/users');
      await community.getByText('没有权限', { exact: true }).waitFor();
    } finally {
      await admin.context().close();
      await community.context().close();
    }
  });

  it('a wrong password shows the server message on the login page', async () => {
    const page = await harness().newPage();
    try {
      await page.goto('/');
      await page.waitForURL('**/login');
      await page.getByLabel('用户名').fill('auditor');
      await page.getByLabel('密码', { exact: true }).fill('Wrong@2026');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      const alert = page.getByTestId('login-error');
      await alert.waitFor();
      expect(await alert.innerText()).toContain('用户名或密码错误');
      expect(new URL(page.url()).pathname).toBe('/login');
    } finally {
      await page.context().close();
    }
  });

  it('a new account must change its password at first login, then uses the new one', async () => {
    const username = `pw${Date.now().toString(36)}`;
    const initial = 'Start#2026a';
    const changed = 'Changed#2026b';

    // The administrator creates the account on the accounts page.
    const admin = await harness().newPage();
    try {
      await login(admin, 'admin', DEMO_PASSWORD);
      await admin.goto('/users');
      await admin.getByRole('button', { name: '新建账号' }).click();
      const dialog = admin.locator('.ant-modal-content');
      await dialog.waitFor();
      await dialog.getByLabel('用户名').fill(username);
      await dialog.getByLabel('姓名').fill('测试社工');
      await dialog.getByLabel('所属单位').click();
      await admin
        .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper')
        .filter({ hasText: '示范市' })
        .click();
      await dialog.getByLabel('角色').click();
      await admin
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: '社区工作者' })
        .click();
      await admin.keyboard.press('Escape');
      await dialog.getByLabel('初始密码').fill(initial);
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      await admin.locator('.ant-table-row').filter({ hasText: username }).waitFor();
    } finally {
      await admin.context().close();
    }

    // First login lands on the forced change-password page, without the menu.
    const user = await harness().newPage();
    try {
      await login(user, username, initial);
      await user.waitForURL('**/change-password');
      await user.getByTestId('forced-change-hint').waitFor();
      expect(await user.getByTestId('main-menu').count()).toBe(0);
      // Other pages are not reachable until the password is changed.
      await user.goto('/');
      await user.waitForURL('**/change-password');

      await user.getByLabel('原密码').fill(initial);
      await user.getByLabel('新密码', { exact: true }).fill(changed);
      await user.getByLabel('确认新密码').fill(changed);
      await user.getByRole('button', { name: '确认修改' }).click();
      await user.waitForURL((url) => url.pathname === '/');
      await user.getByTestId('welcome-card').waitFor();

      // Log out, then back in with the new password: straight to the home page.
      await user.getByTestId('user-menu').click();
      await user.getByText('退出登录', { exact: true }).click();
      await user.waitForURL('**/login');
      await login(user, username, changed);
      await user.waitForURL((url) => url.pathname === '/');
      await user.getByTestId('welcome-card').waitFor();
      expect(await user.getByTestId('main-menu').count()).toBe(1);
    } finally {
      await user.context().close();
    }
  });

  it('the English switch translates the login page and the menu, and is remembered', async () => {
    const page = await harness().newPage();
    try {
      await page.goto('/login');
      await page.getByRole('heading', { name: '用户登录' }).waitFor();
      await page.getByText('English', { exact: true }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Username').waitFor();

      await login(page, 'admin', DEMO_PASSWORD, {
        username: 'Username',
        password: 'Password',
        submit: 'Sign in',
      });
      const menu = await menuTexts(page);
      for (const entry of ['Org units', 'Accounts', 'Roles', 'Dictionaries', 'Audit trail']) {
        expect(menu).toContain(entry);
      }
      expect(menu).not.toContain('组织机构');

      await page.reload();
      expect(await menuTexts(page)).toContain('Org units');
    } finally {
      await page.context().close();
    }
  });
});
