// Worker dossier commands: create, read, edit with optimistic locking, transfer, and the audited
// reveal of personal data. Post, grade, status and unit changes write effective-dated history.
import type {
  CreateWorkerBody,
  FamilyMemberView,
  HistoryEntry,
  RevealBody,
  RevealedPii,
  UpdateWorkerBody,
  WorkerDetail,
} from '@cwp/contracts';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { inTurn, type Db, type DbOrTx } from '../../db/client';
import {
  appUser,
  orgUnit,
  worker,
  workerAttachment,
  workerFamily,
  workerHistory,
  workerWorkHistory,
} from '../../db/schema';
import { diff, writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import { inScope } from '../../lib/scope';
import type { DictionaryCache } from '../dictionaries/cache';
import {
  checkDictionaryCodes,
  EXITED_READ_ONLY,
  highestEducation,
  identityColumns,
  phoneColumns,
  presentSummary,
  toInsert,
  todayIso,
  type WorkerRow,
} from './mapping';

export interface WorkerDeps {
  db: Db;
  pii: Pii;
  dictionaries: DictionaryCache;
}

const TRACKED = ['post', 'grade', 'status'] as const;
/** Fields whose values never enter the audit trail in clear. */
const SECRET_FIELDS = new Set(['idNumber', 'phone']);

/** Workers live in communities or subdistricts; the unit must be active and in the caller's scope. */
export async function assignableUnit(
  db: DbOrTx,
  auth: AuthContext,
  orgUnitId: number,
  field = 'orgUnitId',
) {
  const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, orgUnitId));
  if (!unit || !inScope(auth, unit.path)) throw fieldError(field, '所属单位不存在或无权访问');
  if (!unit.active) throw fieldError(field, '所属单位已停用');
  if (unit.level !== 'community' && unit.level !== 'subdistrict')
    throw fieldError(field, '社区工作者只能隶属于社区或街道');
  return unit;
}

/** The worker row if the caller may see it; 404 otherwise (a worker account sees only itself). */
export async function loadVisible(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
  lock = false,
): Promise<WorkerRow> {
  const q = db.select().from(worker).where(eq(worker.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  const canRoster = auth.permissions.has('worker:read');
  if (!(canRoster && inScope(auth, row.orgPath)) && auth.workerId !== row.id) throw notFound();
  return row;
}

async function assertIdNumberFree(db: DbOrTx, hash: string, exceptId?: number): Promise<void> {
  const [hit] = await db
    .select({ id: worker.id })
    .from(worker)
    .where(eq(worker.idNumberHash, hash));
  if (hit && hit.id !== exceptId) throw fieldError('idNumber', '该身份证号已在系统中登记');
}

export async function createWorker(
  deps: WorkerDeps,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateWorkerBody,
): Promise<WorkerDetail> {
  const problems = await checkDictionaryCodes(deps.dictionaries, body);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
  const id = await deps.db.transaction(async (tx) => {
    const unit = await assignableUnit(tx, auth, body.orgUnitId);
    const values = toInsert(deps.pii, body, unit.path, auth.username);
    await assertIdNumberFree(tx, values.idNumberHash);
    const [row] = await tx.insert(worker).values(values).returning({ id: worker.id });
    if (!row) throw new AppError('INTERNAL');
    await tx.insert(workerHistory).values([
      {
        workerId: row.id,
        kind: 'unit',
        value: unit.name,
        orgUnitId: unit.id,
        effectiveFrom: body.hireDate,
        reason: '聘用',
        createdBy: auth.username,
      },
      ...TRACKED.filter((k) => body[k] !== null && body[k] !== undefined).map((k) => ({
        workerId: row.id,
        kind: k,
        value: String(body[k]),
        effectiveFrom: body.hireDate,
        reason: '聘用',
        createdBy: auth.username,
      })),
    ]);
    const { idNumber: _i, phone: _p, ...auditable } = body;
    await writeAudit(tx, ctx, [
      {
        action: 'worker.create',
        entityType: 'worker',
        entityId: row.id,
        orgPath: unit.path,
        changes: { ...auditable, idNumber: values.idNumberMasked, phone: values.phoneMasked },
      },
    ]);
    return row.id;
  });
  return getWorker(deps.db, auth, id);
}

export async function getWorker(db: DbOrTx, auth: AuthContext, id: number): Promise<WorkerDetail> {
  const row = await loadVisible(db, auth, id);
  const self = auth.workerId === id;
  const pathIds = row.orgPath.split('.').filter(Boolean).map(Number);
  // A transaction as `db` too (a hire creates the worker and returns the dossier in one).
  const [units, work, family, attachments] = await inTurn(
    db,
    () =>
      db
        .select({ id: orgUnit.id, name: orgUnit.name, depth: orgUnit.depth })
        .from(orgUnit)
        .where(inArray(orgUnit.id, pathIds))
        .orderBy(asc(orgUnit.depth)),
    () =>
      db
        .select()
        .from(workerWorkHistory)
        .where(eq(workerWorkHistory.workerId, id))
        .orderBy(asc(workerWorkHistory.startDate)),
    () => familyOf(db, id),
    () =>
      db
        .select()
        .from(workerAttachment)
        .where(eq(workerAttachment.workerId, id))
        .orderBy(asc(workerAttachment.id)),
  );
  const unitName = units.find((u) => u.id === row.orgUnitId)?.name ?? '';
  return {
    ...presentSummary({ ...row, orgUnitName: unitName }),
    ethnicity: row.ethnicity,
    nativePlace: row.nativePlace,
    partyJoinDate: row.partyJoinDate,
    educationFullTime: row.educationFullTime,
    educationInService: row.educationInService,
    degree: row.degree,
    school: row.school,
    major: row.major,
    maritalStatus: row.maritalStatus,
    address: row.address,
    workStartDate: row.workStartDate,
    probationEnd: row.probationEnd,
    certNumber: row.certNumber,
    certDate: row.certDate,
    orgPathNames: units.map((u) => u.name),
    workHistory: work.map((w) => ({
      startDate: w.startDate,
      endDate: w.endDate,
      employer: w.employer,
      position: w.position,
    })),
    family: self ? family : family.map(maskFamilyMember),
    familyMasked: !self,
    attachments: attachments.map((a) => ({
      id: a.id,
      kind: a.kind,
      fileName: a.fileName,
      mimeType: a.mimeType,
      size: a.size,
      sha256: a.sha256,
      createdAt: a.createdAt.toISOString(),
    })),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/** Local time in China, as users read it whatever the server's own time zone. */
const CHINA_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'short',
  timeStyle: 'medium',
  hour12: false,
});

/** The 409 of a stale version: who last changed the dossier (name and account) and when. */
async function conflict(db: DbOrTx, row: WorkerRow): Promise<AppError> {
  const when = CHINA_TIME.format(row.updatedAt);
  let who = '他人';
  if (row.updatedBy) {
    const [u] = await db
      .select({ displayName: appUser.displayName })
      .from(appUser)
      .where(eq(appUser.username, row.updatedBy));
    who = u ? `${u.displayName}（${row.updatedBy}）` : row.updatedBy;
  }
  return new AppError(
    'CONFLICT',
    [{ path: 'version', message: `记录已被 ${who} 于 ${when} 修改` }],
    `该记录已被 ${who} 于 ${when} 修改，请刷新后再编辑`,
  );
}

/** Closes the open history record of a kind and opens a new one from `from`. */
async function recordChange(
  tx: DbOrTx,
  workerId: number,
  kind: 'unit' | 'post' | 'grade' | 'status',
  value: string,
  from: string,
  actor: string,
  reason: string | null,
  orgUnitId: number | null = null,
) {
  const open = await tx
    .select()
    .from(workerHistory)
    .where(
      and(
        eq(workerHistory.workerId, workerId),
        eq(workerHistory.kind, kind),
        isNull(workerHistory.effectiveTo),
      ),
    );
  for (const o of open) {
    if (o.effectiveFrom > from)
      throw fieldError('effectiveDate', `生效日期不能早于当前记录的开始日期 ${o.effectiveFrom}`);
    await tx.update(workerHistory).set({ effectiveTo: from }).where(eq(workerHistory.id, o.id));
  }
  await tx
    .insert(workerHistory)
    .values({ workerId, kind, value, orgUnitId, effectiveFrom: from, reason, createdBy: actor });
}

/** The dossier of an exited worker is kept read-only; the exits module re-hires. */

export async function updateWorker(
  deps: WorkerDeps,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: UpdateWorkerBody,
): Promise<WorkerDetail> {
  const problems = await checkDictionaryCodes(deps.dictionaries, body);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
  await deps.db.transaction(async (tx) => {
    const row = await loadVisible(tx, auth, id, true);
    if (!auth.permissions.has('worker:manage') || !inScope(auth, row.orgPath)) throw notFound();
    if (row.version !== body.version) throw await conflict(tx, row);
    if (row.status === 'exited') throw new AppError('BAD_REQUEST', undefined, EXITED_READ_ONLY);
    const { version: _v, effectiveDate, idNumber, phone, ...plain } = body;
    const set: Partial<typeof worker.$inferInsert> = { ...plain };
    if (idNumber !== undefined) {
      const ident = identityColumns(deps.pii, idNumber);
      if (ident.idNumberHash !== row.idNumberHash) {
        await assertIdNumberFree(tx, ident.idNumberHash, id);
        Object.assign(set, ident);
      }
    }
    if (phone !== undefined) {
      const cols = phoneColumns(deps.pii, phone);
      if (cols.phoneHash !== row.phoneHash) Object.assign(set, cols);
    }
    if (body.educationFullTime !== undefined || body.educationInService !== undefined) {
      set.education = highestEducation(
        body.educationFullTime !== undefined ? body.educationFullTime : row.educationFullTime,
        body.educationInService !== undefined ? body.educationInService : row.educationInService,
      );
    }
    const merged = { ...row, ...set };
    if (merged.status === 'probation' && !merged.probationEnd)
      throw fieldError('probationEnd', '试用期人员须填写试用期截止日期');
    if (merged.hireDate < merged.workStartDate)
      throw fieldError('hireDate', '聘用日期不能早于参加社区工作时间');
    const from = effectiveDate ?? todayIso();
    for (const k of TRACKED) {
      const v = body[k];
      if (v !== undefined && v !== null && v !== row[k])
        await recordChange(tx, id, k, String(v), from, auth.username, null);
    }
    const changes = diff(row as unknown as Record<string, unknown>, plain);
    if (set.idNumberHash) changes.idNumber = { from: row.idNumberMasked, to: set.idNumberMasked };
    if (set.phoneHash) changes.phone = { from: row.phoneMasked, to: set.phoneMasked };
    for (const k of Object.keys(changes))
      if (SECRET_FIELDS.has(k) && !changes[k]) delete changes[k];
    await tx
      .update(worker)
      .set({ ...set, version: row.version + 1, updatedAt: new Date(), updatedBy: auth.username })
      .where(eq(worker.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'worker.update',
        entityType: 'worker',
        entityId: id,
        orgPath: row.orgPath,
        changes: { ...changes, ...(effectiveDate ? { effectiveDate } : {}) },
      },
    ]);
  });
  return getWorker(deps.db, auth, id);
}

export async function transferWorker(
  deps: WorkerDeps,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; toOrgUnitId: number; effectiveDate: string; reason: string },
): Promise<WorkerDetail> {
  await deps.db.transaction(async (tx) => {
    const row = await loadVisible(tx, auth, id, true);
    if (!inScope(auth, row.orgPath)) throw notFound();
    if (row.version !== body.version) throw await conflict(tx, row);
    if (row.status === 'exited') throw fieldError('toOrgUnitId', '已退出人员不能调动');
    const unit = await assignableUnit(tx, auth, body.toOrgUnitId, 'toOrgUnitId');
    if (unit.id === row.orgUnitId) throw fieldError('toOrgUnitId', '调入单位与当前单位相同');
    await recordChange(
      tx,
      id,
      'unit',
      unit.name,
      body.effectiveDate,
      auth.username,
      body.reason,
      unit.id,
    );
    await tx
      .update(worker)
      .set({
        orgUnitId: unit.id,
        orgPath: unit.path,
        version: row.version + 1,
        updatedAt: new Date(),
        updatedBy: auth.username,
      })
      .where(eq(worker.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'worker.transfer',
        entityType: 'worker',
        entityId: id,
        orgPath: unit.path,
        changes: {
          orgUnitId: { from: row.orgUnitId, to: unit.id },
          orgPath: { from: row.orgPath, to: unit.path },
          effectiveDate: body.effectiveDate,
          reason: body.reason,
        },
      },
    ]);
  });
  return getWorker(deps.db, auth, id);
}

/** A worker's family members as the dossier shows them, in entry order. */
async function familyOf(db: DbOrTx, workerId: number): Promise<FamilyMemberView[]> {
  const rows = await db
    .select()
    .from(workerFamily)
    .where(eq(workerFamily.workerId, workerId))
    .orderBy(asc(workerFamily.id));
  return rows.map((f) => ({
    relation: f.relation,
    name: f.name,
    birthDate: f.birthDate,
    employer: f.employer,
    politicalStatus: f.politicalStatus,
  }));
}

/** The relation and the surname (张**); the rest is for a revealed, audited view. */
function maskFamilyMember(f: FamilyMemberView): FamilyMemberView {
  const [first = '', ...rest] = Array.from(f.name);
  return {
    relation: f.relation,
    name: first + '*'.repeat(Math.max(1, rest.length)),
    birthDate: null,
    employer: null,
    politicalStatus: null,
  };
}

export async function revealWorker(
  deps: WorkerDeps,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  fields: RevealBody['fields'],
): Promise<RevealedPii> {
  const row = await loadVisible(deps.db, auth, id);
  const out: RevealedPii = {};
  if (fields.includes('idNumber')) out.idNumber = deps.pii.decrypt(row.idNumberEnc);
  if (fields.includes('phone')) out.phone = deps.pii.decrypt(row.phoneEnc);
  if (fields.includes('family')) out.family = await familyOf(deps.db, id);
  await deps.db.transaction((tx) =>
    writeAudit(tx, ctx, [
      {
        action: 'worker.reveal',
        entityType: 'worker',
        entityId: id,
        orgPath: row.orgPath,
        changes: { fields },
      },
    ]),
  );
  return out;
}

export async function workerHistoryOf(
  db: Db,
  auth: AuthContext,
  id: number,
  kind?: string,
): Promise<HistoryEntry[]> {
  await loadVisible(db, auth, id);
  const rows = await db
    .select({ h: workerHistory, orgUnitName: orgUnit.name })
    .from(workerHistory)
    .leftJoin(orgUnit, eq(orgUnit.id, workerHistory.orgUnitId))
    .where(and(eq(workerHistory.workerId, id), kind ? eq(workerHistory.kind, kind) : undefined))
    .orderBy(asc(workerHistory.kind), asc(workerHistory.effectiveFrom), asc(workerHistory.id));
  return rows.map(({ h, orgUnitName }) => ({
    id: h.id,
    kind: h.kind as HistoryEntry['kind'],
    value: h.value,
    orgUnitId: h.orgUnitId,
    orgUnitName,
    effectiveFrom: h.effectiveFrom,
    effectiveTo: h.effectiveTo,
    reason: h.reason,
    createdBy: h.createdBy,
  }));
}

/** Replaces a dossier list (work history or family) as a whole, under the worker's version. */
export async function replaceList(
  deps: WorkerDeps,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  kind: 'work_history' | 'family',
  version: number,
  items: Record<string, unknown>[],
): Promise<WorkerDetail> {
  await deps.db.transaction(async (tx) => {
    const row = await loadVisible(tx, auth, id, true);
    if (!inScope(auth, row.orgPath)) throw notFound();
    if (row.version !== version) throw await conflict(tx, row);
    if (row.status === 'exited') throw new AppError('BAD_REQUEST', undefined, EXITED_READ_ONLY);
    const table = kind === 'family' ? workerFamily : workerWorkHistory;
    await tx.delete(table).where(eq(table.workerId, id));
    if (items.length > 0) {
      if (kind === 'family')
        await tx.insert(workerFamily).values(
          items.map((i) => ({
            ...(i as Omit<typeof workerFamily.$inferInsert, 'workerId'>),
            workerId: id,
          })),
        );
      else
        await tx.insert(workerWorkHistory).values(
          items.map((i) => ({
            ...(i as Omit<typeof workerWorkHistory.$inferInsert, 'workerId'>),
            workerId: id,
          })),
        );
    }
    await tx
      .update(worker)
      .set({ version: row.version + 1, updatedAt: new Date(), updatedBy: auth.username })
      .where(eq(worker.id, id));
    await writeAudit(tx, ctx, [
      // Family details are personal data: the audit records that they changed, not what they are.
      {
        action: `worker.${kind}.replace`,
        entityType: 'worker',
        entityId: id,
        orgPath: row.orgPath,
        changes: kind === 'family' ? { count: items.length } : { items },
      },
    ]);
  });
  return getWorker(deps.db, auth, id);
}
