// Roster screen journeys beyond finding a worker: the column chooser (kept in this browser) and the
// import wizard's progress bar while a large file is validated. Chinese interface throughout.
import { jobView, type JobView } from '@cwp/contracts';
import { composeIdNumber } from '@cwp/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall, apiLogin } from './api';
import { clickUntil, DEMO_PASSWORD, login, POLL, useHarness } from './harness';
import { importFile, templateHeaders, type ImportPerson } from './worker-files';

const harness = useHarness();

const table = (page: Page) => page.getByTestId('roster-table');
const rows = (page: Page) => table(page).locator('.ant-table-row');

/** The roster's column titles, left to right. */
async function headerTitles(page: Page): Promise<string[]> {
  const cells = await table(page).locator('thead th').allInnerTexts();
  return cells.map((t) => t.trim()).filter((t) => t !== '');
}

const MASKED_ID = /\d{6}\*{8}\d{3}[\dX]/;
const MASKED_PHONE = /\d{3}\*{4}\d{4}/;

/** A workbook with the template's header row and `count` valid people of one community. */
function* progressPeople(count: number): Generator<ImportPerson> {
  const first = Date.UTC(1985, 0, 1);
  for (let i = 0; i < count; i++) {
    // A thousand people per birth date, told apart by the sequence (odd for men, even for women).
    const birthDate = new Date(first + Math.floor(i / 1000) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const sequence = i % 1000;
    yield {
      name: `进度${i}`,
      // 110105 is no birthplace of the demo city's workers, so none of these is registered.
      idNumber: composeIdNumber({
        divisionCode: '110105',
        birthDate,
        sequence,
        sex: sequence % 2 === 1 ? 'male' : 'female',
      }),
      phone: `139${String(10_000_000 + i)}`,
    };
  }
}

interface ProgressSample {
  /** The line above the bar: uploading, queued or validating. */
  label: string;
  /** The bar's aria-valuenow. */
  value: number;
  /** The percentage the bar prints. */
  text: string;
}

/**
 * Watches the import progress element in the page and reports every change of its label or value,
 * so that no state the bar passed through is missed between two polls.
 */
const WATCH_PROGRESS = `(() => {
  let last = '';
  const read = () => {
    const el = document.querySelector('[data-testid="import-progress"]');
    if (!el) return;
    const bar = el.querySelector('[role="progressbar"]');
    const label = el.querySelector('.ant-typography')?.textContent ?? '';
    const value = Number(bar?.getAttribute('aria-valuenow') ?? NaN);
    const text = el.querySelector('.ant-progress-text')?.textContent ?? '';
    const key = label + '|' + value + '|' + text;
    if (key === last) return;
    last = key;
    window.cwpProgressSeen(label, value, text);
  };
  read();
  new MutationObserver(read).observe(document.body, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
})()`;

describe('roster screen journeys', () => {
  it('the column chooser hides and shows columns, keeps the choice in this browser and resets', async () => {
    const page = await harness().newPage();
    try {
      await login(page, 'street', DEMO_PASSWORD);
      await page.goto('/workers');
      await rows(page).first().waitFor();

      // The default columns: ID number and phone shown, education not.
      const defaults = await headerTitles(page);
      expect(defaults).toEqual(expect.arrayContaining(['姓名', '身份证号', '手机号码']));
      expect(defaults).not.toContain('最高学历');
      expect(await rows(page).first().innerText()).toMatch(MASKED_ID);

      const chooser = page.getByTestId('column-chooser');
      const openChooser = () => clickUntil(page.getByRole('button', { name: '列设置' }), chooser);
      await openChooser();
      // The name identifies the row: it cannot be hidden.
      expect(await chooser.getByRole('checkbox', { name: '姓名' }).isDisabled()).toBe(true);
      expect(await chooser.getByRole('checkbox', { name: '身份证号' }).isChecked()).toBe(true);
      expect(await chooser.getByRole('checkbox', { name: '最高学历' }).isChecked()).toBe(false);

      await chooser.getByRole('checkbox', { name: '身份证号' }).setChecked(false);
      await chooser.getByRole('checkbox', { name: '最高学历' }).setChecked(true);
      const chosen = async () => {
        const titles = await headerTitles(page);
        return {
          idNumber: titles.includes('身份证号'),
          education: titles.includes('最高学历'),
          count: titles.length,
        };
      };
      await expect
        .poll(chosen, POLL)
        .toEqual({ idNumber: false, education: true, count: defaults.length });
      // The cells go with the header: no row shows an ID number, the phone is still there.
      const firstRow = await rows(page).first().innerText();
      expect(firstRow).not.toMatch(MASKED_ID);
      expect(firstRow).toMatch(MASKED_PHONE);

      // The choice is kept in this browser: a reload shows the same columns.
      await page.reload();
      await rows(page).first().waitFor();
      await expect
        .poll(chosen, POLL)
        .toEqual({ idNumber: false, education: true, count: defaults.length });
      expect(await rows(page).first().innerText()).not.toMatch(MASKED_ID);

      // 恢复默认列 brings the default columns back, and that is kept too.
      await openChooser();
      await chooser.getByRole('button', { name: '恢复默认列' }).click();
      await expect.poll(() => headerTitles(page), POLL).toEqual(defaults);
      expect(await chooser.getByRole('checkbox', { name: '身份证号' }).isChecked()).toBe(true);
      expect(await chooser.getByRole('checkbox', { name: '最高学历' }).isChecked()).toBe(false);
      await page.reload();
      await rows(page).first().waitFor();
      await expect.poll(() => headerTitles(page), POLL).toEqual(defaults);
      expect(await rows(page).first().innerText()).toMatch(MASKED_ID);
    } finally {
      await page.context().close();
    }
  });

  it('validating a large import file shows the job progress on the bar, then the summary', async () => {
    // Large enough that the validation job runs for seconds (about 3.5 s for 60,000 rows on the
    // development machine; 4,000 rows finished before the page first asked), so that the server
    // reports progress between 0 and 100 — it records progress at most once a second.
    const COUNT = 60_000;
    const page = await harness().newPage();
    try {
      await login(page, 'street', DEMO_PASSWORD);
      await page.goto('/workers/import');
      await page.getByTestId('start-validate').waitFor();

      const headers = await templateHeaders(page);
      expect(headers).toContain('身份证号');
      // A community under the HR officer's street, for the rows' unit.
      const api = await apiLogin(harness().baseUrl, 'street');
      const communities = await apiCall<{ items: { divisionCode: string }[] }>(
        harness().baseUrl,
        api,
        'GET',
        `/api/org-units?parentId=${api.user.orgUnit.id}`,
      );
      const community = communities.items[0];
      expect(community?.divisionCode).toMatch(/^\d{12}$/);
      const file = await importFile(headers, progressPeople(COUNT), community?.divisionCode ?? '');

      // What the bar showed, change by change, and what the server said at each poll of the job.
      const shown: ProgressSample[] = [];
      await page.exposeFunction('cwpProgressSeen', (label: string, value: number, text: string) => {
        shown.push({ label, value, text });
      });
      const polled: JobView[] = [];
      page.on('response', (res) => {
        if (!/^\/api\/jobs\/\d+$/.test(new URL(res.url()).pathname) || !res.ok()) return;
        res
          .json()
          .then((body: unknown) => polled.push(jobView.parse(body)))
          .catch(() => undefined);
      });
      await page.evaluate(WATCH_PROGRESS);

      await page.locator('.ant-upload input[type=file]').setInputFiles({
        name: '大批量.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: file,
      });
      await page.getByTestId('import-file-name').filter({ hasText: '大批量.xlsx' }).waitFor();
      await page.getByTestId('start-validate').click();
      await page.getByTestId('import-progress').waitFor();
      const ok = page.getByTestId('validate-ok');
      await expect.poll(() => ok.count(), { ...POLL, timeout: 120_000 }).toBe(1);

      // The bar prints the value it stands for.
      expect(shown.length).toBeGreaterThan(0);
      for (const s of shown) expect(s.text).toBe(`${s.value}%`);
      // Once the job runs, the bar only moves forward, and it showed every progress the server
      // reported while the job ran, including at least one part-way value.
      const running = shown.filter((s) => s.label !== '正在上传文件…');
      expect(running.map((s) => s.label)).toContain('正在校验数据…');
      const values = running.map((s) => s.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      const reported = polled.filter((j) => j.status === 'running').map((j) => j.progress);
      expect(reported.filter((p) => p > 0 && p < 100).length).toBeGreaterThan(0);
      for (const p of reported) expect(values).toContain(p);
      expect(values.some((v) => v > 0 && v < 100)).toBe(true);

      // Done: the bar gives way to the summary, every row valid, and the import may go ahead.
      await expect.poll(() => polled.at(-1)?.status, POLL).toBe('succeeded');
      expect(await page.getByTestId('import-progress').count()).toBe(0);
      expect(await ok.innerText()).toContain(`${COUNT} 行数据全部有效`);
      const statistic = async (id: string) =>
        (await page.getByTestId(id).locator('.ant-statistic-content').innerText()).replace(
          /,/g,
          '',
        );
      expect(await statistic('import-total')).toBe(String(COUNT));
      expect(await statistic('import-valid')).toBe(String(COUNT));
      expect(await statistic('import-errors')).toBe('0');
      expect(await page.getByTestId('start-commit').isEnabled()).toBe(true);
    } finally {
      await page.context().close();
    }
  }, 180_000);
});
