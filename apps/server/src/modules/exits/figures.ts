// Figures for the leaders: workers reaching statutory retirement age in the next N months (ages
// from the retirement_age_rule data, incl. the gradual raise), and exits and turnover per unit
// and month with their reasons.
import type { ExitStatsView } from '@cwp/contracts';
import {
  EXIT_TYPES,
  addMonths,
  formatAgeMonths,
  retirementDate,
  turnoverRate,
  type RetirementAgeRule,
} from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import { todayIso } from '../workers/mapping';
import { scopedUnit } from '../attendance/scope';

interface RuleRow extends Record<string, unknown> {
  id: number;
  sex: string;
  label: string;
  baseAgeMonths: number;
  raiseFrom: string | null;
  raiseEveryMonths: number | null;
  targetAgeMonths: number | null;
  version: number;
}

export async function retirementRules(db: DbOrTx): Promise<RuleRow[]> {
  const { rows } = await db.execute<RuleRow>(sql`
    select id, sex, label, base_age_months as "baseAgeMonths", raise_from::text as "raiseFrom",
           raise_every_months as "raiseEveryMonths", target_age_months as "targetAgeMonths", version
      from retirement_age_rule order by sex desc`);
  return rows;
}

export async function updateRetirementRule(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: Omit<RuleRow, 'id' | 'sex'>,
): Promise<RuleRow[]> {
  if (auth.orgPath.split('.').filter(Boolean).length > 1)
    throw new AppError('FORBIDDEN', undefined, '法定退休年龄由最高一级单位的管理员维护');
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<RuleRow>(sql`
      select id, version, label, base_age_months as "baseAgeMonths"
        from retirement_age_rule where id = ${id} for update`);
    const old = rows[0];
    if (!old) throw notFound();
    if (old.version !== body.version) throw new AppError('CONFLICT');
    await tx.execute(sql`
      update retirement_age_rule set label = ${body.label}, base_age_months = ${body.baseAgeMonths},
             raise_from = ${body.raiseFrom}, raise_every_months = ${body.raiseEveryMonths},
             target_age_months = ${body.targetAgeMonths}, version = version + 1, updated_at = now()
       where id = ${id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'retirement_age_rule.update',
        entityType: 'retirement_age_rule',
        entityId: id,
        changes: { ...body },
      },
    ]);
  });
  return retirementRules(db);
}

export async function retirementDue(
  db: Db,
  auth: AuthContext,
  q: { months: number; orgUnitId?: number | undefined },
) {
  const u = await scopedUnit(db, auth, q.orgUnitId);
  const rules = new Map<string, RetirementAgeRule>(
    (await retirementRules(db)).map((r) => [r.sex, r]),
  );
  if (rules.size === 0) return { months: q.months, rows: [] };
  const horizon = addMonths(todayIso(), q.months);
  // Nobody younger than the lowest base age can be due: a cheap prefilter on the birth date.
  const minAge = Math.min(...[...rules.values()].map((r) => r.baseAgeMonths));
  const latestBirth = addMonths(horizon, -minAge);
  const { rows } = await db.execute<{
    id: number;
    name: string;
    sex: string;
    birth_date: string;
    org_unit_name: string;
    open_exit: boolean;
  }>(sql`
    select w.id, w.name, w.sex, w.birth_date::text as birth_date, u.name as org_unit_name,
           exists (select 1 from worker_exit e where e.worker_id = w.id
                     and e.status in ('draft', 'pending', 'returned')) as open_exit
      from worker w join org_unit u on u.id = w.org_unit_id
     where w.org_path like ${`${u.path}%`} and w.status <> 'exited'
       and w.birth_date <= ${latestBirth}
     order by w.birth_date, w.id`);
  const out = [];
  for (const r of rows) {
    const rule = rules.get(r.sex);
    if (!rule) continue;
    const date = retirementDate(r.birth_date, rule);
    if (date > horizon) continue;
    const ageMonths =
      (Number(date.slice(0, 4)) - Number(r.birth_date.slice(0, 4))) * 12 +
      Number(date.slice(5, 7)) -
      Number(r.birth_date.slice(5, 7));
    out.push({
      workerId: r.id,
      name: r.name,
      orgUnitName: r.org_unit_name,
      sex: r.sex,
      birthDate: r.birth_date,
      retirementAge: formatAgeMonths(ageMonths),
      retirementDate: date,
      hasOpenExit: r.open_exit,
    });
  }
  out.sort((a, b) => a.retirementDate.localeCompare(b.retirementDate) || a.workerId - b.workerId);
  return { months: q.months, rows: out };
}

/** Approved exits of a year per direct child unit and month, by type and reason. */
export async function exitStats(
  db: Db,
  auth: AuthContext,
  q: { year: number; orgUnitId?: number | undefined },
): Promise<ExitStatsView> {
  const u = await scopedUnit(db, auth, q.orgUnitId);
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  const approved = sql`e.status = 'approved' and e.exit_date between ${from} and ${to}
    and e.org_path like ${`${u.path}%`}`;
  const { rows: byMonth } = await db.execute<{ month: number; count: number }>(sql`
    select extract(month from e.exit_date)::int as month, count(*)::int as count
      from worker_exit e where ${approved} group by 1 order by 1`);
  const { rows: byType } = await db.execute<{
    type: ExitStatsView['byType'][0]['type'];
    count: number;
  }>(sql`select e.type, count(*)::int as count from worker_exit e where ${approved} group by 1`);
  const { rows: reasons } = await db.execute<{ reason: string; count: number }>(sql`
    select e.reason, count(*)::int as count from worker_exit e where ${approved}
     group by 1 order by 2 desc, 1 limit 20`);
  const { rows: units } = await db.execute<{
    id: number;
    name: string;
    months: number[];
    headcount: number;
  }>(sql`
    select c.id, c.name,
           array(select count(e.id)::int from generate_series(1, 12) m
                   left join worker_exit e on ${approved} and e.org_path like c.path || '%'
                        and extract(month from e.exit_date) = m
                  group by m order by m) as months,
           (select count(*)::int from worker w where w.org_path like c.path || '%'
               and w.status in ('active', 'probation')) as headcount
      from org_unit c
     where c.parent_id = ${u.id} or (c.id = ${u.id} and not exists (
             select 1 from org_unit k where k.parent_id = ${u.id}))
     order by c.path`);
  return {
    year: q.year,
    byMonth: Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      count: byMonth.find((m) => m.month === i + 1)?.count ?? 0,
    })),
    byType: EXIT_TYPES.map((t) => ({
      type: t,
      count: byType.find((x) => x.type === t)?.count ?? 0,
    })),
    reasons,
    units: units.map((x) => {
      const exits = x.months.reduce((a, b) => a + b, 0);
      return {
        orgUnitId: x.id,
        orgUnitName: x.name,
        exits,
        headcount: x.headcount,
        turnoverRate: turnoverRate(exits, x.headcount + exits),
        byMonth: x.months,
      };
    }),
  };
}
