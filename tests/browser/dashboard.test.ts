// Dashboard journeys on the seeded demo city: the leader lands on the dashboard summary, opens the
// dashboard (the time from navigation to the first charts is printed; the 2 s target is measured
// by `npm run bench -- dashboard-page`), drills from the city to a community, opens the people
// behind a bar (the roster total equals the bar) and exports the chart's data (.xlsx) and the
// chart as an image (a real PNG); the HR officer lands on pending work and the worker on
// self-service.
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Page } from 'playwright-core';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, POLL, useHarness, withServerDb } from './harness';

const harness = useHarness();

/**
 * Runs `fill` on the server's database, which must hold the complaint with the unique `marker`
 * text just filed through the API.
 */
async function inServerDb(marker: string, fill: (c: pg.Client) => Promise<void>): Promise<void> {
  await withServerDb(harness(), async (c) => {
    const hit = await c.query(`select 1 from complaint where text = $1`, [marker]);
    expect(hit.rowCount).toBe(1);
    await fill(c);
  });
}

/**
 * Runs the monthly snapshot job now (the daily schedule is off in tests), as an administrator in a
 * context of its own: province and city dashboards then read it, as they do in production.
 */
async function runSnapshot(): Promise<void> {
  const page = await harness().newPage();
  const res = await page.request.post('/api/auth/login', {
    data: { username: 'admin', password: DEMO_PASSWORD },
  });
  expect(res.status()).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const run = await page.request.post('/api/dashboard/snapshots/run', {
    data: {},
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(run.status(), await run.text()).toBe(200);
  await page.context().close();
}

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
    await runSnapshot();
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
    // The 2 s target is measured by `npm run bench -- dashboard-page` (a benchmark, not a timed
    // test); here the time is reported and only a gross regression fails.
    const load = os.loadavg()[0]! / os.cpus().length;
    console.log(
      `dashboard rendered ${renderMs} ms after navigation (/api/dashboard/all ${Math.round(apiMs)} ms; load per core ${load.toFixed(1)})`,
    );
    expect(renderMs).toBeLessThan(Math.max(15_000, 5_000 * load));
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

  it('shows the module charts: training, satisfaction by month, complaints, disclosures', async () => {
    const page = await harness().newPage();
    // A complaint filed by a resident (public page's API) marks the server's database, where a
    // survey campaign with answers over the last months and some training hours are added.
    const marker = `驾驶舱测试 ${Date.now()}`;
    const list = await page.request.get('/api/public/complaints/communities');
    const community = ((await list.json()) as { items: { id: number }[] }).items[0]!;
    const filed = await page.request.post('/api/public/complaints', {
      data: { orgUnitId: community.id, category: 'other', text: marker, anonymous: true },
    });
    expect(filed.status()).toBe(200);
    const year = new Date().getFullYear();
    await inServerDb(marker, async (c) => {
      const camp = await c.query<{ id: string }>(
        `insert into survey_campaign (org_unit_id, org_path, title, year, status, opens_on,
                                      closes_on, questions)
         select id, path, '满意度测评', $2, 'closed', current_date - 200, current_date, '[]'
           from org_unit where id = $1 returning id`,
        [community.id, year],
      );
      await c.query(
        `insert into survey_response (id, campaign_id, answered_on, respondent_type, answers,
                                      pattern_hash)
         select gen_random_uuid(), $1, current_date - (g % 6) * 30, 'ordinary',
                jsonb_build_array(jsonb_build_object('q', 'team', 'w', null, 'r', 1 + g % 5)), 'p'
           from generate_series(1, 60) g`,
        [camp.rows[0]!.id],
      );
      await c.query(
        `insert into training_hours (worker_id, year, hours, ability, source_type, source_id)
         select id, $1, 6.5, 'coordination', 'external', 8800000 + id
           from worker where status = 'active' order by id limit 40`,
        [year],
      );
    });

    // The city reads the snapshot (taken in the first test): take it again with the new data.
    await runSnapshot();
    await login(page, 'admin', DEMO_PASSWORD);
    await page.goto('/dashboard');
    for (const key of ['training_hours', 'training_compliance', 'satisfaction', 'complaints'])
      await page.locator(`[data-testid="indicator-${key}"] canvas`).first().waitFor();
    await page.getByTestId('indicator-disclosures').waitFor();
    await expect
      .poll(async () => page.getByTestId('indicator-training_hours').innerText(), POLL)
      .toContain('本年度培训学时');
    expect(Number(await page.getByTestId('summary-hours').first().innerText())).toBe(40 * 6.5);

    // Satisfaction by month: twelve month rows, oldest first, with the share satisfied.
    await page.getByTestId('table-satisfaction').click();
    const sat = page.getByTestId('data-satisfaction');
    await sat.waitFor();
    expect(await sat.locator('thead').innerText()).toContain('满意率（%）');
    const months = await sat.locator('tbody tr td:first-child').allInnerTexts();
    expect(months).toHaveLength(12);
    expect([...months].sort()).toEqual(months);
    expect(months[11]).toBe(new Date().toISOString().slice(0, 7));
    expect(await page.getByTestId('indicator-satisfaction').innerText()).toMatch(/满意率[^\d]*\d/);

    // The complaint shows as open within its deadline; the compliance chart drills down.
    await page.getByTestId('table-complaints').click();
    expect(await page.getByTestId('data-complaints').innerText()).toContain('在办未超期');
    const city = await unitName(page);
    await page.getByTestId('table-training_compliance').click();
    const link = page
      .getByTestId('data-training_compliance')
      .locator('tbody tr td:first-child button')
      .first();
    const district = (await link.innerText()).trim();
    await link.click();
    await expect.poll(() => unitName(page), POLL).toBe(district);
    expect(district).not.toBe(city);
    await page.locator('[data-testid="indicator-training_compliance"] canvas').waitFor();

    // Its data as .xlsx.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-training_compliance').click();
    const file = await download;
    const wb = new ExcelJS.Workbook();
    const bytes = await readFile(await file.path());
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    await wb.xlsx.load(copy.buffer);
    expect(String(wb.worksheets[0]!.getCell('A1').value)).toContain('培训达标');
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
