// Dashboard journeys on the seeded demo city: the leader lands on the dashboard summary, opens the
// dashboard (rendered within 2 s of navigation — the time is printed), drills from the city to a
// community, opens the people behind a bar (the roster total equals the bar) and exports the
// chart's data (.xlsx) and the chart as an image (a real PNG); the HR officer lands on pending
// work and the worker on self-service.
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
    // time is reported with the load, and only a gross regression (5 s per unit of load per
    // core, at least 15 s) fails.
    const load = os.loadavg()[0]! / os.cpus().length;
    console.log(
      `dashboard rendered ${renderMs} ms after navigation (/api/dashboard/all ${Math.round(apiMs)} ms; load per core ${load.toFixed(1)})`,
    );
    expect(renderMs).toBeLessThan(load > 1.5 ? Math.max(15_000, 5_000 * load) : 2_000);
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
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    // The chart itself as a PNG image: a real PNG file (signature), not an empty one.
    const pngDownload = page.waitForEvent('download');
    await page.getByTestId('export-png-education').click();
    const png = await pngDownload;
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect(png.suggestedFilename()).toContain(community);
    const image = await readFile(await png.path());
    expect(image.byteLength).toBeGreaterThan(1000);
    expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height of the rendered chart (pixel ratio 2), both nonzero.
    expect(image.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(image.readUInt32BE(16)).toBeGreaterThan(0);
    expect(image.readUInt32BE(20)).toBeGreaterThan(0);
    await page.context().close();
  }, 120_000);

  it('the notification centre shows the daily digest and filters by kind', async () => {
    const page = await harness().newPage();
    page.setDefaultTimeout(60_000);
    const res = await page.request.post('/api/auth/login', {
      data: { username: 'admin', password: DEMO_PASSWORD },
    });
    expect(res.status()).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const run = await page.request.post('/api/notifications/daily/run', {
      data: {},
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(run.status()).toBe(200);
    await page.goto('/notifications');
    const digest = page.getByTestId('notifications-digest');
    await digest.waitFor();
    const line = page.getByTestId('digest-health_check.due');
    await line.waitFor();
    const count = Number((await line.locator('strong').innerText()).trim());
    expect(count).toBeGreaterThan(0);
    // The line's kind opens the list of that kind only.
    await line.locator('a').first().click();
    await page.waitForURL((u) => u.searchParams.get('kind') === 'health_check.due');
    const rows = page.getByTestId('notification-link');
    await expect
      .poll(async () => {
        const texts = await rows.allInnerTexts();
        return texts.length > 0 && texts.every((x) => x.includes('体检'));
      }, POLL)
      .toBe(true);
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
