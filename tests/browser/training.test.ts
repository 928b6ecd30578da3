// Training session journey in the Chinese interface: the city administrator (organiser) creates a
// session of a course on /training, enrols the demo worker's whole community on the session page
// and opens the full-screen rotating QR code; the demo `worker` scans it on a phone-sized screen
// (the code's link), is signed in, and after the organiser completes the session sees the hours
// in 我的培训; then the organiser edits the course in the library.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, useHarness } from './harness';

const harness = useHarness();
const POLL = { timeout: 20_000, interval: 200 } as const;

interface ApiSession {
  cookie: string;
  csrf: string;
  user: { id: number; workerId: number | null; orgUnit: { id: number; name?: string } };
}

async function apiLogin(baseUrl: string, username: string): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await res.json()) as { csrfToken: string; user: ApiSession['user'] };
  return { cookie, csrf: body.csrfToken, user: body.user };
}

async function apiCall<T>(
  baseUrl: string,
  s: ApiSession,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('training session journey', () => {
  it('an organiser creates a session and enrols a community; a worker signs in by phone and sees the hours', async () => {
    const h = harness();
    const base = h.baseUrl;
    const admin = await apiLogin(base, 'admin');
    const worker = await apiLogin(base, 'worker');
    const unit = await apiCall<{ id: number; name: string; divisionCode: string }>(
      base,
      admin,
      'GET',
      `/api/org-units/${worker.user.orgUnit.id}`,
    );
    const courseTitle = '社区应急处突实务';
    const createdCourse = await apiCall<{ id: number }>(
      base,
      admin,
      'POST',
      '/api/training/courses',
      {
        orgUnitId: admin.user.orgUnit.id,
        title: courseTitle,
        abilities: ['emergency_response'],
        format: 'simulation',
        hours: 6,
      },
    );

    // The organiser creates the session on /training.
    const org = await h.newPage();
    await login(org, 'admin', DEMO_PASSWORD);
    await org.goto('/training');
    await org.getByTestId('new-session').click();
    const dialog = org.locator('.ant-modal-content');
    await dialog.waitFor();
    await dialog.getByLabel('课程').click();
    await org
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: courseTitle })
      .click();
    const sessionTitle = '应急处突专题培训第一期';
    await dialog.getByLabel('名称').fill(sessionTitle);
    // Room for the whole community, so nobody lands on the waiting list.
    await dialog.getByLabel('容量').fill('1000');
    await dialog.getByRole('button', { name: '保存' }).click();
    await org.waitForURL(/\/training\/sessions\/\d+$/);
    const sessionId = Number(new URL(org.url()).pathname.split('/').pop());

    // … and enrols the worker's whole community.
    await org.locator('#enrol-unit').click();
    // The division code picks exactly this community (names repeat across districts).
    await org.keyboard.type(unit.divisionCode);
    await org
      .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper')
      .filter({ hasText: unit.name })
      .first()
      .click();
    await org.getByTestId('enrol-unit-button').click();
    await expect.poll(() => org.locator('.ant-table-row').count(), POLL).toBeGreaterThan(0);
    await org.locator('.ant-table-row').filter({ hasText: unit.name }).first().waitFor();

    // The full-screen QR code carries the sign-in link.
    const qr = await h.newPage();
    await login(qr, 'admin', DEMO_PASSWORD);
    await qr.goto(`/training/sessions/${sessionId}/qr`);
    const img = qr.getByTestId('sign-in-qr');
    await img.waitFor();
    const link = await img.getAttribute('data-url');
    expect(link).toMatch(/^\/training\/sign-in\?code=/);

    // The worker signs in on a phone-sized screen.
    const phoneContext = await h.browser.newContext({
      baseURL: base,
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phone = await phoneContext.newPage();
    await login(phone, 'worker', DEMO_PASSWORD);
    await phone.goto(link ?? '/');
    await expect.poll(() => phone.locator('body').innerText(), POLL).toContain('签到成功');
    await phone.getByText(sessionTitle).waitFor();

    // The organiser completes the session; the hours appear in the worker's record.
    await org.reload();
    await org.getByTestId('complete-session').click();
    await org.getByText('已结业').waitFor({ timeout: 20_000 });
    await phone.goto('/training/me');
    const total = phone.getByTestId('my-total-hours');
    await expect.poll(() => total.innerText(), POLL).toContain('6');
    await phone.getByText(sessionTitle).first().waitFor();
    await phoneContext.close();

    // The organiser edits the course in the library (the session keeps the hours it granted).
    await org.goto('/training?tab=courses');
    await org.getByTestId(`edit-course-${createdCourse.id}`).click();
    const edit = org.locator('.ant-modal-content');
    await edit.waitFor();
    const revised = `${courseTitle}（修订）`;
    await edit.getByLabel('名称').fill(revised);
    await edit.getByRole('button', { name: '保存' }).click();
    await org.locator('.ant-table-row').filter({ hasText: revised }).first().waitFor();
    const saved = await apiCall<{ items: { id: number; title: string; version: number }[] }>(
      base,
      admin,
      'GET',
      '/api/training/courses?page=1&pageSize=100',
    );
    const course = saved.items.find((c) => c.id === createdCourse.id);
    expect(course?.title).toBe(revised);
    expect(course?.version).toBe(2);
  }, 240_000);
});
