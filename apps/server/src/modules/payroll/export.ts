// Payroll spreadsheets (.xlsx, exceljs's streaming writer via workers/excel/xlsx-write): the bank
// transfer list of a run (name, ID number, bank, account, amount paid; personal data in full, so
// it needs `worker:pii`) and the run summary (totals by component, per community and overall).
// Text cells are neutralised against formula injection; every export is audited, and its audit
// row says whether per-worker amounts (and bank accounts, ID numbers) were in the file, never the
// values themselves.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import { createSheetWriter, memorySink, type CellOut } from '../workers/excel/xlsx-write';
import { neutralise } from '../workers/excel/normalise';
import { runComponents, runInScope, seesAmounts } from './view';

const text = (v: string | null) => (v === null ? null : neutralise(v));

export async function bankTransferList(
  db: Db,
  pii: Pii,
  auth: AuthContext,
  ctx: AuditContext,
  runId: number,
): Promise<{ fileName: string; buffer: Buffer }> {
  const { run, unitName } = await runInScope(db, auth, runId);
  if (!seesAmounts(auth)) {
    throw new AppError('FORBIDDEN', undefined, '导出银行代发清单需要“查看敏感信息”权限');
  }
  const { rows } = await db.execute<{
    worker_name: string;
    id_number_enc: string;
    unit_name: string;
    bank_name: string | null;
    account_enc: string | null;
    paid: string;
  }>(sql`
    select s.worker_name, w.id_number_enc, o.name as unit_name, p.bank_name, p.account_enc,
           (s.net_pay + s.adjustment_total)::text as paid
      from payroll_slip s
      join worker w on w.id = s.worker_id
      join org_unit o on o.id = s.org_unit_id
      left join payroll_payee p on p.worker_id = s.worker_id
     where s.run_id = ${runId} and s.org_path like ${`${auth.orgPath}%`}
     order by s.org_path, s.worker_id`);
  const sink = memorySink();
  const sheet = createSheetWriter(sink.stream, {
    sheetName: '银行代发清单',
    columns: [
      { header: '序号', width: 8 },
      { header: '姓名', width: 12 },
      { header: '身份证号', width: 22 },
      { header: '开户银行', width: 22 },
      { header: '银行账号', width: 26 },
      { header: '实发金额（元）', width: 16 },
      { header: '所属单位', width: 24 },
    ],
  });
  let total = 0;
  let missing = 0;
  rows.forEach((r, i) => {
    const paid = Number(r.paid);
    total += Math.round(paid * 100);
    if (r.account_enc === null) missing++;
    const cells: CellOut[] = [
      i + 1,
      text(r.worker_name),
      pii.decrypt(r.id_number_enc),
      text(r.bank_name) ?? '（未登记）',
      r.account_enc === null ? '（未登记）' : pii.decrypt(r.account_enc),
      paid,
      text(r.unit_name),
    ];
    sheet.addRow(cells);
  });
  sheet.addRow(['合计', null, null, null, null, total / 100, `${rows.length} 人`]);
  await sheet.finish();
  await writeAudit(db, ctx, [
    {
      action: 'payroll_run.export_bank',
      entityType: 'payroll_run',
      entityId: runId,
      orgPath: run.orgPath,
      changes: {
        rows: rows.length,
        total: total / 100,
        withoutAccount: missing,
        perWorkerAmounts: true,
        bankAccounts: true,
        idNumbers: true,
      },
    },
  ]);
  return { fileName: `银行代发清单-${unitName}-${run.month}.xlsx`, buffer: sink.result() };
}

export async function runSummary(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  runId: number,
): Promise<{ fileName: string; buffer: Buffer }> {
  const { run, unitName, ruleName } = await runInScope(db, auth, runId);
  const agg = await runComponents(db, runId);
  const sink = memorySink();
  const sheet = createSheetWriter(sink.stream, {
    sheetName: '工资汇总',
    columns: [
      { header: '单位', width: 24 },
      { header: '人数', width: 8 },
      { header: '基本工资', width: 14 },
      { header: '绩效工资', width: 14 },
      { header: '津贴', width: 12 },
      { header: '应发工资', width: 14 },
      { header: '个人缴纳五险一金', width: 16 },
      { header: '单位缴纳五险一金', width: 16 },
      { header: '实发工资（调整前）', width: 18 },
      { header: '调整', width: 12 },
      { header: '实发合计', width: 14 },
    ],
  });
  const line = (name: string, workers: number, c: typeof agg.components): CellOut[] => [
    text(name),
    workers,
    c.basePay,
    c.performancePay,
    c.allowance,
    c.grossPay,
    c.employeeTotal,
    c.employerTotal,
    c.netPay,
    c.adjustmentTotal,
    Math.round((c.netPay + c.adjustmentTotal) * 100) / 100,
  ];
  for (const c of agg.byCommunity) sheet.addRow(line(c.name, c.workers, c.components));
  sheet.addRow(line(`${unitName} 合计`, run.workerCount, agg.components));
  sheet.addRow([]);
  sheet.addRow([`核算月份 ${run.month}`, null, `状态 ${run.status}`]);
  for (const r of agg.rulesUsed) {
    sheet.addRow([
      text(`薪酬标准 ${r.name}（第 ${r.versionNo} 版，编号 ${r.ruleSetId}）`),
      r.workers,
    ]);
  }
  if (agg.rulesUsed.length === 0) sheet.addRow([text(`薪酬标准 ${ruleName}`)]);
  await sheet.finish();
  await writeAudit(db, ctx, [
    {
      action: 'payroll_run.export_summary',
      entityType: 'payroll_run',
      entityId: runId,
      orgPath: run.orgPath,
      // Totals by component per community and for the run: no per-worker amount.
      changes: { communities: agg.byCommunity.length, perWorkerAmounts: false },
    },
  ]);
  return { fileName: `工资汇总-${unitName}-${run.month}.xlsx`, buffer: sink.result() };
}
