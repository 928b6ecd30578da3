// Between the API shape of a worker and its columns: derives birth date and sex from the ID number,
// encrypts and indexes personal data, and checks coded fields against the dictionaries.
import { ageOn, maskIdNumber, maskPhone, parseIdNumber, type IdNumberParseResult } from '@cwp/core';
import {
  WORKER_DICTIONARY_FIELDS,
  type CreateWorkerBody,
  type ErrorDetail,
  type WorkerStatus,
  type WorkerSummary,
} from '@cwp/contracts';
import type { worker } from '../../db/schema';
import type { Pii } from '../../lib/pii';
import type { DictionaryCache } from '../dictionaries/cache';

export type WorkerRow = typeof worker.$inferSelect;
export type WorkerInsert = typeof worker.$inferInsert;

/** GB/T 4658: a lower code is a higher level, so the highest education is the smaller code. */
export function highestEducation(
  a: string | null | undefined,
  b: string | null | undefined,
): string | null {
  const codes = [a, b].filter((v): v is string => !!v);
  if (codes.length === 0) return null;
  return codes.reduce((x, y) => (Number(x) <= Number(y) ? x : y));
}

export function identityColumns(pii: Pii, idNumber: string) {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw new Error('identityColumns expects a validated ID number');
  return identityOf(parsed, pii.encrypt(parsed.value), pii.blindIndex('id_number', parsed.value));
}

type ParsedIdNumber = Extract<IdNumberParseResult, { ok: true }>;

function identityOf(parsed: ParsedIdNumber, idNumberEnc: string, idNumberHash: string) {
  return {
    idNumberEnc,
    idNumberHash,
    idNumberMasked: maskIdNumber(parsed.value),
    birthDate: parsed.birthDate,
    sex: parsed.sex === 'male' ? '1' : '2',
  };
}

export function phoneColumns(pii: Pii, phone: string) {
  return phoneOf(phone, pii.encrypt(phone), pii.blindIndex('phone', phone));
}

function phoneOf(phone: string, phoneEnc: string, phoneHash: string) {
  return { phoneEnc, phoneHash, phoneMasked: maskPhone(phone) };
}

/** Every column of a new worker except the encrypted identity and phone columns. */
export function plainColumns(
  body: CreateWorkerBody,
  unit: { id: number; path: string },
  actor: string,
): Omit<
  WorkerInsert,
  keyof ReturnType<typeof identityColumns> | keyof ReturnType<typeof phoneColumns>
> {
  return {
    name: body.name,
    ethnicity: body.ethnicity,
    nativePlace: body.nativePlace ?? null,
    politicalStatus: body.politicalStatus,
    partyJoinDate: body.partyJoinDate ?? null,
    educationFullTime: body.educationFullTime ?? null,
    educationInService: body.educationInService ?? null,
    education: highestEducation(body.educationFullTime, body.educationInService),
    degree: body.degree ?? null,
    school: body.school ?? null,
    major: body.major ?? null,
    maritalStatus: body.maritalStatus ?? null,
    address: body.address ?? null,
    category: body.category,
    orgUnitId: unit.id,
    orgPath: unit.path,
    post: body.post,
    grade: body.grade ?? null,
    status: body.status,
    workStartDate: body.workStartDate,
    hireDate: body.hireDate,
    probationEnd: body.probationEnd ?? null,
    qualification: body.qualification ?? null,
    certNumber: body.certNumber ?? null,
    certDate: body.certDate ?? null,
    updatedBy: actor,
  };
}

/** Columns for a new worker from a validated body (unit path supplied by the caller). */
export function toInsert(
  pii: Pii,
  body: CreateWorkerBody,
  orgPath: string,
  actor: string,
): WorkerInsert {
  // Object.assign, not spreads: in Node 20's V8 spreading the three parts cost ~25 µs a worker
  // and made an object that was slow to read (an import builds 100,000 of them).
  return Object.assign(
    plainColumns(body, { id: body.orgUnitId, path: orgPath }, actor),
    identityColumns(pii, body.idNumber),
    phoneColumns(pii, body.phone),
  );
}

/**
 * toInsert with the ciphertexts and blind indexes already made (by the import's worker thread,
 * see excel/pii-worker.ts) and the ID number already parsed.
 */
export function toInsertProtected(
  body: CreateWorkerBody,
  idNumber: ParsedIdNumber,
  crypto: { idNumberEnc: string; idNumberHash: string; phoneEnc: string; phoneHash: string },
  actor: string,
): WorkerInsert {
  return Object.assign(
    plainColumns(body, { id: body.orgUnitId, path: '' }, actor),
    identityOf(idNumber, crypto.idNumberEnc, crypto.idNumberHash),
    phoneOf(body.phone, crypto.phoneEnc, crypto.phoneHash),
  );
}

/** Every coded field whose value is not an active item of its dictionary. */
export async function checkDictionaryCodes(
  dictionaries: DictionaryCache,
  body: Partial<Record<string, unknown>>,
): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  for (const [field, dict] of Object.entries(WORKER_DICTIONARY_FIELDS)) {
    const v = body[field];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string' || !(await dictionaries.has(dict, v))) {
      const d = await dictionaries.get(dict);
      problems.push({ path: field, message: `“${String(v)}”不是有效的${d?.nameZh ?? dict}代码` });
    }
  }
  return problems;
}

/** Why an exited worker's dossier refuses a change (edit, list, import): the exits module re-hires. */
export const EXITED_READ_ONLY =
  '该人员已退出，档案只读；如需重新聘用，请在退出记录中办理“重新聘用”';

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function presentSummary(
  row: Pick<
    WorkerRow,
    | 'id'
    | 'name'
    | 'sex'
    | 'birthDate'
    | 'idNumberMasked'
    | 'phoneMasked'
    | 'orgUnitId'
    | 'category'
    | 'post'
    | 'grade'
    | 'status'
    | 'education'
    | 'politicalStatus'
    | 'qualification'
    | 'hireDate'
    | 'version'
  > & { orgUnitName: string },
  today = todayIso(),
): WorkerSummary {
  return {
    id: row.id,
    name: row.name,
    sex: row.sex,
    birthDate: row.birthDate,
    age: ageOn(row.birthDate, today),
    idNumberMasked: row.idNumberMasked,
    phoneMasked: row.phoneMasked,
    orgUnitId: row.orgUnitId,
    orgUnitName: row.orgUnitName,
    category: row.category,
    post: row.post,
    grade: row.grade,
    status: row.status as WorkerStatus,
    education: row.education,
    politicalStatus: row.politicalStatus,
    qualification: row.qualification,
    hireDate: row.hireDate,
    version: row.version,
  };
}
