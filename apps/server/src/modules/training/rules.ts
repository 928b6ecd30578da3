// Training rules as versioned data (training_rule_set): each unit may publish versions; a worker
// is governed by the deepest unit above (or at) their unit whose latest version in force on the
// report date exists. Numbers never live in code: the example rules only prefill the form.
import { validateTrainingRuleSet, type TrainingRuleSet } from '@cwp/core';
import type { z } from 'zod';
import type { trainingRuleSetBody, TrainingRuleSetView } from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { trainingRuleSet } from '../../db/schema-training';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError } from '../../lib/errors';
import { unitInScope } from './common';
import { trainingRuleSetSchemaParse } from './rule-shape';

export interface ResolvedRuleSet {
  id: number;
  versionNo: number;
  orgPath: string;
  set: TrainingRuleSet;
}

interface RuleRow {
  id: number;
  org_unit_id: number;
  org_unit_name: string;
  org_path: string;
  version_no: number;
  effective_from: string;
  rules: unknown;
  note: string | null;
  [k: string]: unknown;
}

function present(r: RuleRow): TrainingRuleSetView {
  const set = trainingRuleSetSchemaParse(r.rules);
  return {
    id: Number(r.id),
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: r.org_unit_name,
    versionNo: r.version_no,
    effectiveFrom: String(r.effective_from).slice(0, 10),
    rules: set.rules,
    certificateHours: set.certificateHours,
    note: r.note,
  };
}

/** Every version visible to the caller: on their units' ancestors and in their subtree. */
export async function listRuleSets(db: Db, auth: AuthContext): Promise<TrainingRuleSetView[]> {
  const rows = await db.execute<RuleRow>(sql`
    select r.*, o.name as org_unit_name from training_rule_set r join org_unit o on o.id = r.org_unit_id
     where r.org_path like ${`${auth.orgPath}%`} or ${auth.orgPath} like r.org_path || '%'
     order by length(r.org_path), r.org_unit_id, r.version_no desc`);
  return rows.rows.map(present);
}

export async function createRuleSet(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof trainingRuleSetBody>,
): Promise<TrainingRuleSetView> {
  const set: TrainingRuleSet = { rules: body.rules, certificateHours: body.certificateHours };
  const problems = validateTrainingRuleSet(set);
  if (problems.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      problems.map(([path, message]) => ({ path, message })),
    );
  return db.transaction(async (tx) => {
    const unit = await unitInScope(tx, auth, body.orgUnitId);
    // Serialise versions of one unit.
    await tx.execute(sql`select id from org_unit where id = ${unit.id} for update`);
    const next = await tx.execute<{ n: number }>(
      sql`select coalesce(max(version_no), 0)::int + 1 as n from training_rule_set where org_unit_id = ${unit.id}`,
    );
    const versionNo = next.rows[0]?.n ?? 1;
    const [row] = await tx
      .insert(trainingRuleSet)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        versionNo,
        effectiveFrom: body.effectiveFrom,
        rules: set,
        note: body.note ?? null,
        createdBy: auth.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'training_rule_set.create',
        entityType: 'training_rule_set',
        entityId: row.id,
        orgPath: unit.path,
        changes: body,
      },
    ]);
    return present({
      id: row.id,
      org_unit_id: unit.id,
      org_unit_name: unit.name,
      org_path: unit.path,
      version_no: versionNo,
      effective_from: body.effectiveFrom,
      rules: set,
      note: row.note,
    });
  });
}

/**
 * The rule sets that can govern workers under `rootPath` on `onDate`: the latest version in force
 * per unit, for the root's ancestors and units inside the root; deepest first.
 */
export async function resolveRuleSets(
  db: DbOrTx,
  rootPath: string,
  onDate: string,
): Promise<ResolvedRuleSet[]> {
  const rows = await db.execute<{
    id: number;
    version_no: number;
    org_path: string;
    rules: unknown;
  }>(sql`
    select distinct on (org_unit_id) id, version_no, org_path, rules
      from training_rule_set
     where effective_from <= ${onDate}
       and (org_path like ${`${rootPath}%`} or ${rootPath} like org_path || '%')
     order by org_unit_id, version_no desc`);
  return rows.rows
    .map((r) => ({
      id: Number(r.id),
      versionNo: r.version_no,
      orgPath: r.org_path,
      set: trainingRuleSetSchemaParse(r.rules),
    }))
    .sort((a, b) => b.orgPath.length - a.orgPath.length);
}
