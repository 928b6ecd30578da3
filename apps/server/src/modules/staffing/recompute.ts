// The quota recompute: every community and subdistrict under a unit gets its quota under the
// staffing standard governing it on a date (rule-sets/resolve.ts), stored with the rule version
// and the inputs used, in one transaction with one audit row summarising the run; the new quotas
// (after adjustments) are rolled up against headcount with core's rollUp for the result. A province of
// 100,000 communities is written with COPY (an INSERT of 100,000 explanations took three times
// as long), so the API's recompute runs its transaction on a client of its own.
import type { RecomputeResult } from '@cwp/contracts';
import { computeQuota, rollUp, type StaffingUnit } from '@cwp/core';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, DbOrTx } from '../../db/client';
import * as schema from '../../db/schema';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { governingResolver, loadCandidates } from '../rule-sets/resolve';
import { todayIso } from '../workers/mapping';
import { effectiveQuota } from './adjustments';
import { unitInScope } from './service';

const RECOMPUTE_LOCK = 7_420_200;

interface QuotaUnit extends Record<string, unknown> {
  id: number;
  parent_id: number | null;
  /** Active communities and subdistricts have a quota; the rest only roll up. */
  has_quota: boolean;
  path: string;
  active: boolean;
  resident_population: number | null;
  households: number | null;
}

/** One unit's stored result. */
export interface QuotaRow {
  id: number;
  quota: number | null;
  byPopulation: number | null;
  byHouseholds: number | null;
  population: number | null;
  households: number | null;
  ruleSetId: number | null;
  ruleVersionNo: number | null;
  explanation: string;
}

/** Where a run's rows go: pushed as they are computed, so COPY ingests while Node computes. */
export interface QuotaSink {
  push(row: QuotaRow): Promise<void> | void;
  end(): Promise<void>;
}

type SinkFactory = (date: string, computedAt: Date) => QuotaSink;

/**
 * Recompute for the API: its own transaction on a pooled client, quotas written with COPY.
 * `auth` null is the system (benchmark); otherwise the unit must be in the caller's subtree.
 */
export async function recomputeQuotas(
  deps: { pool: pg.Pool },
  auth: AuthContext | null,
  ctx: AuditContext,
  body: { orgUnitId: number; date?: string | undefined },
): Promise<RecomputeResult> {
  const client = await deps.pool.connect();
  try {
    await client.query('begin');
    const tx: Db = drizzle(client, { schema });
    const root = await unitInScope(tx, auth, body.orgUnitId);
    const result = await recomputeInTx(tx, ctx, root, body.date ?? todayIso(), (d, at) =>
      copySink(client, d, at),
    );
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The recompute inside the caller's transaction (the demo seed runs it inside its own). */
export async function recomputeInTx(
  tx: DbOrTx,
  ctx: AuditContext,
  root: { id: number; path: string },
  date: string,
  sinkFor: SinkFactory = (d, at) => insertSink(tx, d, at),
): Promise<RecomputeResult> {
  // One recompute at a time: two overlapping runs would interleave their rows.
  await tx.execute(sql`select pg_advisory_xact_lock(${RECOMPUTE_LOCK})`);
  const prefix = `${root.path}%`;
  // One connection runs one statement at a time: in sequence, not Promise.all (which pg 8 queues
  // with a deprecation warning and pg 9 will refuse).
  const rows = await tx.execute<QuotaUnit>(sql`
      select id, parent_id, level in ('community', 'subdistrict') as has_quota, path, active,
             resident_population, households
        from org_unit
       where path like ${prefix}`);
  const candidates = await loadCandidates(tx, 'staffing_standard', root.path, date);
  // An index-only scan of worker_headcount_idx (partial on these statuses, led by org_path and
  // org_unit_id); grouping by the path too lets it aggregate in index order, without hashing.
  const heads = await tx.execute<{ org_unit_id: number; n: number }>(sql`
      select org_unit_id, count(*)::int as n
        from worker
       where org_path like ${prefix} and status in ('active', 'probation')
       group by org_path, org_unit_id`);
  const adjustments = await tx.execute<{ org_unit_id: number; mode: string; value: number }>(sql`
      select org_unit_id, mode, value from quota_adjustment
       where org_path like ${prefix} and active`);
  // Replace the subtree's rows, including those of units deactivated since the last run.
  await tx.execute(sql`
    delete from unit_quota q using org_unit o
     where o.id = q.org_unit_id and o.path like ${prefix}`);
  const governing = governingResolver(candidates);
  const computedAt = new Date();
  const sink = sinkFor(date, computedAt);
  const uses = new Map<number, number>();
  let units = 0;
  let inactive = 0;
  let withQuota = 0;
  let withoutRule = 0;
  let missingInputs = 0;
  let totalQuota = 0;
  // What rollUp needs, filled in as quotas are computed: every unit of the subtree, so that
  // workers of units without a quota still count.
  const headcount = new Map<number, number>();
  for (const h of heads.rows) {
    const id = Number(h.org_unit_id);
    headcount.set(id, (headcount.get(id) ?? 0) + h.n);
  }
  const adjusted = new Map(adjustments.rows.map((a) => [Number(a.org_unit_id), a]));
  const tree: StaffingUnit<number>[] = [];
  const place = (u: QuotaUnit, id: number, quota: number | null) => {
    const a = adjusted.get(id);
    tree.push({
      id,
      parentId: id === root.id || u.parent_id === null ? null : Number(u.parent_id),
      quota: a ? effectiveQuota(quota, a.mode, a.value) : quota,
      headcount: headcount.get(id) ?? 0,
    });
  };
  for (const u of rows.rows) {
    const id = Number(u.id);
    if (!u.has_quota || !u.active) {
      if (u.has_quota) inactive++;
      place(u, id, null);
      continue;
    }
    units++;
    const rule = governing(u.path);
    if (!rule) {
      place(u, id, null);
      withoutRule++;
      await sink.push({
        id,
        quota: null,
        byPopulation: null,
        byHouseholds: null,
        population: u.resident_population,
        households: u.households,
        ruleSetId: null,
        ruleVersionNo: null,
        explanation: `${date} 没有适用的配备标准`,
      });
      continue;
    }
    const r = computeQuota(rule.content, {
      residentPopulation: u.resident_population,
      households: u.households,
    });
    uses.set(rule.id, (uses.get(rule.id) ?? 0) + 1);
    place(u, id, r.quota);
    if (r.quota === null) missingInputs++;
    else {
      withQuota++;
      totalQuota += r.quota;
    }
    await sink.push({
      id,
      quota: r.quota,
      byPopulation: r.byPopulation,
      byHouseholds: r.byHouseholds,
      population: u.resident_population,
      households: u.households,
      ruleSetId: rule.id,
      ruleVersionNo: rule.versionNo,
      explanation: r.explanation,
    });
  }
  await sink.end();
  const ruleSets = candidates
    .filter((c) => uses.has(c.id))
    .map((c) => ({
      ruleSetId: c.id,
      versionNo: c.versionNo,
      name: c.name,
      orgUnitId: c.orgUnitId,
      orgUnitName: c.orgUnitName,
      units: uses.get(c.id) ?? 0,
    }));
  const rolled = rollUp(tree).get(root.id);
  const result: RecomputeResult = {
    orgUnitId: root.id,
    date,
    units,
    withQuota,
    withoutRule,
    missingInputs,
    ruleSets,
    totals: {
      quota: rolled?.quota ?? 0,
      headcount: rolled?.headcount ?? 0,
      vacancies: rolled?.vacancies ?? 0,
      excess: rolled?.excess ?? 0,
      headcountWithoutQuota: rolled?.headcountWithoutQuota ?? 0,
    },
    computedAt: computedAt.toISOString(),
  };
  await writeAudit(tx, ctx, [
    {
      action: 'staffing.recompute',
      entityType: 'org_unit',
      entityId: root.id,
      orgPath: root.path,
      changes: {
        date,
        units: result.units,
        withQuota,
        withoutRule,
        missingInputs,
        inactiveCleared: inactive,
        totalQuota,
        totals: result.totals,
        ruleSets: ruleSets.map((r) => ({
          id: r.ruleSetId,
          versionNo: r.versionNo,
          units: r.units,
        })),
      },
    },
  ]);
  return result;
}

/** Collects the rows and inserts them from column arrays: fine for a city's few hundred units. */
function insertSink(tx: DbOrTx, date: string, computedAt: Date): QuotaSink {
  const rows: QuotaRow[] = [];
  const col = <K extends keyof QuotaRow>(k: K) => sql.param(rows.map((r) => r[k]));
  return {
    push: (row) => {
      rows.push(row);
    },
    async end() {
      if (rows.length === 0) return;
      await tx.execute(sql`
        insert into unit_quota (org_unit_id, quota, by_population, by_households,
                                resident_population, households, rule_set_id, rule_version_no,
                                rule_date, explanation, computed_at)
        select u.id, u.quota, u.by_population, u.by_households, u.population, u.households,
               u.rule_set_id, u.rule_version_no, ${date}::date, u.explanation,
               ${computedAt.toISOString()}::timestamptz
          from unnest(${col('id')}::bigint[], ${col('quota')}::int[],
                      ${col('byPopulation')}::int[], ${col('byHouseholds')}::int[],
                      ${col('population')}::int[], ${col('households')}::int[],
                      ${col('ruleSetId')}::bigint[], ${col('ruleVersionNo')}::int[],
                      ${col('explanation')}::text[])
               as u(id, quota, by_population, by_households, population, households,
                    rule_set_id, rule_version_no, explanation)`);
    },
  };
}

const copyNumber = (v: number | null) => (v === null ? '\\N' : String(v));
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
const copyText = (v: string) => v.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch] ?? ch);

/** COPY … FROM STDIN in text format, flushed in 64 KiB chunks while rows keep coming. */
function copySink(client: pg.PoolClient, date: string, computedAt: Date): QuotaSink {
  const stream = client.query(
    copyFrom(`copy unit_quota (org_unit_id, quota, by_population, by_households,
                               resident_population, households, rule_set_id, rule_version_no,
                               rule_date, explanation, computed_at) from stdin`),
  );
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  // Rejections surface through end(); a failed COPY must not also be an unhandled rejection.
  done.catch(() => undefined);
  const at = computedAt.toISOString();
  let buf = '';
  return {
    async push(r) {
      buf +=
        `${r.id}\t${copyNumber(r.quota)}\t${copyNumber(r.byPopulation)}\t` +
        `${copyNumber(r.byHouseholds)}\t${copyNumber(r.population)}\t${copyNumber(r.households)}\t` +
        `${copyNumber(r.ruleSetId)}\t${copyNumber(r.ruleVersionNo)}\t${date}\t` +
        `${copyText(r.explanation)}\t${at}\n`;
      if (buf.length < 1 << 16) return;
      const chunk = buf;
      buf = '';
      if (!stream.write(chunk)) {
        await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), done]);
      }
    },
    async end() {
      stream.end(buf);
      buf = '';
      await done;
    },
  };
}
