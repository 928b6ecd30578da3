// The approval flow and in-app notifications: who sees and decides a request (the permission it
// names, at or above its deciding unit, never the submitter), approve / return / withdraw /
// comment with history and optimistic locking, the subject following the decision, and
// notifications to the deciders on submission and to the submitter on decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { createRuleSet, example, submit, type RuleSetBody } from './career-helpers';
import {
  auditSince,
  createUserSession,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  rows,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;
/** A second department administrator of the first district. */
let peer: Session;
/** A department administrator of the second district. */
let other: Session;

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  [admin, district, street, community] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
  ]);
  peer = await createUserSession(t, admin, {
    username: 'd1peer',
    displayName: '区社会工作部管理员',
    orgUnitId: tree.d1.id,
    roles: ['dept_admin'],
  });
  other = await createUserSession(t, admin, {
    username: 'd2admin',
    orgUnitId: tree.d2.id,
    roles: ['dept_admin'],
  });
});
afterAll(async () => {
  await t?.close();
});

const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' };
const notFound = { status: 404, code: 'NOT_FOUND' };
const conflict = { status: 409, code: 'CONFLICT' };
const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });

interface Approval {
  id: number;
  subjectId: number;
  status: string;
  version: number;
  link: string;
  title: string;
  orgUnitId: number;
  requiredPermission: string;
  abilities: { decide: boolean; withdraw: boolean; comment: boolean };
  events: { kind: string; comment: string | null; actor: { displayName: string } | null }[];
}

/** A rule set at the first district, submitted by `district`; returns it and its request. */
async function pendingRuleSet(name: string): Promise<{ rs: RuleSetBody; request: Approval }> {
  const draft = await createRuleSet(t, district, {
    kind: 'recruitment_conditions',
    orgUnitId: tree.d1.id,
    content: example('recruitment_conditions'),
    name,
  });
  const rs = await submit(t, district, draft);
  const id = rs.approval?.id;
  if (!id) throw new Error('no approval request');
  const res = await as(t.app, district).get(`/api/approvals/${id}`);
  expectOk(res);
  return { rs, request: res.json<Approval>() };
}

const ids = async (s: Session, query = '') => {
  const res = await as(t.app, s).get(`/api/approvals${query}`);
  expectOk(res);
  return res.json<{ items: Approval[] }>().items.map((i) => i.id);
};

describe('who sees and decides a request', () => {
  it('lists what the caller may decide, and what they submitted', async () => {
    expectError(await as(t.app, null).get('/api/approvals'), unauthenticated);
    const { request } = await pendingRuleSet('可见性');
    expect(request).toMatchObject({
      status: 'pending',
      orgUnitId: tree.d1.id,
      requiredPermission: 'rule:approve',
      link: `/rule-sets/${request.subjectId}`,
      abilities: { decide: false, withdraw: true, comment: true },
    });
    expect(await ids(admin, '?status=pending')).toContain(request.id);
    expect(await ids(peer)).toContain(request.id);
    expect(await ids(district)).not.toContain(request.id);
    expect(await ids(district, '?box=submitted')).toContain(request.id);
    expect(await ids(district, '?box=all&subjectType=rule_set')).toContain(request.id);
    expect(await ids(street)).toEqual([]);
    expect(await ids(other)).not.toContain(request.id);
    expect(await ids(admin, '?status=approved')).not.toContain(request.id);

    const seen = await as(t.app, peer).get(`/api/approvals/${request.id}`);
    expectOk(seen);
    expect(seen.json<Approval>().abilities).toEqual({
      decide: true,
      withdraw: true,
      comment: true,
    });
    expect(seen.json<Approval>().events).toEqual([
      expect.objectContaining({
        kind: 'submit',
        actor: expect.objectContaining({ displayName: '区委组织部管理员' }),
      }),
    ]);
    for (const s of [street, community, other]) {
      expectError(await as(t.app, s).get(`/api/approvals/${request.id}`), notFound);
    }
    expectError(await as(t.app, null).get(`/api/approvals/${request.id}`), unauthenticated);
    expectError(await as(t.app, admin).get('/api/approvals?status=done'), invalid('status'));
    expectError(await as(t.app, admin).get('/api/approvals?box=everything'), invalid('box'));
  });
});

describe('deciding', () => {
  it('approves: never by the submitter, with the version seen, once', async () => {
    const { rs, request } = await pendingRuleSet('审批通过');
    const url = `/api/approvals/${request.id}/approve`;
    const body = { version: request.version, comment: '同意执行' };
    expectError(await as(t.app, null).post(url, body), unauthenticated);
    expectError(await as(t.app, street).post(url, body), notFound);
    expectError(await as(t.app, other).post(url, body), notFound);
    expectError(await as(t.app, district).post(url, body), {
      status: 403,
      code: 'FORBIDDEN',
      message: '不能审批本人提交的申请',
    });
    expectError(
      await as(t.app, peer).post(url, { ...body, version: request.version + 1 }),
      conflict,
    );
    expectError(await as(t.app, peer).post(url, { version: 'x' }), invalid('version'));
    const mark = await maxAuditId(t);
    const res = await as(t.app, peer).post(url, body);
    expectOk(res);
    const decided = res.json<Approval>();
    expect(decided).toMatchObject({
      status: 'approved',
      abilities: { decide: false, withdraw: false },
    });
    expect(decided.events.map((e) => [e.kind, e.comment])).toEqual([
      ['submit', null],
      ['approve', '同意执行'],
    ]);
    expect((await auditSince(t, mark)).map((r) => r.action)).toEqual([
      'rule_set.approve',
      'approval.approve',
    ]);
    const subject = await as(t.app, district).get(`/api/rule-sets/${rs.id}`);
    expect(subject.json<RuleSetBody>()).toMatchObject({
      status: 'in_force',
      approval: { status: 'approved' },
    });
    const again = await as(t.app, admin).post(url, { version: decided.version });
    expectError(again, conflict);
    expect(again.json<{ message: string }>().message).toMatch(/已处理/);
  });

  it('returns only with a reason; the subject goes back to its editors', async () => {
    const { rs, request } = await pendingRuleSet('退回');
    const url = `/api/approvals/${request.id}/return`;
    expectError(await as(t.app, admin).post(url, { version: request.version }), invalid('comment'));
    expectError(
      await as(t.app, admin).post(url, { version: request.version, comment: '   ' }),
      invalid('comment'),
    );
    const res = await as(t.app, admin).post(url, {
      version: request.version,
      comment: '年龄上限请与区里统一',
    });
    expectOk(res);
    expect(res.json<Approval>().status).toBe('returned');
    const subject = (await as(t.app, district).get(`/api/rule-sets/${rs.id}`)).json<RuleSetBody>();
    expect(subject).toMatchObject({ status: 'returned', abilities: { edit: true, submit: true } });
  });

  it('withdraws by the submitter or a manager of the subject, not by others', async () => {
    const { rs, request } = await pendingRuleSet('撤回');
    const url = `/api/approvals/${request.id}/withdraw`;
    expectError(await as(t.app, community).post(url, { version: request.version }), notFound);
    const res = await as(t.app, district).post(url, {
      version: request.version,
      comment: '重新起草',
    });
    expectOk(res);
    expect(res.json<Approval>().status).toBe('withdrawn');
    const subject = (await as(t.app, district).get(`/api/rule-sets/${rs.id}`)).json<RuleSetBody>();
    expect(subject.status).toBe('withdrawn');
    // A manager in scope (here the city administrator) may withdraw someone else's request too.
    const second = await pendingRuleSet('上级撤回');
    const byAdmin = await as(t.app, admin).post(`/api/approvals/${second.request.id}/withdraw`, {
      version: second.request.version,
    });
    expectOk(byAdmin);
    expect(byAdmin.json<Approval>().status).toBe('withdrawn');
  });

  it('takes comments from the parties and tells the submitter', async () => {
    const { request } = await pendingRuleSet('意见');
    const url = `/api/approvals/${request.id}/comments`;
    expectError(await as(t.app, null).post(url, { comment: '请说明' }), unauthenticated);
    expectError(await as(t.app, street).post(url, { comment: '请说明' }), notFound);
    expectError(await as(t.app, peer).post(url, { comment: '' }), invalid('comment'));
    const res = await as(t.app, peer).post(url, { comment: '请说明依据' });
    expectOk(res);
    expect(res.json<Approval>().events.map((e) => e.kind)).toEqual(['submit', 'comment']);
    const note = await rows<{ kind: string; body: string }>(
      t,
      `select n.kind, n.body from notification n join app_user u on u.id = n.user_id
        where u.username = 'district' and n.link = $1`,
      [`/approvals/${request.id}`],
    );
    expect(note).toEqual([{ kind: 'approval.comment', body: '区社会工作部管理员：请说明依据' }]);
    // The request is still pending and can be decided after the exchange.
    expectOk(await as(t.app, district).post(url, { comment: '依据市里文件' }));
    expectOk(
      await as(t.app, admin).post(`/api/approvals/${request.id}/approve`, {
        version: request.version,
      }),
    );
  });
});

describe('notifications', () => {
  async function notified(link: string): Promise<string[]> {
    return (
      await rows<{ username: string }>(
        t,
        `select u.username from notification n join app_user u on u.id = n.user_id
          where n.link = $1 order by u.username`,
        [link],
      )
    ).map((r) => r.username);
  }

  it('tell the deciders on submission and the submitter on decision', async () => {
    const { rs, request } = await pendingRuleSet('通知');
    // Holders of rule:approve at the district or above, except the submitter.
    expect(await notified(`/approvals/${request.id}`)).toEqual(['admin', 'd1peer']);
    await as(t.app, admin).post(`/api/approvals/${request.id}/approve`, {
      version: request.version,
    });
    expect(await notified(`/rule-sets/${rs.id}`)).toEqual(['district']);
    const list = await as(t.app, district).get('/api/notifications?unread=true');
    expectOk(list);
    const page = list.json<{
      items: {
        id: number;
        kind: string;
        title: string;
        body: string;
        link: string;
        readAt: string | null;
      }[];
      total: number;
      unread: number;
    }>();
    expect(page.items[0]).toMatchObject({
      kind: 'approval.approved',
      link: `/rule-sets/${rs.id}`,
      readAt: null,
    });
    expect(page.items[0]?.title).toContain('通知');
    expect(page.unread).toBe(page.total);
  });

  it('are read by their recipient only', async () => {
    expectError(await as(t.app, null).get('/api/notifications'), unauthenticated);
    const mine = (await as(t.app, admin).get('/api/notifications')).json<{
      items: { id: number }[];
      unread: number;
    }>();
    const first = mine.items[0];
    if (!first) throw new Error('admin has no notifications');
    expectError(await as(t.app, null).post(`/api/notifications/${first.id}/read`), unauthenticated);
    expectError(await as(t.app, district).post(`/api/notifications/${first.id}/read`), notFound);
    expectError(await as(t.app, admin).post('/api/notifications/abc/read'), invalid('id'));
    const mark = await maxAuditId(t);
    const read = await as(t.app, admin).post(`/api/notifications/${first.id}/read`);
    expectOk(read);
    expect(read.json<{ readAt: string | null }>().readAt).not.toBeNull();
    expectOk(await as(t.app, admin).post(`/api/notifications/${first.id}/read`)); // idempotent
    expect((await auditSince(t, mark)).map((r) => r.action)).toEqual(['notification.read']);
    const after = (await as(t.app, admin).get('/api/notifications')).json<{ unread: number }>();
    expect(after.unread).toBe(mine.unread - 1);
    const all = await as(t.app, admin).post('/api/notifications/read-all');
    expectOk(all);
    expect(all.json()).toEqual({ updated: mine.unread - 1 });
    expect(
      (await as(t.app, admin).get('/api/notifications?unread=true')).json<{ total: number }>()
        .total,
    ).toBe(0);
    expectError(await as(t.app, admin).get('/api/notifications?pageSize=500'), invalid('pageSize'));
  });
});
