// Rule sets: scope (own subtree plus ancestors' approved versions), validation that names the
// field, versioning and optimistic locking, the approval round trip, inheritance down the tree
// (a district overrides its city; a future version waits; past versions stay readable), and the
// preview of what a version changes — each checked against figures computed here from raw rows.
import { composeIdNumber, computeQuota, monthlyPay, type PayTable } from '@cwp/core';
import { PERMISSION_CODES, RULE_SET_KINDS, validateRuleSetContent } from '@cwp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { bootstrapReferenceData, GRANTED_PERMISSIONS_KEY } from '../src/seed/bootstrap';
import {
  approve,
  createRuleSet,
  enact,
  example,
  HOUSEHOLDS_STANDARD,
  POPULATION_STANDARD,
  submit,
  type RuleSetBody,
} from './career-helpers';
import {
  auditSince,
  count,
  createUserSession,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  one,
  rows,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;
let auditor: Session;

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  [admin, district, street, community, auditor] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
    login(t.app, 'auditor'),
  ]);
});
afterAll(async () => {
  await t?.close();
});

const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' };
const forbidden = { status: 403, code: 'FORBIDDEN' };
const notFound = { status: 404, code: 'NOT_FOUND' };
const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });

interface Page {
  items: { id: number; kind: string; orgUnitId: number; status: string; timeline: string | null }[];
  total: number;
}

describe('reading rule sets', () => {
  it('needs a session and rule:read', async () => {
    for (const url of [
      '/api/rule-sets',
      '/api/rule-sets/1',
      '/api/rule-sets/kinds',
      '/api/rule-sets/in-force?kind=pay_table',
    ]) {
      expectError(await as(t.app, null).get(url), unauthenticated);
      expectError(await as(t.app, community).get(url), forbidden);
      expectError(await as(t.app, auditor).get(url), forbidden);
    }
  });

  it('shows everyone below the city its approved example rules, current today', async () => {
    const res = await as(t.app, street).get(`/api/rule-sets?orgUnitId=${tree.city.id}`);
    expectOk(res);
    const page = res.json<Page>();
    // One seeded example per kind, every one approved for the whole city.
    expect(page.total).toBe(RULE_SET_KINDS.length);
    expect(new Set(page.items.map((i) => i.kind))).toEqual(new Set(RULE_SET_KINDS));
    for (const i of page.items)
      expect(i).toMatchObject({ status: 'in_force', timeline: 'current' });
    // The unit's chain: what applies to the street's subdistrict.
    const chain = await as(t.app, street).get(
      `/api/rule-sets?orgUnitId=${tree.s1.id}&orgScope=chain&kind=pay_table`,
    );
    expect(chain.json<Page>().items.map((i) => i.orgUnitId)).toEqual([tree.city.id]);
  });

  it('hides drafts above the caller and answers 404 for them', async () => {
    const draft = await createRuleSet(t, admin, {
      kind: 'contract_insurance',
      orgUnitId: tree.city.id,
      content: example('contract_insurance'),
    });
    expect(draft).toMatchObject({ status: 'draft', versionNo: 2, timeline: null });
    expectError(await as(t.app, district).get(`/api/rule-sets/${draft.id}`), notFound);
    expectError(await as(t.app, street).get(`/api/rule-sets/${draft.id}`), notFound);
    const listed = await as(t.app, district).get('/api/rule-sets?status=draft&pageSize=100');
    expect(listed.json<Page>().items.map((i) => i.id)).not.toContain(draft.id);
    expectOk(await as(t.app, admin).get(`/api/rule-sets/${draft.id}`));
    // Another district's unit is neither in the subtree nor above it.
    expectError(await as(t.app, district).get(`/api/rule-sets?orgUnitId=${tree.d2.id}`), notFound);
    expectError(await as(t.app, district).get('/api/rule-sets/999999'), notFound);
    expectError(await as(t.app, district).get('/api/rule-sets?status=bogus'), invalid('status'));
  });

  it('serves each kind with its content schema and a valid example', async () => {
    const res = await as(t.app, street).get('/api/rule-sets/kinds');
    expectOk(res);
    const kinds = res.json<
      {
        kind: string;
        zh: string;
        contentSchema: { properties: object };
        example: { content: unknown };
      }[]
    >();
    expect(kinds).toHaveLength(RULE_SET_KINDS.length);
    for (const k of kinds) {
      // A real JSON Schema of an object (evaluation indicators have the one list `indicators`).
      expect(Object.keys(k.contentSchema.properties).length).toBeGreaterThanOrEqual(1);
      expect(validateRuleSetContent(k.kind, k.example.content).ok).toBe(true);
    }
    expect(
      kinds.find((k) => k.kind === 'staffing_standard')?.contentSchema.properties,
    ).toHaveProperty('method');
  });
});

describe('drafting and editing', () => {
  const gap = () => {
    const c = example('grade_scheme');
    c.posts = [
      { code: 'principal', minGrade: 10, maxGrade: 18 },
      { code: 'staff', minGrade: 1, maxGrade: 8 },
    ];
    return c;
  };
  const duplicateCoefficient = () => {
    const c = example('pay_table');
    const rows = c.gradeCoefficients as { grade: number; coefficient: number }[];
    rows[3] = { grade: 3, coefficient: 1.2 };
    return c;
  };
  const missingCoefficient = () => ({
    ...example('pay_table'),
    formula: 'referenceWage * regionFactor * gradeCoefficient',
  });
  const contradictoryAges = () => ({
    ...example('recruitment_conditions'),
    ageMin: 40,
    ageMax: 35,
  });

  it('rejects bad rules naming the field, and writes nothing', async () => {
    const before = await count(t, 'select 1 from rule_set');
    const cases: [string, unknown, string, RegExp][] = [
      ['grade_scheme', gap(), 'content.posts', /未覆盖第 9 级/],
      ['pay_table', duplicateCoefficient(), 'content.gradeCoefficients.3.grade', /重复/],
      ['pay_table', missingCoefficient(), 'content.formula', /regionFactor/],
      ['recruitment_conditions', contradictoryAges(), 'content.ageMax', /年龄/],
      [
        'staffing_standard',
        { ...POPULATION_STANDARD, method: 'households' },
        'content.households',
        /户数/,
      ],
      ['staffing_standard', 'not an object', 'content', /.+/],
      ['staffing_standard', { ...POPULATION_STANDARD, extra: 1 }, 'content.extra', /不允许/],
    ];
    for (const [kind, content, path, message] of cases) {
      const res = await as(t.app, district).post('/api/rule-sets', {
        kind,
        orgUnitId: tree.d1.id,
        name: '错误规则',
        effectiveFrom: '2025-01-01',
        content,
      });
      expectError(res, invalid(path));
      const detail = res
        .json<{ details: { path: string; message: string }[] }>()
        .details.find((d) => d.path === path);
      expect(detail?.message).toMatch(message);
    }
    expectError(
      await as(t.app, district).post('/api/rule-sets', {
        kind: 'bonus_scheme',
        orgUnitId: tree.d1.id,
        name: 'x',
        effectiveFrom: '2025-01-01',
        content: {},
      }),
      invalid('kind'),
    );
    expectError(
      await as(t.app, district).post('/api/rule-sets', {
        kind: 'pay_table',
        orgUnitId: tree.d1.id,
        name: 'x',
        effectiveFrom: '2025-02-30',
        content: example('pay_table'),
      }),
      invalid('effectiveFrom'),
    );
    expect(await count(t, 'select 1 from rule_set')).toBe(before);
  });

  it('checks content without saving it', async () => {
    const res = await as(t.app, street).post('/api/rule-sets/validate', {
      kind: 'recruitment_conditions',
      content: contradictoryAges(),
    });
    expectOk(res);
    expect(res.json<{ ok: boolean; errors: { path: string }[] }>()).toMatchObject({
      ok: false,
      errors: [{ path: 'content.ageMax' }],
    });
    const ok = await as(t.app, street).post('/api/rule-sets/validate', {
      kind: 'staffing_standard',
      content: HOUSEHOLDS_STANDARD,
    });
    expect(ok.json()).toEqual({ ok: true, errors: [] });
  });

  it('drafts only in the caller subtree, with rule:manage', async () => {
    const body = {
      kind: 'staffing_standard',
      orgUnitId: tree.d2.id,
      name: '越权',
      effectiveFrom: '2025-01-01',
      content: POPULATION_STANDARD,
    };
    expectError(await as(t.app, null).post('/api/rule-sets', body), unauthenticated);
    expectError(await as(t.app, street).post('/api/rule-sets', body), forbidden);
    expectError(await as(t.app, district).post('/api/rule-sets', body), invalid('orgUnitId'));
    // The city is above the district: readable, not editable.
    expectError(
      await as(t.app, district).post('/api/rule-sets', { ...body, orgUnitId: tree.city.id }),
      invalid('orgUnitId'),
    );
  });

  it('numbers versions per kind and unit, stores the validated content, and audits', async () => {
    const mark = await maxAuditId(t);
    const a = await createRuleSet(t, district, {
      kind: 'recruitment_conditions',
      orgUnitId: tree.d1.id,
      content: { ...example('recruitment_conditions'), ageMax: 40 },
    });
    const b = await createRuleSet(t, district, {
      kind: 'recruitment_conditions',
      orgUnitId: tree.d1.id,
      content: example('recruitment_conditions'),
    });
    const c = await createRuleSet(t, district, {
      kind: 'recruitment_conditions',
      orgUnitId: tree.s1.id,
      content: example('recruitment_conditions'),
    });
    expect([a.versionNo, b.versionNo, c.versionNo]).toEqual([1, 2, 1]);
    expect(a.content.ageMax).toBe(40);
    expect(a.abilities).toMatchObject({ edit: true, submit: true, withdraw: true, decide: false });
    // Defaults are filled in: the stored content is what the engine will read.
    const staffing = await createRuleSet(t, district, {
      kind: 'staffing_standard',
      orgUnitId: tree.s1.id,
      content: {
        method: 'population',
        population: { workers: 20, perResidents: 10_000 },
        controlLevel: 'district',
      },
    });
    expect(staffing.content.population).toEqual({
      workers: 20,
      perResidents: 10_000,
      rounding: 'ceil',
    });
    const audit = await auditSince(t, mark);
    expect(audit.map((r) => r.action)).toEqual([
      'rule_set.create',
      'rule_set.create',
      'rule_set.create',
      'rule_set.create',
    ]);
    expect(audit[0]).toMatchObject({
      entity_id: String(a.id),
      org_path: tree.d1.path,
      actor_name: 'district',
    });
    expect(b.history.map((h) => h.versionNo)).toEqual([2, 1]);
  });

  it('edits a draft with optimistic locking', async () => {
    const draft = await createRuleSet(t, district, {
      kind: 'contract_insurance',
      orgUnitId: tree.s1.id,
      content: example('contract_insurance'),
    });
    const url = `/api/rule-sets/${draft.id}`;
    const patch = {
      version: draft.version,
      name: '改名',
      content: { ...example('contract_insurance'), firstTermYears: 2, probationMonths: 2 },
    };
    expectError(await as(t.app, null).patch(url, patch), unauthenticated);
    expectError(await as(t.app, street).patch(url, patch), forbidden);
    expectError(
      await as(t.app, district).patch(url, {
        ...patch,
        content: { ...example('contract_insurance'), firstTermYears: 2 },
      }),
      invalid('content.probationMonths'),
    );
    expectError(await as(t.app, district).patch(url, { ...patch, version: 99 }), {
      status: 409,
      code: 'CONFLICT',
    });
    const mark = await maxAuditId(t);
    const res = await as(t.app, district).patch(url, patch);
    expectOk(res);
    expect(res.json<RuleSetBody>()).toMatchObject({ name: '改名', version: draft.version + 1 });
    expect(res.json<RuleSetBody>().content).toMatchObject({
      firstTermYears: 2,
      probationMonths: 2,
    });
    const [row] = await auditSince(t, mark);
    expect(row).toMatchObject({ action: 'rule_set.update', entity_id: String(draft.id) });
    expect(Object.keys(row?.changes as object).sort()).toEqual(['content', 'name']);
    // Someone else's subtree: not found.
    const other = await createRuleSet(t, admin, {
      kind: 'contract_insurance',
      orgUnitId: tree.d2.id,
      content: example('contract_insurance'),
    });
    expectError(
      await as(t.app, district).patch(`/api/rule-sets/${other.id}`, {
        version: other.version,
        name: 'x',
      }),
      notFound,
    );
  });
});

describe('submitting and deciding', () => {
  it('submits, refuses the submitter and non-approvers, and approval puts it in force', async () => {
    const draft = await createRuleSet(t, district, {
      kind: 'staffing_standard',
      orgUnitId: tree.d1.id,
      content: POPULATION_STANDARD,
      effectiveFrom: '2025-01-01',
    });
    const url = `/api/rule-sets/${draft.id}`;
    expectError(
      await as(t.app, null).post(`${url}/submit`, { version: draft.version }),
      unauthenticated,
    );
    expectError(
      await as(t.app, street).post(`${url}/submit`, { version: draft.version }),
      forbidden,
    );
    expectError(await as(t.app, district).post(`${url}/submit`, { version: 0 }), {
      status: 409,
      code: 'CONFLICT',
    });
    const mark = await maxAuditId(t);
    const pending = await submit(t, district, draft);
    expect(pending).toMatchObject({ status: 'pending', approval: { status: 'pending' } });
    expect(pending.approval?.events.map((e) => e.kind)).toEqual(['submit']);
    expect(pending.abilities).toMatchObject({ edit: false, withdraw: true, decide: false });
    expectError(
      await as(t.app, district).patch(url, { version: pending.version, name: 'x' }),
      invalid('status'),
    );

    const decision = { version: pending.version, comment: '同意' };
    const own = await as(t.app, district).post(`${url}/approve`, decision);
    expectError(own, { status: 403, code: 'FORBIDDEN', message: '不能审批本人提交的申请' });
    expectError(await as(t.app, street).post(`${url}/approve`, decision), forbidden);
    expectError(await as(t.app, admin).post(`${url}/approve`, { ...decision, version: 1 }), {
      status: 409,
      code: 'CONFLICT',
    });
    const seen = await as(t.app, admin).get(url);
    expect(seen.json<RuleSetBody>().abilities.decide).toBe(true);
    const approved = await approve(t, admin, pending);
    expect(approved).toMatchObject({ timeline: 'current', approval: { status: 'approved' } });
    expect(approved.approval?.events.map((e) => [e.kind, e.comment])).toEqual([
      ['submit', null],
      ['approve', '同意'],
    ]);
    expectError(
      await as(t.app, admin).post(`${url}/approve`, { version: approved.version }),
      invalid('status'),
    );
    const actions = (await auditSince(t, mark)).map((r) => r.action);
    expect(actions).toEqual([
      'rule_set.submit',
      'approval.submit',
      'rule_set.approve',
      'approval.approve',
    ]);
  });

  it('returns with a reason; the returned version is edited and submitted again', async () => {
    const draft = await createRuleSet(t, district, {
      kind: 'grade_scheme',
      orgUnitId: tree.d1.id,
      content: example('grade_scheme'),
    });
    const pending = await submit(t, district, draft);
    const url = `/api/rule-sets/${pending.id}`;
    expectError(
      await as(t.app, admin).post(`${url}/return`, { version: pending.version }),
      invalid('comment'),
    );
    const returned = await as(t.app, admin).post(`${url}/return`, {
      version: pending.version,
      comment: '请补充学历折算',
    });
    expectOk(returned);
    const r = returned.json<RuleSetBody>();
    expect(r).toMatchObject({ status: 'returned', approval: { status: 'returned' } });
    expect(r.abilities).toMatchObject({ edit: true, submit: true });
    const edited = await as(t.app, district).patch(url, { version: r.version, note: '已补充' });
    expectOk(edited);
    const again = await submit(t, district, edited.json<RuleSetBody>());
    expect(again.status).toBe('pending');
    expect(again.approval?.id).not.toBe(r.approval?.id);
    const requests = await rows<{ status: string }>(
      t,
      `select status from approval_request where subject_type = 'rule_set' and subject_id = $1 order by id`,
      [pending.id],
    );
    expect(requests.map((x) => x.status)).toEqual(['returned', 'pending']);
  });

  it('withdraws drafts and pending versions, never approved ones', async () => {
    const draft = await createRuleSet(t, district, {
      kind: 'pay_table',
      orgUnitId: tree.s1.id,
      content: example('pay_table'),
    });
    const w1 = await as(t.app, district).post(`/api/rule-sets/${draft.id}/withdraw`, {
      version: draft.version,
    });
    expectOk(w1);
    expect(w1.json<RuleSetBody>()).toMatchObject({ status: 'withdrawn', approval: null });
    const pending = await submit(
      t,
      district,
      await createRuleSet(t, district, {
        kind: 'pay_table',
        orgUnitId: tree.s1.id,
        content: example('pay_table'),
      }),
    );
    const w2 = await as(t.app, district).post(`/api/rule-sets/${pending.id}/withdraw`, {
      version: pending.version,
      comment: '撤回重拟',
    });
    expectOk(w2);
    expect(w2.json<RuleSetBody>()).toMatchObject({
      status: 'withdrawn',
      approval: { status: 'withdrawn' },
    });
    const w3 = await as(t.app, district).post(`/api/rule-sets/${pending.id}/withdraw`, {
      version: w2.json<RuleSetBody>().version,
    });
    expectError(w3, invalid('status'));
    // An ancestor's approved rule: readable but not the district's to change.
    const city = (
      await as(t.app, district).get(`/api/rule-sets?orgUnitId=${tree.city.id}&kind=pay_table`)
    ).json<Page>().items[0];
    expectError(
      await as(t.app, district).post(`/api/rule-sets/${city?.id}/withdraw`, { version: 1 }),
      forbidden,
    );
  });

  it('refuses to submit when nobody else could approve', async () => {
    const draft = await createRuleSet(t, admin, {
      kind: 'recruitment_conditions',
      orgUnitId: tree.city.id,
      content: example('recruitment_conditions'),
    });
    const res = await as(t.app, admin).post(`/api/rule-sets/${draft.id}/submit`, {
      version: draft.version,
    });
    expectError(res, { status: 400, code: 'BAD_REQUEST' });
    expect(res.json<{ message: string }>().message).toMatch(/没有其他/);
  });
});

describe('the rule in force', () => {
  const inForce = (s: Session, unit: number, date?: string) =>
    as(t.app, s).get(
      `/api/rule-sets/in-force?kind=contract_insurance&orgUnitId=${unit}${date ? `&date=${date}` : ''}`,
    );
  type InForce = { ruleSet: RuleSetBody | null; inherited: boolean; date: string };

  it('a district override beats the city; a future version waits; past versions stay readable', async () => {
    const city = (await inForce(street, tree.c1.id)).json<InForce>();
    expect(city.ruleSet).toMatchObject({ orgUnitId: tree.city.id, versionNo: 1 });
    expect(city.inherited).toBe(true);

    const v1 = await enact(t, district, admin, {
      kind: 'contract_insurance',
      orgUnitId: tree.d1.id,
      effectiveFrom: '2025-01-01',
      content: { ...example('contract_insurance'), renewalTermYears: 5 },
    });
    const here = (await inForce(street, tree.c1.id)).json<InForce>();
    expect(here.ruleSet).toMatchObject({ id: v1.id, content: { renewalTermYears: 5 } });
    expect(here.inherited).toBe(true);
    expect((await inForce(district, tree.d1.id)).json<InForce>()).toMatchObject({
      inherited: false,
      ruleSet: { id: v1.id },
    });
    // The other district keeps the city's rule.
    expect((await inForce(admin, tree.d2c1.id)).json<InForce>().ruleSet?.orgUnitId).toBe(
      tree.city.id,
    );
    // Before the override took effect, the city's applied.
    expect(
      (await inForce(street, tree.c1.id, '2024-06-01')).json<InForce>().ruleSet?.orgUnitId,
    ).toBe(tree.city.id);
    // Before any rule: none.
    expect((await inForce(street, tree.c1.id, '2020-01-01')).json<InForce>().ruleSet).toBeNull();

    const future = await enact(t, district, admin, {
      kind: 'contract_insurance',
      orgUnitId: tree.d1.id,
      effectiveFrom: '2099-01-01',
      content: { ...example('contract_insurance'), renewalTermYears: 6 },
    });
    expect(future.timeline).toBe('scheduled');
    expect((await inForce(street, tree.c1.id)).json<InForce>().ruleSet?.id).toBe(v1.id);
    expect((await inForce(street, tree.c1.id, '2099-06-01')).json<InForce>().ruleSet?.id).toBe(
      future.id,
    );

    const v3 = await enact(t, district, admin, {
      kind: 'contract_insurance',
      orgUnitId: tree.d1.id,
      effectiveFrom: '2025-06-01',
      content: { ...example('contract_insurance'), renewalTermYears: 4 },
    });
    expect((await inForce(street, tree.c1.id)).json<InForce>().ruleSet?.id).toBe(v3.id);
    const past = await as(t.app, street).get(`/api/rule-sets/${v1.id}`);
    expectOk(past);
    const p = past.json<RuleSetBody>();
    expect(p).toMatchObject({
      status: 'in_force',
      timeline: 'superseded',
      content: { renewalTermYears: 5 },
    });
    expect(p.history.map((h) => [h.versionNo, h.timeline])).toEqual([
      [v3.versionNo, 'current'],
      [future.versionNo, 'scheduled'],
      [v1.versionNo, 'superseded'],
    ]);
    // Same effective date: the higher version number wins.
    const same = await enact(t, district, admin, {
      kind: 'contract_insurance',
      orgUnitId: tree.d1.id,
      effectiveFrom: '2025-06-01',
      content: { ...example('contract_insurance'), renewalTermYears: 3 },
    });
    expect((await inForce(street, tree.c1.id)).json<InForce>().ruleSet?.id).toBe(same.id);
  });

  it('answers only for units in or above the caller subtree, with valid input', async () => {
    expectError(await inForce(district, tree.d2.id), notFound);
    expectOk(await inForce(street, tree.city.id));
    expectError(await as(t.app, street).get('/api/rule-sets/in-force?kind=nope'), invalid('kind'));
    expectError(await inForce(street, tree.c1.id, '2025-13-01'), invalid('date'));
    const own = await as(t.app, street).get('/api/rule-sets/in-force?kind=pay_table');
    expect(own.json<InForce & { orgUnitId: number }>().orgUnitId).toBe(street.orgUnitId);
  });
});

describe('preview', () => {
  const preview = (s: Session | null, id: number, body?: object) =>
    as(t.app, s).post(`/api/rule-sets/${id}/preview`, body);

  it('staffing standard: the units whose quota changes, with totals that add up', async () => {
    const current = (
      await as(t.app, district).get(
        `/api/rule-sets/in-force?kind=staffing_standard&orgUnitId=${tree.d1.id}&date=2026-01-01`,
      )
    ).json<{ ruleSet: RuleSetBody }>().ruleSet;
    const proposedContent = {
      method: 'households',
      households: {
        bands: [
          { upTo: 2_000, posts: 9 },
          { upTo: 4_000, posts: 13 },
        ],
        beyond: { posts: 1, everyHouseholds: 500, rounding: 'ceil' },
      },
      capPerCommunity: 16,
      controlLevel: 'district',
    };
    const draft = await createRuleSet(t, district, {
      kind: 'staffing_standard',
      orgUnitId: tree.d1.id,
      content: proposedContent,
      effectiveFrom: '2026-01-01',
    });
    expectError(await preview(null, draft.id), unauthenticated);
    expectError(await preview(community, draft.id), forbidden);
    expectError(await preview(admin, 999_999), notFound);
    expectError(await preview(street, draft.id), notFound); // a draft above the street
    const res = await preview(district, draft.id);
    expectOk(res);
    const p = res.json<{
      kind: string;
      units: number;
      governed: number;
      changedCount: number;
      totals: { current: number; proposed: number; delta: number };
      changes: { orgUnitId: number; current: number; proposed: number; delta: number }[];
      replaces: { ruleSetId: number } | null;
      contentChanges: { path: string }[];
    }>();
    // Independently: every active community and subdistrict of the district, from raw rows.
    const units = await rows<{
      id: number;
      resident_population: number | null;
      households: number | null;
    }>(
      t,
      `select id, resident_population, households from org_unit
        where path like $1 and level in ('community', 'subdistrict') and active`,
      [`${tree.d1.path}%`],
    );
    const parse = (c: unknown) => {
      const v = validateRuleSetContent('staffing_standard', c);
      if (!v.ok) throw new Error('invalid');
      return v.value;
    };
    const cur = parse(current.content);
    const prop = parse(proposedContent);
    let curTotal = 0;
    let propTotal = 0;
    let changed = 0;
    for (const u of units) {
      const input = { residentPopulation: u.resident_population, households: u.households };
      const a = computeQuota(cur, input).quota;
      const b = computeQuota(prop, input).quota;
      curTotal += a ?? 0;
      propTotal += b ?? 0;
      if (a !== b) changed++;
    }
    expect(p).toMatchObject({
      kind: 'staffing_standard',
      units: units.length,
      governed: units.length,
      changedCount: changed,
      totals: { current: curTotal, proposed: propTotal, delta: propTotal - curTotal },
      replaces: { ruleSetId: current.id },
    });
    expect(changed).toBeGreaterThan(10);
    for (const c of p.changes) expect(c.delta).toBe(c.proposed - c.current);
    expect(p.contentChanges.map((c) => c.path)).toContain('method');
  });

  it('pay table: monthly gross per grade for the workers it would pay, and a grade mismatch warning', async () => {
    const raised = { ...example('pay_table'), referenceWage: 8_800 };
    const draft = await createRuleSet(t, district, {
      kind: 'pay_table',
      orgUnitId: tree.d1.id,
      content: raised,
      effectiveFrom: '2026-01-01',
    });
    const res = await preview(district, draft.id);
    expectOk(res);
    const p = res.json<{
      workers: number;
      governed: number;
      computed: number;
      totals: { current: number; proposed: number; delta: number };
      byGrade: { grade: number; workers: number; currentGross: number; proposedGross: number }[];
      warnings: string[];
      contentChanges: { path: string; current: unknown; proposed: unknown }[];
    }>();
    const workers = await rows<{
      grade: number | null;
      status: string;
      qualification: string | null;
    }>(
      t,
      `select grade, status, qualification from worker
        where org_path like $1 and status in ('active', 'probation')`,
      [`${tree.d1.path}%`],
    );
    const parse = (c: unknown): PayTable => {
      const v = validateRuleSetContent('pay_table', c);
      if (!v.ok) throw new Error('invalid');
      return v.value;
    };
    const before = parse(example('pay_table'));
    const after = parse(raised);
    let cur = 0;
    let prop = 0;
    let computed = 0;
    for (const w of workers) {
      if (w.grade === null) continue;
      const input = {
        grade: w.grade,
        rating: null,
        qualification: w.qualification,
        probation: w.status === 'probation',
      };
      cur += monthlyPay(before, input).gross;
      prop += monthlyPay(after, input).gross;
      computed++;
    }
    expect(p).toMatchObject({
      workers: workers.length,
      governed: workers.length,
      computed,
      warnings: [],
    });
    expect(p.totals.current).toBeCloseTo(cur, 2);
    expect(p.totals.proposed).toBeCloseTo(prop, 2);
    expect(p.byGrade.reduce((s, g) => s + g.workers, 0)).toBe(computed);
    expect(p.contentChanges).toEqual([{ path: 'referenceWage', current: 8_000, proposed: 8_800 }]);

    // Pay derived from workers is sensitive: rule:read alone does not preview it.
    const role = await as(t.app, admin).post('/api/roles', {
      code: 'rule_reader',
      nameZh: '规则查阅',
      nameEn: 'Rule reader',
      permissions: ['org:read', 'rule:read'],
    });
    expectOk(role);
    const reader = await createUserSession(t, admin, {
      username: 'rulereader',
      orgUnitId: tree.d1.id,
      roles: ['rule_reader'],
    });
    const seenByReader = await as(t.app, reader).get(`/api/rule-sets/${draft.id}`);
    expect(seenByReader.json<RuleSetBody>().abilities.preview).toBe(false);
    expectError(await preview(reader, draft.id), forbidden);

    const wider = example('pay_table');
    wider.grades = 24;
    wider.gradeCoefficients = Array.from({ length: 24 }, (_, i) => ({
      grade: i + 1,
      coefficient: 1 + i * 0.05,
    }));
    const mismatch = await createRuleSet(t, district, {
      kind: 'pay_table',
      orgUnitId: tree.d1.id,
      content: wider,
    });
    const warned = (await preview(district, mismatch.id)).json<{ warnings: string[] }>();
    expect(warned.warnings.join()).toMatch(/等级数/);
  });

  it('grade scheme: a four-post, twenty-four-grade scheme grades workers with no code change', async () => {
    const unitRes = await as(t.app, district).post('/api/org-units', {
      parentId: tree.s1.id,
      level: 'community',
      name: '定级试点社区',
      divisionCode: `${tree.s1.division_code}901`,
      residentPopulation: 5_000,
      households: 1_800,
    });
    expectOk(unitRes);
    const unitId = unitRes.json<{ id: number }>().id;
    const workerRes = await as(t.app, district).post('/api/workers', {
      name: '定级测试',
      idNumber: composeIdNumber({
        divisionCode: '330106',
        birthDate: '1988-02-03',
        sequence: 977,
        sex: 'male',
      }),
      ethnicity: '01',
      politicalStatus: '13',
      phone: '13900139000',
      category: 'full_time',
      orgUnitId: unitId,
      post: 'deputy',
      grade: 7,
      status: 'active',
      workStartDate: '2015-03-01',
      hireDate: '2015-03-01',
      educationFullTime: '20',
    });
    expectOk(workerRes);
    const scheme = {
      grades: 24,
      posts: [
        { code: 'principal', label: '正职', minGrade: 10, maxGrade: 24 },
        { code: 'deputy', label: '副职', minGrade: 6, maxGrade: 20 },
        { code: 'staff', label: '工作人员', minGrade: 3, maxGrade: 16 },
        { code: 'assistant', label: '辅助岗', minGrade: 1, maxGrade: 10 },
      ],
      yearsPerStep: 2,
      educationCredits: [{ education: '20', years: 2 }],
      qualificationBonuses: [],
      promotion: { requiredRatings: ['excellent'], effectiveMonth: 7 },
    };
    const draft = await createRuleSet(t, district, {
      kind: 'grade_scheme',
      orgUnitId: unitId,
      content: scheme,
    });
    const res = await preview(district, draft.id, { date: '2026-01-01' });
    expectOk(res);
    // 2015-03-01 → 2026-01-01: 10 whole years, + 2 for a bachelor's degree = 12, one grade per
    // 2 years = 6 steps above the deputy's grade 6 → 12. Under the city's 三岗十八级: 10 + 1 = 11
    // years, one grade per 3 years = 3 steps above grade 4 → 7.
    expect(res.json()).toMatchObject({
      kind: 'grade_scheme',
      date: '2026-01-01',
      workers: 1,
      governed: 1,
      computed: 1,
      raised: 1,
      lowered: 0,
      transitions: [{ post: 'deputy', from: 7, to: 12, workers: 1 }],
    });
    expect(res.json<{ warnings: string[] }>().warnings.join()).toMatch(/等级数/);
    expectError(await preview(district, draft.id, { date: 'soon' }), invalid('date'));
  });

  it('other kinds list the fields that change', async () => {
    const draft = await createRuleSet(t, district, {
      kind: 'recruitment_conditions',
      orgUnitId: tree.s2.id,
      content: { ...example('recruitment_conditions'), ageMax: 40, minEducation: '30' },
    });
    const res = await preview(district, draft.id);
    expectOk(res);
    expect(res.json()).toMatchObject({
      kind: 'recruitment_conditions',
      contentChanges: [
        { path: 'ageMax', current: 35, proposed: 40 },
        { path: 'minEducation', current: '20', proposed: '30' },
      ],
    });
  });
});

describe('moving a unit', () => {
  it('moves its rule sets and their approvals with it', async () => {
    const created = await as(t.app, district).post('/api/org-units', {
      parentId: tree.d1.id,
      level: 'subdistrict',
      name: '迁出街道',
      divisionCode: `${tree.d1.division_code}090`,
    });
    expectOk(created);
    const unit = created.json<{ id: number; version: number }>();
    const pending = await submit(
      t,
      district,
      await createRuleSet(t, district, {
        kind: 'recruitment_conditions',
        orgUnitId: unit.id,
        content: example('recruitment_conditions'),
      }),
    );
    const d2admin = await createUserSession(t, admin, {
      username: 'd2rules',
      orgUnitId: tree.d2.id,
      roles: ['dept_admin'],
    });
    expectError(await as(t.app, d2admin).get(`/api/rule-sets/${pending.id}`), notFound);
    const moved = await as(t.app, admin).post(`/api/org-units/${unit.id}/move`, {
      version: unit.version,
      parentId: tree.d2.id,
      divisionCode: `${tree.d2.division_code}090`,
    });
    expectOk(moved);
    expectError(await as(t.app, district).get(`/api/rule-sets/${pending.id}`), notFound);
    const seen = await as(t.app, d2admin).get(`/api/rule-sets/${pending.id}`);
    expectOk(seen);
    expect(seen.json<RuleSetBody>().abilities.decide).toBe(true);
    const inbox = await as(t.app, d2admin).get('/api/approvals');
    expect(
      inbox.json<{ items: { subjectId: number }[] }>().items.map((i) => i.subjectId),
    ).toContain(pending.id);
    const listed = await as(t.app, admin).get(
      `/api/rule-sets?orgUnitId=${tree.d2.id}&orgScope=subtree&status=pending`,
    );
    expect(listed.json<Page>().items.map((i) => i.id)).toContain(pending.id);
    await approve(t, d2admin, seen.json<RuleSetBody>());
  });
});

describe('built-in roles and new permission codes', () => {
  const permsOf = async (code: string) =>
    (
      await one<{ permissions: string[] }>(t, 'select permissions from role where code = $1', [
        code,
      ])
    ).permissions;

  it('grants a code added to the catalogue once, and respects a later removal', async () => {
    const ledger = async () =>
      (
        await one<{ value: Record<string, string> }>(
          t,
          `select value from system_setting where key = $1`,
          [GRANTED_PERMISSIONS_KEY],
        )
      ).value;
    // A fresh installation records every code of the catalogue.
    expect(Object.keys(await ledger()).sort()).toEqual([...PERMISSION_CODES].sort());
    // An installation from before the rule codes: roles without them, ledger without them.
    await t.db.pool.query(
      `update role set permissions = array(select p from unnest(permissions) p where p not like 'rule:%')
        where code in ('dept_admin', 'hr_officer')`,
    );
    await t.db.pool.query(
      `update system_setting set value = value - 'rule:read' - 'rule:manage' - 'rule:approve'
        where key = $1`,
      [GRANTED_PERMISSIONS_KEY],
    );
    await bootstrapReferenceData(t.db.db);
    expect(await permsOf('dept_admin')).toEqual(
      expect.arrayContaining(['rule:read', 'rule:manage', 'rule:approve']),
    );
    expect(await permsOf('hr_officer')).toContain('rule:read');
    expect(await permsOf('hr_officer')).not.toContain('rule:manage');
    expect(await ledger()).toHaveProperty('rule:approve');
    // An administrator takes rule:read away from HR officers: the next start leaves it so.
    await t.db.pool.query(
      `update role set permissions = array_remove(permissions, 'rule:read') where code = 'hr_officer'`,
    );
    await bootstrapReferenceData(t.db.db);
    expect(await permsOf('hr_officer')).not.toContain('rule:read');
    expectError(await as(t.app, street).get('/api/rule-sets'), forbidden);
  });
});
