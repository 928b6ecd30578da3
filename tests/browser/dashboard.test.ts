// Dashboard journeys on the seeded demo city: the leader lands on the dashboard summary, opens the
// dashboard (rendered within 2 s of navigation — the time is printed), drills from the city to a
// community, opens the people behind a bar (the roster total equals the bar) and exports the
// chart's data; the HR officer lands on pending work and the worker on self-service.
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, useHarness } from './harness';

const harness = useHarness();
const POLL = { timeout: 15_000, interval: 200 } as const;

async function unitName(page: Page): Promise<string> {
  return (await page.getByTestId('dashboard-unit').innerText()).trim();
}

/** Opens the education chart's data table and drills into its first sub-unit. */
async function drillFirst(page: Page): Promise<string> {
  const before = page.url();
  const table = page.getByTestId('data-education');
  if (!(await table.isVisible())) await page.getByTestId('table-education').click();
  const link = table.locator('tbody tr td:first-child button').first();
  const name = (await link.innerText()).trim();
  await link.click();
  await page.waitForURL((u) => u.toString() !== before);
  await expect.poll(() => unitName(page), POLL).toBe(name);
  return name;
}

describe('dashboard', () => {
  it('a leader drills from the city to a community, opens the people behind a bar and exports', async () => {
    const page = await harness().newPage();
    await login(page, 'admin', DEMO_PASSWORD);
    await page.getByTestId('home-leader').waitFor();
    await expect
      .poll(async () => page.getByTestId('home-summary-headcount').count(), POLL)
      .toBeGreaterThan(0);

    let apiMs = 0;
    page.on('requestfinished', (req) => {
      if (new URL(req.url()).pathname === '/api/dashboard/all') apiMs = req.timing().responseEnd;
    });
    const started = Date.now();
    await page.goto('/dashboard');
    await page.locator('[data-testid="indicator-education"] canvas').waitFor();
    await page.locator('[data-testid="indicator-staffing"] canvas').waitFor();
    const renderMs = Date.now() - started;
    // The 2 s target holds on an idle machine; on a shared one (load per core above 1.5) the
    // time is reported with the load, and only a gross regression fails.
    const load = os.loadavg()[0]! / os.cpus().length;
    console.log(
      `dashboard rendered ${renderMs} ms after navigation (/api/dashboard/all ${Math.round(apiMs)} ms; load per core ${load.toFixed(1)})`,
    );
    expect(renderMs).toBeLessThan(load > 1.5 ? 15_000 : 2_000);
    const city = await unitName(page);
    expect(city.length).toBeGreaterThan(0);

    // City → district → subdistrict → community.
    await drillFirst(page);
    await drillFirst(page);
    const community = await drillFirst(page);
    const path = await page.getByTestId('dashboard-path').innerText();
    expect(path).toContain(city);
    expect(path).toContain(community);

    // The people behind a bar: the first roster link of the education table.
    const table = page.getByTestId('data-education');
    if (!(await table.isVisible())) await page.getByTestId('table-education').click();
    const bar = table.locator('a[data-testid^="roster-education-"]').first();
    const value = Number((await bar.innerText()).trim());
    expect(value).toBeGreaterThan(0);
    await bar.click();
    await page.waitForURL((u) => u.pathname === '/workers');
    await expect
      .poll(async () => (await page.getByTestId('roster-total').innerText()).trim(), POLL)
      .toBe(`总计 ${value} 人`);

    // Back to the community's dashboard; export the chart's data.
    await page.goBack();
    await page.locator('[data-testid="indicator-education"]').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-education').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = await readFile(await file.path());
    const wb = new ExcelJS.Workbook();
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    await wb.xlsx.load(copy.buffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('学历');
    let found = false;
    ws.eachRow((r) => {
      if (r.getCell(1).value === community) found = true;
    });
    expect(found).toBe(true);
    await page.context().close();
  }, 120_000);

  it('the HR officer lands on pending work, the worker on self-service', async () => {
    const hr = await harness().newPage();
    await login(hr, 'street', DEMO_PASSWORD);
    await hr.getByTestId('home-hr').waitFor();
    await expect
      .poll(async () => (await hr.getByTestId('home-pending-approvals').innerText()).trim(), POLL)
      .toMatch(/\d/);
    expect(await hr.getByTestId('home-leader').count()).toBe(0);
    await hr.context().close();

    const w = await harness().newPage();
    await login(w, 'worker', DEMO_PASSWORD);
    await w.getByTestId('home-worker').waitFor();
    expect(await w.getByTestId('home-leader').count()).toBe(0);
    await w.context().close();
  }, 60_000);
});
