// Evaluation journey on the seeded demo city: the leader opens 评估指导 from the menu, starts a
// round over the districts, computes it (values from live data, scores, ranks), enters a value
// with an evidence file, sees the ranking, opens the printable report (A4, rule-set version) and
// downloads the .xlsx report.
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { clickUntil, DEMO_PASSWORD, login, POLL, useHarness } from './harness';

const harness = useHarness();
const PDF = Buffer.from('%PDF-1.4\n% evaluation evidence\n');

describe('evaluation', () => {
  it('a leader creates a round, computes, enters a value with evidence, prints and exports', async () => {
    const page = await harness().newPage();
    await login(page, 'admin', DEMO_PASSWORD);
    await page.getByTestId('main-menu').getByText('评估指导').click();
    await page.waitForURL((u) => u.pathname === '/evaluation');

    // Create: the form is prefilled with the user's unit, this year and the districts.
    await page.getByRole('button', { name: '发起评估' }).click();
    // Under load a click on the dialog's OK button has sent nothing (CI's PostgreSQL 15 phase);
    // the button shows loading while it saves, so a repeat cannot create a second round.
    await clickUntil(
      page.locator('.ant-modal-footer .ant-btn-primary'),
      page.getByTestId('round-status'),
    );
    await page.waitForURL((u) => /^\/evaluation\/\d+$/.test(u.pathname));
    const roundId = Number(new URL(page.url()).pathname.split('/').pop());
    await expect.poll(() => page.getByTestId('round-status').innerText(), POLL).toBe('草稿');

    // Compute: the status changes and every unit gets a rank.
    await page.getByTestId('compute').click();
    await expect.poll(() => page.getByTestId('round-status').innerText(), POLL).toBe('已计算');
    const ranks = await page.locator('[data-testid^="rank-"]').allInnerTexts();
    expect(ranks.length).toBeGreaterThan(1);
    expect(ranks.every((r) => /^\d+$/.test(r.trim()))).toBe(true);
    expect(ranks.map(Number)).toContain(1);

    // Enter the first entered indicator for the first unit, with a PDF as evidence.
    const enter = page.locator('[data-testid^="enter-"]').first();
    const testId = (await enter.getAttribute('data-testid')) ?? '';
    const [, unitId, code] = testId.split('-');
    await enter.click();
    const modal = page.locator('.ant-modal-content').filter({ hasText: '佐证材料' });
    await modal.locator('input.ant-input-number-input').fill('80');
    await modal.locator('.ant-upload input[type=file]').setInputFiles({
      name: '减负台账.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    const cell = page.getByTestId(`cell-${unitId}-${code}`);
    await expect.poll(() => cell.innerText(), POLL).toContain('减负台账.pdf');
    expect(await cell.innerText()).toContain('80');

    // The printable report lists the ranking, the evidence and the rule-set version.
    await page.goto(`/evaluation/${roundId}/print`);
    await page.getByTestId('report-ranking').waitFor();
    expect(await page.getByTestId('report-rule').innerText()).toMatch(/第 \d+ 版/);
    expect(await page.locator('.cwp-eval-report').innerText()).toContain('减负台账.pdf');
    expect(await page.getByTestId('report-ranking').locator('tbody tr').count()).toBe(ranks.length);

    // The .xlsx report.
    await page.goto(`/evaluation/${roundId}`);
    await page.getByTestId('export').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = await readFile(await file.path());
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(copy.buffer);
    expect(wb.getWorksheet('得分与排名')?.rowCount).toBeGreaterThan(ranks.length);
    let evidence = false;
    wb.getWorksheet('指标明细')?.eachRow((r) => {
      if (r.getCell(11).value === '减负台账.pdf') evidence = true;
    });
    expect(evidence).toBe(true);
    await page.context().close();
  }, 180_000);
});
