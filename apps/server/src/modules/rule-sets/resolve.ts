// Which rule applies to a unit on a date: the deepest ancestor-or-self with an approved version
// whose effective_from ≤ date; at that unit the latest effective_from wins, then the highest
// version number. Bulk resolution serves the staffing recompute and the previews: the few
// candidate versions are loaded once and each unit walks its own path.
import { validateRuleSetContent } from '@cwp/contracts';
import type { RuleSetContents, RuleSetKind } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../lib/errors';

export interface Candidate<K extends RuleSetKind = RuleSetKind> {
  id: number;
  kind: K;
  orgUnitId: number;
  orgPath: string;
  orgUnitName: string;
  name: string;
  versionNo: number;
  effectiveFrom: string;
  content: RuleSetContents[K];
}

/** Ids along a materialized path, root first: "1.5.23." → [1, 5, 23]. */
export function pathIds(path: string): number[] {
  const ids: number[] = [];
  for (const part of path.split('.')) if (part) ids.push(Number(part));
  return ids;
}

/** Content read back from the database, checked again so the engine only sees valid rules. */
export function storedContent<K extends RuleSetKind>(
  kind: K,
  content: unknown,
  id: number,
): RuleSetContents[K] {
  const checked = validateRuleSetContent(kind, content);
  if (!checked.ok) {
    throw new AppError(
      'INTERNAL',
      undefined,
      `规则集 ${id} 的内容无效：${checked.errors[0]?.message}`,
    );
  }
  return checked.value;
}

interface CandidateRow extends Record<string, unknown> {
  id: number;
  kind: string;
  org_unit_id: number;
  org_path: string;
  org_unit_name: string;
  name: string;
  version_no: number;
  effective_from: string;
  content: unknown;
}

/**
 * Approved versions of `kind` effective on `date` that can govern some unit of the subtree at
 * `rootPath`: those of the root's ancestors-or-self and of its descendants.
 */
export async function loadCandidates<K extends RuleSetKind>(
  db: DbOrTx,
  kind: K,
  rootPath: string,
  date: string,
): Promise<Candidate<K>[]> {
  const ancestors = pathIds(rootPath);
  const { rows } = await db.execute<CandidateRow>(sql`
    select r.id, r.kind, r.org_unit_id, r.org_path, o.name as org_unit_name, r.name, r.version_no,
           to_char(r.effective_from, 'YYYY-MM-DD') as effective_from, r.content
      from rule_set r
      join org_unit o on o.id = r.org_unit_id
     where r.kind = ${kind} and r.status = 'in_force' and r.effective_from <= ${date}::date
       and (r.org_unit_id = any(${sql.param(ancestors)}::bigint[]) or r.org_path like ${`${rootPath}%`})`);
  return rows.map((r) => toCandidate(kind, r));
}

function toCandidate<K extends RuleSetKind>(kind: K, r: CandidateRow): Candidate<K> {
  return {
    id: Number(r.id),
    kind,
    orgUnitId: Number(r.org_unit_id),
    orgPath: r.org_path,
    orgUnitName: r.org_unit_name,
    name: r.name,
    versionNo: r.version_no,
    effectiveFrom: r.effective_from,
    content: storedContent(kind, r.content, Number(r.id)),
  };
}

const newer = (a: Candidate, b: Candidate) =>
  a.effectiveFrom !== b.effectiveFrom
    ? a.effectiveFrom > b.effectiveFrom
    : a.versionNo > b.versionNo;

/** For each unit that has candidates, the one in force there (candidates are already ≤ date). */
export function inForcePerUnit<K extends RuleSetKind>(
  candidates: readonly Candidate<K>[],
): Map<number, Candidate<K>> {
  const best = new Map<number, Candidate<K>>();
  for (const c of candidates) {
    const held = best.get(c.orgUnitId);
    if (!held || newer(c, held)) best.set(c.orgUnitId, c);
  }
  return best;
}

/** A resolver for many units: the governing version of a unit from its path, deepest first. */
export function governingResolver<K extends RuleSetKind>(
  candidates: readonly Candidate<K>[],
): (path: string) => Candidate<K> | null {
  const perUnit = inForcePerUnit(candidates);
  return (path) => {
    if (perUnit.size === 0) return null;
    // Walk the path from its end without splitting: ids sit between the dots.
    let end = path.length - 1; // the trailing dot
    while (end > 0) {
      const start = path.lastIndexOf('.', end - 1) + 1;
      const hit = perUnit.get(Number(path.slice(start, end)));
      if (hit) return hit;
      end = start - 1;
    }
    return null;
  };
}

/** The governing version for one unit on a date, or null. */
export async function resolveInForce<K extends RuleSetKind>(
  db: DbOrTx,
  kind: K,
  unitPath: string,
  date: string,
): Promise<Candidate<K> | null> {
  const ids = pathIds(unitPath);
  const { rows } = await db.execute<CandidateRow>(sql`
    select r.id, r.kind, r.org_unit_id, r.org_path, o.name as org_unit_name, r.name, r.version_no,
           to_char(r.effective_from, 'YYYY-MM-DD') as effective_from, r.content
      from rule_set r
      join org_unit o on o.id = r.org_unit_id
     where r.kind = ${kind} and r.status = 'in_force' and r.effective_from <= ${date}::date
       and r.org_unit_id = any(${sql.param(ids)}::bigint[])
     order by length(r.org_path) desc, r.effective_from desc, r.version_no desc
     limit 1`);
  const row = rows[0];
  return row ? toCandidate(kind, row) : null;
}
