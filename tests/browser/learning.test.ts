// Online learning journey in the Chinese interface: a course (rich text, a PDF and a one-question
// quiz) is set up and published by the city administrator; the demo `worker` opens 我的学习,
// reads the content, passes the quiz, and sees the course's hours in their hours record and the
// competency radar.
import { describe, expect, it } from 'vitest';
import { apiCall, apiLogin } from './api';
import { clickUntil, DEMO_PASSWORD, login, POLL, useHarness } from './harness';

const harness = useHarness();

describe('online learning journey', () => {
  it('the demo worker completes a course with its quiz and sees the hours in their record', async () => {
    const h = harness();
    const base = h.baseUrl;
    const admin = await apiLogin(base, 'admin');
    const title = '社区矛盾调解线上课';
    let course = await apiCall<{ id: number; version: number }>(
      base,
      admin,
      'POST',
      '/api/learning/courses',
      {
        orgUnitId: admin.user.orgUnit.id,
        title,
        description: '调解的原则与方法',
        ability: 'mediation',
        hours: 3,
        passMark: 60,
        maxAttempts: 3,
      },
    );
    await apiCall(base, admin, 'POST', `/api/learning/courses/${course.id}/items/text`, {
      title: '导读',
      body: '调解应坚持自愿、合法原则。',
    });
    const form = new FormData();
    form.append('title', '调解讲义');
    form.append(
      'file',
      new Blob([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')], {
        type: 'application/pdf',
      }),
      'lecture.pdf',
    );
    await apiCall(base, admin, 'POST', `/api/learning/courses/${course.id}/items/pdf`, form);
    course = await apiCall(base, admin, 'GET', `/api/learning/courses/${course.id}`);
    const quizRes = await fetch(`${base}/api/learning/courses/${course.id}/quiz`, {
      method: 'PUT',
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        version: course.version,
        questions: [
          {
            kind: 'single',
            prompt: '调解应坚持什么原则？',
            options: ['自愿合法', '强制执行'],
            correct: [0],
            points: 10,
          },
        ],
      }),
    });
    expect(quizRes.status).toBe(200);
    course = (await quizRes.json()) as { id: number; version: number };
    await apiCall(base, admin, 'PATCH', `/api/learning/courses/${course.id}`, {
      version: course.version,
      status: 'published',
    });

    // The manager's list shows the published course.
    const manager = await h.newPage();
    await login(manager, 'admin', DEMO_PASSWORD);
    await manager.goto('/learning');
    await manager.getByText(title).waitFor();
    await manager.close();

    // The worker studies the course.
    const page = await h.newPage();
    await login(page, 'worker', DEMO_PASSWORD);
    await page.goto('/me/learning');
    await page.getByTestId('my-learning').waitFor();
    const row = page.locator('.ant-list-item', { hasText: title });
    await row.getByRole('link', { name: '去学习' }).click();
    await page.waitForURL(/\/me\/learning\/\d+$/);
    await page.getByTestId('my-course').waitFor();

    for (const name of ['导读', '调解讲义']) {
      await page.locator('.ant-collapse-header', { hasText: name }).click();
      const panel = page.locator('.ant-collapse-item', { hasText: name });
      // Exact names: the panel's header is a button too, and gains an 已学完 tag once done.
      // Marking an item read twice is harmless (the server keeps the first completion).
      const done = panel.getByRole('button', { name: '已学完', exact: true });
      await clickUntil(panel.getByRole('button', { name: '我已学完', exact: true }), done);
      expect(await done.count()).toBe(1);
      expect(await done.isDisabled()).toBe(true);
    }

    const quiz = page.getByTestId('quiz');
    await clickUntil(
      quiz.getByText('自愿合法'),
      quiz.locator('.ant-radio-wrapper-checked', { hasText: '自愿合法' }),
    );
    await page.getByTestId('submit-quiz').click();
    await quiz.getByText('测验已通过').waitFor();
    await page.getByText('已完成').first().waitFor();

    // The hours show in the worker's record, with the radar.
    await page.goto('/me/learning');
    const ledger = page.getByTestId('hours-ledger');
    await expect.poll(() => ledger.innerText(), POLL).toContain(title);
    expect(await ledger.innerText()).toContain('矛盾调解');
    expect(await page.getByTestId('hours-this-year').innerText()).toContain('3');
    await page.getByTestId('ability-radar').locator('canvas').waitFor();
  });
});
