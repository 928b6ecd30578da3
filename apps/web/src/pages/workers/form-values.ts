// Between the dossier form (dayjs dates, empty inputs) and the API bodies (YYYY-MM-DD, null for
// a cleared optional field). The bodies are checked with the contract's own zod schemas before
// they are sent, so the form reports the same messages the server would.
import {
  createWorkerBody,
  updateWorkerBody,
  type WorkerDetail,
  type WorkerStatus,
} from '@cwp/contracts';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import type { FieldError } from '../../api/client';

export interface WorkerFormValues {
  name?: string;
  idNumber?: string;
  ethnicity?: string;
  nativePlace?: string | null;
  politicalStatus?: string;
  partyJoinDate?: Dayjs | null;
  educationFullTime?: string | null;
  educationInService?: string | null;
  degree?: string | null;
  school?: string | null;
  major?: string | null;
  maritalStatus?: string | null;
  phone?: string;
  address?: string | null;
  category?: string;
  orgUnitId?: number;
  post?: string;
  grade?: number | null;
  status?: WorkerStatus;
  workStartDate?: Dayjs | null;
  hireDate?: Dayjs | null;
  probationEnd?: Dayjs | null;
  qualification?: string | null;
  certNumber?: string | null;
  certDate?: Dayjs | null;
  /** Edit only: when a post, grade or status change takes effect. */
  effectiveDate?: Dayjs | null;
}

export const DATE_FORMAT = 'YYYY-MM-DD';

const DATE_FIELDS = [
  'partyJoinDate',
  'workStartDate',
  'hireDate',
  'probationEnd',
  'certDate',
] as const;
const OPTIONAL_TEXT = [
  'nativePlace',
  'educationFullTime',
  'educationInService',
  'degree',
  'school',
  'major',
  'maritalStatus',
  'address',
  'qualification',
  'certNumber',
] as const;
const REQUIRED_TEXT = ['name', 'ethnicity', 'politicalStatus', 'category', 'post'] as const;
/** Changes to these write effective-dated history. */
export const TRACKED_FIELDS = ['post', 'grade', 'status'] as const;

export function toDay(value: string | null | undefined): Dayjs | null {
  if (!value) return null;
  const d = dayjs(value);
  return d.isValid() ? d : null;
}

export function fromDay(value: Dayjs | null | undefined): string | null {
  return value && value.isValid() ? value.format(DATE_FORMAT) : null;
}

function optionalText(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

/** The form's starting values for an existing dossier (ID number and phone stay empty). */
export function formValuesOf(w: WorkerDetail): WorkerFormValues {
  return {
    name: w.name,
    ethnicity: w.ethnicity,
    nativePlace: w.nativePlace,
    politicalStatus: w.politicalStatus,
    partyJoinDate: toDay(w.partyJoinDate),
    educationFullTime: w.educationFullTime,
    educationInService: w.educationInService,
    degree: w.degree,
    school: w.school,
    major: w.major,
    maritalStatus: w.maritalStatus,
    address: w.address,
    category: w.category,
    orgUnitId: w.orgUnitId,
    post: w.post,
    grade: w.grade,
    status: w.status,
    workStartDate: toDay(w.workStartDate),
    hireDate: toDay(w.hireDate),
    probationEnd: toDay(w.probationEnd),
    qualification: w.qualification,
    certNumber: w.certNumber,
    certDate: toDay(w.certDate),
  };
}

type Body = Record<string, unknown>;

function commonBody(v: WorkerFormValues): Body {
  const body: Body = {};
  for (const k of REQUIRED_TEXT) {
    const value = v[k]?.trim();
    if (value) body[k] = value;
  }
  for (const k of OPTIONAL_TEXT) body[k] = optionalText(v[k]);
  for (const k of DATE_FIELDS) body[k] = fromDay(v[k]);
  // Required dates: absent rather than null, so the message is "不能为空", not a type error.
  if (body.workStartDate === null) delete body.workStartDate;
  if (body.hireDate === null) delete body.hireDate;
  body.grade = v.grade ?? null;
  if (v.status) body.status = v.status;
  return body;
}

export function createBodyOf(v: WorkerFormValues): Body {
  const body = commonBody(v);
  if (v.idNumber?.trim()) body.idNumber = v.idNumber.trim();
  if (v.phone?.trim()) body.phone = v.phone.trim();
  if (v.orgUnitId !== undefined) body.orgUnitId = v.orgUnitId;
  return body;
}

/**
 * An edit sends every field but the unit (transfers have their own endpoint); the ID number and
 * phone only when typed, since the form never holds the stored values.
 */
export function updateBodyOf(v: WorkerFormValues, w: WorkerDetail): Body {
  const body = commonBody(v);
  body.version = w.version;
  if (v.idNumber?.trim()) body.idNumber = v.idNumber.trim();
  if (v.phone?.trim()) body.phone = v.phone.trim();
  const effective = fromDay(v.effectiveDate);
  if (effective && trackedChanged(v, w)) body.effectiveDate = effective;
  return body;
}

export function trackedChanged(v: WorkerFormValues, w: WorkerDetail): boolean {
  return TRACKED_FIELDS.some((k) => v[k] !== undefined && (v[k] ?? null) !== w[k]);
}

/** Zod issues as the server's error details: a dotted path and the message. */
export function issuesToDetails(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export type Checked<T> = { ok: true; body: T } | { ok: false; details: FieldError[] };

export function checkCreate(body: Body): Checked<z.input<typeof createWorkerBody>> {
  const r = createWorkerBody.safeParse(body);
  return r.success ? { ok: true, body: r.data } : { ok: false, details: issuesToDetails(r.error) };
}

export function checkUpdate(body: Body): Checked<z.input<typeof updateWorkerBody>> {
  const r = updateWorkerBody.safeParse(body);
  return r.success ? { ok: true, body: r.data } : { ok: false, details: issuesToDetails(r.error) };
}
