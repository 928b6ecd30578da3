// Demo contracts and insurance: for every demo worker a contract history from the hire date under
// the demo city's contract rule (renewed while it lapsed, open-ended after the configured number
// of fixed terms), so some active contracts expire within 60 days of the seeding day; the five
// insurances and housing fund from the hire date; and a few career-channel records. A handful of
// multi-row statements, whatever the number of workers.
import { addDays, INSURANCE_KINDS, nextContractTerm } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { SYSTEM_CONTEXT, writeAudit } from '../lib/audit';
import { planContract } from '../modules/contracts/terms';
import { resolveInForce } from '../modules/rule-sets/resolve';
import { todayIso } from '../modules/workers/mapping';

const CAREER_KINDS = ['civil_service', 'public_institution', 'tutor', 'reserve_pool'] as const;
const DESTINATIONS = {
  civil_service: '区人民政府办公室（公务员）',
  public_institution: '区社会工作服务中心（事业单位）',
  tutor: '新入职社区工作者带教导师',
  reserve_pool: '社区“两委”后备人才库',
} as const;

export async function seedDemoContracts(tx: DbOrTx, cityPath: string): Promise<void> {
  const today = todayIso();
  const rule = await resolveInForce(tx, 'contract_insurance', cityPath, today);
  if (!rule) return;
  const { rows: workers } = await tx.execute<{
    id: number;
    org_unit_id: number;
    org_path: string;
    hire_date: string;
    status: string;
  }>(sql`
    select id, org_unit_id, org_path, to_char(hire_date, 'YYYY-MM-DD') as hire_date, status
      from worker where org_path like ${`${cityPath}%`} order by id`);
  const { rows: subs } = await tx.execute<{ id: number; path: string }>(sql`
    select id, path from org_unit where level = 'subdistrict' and path like ${`${cityPath}%`}`);
  const subOf = new Map(subs.map((s) => [s.path, Number(s.id)]));
  const signing = (path: string): { id: number; path: string } => {
    // community paths are subdistrict path + "<id>."
    const parent = path.slice(0, path.lastIndexOf('.', path.length - 2) + 1);
    const id = subOf.get(path) ?? subOf.get(parent);
    return id === undefined ? { id: 0, path } : { id, path: subOf.has(path) ? path : parent };
  };

  // Insurance for the first district's workers only: enough to show, cheap to seed.
  const { rows: firstDistrict } = await tx.execute<{ path: string }>(sql`
    select path from org_unit where level = 'district' and path like ${`${cityPath}%`}
     order by division_code limit 1`);
  const insuredPath = firstDistrict[0]?.path ?? cityPath;
  const contracts: Record<string, unknown>[] = [];
  const insurance: Record<string, unknown>[] = [];
  const careers: Record<string, unknown>[] = [];
  for (const w of workers) {
    const unit = signing(w.org_path);
    const signedBy = unit.id === 0 ? { id: Number(w.org_unit_id), path: w.org_path } : unit;
    let start = w.hire_date;
    let fixed = 0;
    let seq = 0;
    let previous: number | null = null;
    for (;;) {
      const next = nextContractTerm(rule.content, fixed);
      const type = next.openEnded ? 'open_ended' : 'fixed_term';
      const plan = planContract({
        type,
        startDate: start,
        termYears: next.termYears,
        probationMonths: seq === 0 ? next.probationMonths : 0,
      });
      seq++;
      const lapsed = plan.endDate !== null && plan.endDate < today;
      const exitedHere = w.status === 'exited' && !lapsed;
      const id = contracts.length;
      contracts.push({
        id,
        previous_id: previous,
        worker_id: Number(w.id),
        seq,
        org_unit_id: signedBy.id,
        org_path: signedBy.path,
        type,
        term_months: plan.termMonths,
        start_date: start,
        end_date: plan.endDate,
        probation_months: seq === 1 ? next.probationMonths : 0,
        probation_end: seq === 1 ? plan.probationEnd : null,
        status: lapsed ? 'renewed' : exitedHere ? 'terminated' : 'active',
        termination_date: exitedHere
          ? start > addDays(today, -30)
            ? start
            : addDays(today, -30)
          : null,
        termination_reason: exitedHere ? '劳动者本人提出解除劳动合同' : null,
      });
      if (!lapsed || plan.endDate === null) break;
      start = addDays(plan.endDate, 1);
      previous = id;
      if (type === 'fixed_term') fixed++;
    }
    const base = 4500 + (Number(w.id) % 40) * 100;
    if (w.org_path.startsWith(insuredPath))
      for (const kind of INSURANCE_KINDS)
        insurance.push({
          worker_id: Number(w.id),
          kind,
          status: w.status === 'exited' ? 'stopped' : 'paying',
          base_cents: base * 100,
          start_date: w.hire_date,
          effective_from: w.hire_date,
        });
    if (Number(w.id) % 97 === 0) {
      const kind = CAREER_KINDS[Number(w.id) % CAREER_KINDS.length] ?? 'tutor';
      const year = Number(today.slice(0, 4)) - (Number(w.id) % 2);
      careers.push({
        worker_id: Number(w.id),
        kind,
        occurred_on: `${year}-0${1 + (Number(w.id) % 9)}-15`,
        destination: DESTINATIONS[kind],
        org_unit_id: Number(w.org_unit_id),
        org_path: w.org_path,
      });
    }
  }
  // Ids reserved up front, so each renewal links to the contract before it in the same insert.
  const { rows: reserved } = await tx.execute<{ id: number }>(sql`
    select nextval('labor_contract_id_seq') as id from generate_series(1, ${contracts.length})`);
  const ids = reserved.map((r) => Number(r.id));
  for (const c of contracts) {
    c.id = ids[Number(c.id)];
    if (c.previous_id !== null) c.previous_id = ids[Number(c.previous_id)];
  }
  for (let i = 0; i < contracts.length; i += 20_000)
    await tx.execute(sql`
      insert into labor_contract (id, previous_id, worker_id, seq, org_unit_id, org_path, type, term_months,
             start_date, end_date, probation_months, probation_end, status, termination_date,
             termination_reason, rule_set_id, rule_set_version, note)
      select id, previous_id, worker_id, seq, org_unit_id, org_path, type,
             term_months, start_date, end_date, probation_months, probation_end, status, termination_date, termination_reason,
             ${rule.id}, ${rule.versionNo}, '演示数据'
        from json_to_recordset(${JSON.stringify(contracts.slice(i, i + 20_000))}::json) as x(
             id bigint, previous_id bigint, worker_id bigint, seq int, org_unit_id bigint, org_path text, type text,
             term_months int, start_date date, end_date date, probation_months int,
             probation_end date, status text, termination_date date, termination_reason text)`);
  for (let i = 0; i < insurance.length; i += 30_000)
    await tx.execute(sql`
      insert into social_insurance (worker_id, kind, status, base_cents, start_date, effective_from,
                                    note)
      select worker_id, kind, status, base_cents, start_date, effective_from, '演示数据'
        from json_to_recordset(${JSON.stringify(insurance.slice(i, i + 30_000))}::json) as x(
             worker_id bigint, kind text, status text, base_cents bigint, start_date date,
             effective_from date)`);
  if (careers.length > 0)
    await tx.execute(sql`
      insert into career_record (worker_id, kind, occurred_on, destination, org_unit_id, org_path,
                                 note)
      select worker_id, kind, occurred_on, destination, org_unit_id, org_path, '演示数据'
        from json_to_recordset(${JSON.stringify(careers)}::json) as x(worker_id bigint, kind text,
             occurred_on date, destination text, org_unit_id bigint, org_path text)`);
  await writeAudit(tx, SYSTEM_CONTEXT, [
    {
      action: 'labor_contract.seed_demo',
      entityType: 'labor_contract',
      orgPath: cityPath,
      changes: {
        contracts: contracts.length,
        insuranceRecords: insurance.length,
        careerRecords: careers.length,
        ruleSetId: rule.id,
        ruleSetVersion: rule.versionNo,
      },
    },
  ]);
}
