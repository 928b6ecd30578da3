// Helpers for the career-system API tests (rule sets, approvals, staffing): rule-set bodies,
// the create → submit → approve round trip through the real endpoints, and raw-table reads.
import { EXAMPLE_RULE_SETS } from '@cwp/core';
import { expect } from 'vitest';
import { as, type Session, type TestApp } from '../../../tests/setup/app';
import { expectOk, one } from './helpers';

export interface RuleSetBody {
  id: number;
  kind: string;
  orgUnitId: number;
  versionNo: number;
  effectiveFrom: string;
  status: string;
  timeline: string | null;
  version: number;
  content: Record<string, unknown>;
  abilities: Record<string, boolean>;
  history: { id: number; versionNo: number; status: string; timeline: string | null }[];
  approval: {
    id: number;
    status: string;
    events: { kind: string; comment: string | null }[];
  } | null;
}

/** A deep, mutable copy of an example content. */
export function example<K extends keyof typeof EXAMPLE_RULE_SETS>(
  kind: K,
): Record<string, unknown> {
  return JSON.parse(JSON.stringify(EXAMPLE_RULE_SETS[kind].content)) as Record<string, unknown>;
}

export const POPULATION_STANDARD = {
  method: 'population',
  population: { workers: 18, perResidents: 10_000, rounding: 'ceil' },
  controlLevel: 'district',
};

export const HOUSEHOLDS_STANDARD = {
  method: 'households',
  households: {
    bands: [{ upTo: 3_000, posts: 15 }],
    beyond: { posts: 1, everyHouseholds: 400, rounding: 'floor' },
  },
  controlLevel: 'district',
};

export async function createRuleSet(
  t: TestApp,
  s: Session,
  body: {
    kind: string;
    orgUnitId: number;
    content: unknown;
    name?: string;
    effectiveFrom?: string;
  },
): Promise<RuleSetBody> {
  const res = await as(t.app, s).post('/api/rule-sets', {
    name: body.name ?? `测试规则 ${body.kind}`,
    effectiveFrom: body.effectiveFrom ?? '2025-01-01',
    kind: body.kind,
    orgUnitId: body.orgUnitId,
    content: body.content,
  });
  expectOk(res);
  return res.json<RuleSetBody>();
}

export async function submit(t: TestApp, s: Session, rs: RuleSetBody): Promise<RuleSetBody> {
  const res = await as(t.app, s).post(`/api/rule-sets/${rs.id}/submit`, { version: rs.version });
  expectOk(res);
  return res.json<RuleSetBody>();
}

export async function approve(t: TestApp, s: Session, rs: RuleSetBody): Promise<RuleSetBody> {
  const res = await as(t.app, s).post(`/api/rule-sets/${rs.id}/approve`, {
    version: rs.version,
    comment: '同意',
  });
  expectOk(res);
  const body = res.json<RuleSetBody>();
  expect(body.status).toBe('in_force');
  return body;
}

/** Draft by `author`, submitted by them, approved by `approver`: the rule is then in force. */
export async function enact(
  t: TestApp,
  author: Session,
  approver: Session,
  body: Parameters<typeof createRuleSet>[2],
): Promise<RuleSetBody> {
  const draft = await createRuleSet(t, author, body);
  return approve(t, approver, await submit(t, author, draft));
}

export async function setInputs(
  t: TestApp,
  s: Session,
  orgUnitId: number,
  inputs: { residentPopulation?: number | null; households?: number | null },
): Promise<void> {
  const unit = await as(t.app, s).get(`/api/org-units/${orgUnitId}`);
  expectOk(unit);
  const res = await as(t.app, s).patch(`/api/org-units/${orgUnitId}`, {
    version: unit.json<{ version: number }>().version,
    ...inputs,
  });
  expectOk(res);
}

export async function unitQuotaRow(t: TestApp, orgUnitId: number) {
  return one<{
    quota: number | null;
    rule_set_id: number | null;
    rule_version_no: number | null;
    explanation: string;
  }>(
    t,
    'select quota, rule_set_id::int, rule_version_no, explanation from unit_quota where org_unit_id = $1',
    [orgUnitId],
  );
}
