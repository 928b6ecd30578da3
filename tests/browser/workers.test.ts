// Worker dossier journeys against the seeded demo city (about 8,000 workers): finding a worker,
// editing with a field error, the Excel import with an error report, what a community leader may
// not see, and a worker's own dossier. Chinese interface throughout.
import { composeIdNumber } from '@cwp/core';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall, apiLogin } from './api';
import { DEMO_PASSWORD, login, menuTexts, POLL, useHarness } from './harness';
import { importFile, loadXlsx, templateHeaders, type ImportPerson } from './worker-files';

const harness = useHarness();

const rows = (page: Page) => page.getByTestId('roster-table').locator('.ant-table-row');

async function openRoster(page: Page, query = ''): Promise<void> {
  await page.goto(`/workers${query}`);
  await rows(page).first().waitFor();
}

/** Filters the roster by keyword and waits until every row shows it. */
async function searchRoster(page: Page, keyword: string): Promise<void> {
  await page.getByTestId('roster-search').fill(keyword);
  await page.getByTestId('roster-query').click();
  await page.waitForURL((url) => url.searchParams.get('q') === keyword);
  await expect
    .poll(async () => {
      const names = await rows(page).locator('td:first-child').allInnerTexts();
      return names.length > 0 && names.every((n) => n.includes(keyword));
    }, POLL)
    .toBe(true);
}

/** The confirm button of the open pop-confirm (the reveal asks first: the view is audited). */
function popconfirmOk(page: Page) {
  return page.locator('.ant-popover:visible .ant-popconfirm-buttons .ant-btn-primary');
}

async function chooseImportFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.locator('.ant-upload input[type=file]').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  await page.getByTestId('import-file-name').filter({ hasText: name }).waitFor();
}

describe('worker dossier journeys', () => {
  it('the HR officer finds a worker by name, exports the list, opens the dossier and prints it', async () => {
    const page = await harness().newPage();
    try {
      await login(page, 'street', DEMO_PASSWORD);
      await page.getByTestId('main-menu').getByText('社区工作者').click();
      await page.waitForURL('**/workers');
      await rows(page).first().waitFor();
      expect(await page.getByTestId('roster-total').innerText()).toMatch(/^总计 \d+ 人$/);
      // Masked personal data in the list.
      expect(await rows(page).first().innerText()).toMatch(/\d{6}\*{8}\d{3}[\dX]/);

      const name = (await rows(page).first().locator('td:first-child').innerText()).trim();
      await searchRoster(page, name);

      // The export holds the current filter and arrives as an .xlsx download.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-button').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const exported = await loadXlsx(await readFile(await download.path()));
      const sheet = exported.worksheets[0];
      expect(sheet).toBeDefined();
      const names: string[] = [];
      sheet?.eachRow((row, n) => {
        if (n > 1) names.push(String(row.getCell(1).value));
      });
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.includes(name))).toBe(true);

      await rows(page).first().click();
      await page.waitForURL(/\/workers\/\d+$/);
      expect(await page.getByTestId('worker-name').innerText()).toBe(name);
      await page.getByRole('tab', { name: '任职信息' }).click();
      expect(await page.getByTestId('org-path').innerText()).toContain('示范市');

      await page.getByRole('button', { name: '打印' }).click();
      await page.waitForURL(/\/workers\/\d+\/print$/);
      const sheetEl = page.getByTestId('print-sheet');
      await sheetEl.waitFor();
      expect(await sheetEl.innerText()).toContain('社区工作者信息登记表');
      expect(await page.getByTestId('print-name').innerText()).toBe(name);
      expect(await page.getByTestId('print-id-number').innerText()).toMatch(/\*{8}/);
      expect(await page.getByTestId('main-menu').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('an edit with an invalid phone shows the Chinese field error; the fixed value is saved', async () => {
    const page = await harness().newPage();
    try {
      await login(page, 'street', DEMO_PASSWORD);
      await openRoster(page, '?status=active');
      await rows(page).first().click();
      await page.waitForURL(/\/workers\/\d+$/);
      await page.getByTestId('worker-edit').click();
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByTestId('worker-form').waitFor();

      await drawer.getByLabel('手机号码').fill('12345');
      await drawer.getByTestId('worker-save').click();
      await drawer.getByText('手机号码应为11位数字，以13–19开头').waitFor();

      await drawer.getByLabel('手机号码').fill('139 1234 5678');
      await drawer.getByTestId('worker-save').click();
      await drawer.waitFor({ state: 'detached' });
      await page.getByText('已保存').waitFor();
      await expect.poll(() => page.getByTestId('pii-phone').innerText(), POLL).toBe('139****5678');

      // Revealing asks first and says the view is audited; then the full new number shows.
      await page.getByTestId('reveal-phone').click();
      await page.getByText('查看记录将被审计').waitFor();
      await popconfirmOk(page).click();
      await expect.poll(() => page.getByTestId('pii-phone').innerText(), POLL).toBe('13912345678');
    } finally {
      await page.context().close();
    }
  });

  it('family members show masked; the HR officer reveals them (audited) before editing', async () => {
    const h = harness();
    const [street, self] = await Promise.all([
      apiLogin(h.baseUrl, 'street'),
      apiLogin(h.baseUrl, 'worker'),
    ]);
    const id = self.user.workerId;
    if (id === null) throw new Error('the demo worker account has no dossier');
    const { version } = await apiCall<{ version: number }>(
      h.baseUrl,
      street,
      'GET',
      `/api/workers/${id}`,
    );
    await apiCall(h.baseUrl, street, 'PUT', `/api/workers/${id}/family`, {
      version,
      items: [
        { relation: '配偶', name: '李小梅', birthDate: '1990-02-03', employer: '杭州某公司' },
      ],
    });
    const page = await h.newPage();
    try {
      await login(page, 'street', DEMO_PASSWORD);
      await page.goto(`/workers/${id}`);
      await page.getByRole('tab', { name: '家庭成员' }).click();
      const family = page.getByTestId('family');
      await family.getByText('李**').waitFor();
      expect(await family.innerText()).not.toContain('杭州某公司');
      // Masked rows cannot be edited: a save would replace the real list with them.
      expect(await family.getByRole('button').count()).toBe(0);
      await page.getByTestId('family-reveal').click();
      await page.getByText('查看记录将被审计').waitFor();
      await popconfirmOk(page).click();
      await family.getByText('李小梅').waitFor();
      expect(await family.innerText()).toContain('杭州某公司');
      expect(await family.getByRole('button').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('family-masked').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('an import with a bad ID number reports it, and the fixed file imports', async () => {
    const page = await harness().newPage();
    try {
      await login(page, 'street', DEMO_PASSWORD);
      await page.goto('/workers/import');
      await page.getByTestId('start-validate').waitFor();

      // The header row comes from the template the page offers; the unit from the caller's tree.
      const headers = await templateHeaders(page);
      expect(headers).toContain('身份证号');
      const community = await page.evaluate(async () => {
        const me = (await (await fetch('/api/auth/me')).json()) as {
          user: { orgUnit: { id: number } };
        };
        const res = await fetch(`/api/org-units?parentId=${me.user.orgUnit.id}`);
        const page = (await res.json()) as { items: { divisionCode: string; name: string }[] };
        return page.items[0];
      });
      expect(community?.divisionCode).toMatch(/^\d{12}$/);
      const divisionCode = community?.divisionCode ?? '';

      const tag = Date.now().toString(36).slice(-5);
      const seq = Math.floor(Math.random() * 900);
      const good: ImportPerson = {
        name: `导入甲${tag}`,
        idNumber: composeIdNumber({
          divisionCode: '110105',
          birthDate: '1988-05-17',
          sequence: seq,
          sex: 'male',
        }),
        phone: '13900001000',
      };
      const fixedId = composeIdNumber({
        divisionCode: '110105',
        birthDate: '1991-11-03',
        sequence: seq,
        sex: 'female',
      });
      const wrongCheck = fixedId.slice(0, 17) + (fixedId.endsWith('0') ? '1' : '0');
      const bad: ImportPerson = {
        name: `导入乙${tag}`,
        idNumber: wrongCheck,
        phone: '13900001001',
      };

      await chooseImportFile(
        page,
        '有错误.xlsx',
        await importFile(headers, [good, bad], divisionCode),
      );
      await page.getByTestId('start-validate').click();
      const errorTable = page.getByTestId('import-error-table');
      await errorTable.waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('import-total').innerText()).toContain('2');
      const errorText = await errorTable.innerText();
      expect(errorText).toContain('身份证号');
      expect(errorText).toContain('校验码');
      expect(await errorTable.locator('tbody tr').first().innerText()).toMatch(/^3\s/);
      expect(await page.getByTestId('start-commit').isDisabled()).toBe(true);

      const [report] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('download-error-report').click(),
      ]);
      expect(report.suggestedFilename()).toMatch(/\.xlsx$/);
      const reportBook = await loadXlsx(await readFile(await report.path()));
      const reportText: string[] = [];
      reportBook.worksheets[0]?.eachRow((row) => reportText.push(row.values?.toString() ?? ''));
      expect(reportText.join('\n')).toContain(bad.name);

      // Fix the ID number, choose the file again, validate, then import for real.
      await page.getByTestId('pick-again').click();
      const fixed: ImportPerson = { ...bad, idNumber: fixedId };
      await chooseImportFile(
        page,
        '已修正.xlsx',
        await importFile(headers, [good, fixed], divisionCode),
      );
      await page.getByTestId('start-validate').click();
      await page.getByTestId('validate-ok').waitFor({ timeout: 30_000 });
      await page.getByTestId('start-commit').click();
      const done = page.getByTestId('import-done');
      await done.waitFor({ timeout: 30_000 });
      expect(await done.innerText()).toContain('新增 2 人');

      await page.getByTestId('back-to-roster').click();
      await page.waitForURL('**/workers');
      await searchRoster(page, good.name);
      expect(await rows(page).count()).toBe(1);
      await rows(page).first().click();
      await page.getByTestId('worker-name').filter({ hasText: good.name }).waitFor();
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('a community leader sees masked ID numbers and no way to reveal or change them', async () => {
    const page = await harness().newPage();
    try {
      await login(page, 'community', DEMO_PASSWORD);
      expect(await menuTexts(page)).toContain('社区工作者');
      await openRoster(page);
      for (const action of ['新增', '导入', '导出', '下载导入模板']) {
        expect(await page.getByRole('button', { name: action, exact: true }).count()).toBe(0);
      }
      await rows(page).first().click();
      await page.waitForURL(/\/workers\/\d+$/);
      await page.getByTestId('basic-info').waitFor();
      expect(await page.getByTestId('pii-idNumber').innerText()).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect(await page.getByTestId('pii-phone').innerText()).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(await page.getByTestId('reveal-idNumber').count()).toBe(0);
      expect(await page.getByTestId('reveal-phone').count()).toBe(0);
      expect(await page.getByRole('button', { name: '查看' }).count()).toBe(0);
      expect(await page.getByTestId('worker-edit').count()).toBe(0);
      // Family members are personal data: masked, with no way to reveal or edit them.
      await page.getByRole('tab', { name: '家庭成员' }).click();
      await page.getByTestId('family').waitFor();
      expect(await page.getByTestId('family-reveal').count()).toBe(0);
      expect(await page.getByTestId('family').getByRole('button').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('a worker account sees 我的档案 with its own dossier', async () => {
    const page = await harness().newPage();
    try {
      await login(page, 'worker', DEMO_PASSWORD);
      const menu = await menuTexts(page);
      expect(menu).toContain('我的档案');
      expect(menu).not.toContain('社区工作者');
      await page.getByTestId('welcome-card').waitFor();
      await page.getByText('查看本人的社区工作者档案').waitFor();

      await page.getByTestId('main-menu').getByText('我的档案').click();
      await page.waitForURL('**/me');
      await page.getByTestId('my-dossier').waitFor();
      expect((await page.getByTestId('worker-name').innerText()).trim()).not.toBe('');
      expect(await page.getByTestId('pii-idNumber').innerText()).toMatch(/\*{8}/);
      await page.getByRole('tab', { name: '任职信息' }).click();
      expect(await page.getByTestId('org-path').innerText()).toMatch(/社区$/);

      // The roster stays closed to a worker account.
      await page.goto('/workers');
      await page.getByText('没有权限', { exact: true }).waitFor();
    } finally {
      await page.context().close();
    }
  });
});
