// Batch renewal (批量续订): the selected active fixed-term contracts are renewed in one
// transaction with a handful of statements whatever their number, each on the proposal of the
// rule set governing its worker on the new start date (open-ended after the configured number of
// consecutive fixed terms). All or nothing: one contract that cannot be renewed stops the batch
// with a message naming it.
import type { BatchRenewResult } from '@cwp/contracts';
import { addDays, type ContractParameters } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { writeAudit, type AuditContext, type AuditEvent } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError } from '../../lib/errors';
import { governingResolver, loadCandidates, pathIds, type Candidate } from '../rule-sets/resolve';
import { todayIso } from '../workers/mapping';
import { planContract, proposeNextContract } from './terms';

interface Selected extends Record<string, unknown> {
  id: number;
  worker_id: number;
  worker_name: string;
  worker_path: string;
  worker_unit_id: number;
  type: string;
  status: string;
  end_date: string | null;
}

export async function batchRenew(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  ids: readonly number[],
): Promise<BatchRenewResult> {
  const unique = [...new Set(ids)];
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<Selected>(sql`
      select c.id, c.worker_id, w.name as worker_name, w.org_path as worker_path,
             w.org_unit_id as worker_unit_id, c.type, c.status,
             to_char(c.end_date, 'YYYY-MM-DD') as end_date
        from labor_contract c join worker w on w.id = c.worker_id
       where c.id = any(${sql.param(unique)}::bigint[])
       order by c.id
         for update of c`);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const issues: { path: string; message: string }[] = [];
    unique.forEach((id, i) => {
      const r = byId.get(id);
      if (!r || !r.worker_path.startsWith(auth.orgPath))
        issues.push({ path: `ids.${i}`, message: `合同 ${id} 不存在或无权访问` });
      else if (r.status !== 'active')
        issues.push({ path: `ids.${i}`, message: `${r.worker_name} 的合同 ${id} 不在履行中` });
      else if (r.type !== 'fixed_term' || !r.end_date)
        issues.push({
          path: `ids.${i}`,
          message: `${r.worker_name} 的合同 ${id} 为无固定期限合同，无需续订`,
        });
    });
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues.slice(0, 50));

    const workerIds = rows.map((r) => Number(r.worker_id));
    const hist = await tx.execute<{ worker_id: number; type: string; seq: number }>(sql`
      select worker_id, type, seq from labor_contract
       where worker_id = any(${sql.param(workerIds)}::bigint[]) order by worker_id, seq`);
    const history = new Map<number, { type: string; seq: number }[]>();
    for (const h of hist.rows) {
      const list = history.get(Number(h.worker_id)) ?? [];
      list.push({ type: h.type, seq: h.seq });
      history.set(Number(h.worker_id), list);
    }

    // Candidates up to the latest start date; each start date gets the versions in force then.
    const starts = rows.map((r) => addDays(r.end_date ?? '', 1));
    const latest = [todayIso(), ...starts].sort().at(-1) ?? todayIso();
    const all = await loadCandidates(tx, 'contract_insurance', auth.orgPath, latest);
    const resolvers = new Map<string, (path: string) => Candidate<'contract_insurance'> | null>();
    const resolverOn = (date: string) => {
      let r = resolvers.get(date);
      if (!r) {
        r = governingResolver(all.filter((c) => c.effectiveFrom <= date));
        resolvers.set(date, r);
      }
      return r;
    };

    const subIds = [...new Set(rows.flatMap((r) => pathIds(r.worker_path)))];
    const subs = await tx.execute<{ id: number; path: string }>(sql`
      select id, path from org_unit
       where id = any(${sql.param(subIds)}::bigint[]) and level = 'subdistrict'`);
    const subByPath = subs.rows.map((s) => ({ id: Number(s.id), path: s.path }));

    const today = todayIso();
    const out: {
      previous_id: number;
      worker_id: number;
      seq: number;
      org_unit_id: number;
      org_path: string;
      type: 'fixed_term' | 'open_ended';
      term_months: number | null;
      start_date: string;
      end_date: string | null;
      rule_set_id: number;
      rule_set_version: number;
    }[] = [];
    const used = new Map<number, { id: number; versionNo: number; name: string; n: number }>();
    rows.forEach((r, i) => {
      const startDate = starts[i] ?? today;
      const rule = resolverOn(startDate)(r.worker_path) ?? resolverOn(today)(r.worker_path);
      if (!rule) {
        issues.push({
          path: `ids.${unique.indexOf(Number(r.id))}`,
          message: `${r.worker_name} 所在单位没有生效的“劳动合同与社保”规则`,
        });
        return;
      }
      const h = history.get(Number(r.worker_id)) ?? [];
      const params: ContractParameters = rule.content;
      const next = proposeNextContract(params, h);
      const type = next.openEnded ? 'open_ended' : 'fixed_term';
      const plan = planContract({
        type,
        startDate,
        termYears: next.termYears,
        probationMonths: 0,
      });
      const sub = subByPath
        .filter((s) => r.worker_path.startsWith(s.path))
        .sort((a, b) => b.path.length - a.path.length)[0] ?? {
        id: Number(r.worker_unit_id),
        path: r.worker_path,
      };
      out.push({
        previous_id: Number(r.id),
        worker_id: Number(r.worker_id),
        seq: (h.at(-1)?.seq ?? 0) + 1,
        org_unit_id: sub.id,
        org_path: sub.path,
        type,
        term_months: plan.termMonths,
        start_date: startDate,
        end_date: plan.endDate,
        rule_set_id: rule.id,
        rule_set_version: rule.versionNo,
      });
      const u = used.get(rule.id) ?? {
        id: rule.id,
        versionNo: rule.versionNo,
        name: rule.name,
        n: 0,
      };
      u.n++;
      used.set(rule.id, u);
    });
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues.slice(0, 50));

    // The old ones first: the one-active-contract index must never see two active rows.
    await tx.execute(sql`
      update labor_contract set status = 'renewed', version = version + 1, updated_at = now()
       where id = any(${sql.param(rows.map((r) => Number(r.id)))}::bigint[])`);
    const inserted = await tx.execute<{
      id: number;
      previous_id: number;
      type: 'fixed_term' | 'open_ended';
      start_date: string;
      end_date: string | null;
    }>(sql`
      insert into labor_contract (worker_id, seq, previous_id, org_unit_id, org_path, type,
                                  term_months, start_date, end_date, probation_months,
                                  rule_set_id, rule_set_version, created_by)
      select worker_id, seq, previous_id, org_unit_id, org_path, type, term_months, start_date,
             end_date, 0, rule_set_id, rule_set_version, ${ctx.actorId}
        from json_to_recordset(${JSON.stringify(out)}::json) as x(worker_id bigint, seq int,
             previous_id bigint, org_unit_id bigint, org_path text, type text, term_months int,
             start_date date, end_date date, rule_set_id bigint, rule_set_version int)
      returning id, previous_id, type, to_char(start_date, 'YYYY-MM-DD') as start_date,
                to_char(end_date, 'YYYY-MM-DD') as end_date`);
    const pathOf = new Map(rows.map((r) => [Number(r.id), r.worker_path]));
    const outByPrevious = new Map(out.map((x) => [x.previous_id, x]));
    const events: AuditEvent[] = inserted.rows.map((c) => {
      const o = outByPrevious.get(Number(c.previous_id));
      return {
        action: 'labor_contract.renew',
        entityType: 'labor_contract',
        entityId: Number(c.id),
        orgPath: pathOf.get(Number(c.previous_id)) ?? null,
        changes: {
          batch: true,
          previousId: Number(c.previous_id),
          workerId: o?.worker_id,
          type: c.type,
          startDate: c.start_date,
          endDate: c.end_date,
          ruleSetId: o?.rule_set_id,
          ruleSetVersion: o?.rule_set_version,
        },
      };
    });
    await writeAudit(tx, ctx, events);
    return {
      renewed: inserted.rows.length,
      contracts: inserted.rows.map((c) => ({
        previousId: Number(c.previous_id),
        id: Number(c.id),
        type: c.type,
        startDate: c.start_date,
        endDate: c.end_date,
      })),
      rulesUsed: [...used.values()].map((u) => ({
        id: u.id,
        versionNo: u.versionNo,
        name: u.name,
        contracts: u.n,
      })),
    };
  });
}
