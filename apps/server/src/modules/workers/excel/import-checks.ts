// The per-row checks that need more than the row itself: the unit (by division code, in the
// caller's scope, a community or subdistrict), the create endpoint's schema, and for a worker
// already registered, what an update would change and whether it may.
import { maskIdNumber, maskPhone, type IdNumberParseResult } from '@cwp/core';
import { createWorkerBody, type CreateWorkerBody } from '@cwp/contracts';
import type { DbOrTx } from '../../../db/client';
import type { Pii } from '../../../lib/pii';
import { inScope } from '../../../lib/scope';
import {
  EXITED_READ_ONLY,
  phoneColumns,
  plainColumns,
  type WorkerInsert,
  type WorkerRow,
} from '../mapping';
import { HEADER_OF, type Draft } from './import-rows';
import { unitsByDivisionCode, type UnitInfo } from './import-write';

export const TRACKED = ['post', 'grade', 'status'] as const;
const PENDING_UNIT = 1;

export interface ImportActor {
  userId: number;
  username: string;
  orgPath: string;
}

/** Fields an update compares and rewrites (besides the phone, compared by its blind index). */
const COMPARED = [
  'name',
  'ethnicity',
  'nativePlace',
  'politicalStatus',
  'partyJoinDate',
  'educationFullTime',
  'educationInService',
  'degree',
  'school',
  'major',
  'maritalStatus',
  'address',
  'category',
  'orgUnitId',
  'post',
  'grade',
  'status',
  'workStartDate',
  'hireDate',
  'probationEnd',
  'qualification',
  'certNumber',
  'certDate',
] as const;

export interface Checked extends Draft {
  /** The ID number parsed, when it is valid (its blind index may still show a duplicate). */
  idNumber?: Extract<IdNumberParseResult, { ok: true }>;
  unit?: UnitInfo;
  body?: CreateWorkerBody;
  hash?: string;
  existing?: WorkerRow;
  /** The new worker's columns (encrypted), its unit filled in once looked up. */
  insert?: WorkerInsert;
  /** Set for an update: the changed columns, ready to write. */
  change?: { values: WorkerInsert; diff: Record<string, { from: unknown; to: unknown }> };
}

export function addError(d: Checked, key: string, message: string): void {
  if (d.failed.has(key)) return;
  d.errors.push({ row: d.row, column: HEADER_OF.get(key) ?? '', message });
  d.failed.add(key);
}

export async function resolveUnits(
  exec: DbOrTx,
  rows: Checked[],
  cache: Map<string, UnitInfo | null>,
  actor: ImportActor,
): Promise<void> {
  const wanted = [
    ...new Set(
      rows.flatMap((d) => (d.divisionCode && !cache.has(d.divisionCode) ? [d.divisionCode] : [])),
    ),
  ];
  const found = await unitsByDivisionCode(exec, wanted);
  for (const code of wanted) cache.set(code, found.get(code) ?? null);
  for (const d of rows) {
    if (!d.divisionCode) continue;
    const unit = cache.get(d.divisionCode);
    if (!unit || !inScope(actor, unit.path))
      addError(d, 'orgUnitId', `单位区划代码“${d.divisionCode}”不存在或不在您的管辖范围内`);
    else if (!unit.active) addError(d, 'orgUnitId', `单位“${unit.name}”已停用`);
    else if (unit.level !== 'community' && unit.level !== 'subdistrict')
      addError(d, 'orgUnitId', `社区工作者只能隶属于社区或街道，“${unit.name}”不是社区或街道`);
    else d.unit = unit;
  }
}

/**
 * The create endpoint's schema. It runs before the unit is looked up, with a stand-in unit id
 * (the unit has its own checks and messages); the real id replaces it afterwards.
 */
export function checkSchema(d: Checked): void {
  // Object.assign, not a spread followed by a property (slow in Node 20's V8, see toInsert).
  const parsed = createWorkerBody.safeParse(
    Object.assign({}, d.values, { orgUnitId: d.divisionCode ? PENDING_UNIT : undefined }),
  );
  if (parsed.success) {
    d.body = parsed.data;
    return;
  }
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '');
    if (d.failed.has(key)) continue;
    d.errors.push({ row: d.row, column: HEADER_OF.get(key) ?? '', message: issue.message });
  }
}

export function planUpdate(
  d: Checked,
  body: CreateWorkerBody,
  unit: UnitInfo,
  w: WorkerRow,
  pii: Pii,
  actor: ImportActor,
): void {
  const next: Record<(typeof COMPARED)[number], unknown> = {
    name: body.name,
    ethnicity: body.ethnicity,
    nativePlace: body.nativePlace ?? null,
    politicalStatus: body.politicalStatus,
    partyJoinDate: body.partyJoinDate ?? null,
    educationFullTime: body.educationFullTime ?? null,
    educationInService: body.educationInService ?? null,
    degree: body.degree ?? null,
    school: body.school ?? null,
    major: body.major ?? null,
    maritalStatus: body.maritalStatus ?? null,
    address: body.address ?? null,
    category: body.category,
    orgUnitId: unit.id,
    post: body.post,
    grade: body.grade ?? null,
    status: body.status,
    workStartDate: body.workStartDate,
    hireDate: body.hireDate,
    probationEnd: body.probationEnd ?? null,
    qualification: body.qualification ?? null,
    certNumber: body.certNumber ?? null,
    certDate: body.certDate ?? null,
  };
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of COMPARED)
    if ((w[k] ?? null) !== next[k]) diff[k] = { from: w[k] ?? null, to: next[k] };
  const phone = phoneColumns(pii, body.phone);
  const phoneChanged = phone.phoneHash !== w.phoneHash;
  if (phoneChanged) diff.phone = { from: w.phoneMasked, to: maskPhone(body.phone) };
  if (Object.keys(diff).length === 0) return;
  // As in the dossier: an exited worker's record is read-only, and a re-hire goes through the
  // exit record (which closes it; the attendance summary and the headcount read that).
  if (w.status === 'exited') {
    addError(d, 'status', EXITED_READ_ONLY);
    return;
  }
  d.change = {
    diff,
    values: Object.assign(
      plainColumns(body, unit, actor.username),
      {
        id: w.id,
        idNumberEnc: w.idNumberEnc,
        idNumberHash: w.idNumberHash,
        idNumberMasked: maskIdNumber(body.idNumber),
        birthDate: w.birthDate,
        sex: w.sex,
      },
      phoneChanged
        ? phone
        : { phoneEnc: w.phoneEnc, phoneHash: w.phoneHash, phoneMasked: w.phoneMasked },
    ),
  };
}

export function trackedKinds(d: Checked): ('unit' | 'post' | 'grade' | 'status')[] {
  const diff = d.change?.diff ?? {};
  const kinds: ('unit' | 'post' | 'grade' | 'status')[] = [];
  if (diff.orgUnitId) kinds.push('unit');
  for (const k of TRACKED) if (diff[k]) kinds.push(k);
  return kinds;
}
