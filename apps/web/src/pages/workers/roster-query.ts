// The roster's filter, sort and page live in the address bar, so going back from a dossier, a
// reload or a shared link shows the same list. Unknown or malformed parameters are dropped.
import { WORKER_STATUSES, type WorkerStatus } from '@cwp/contracts';
import type { RosterFilter, RosterSort } from './api';

export const ROSTER_SORTS = ['unit', 'name', 'hireDate', 'birthDate'] as const;
export const PAGE_SIZES = [10, 20, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 20;

export interface RosterState extends RosterFilter {
  sort: RosterSort;
  page: number;
  pageSize: number;
}

const TEXT_KEYS = [
  'q',
  'category',
  'post',
  'education',
  'politicalStatus',
  'qualification',
] as const;
const INT_KEYS = ['orgUnitId', 'gradeMin', 'gradeMax', 'ageMin', 'ageMax'] as const;

function int(value: string | null, min: number, max: number): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

function isStatus(value: string | null): value is WorkerStatus {
  return WORKER_STATUSES.some((s) => s === value);
}

function isSort(value: string | null): value is RosterSort {
  return ROSTER_SORTS.some((s) => s === value);
}

export function parseRosterParams(params: URLSearchParams): RosterState {
  const state: RosterState = { sort: 'unit', page: 1, pageSize: DEFAULT_PAGE_SIZE };
  for (const key of TEXT_KEYS) {
    const v = params.get(key)?.trim();
    if (v) state[key] = v.slice(0, key === 'q' ? 50 : 32);
  }
  for (const key of INT_KEYS) {
    const v = int(params.get(key), key === 'orgUnitId' ? 1 : 0, key === 'orgUnitId' ? 1e9 : 200);
    if (v !== undefined) state[key] = v;
  }
  const status = params.get('status');
  if (isStatus(status)) state.status = status;
  const sort = params.get('sort');
  if (isSort(sort)) state.sort = sort;
  state.page = int(params.get('page'), 1, 10_000) ?? 1;
  const size = int(params.get('pageSize'), 1, 100);
  if (size !== undefined && PAGE_SIZES.some((s) => s === size)) state.pageSize = size;
  return state;
}

/** Only the values that differ from the defaults, so the address stays short. */
export function rosterParams(state: RosterState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of [...TEXT_KEYS, ...INT_KEYS, 'status'] as const) {
    const v = state[key];
    if (v !== undefined && v !== '') params.set(key, String(v));
  }
  if (state.sort !== 'unit') params.set('sort', state.sort);
  if (state.page !== 1) params.set('page', String(state.page));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(state.pageSize));
  return params;
}

/** The filter part alone: what the export and the result count depend on. */
export function filterOf(state: RosterState): RosterFilter {
  const { sort: _s, page: _p, pageSize: _ps, ...filter } = state;
  return filter;
}

/** Two states list the same rows in the same order (only the page differs). */
export function sameListing(a: RosterState, b: RosterState): boolean {
  const strip = (s: RosterState) => rosterParams({ ...s, page: 1 }).toString();
  return strip(a) === strip(b);
}
