// Between a rule set's content (what the server stores and validates) and the values of the
// structured editor: optional blocks (population rule, household bands, the step beyond the last
// band) are switched on and off by `enabled` flags kept beside the content, so every field of the
// form sits at the same path as in the content and a server error `content.households.bands.1.upTo`
// lands on exactly that input. Pure functions, unit-tested in content-form.test.ts.
import type { RuleSetKind } from '@cwp/core';

/** Kinds with a structured form (every kind today); any kind can also be edited as JSON. */
export const STRUCTURED_KINDS = [
  'staffing_standard',
  'grade_scheme',
  'pay_table',
  'contract_insurance',
  'recruitment_conditions',
  'assessment_scheme',
  'training_requirements',
  'evaluation_indicators',
] as const;
export type StructuredKind = (typeof STRUCTURED_KINDS)[number];

export function hasStructuredForm(kind: RuleSetKind): kind is StructuredKind {
  return STRUCTURED_KINDS.some((k) => k === kind);
}

export interface EnabledBlocks {
  population: boolean;
  households: boolean;
  beyond: boolean;
}

export interface ContentFormValues {
  content: Record<string, unknown>;
  enabled: EnabledBlocks;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Defaults of a block switched on for the first time (the user then edits the numbers). */
const NEW_POPULATION = { workers: 18, perResidents: 10_000, rounding: 'ceil' };
const NEW_BEYOND = { posts: 1, everyHouseholds: 400, rounding: 'floor' };
const NEW_HOUSEHOLDS = { bands: [{ upTo: 3_000, posts: 10 }] };

/** Content → form values. Unknown shapes pass through; the server judges them. */
export function contentToForm(kind: RuleSetKind, content: unknown): ContentFormValues {
  const c: Json = isObject(content) ? structuredClone(content) : {};
  const enabled: EnabledBlocks = { population: false, households: false, beyond: false };
  if (kind === 'staffing_standard') {
    enabled.population = isObject(c.population);
    enabled.households = isObject(c.households);
    const households = isObject(c.households) ? c.households : null;
    enabled.beyond = households !== null && isObject(households.beyond);
    if (!enabled.population) c.population = { ...NEW_POPULATION };
    if (!households) c.households = { ...NEW_HOUSEHOLDS, beyond: { ...NEW_BEYOND } };
    else if (!enabled.beyond) c.households = { ...households, beyond: { ...NEW_BEYOND } };
  }
  return { content: c, enabled };
}

/** Form values → content: switched-off blocks become null, empty optional inputs null. */
export function formToContent(kind: RuleSetKind, values: ContentFormValues): Json {
  const c: Json = structuredClone(values.content);
  if (kind === 'staffing_standard') {
    const { enabled } = values;
    if (!enabled.population) c.population = null;
    if (!enabled.households) c.households = null;
    else if (isObject(c.households) && !enabled.beyond) {
      c.households = { ...c.households, beyond: null };
    }
  }
  if (kind === 'grade_scheme' && Array.isArray(c.posts)) {
    c.posts = c.posts.map((p: unknown) =>
      isObject(p) && 'label' in p ? { ...p, label: blankToNull(p.label) } : p,
    );
  }
  if (kind === 'pay_table' && isObject(c.probation)) {
    // The rule is one of two shapes; the other shape's number must not travel along.
    const { mode, percent, grades } = c.probation;
    c.probation = mode === 'grade_lower' ? { mode, grades } : { mode, percent };
  }
  if (kind === 'recruitment_conditions') {
    if ('householdRegistration' in c)
      c.householdRegistration = blankToNull(c.householdRegistration);
    if (Array.isArray(c.majors) && c.majors.length === 0) c.majors = null;
  }
  return dropUndefined(c);
}

function blankToNull(v: unknown): unknown {
  return typeof v === 'string' && v.trim() === '' ? null : (v ?? null);
}

/** JSON has no undefined; an emptied required input is sent as null so the server names it. */
function dropUndefined(value: Json): Json {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === undefined ? null : v)));
}

export interface PathError {
  path: string;
  message: string;
}

/** A server error path relative to the content (`content.a.b` → `a.b`); null if not content. */
export function contentPath(path: string): string | null {
  if (path === 'content') return '';
  return path.startsWith('content.') ? path.slice('content.'.length) : null;
}

/**
 * Splits the server's errors into those of the content and the others (name, date, …), with the
 * content paths made relative and each path's messages de-duplicated.
 */
export function splitErrors(errors: readonly PathError[]): {
  content: PathError[];
  other: PathError[];
} {
  const seen = new Set<string>();
  const content: PathError[] = [];
  const other: PathError[] = [];
  for (const e of errors) {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rel = contentPath(e.path);
    if (rel === null) other.push(e);
    else content.push({ path: rel, message: e.message });
  }
  return { content, other };
}

/** Parses the JSON editor's text; the error says where the syntax breaks. */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Human form of a content path for the error list: `households.bands.1.upTo` → `households › bands[2] › upTo`. */
export function displayPath(path: string): string {
  if (path === '') return '(content)';
  return path
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? `[${Number(p) + 1}]` : p))
    .join(' › ')
    .replace(/ › \[/g, '[');
}
