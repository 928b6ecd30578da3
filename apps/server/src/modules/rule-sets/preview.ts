// "What changes if this takes effect": a version compared with the rules that would govern without
// it, on its effective date (or a date given). Units and workers under a deeper unit's own rule
// keep that rule and are counted as not governed. Staffing standards are compared unit by unit,
// pay tables by monthly gross pay per worker (summed per grade, no names), grade schemes by each
// worker's starting grade; every kind also lists the content fields that differ.
import { RULE_SET_KINDS, type RuleSetPreview } from '@cwp/contracts';
import {
  checkPayTableMatchesScheme,
  completedYears,
  computeQuota,
  monthlyPay,
  RuleEngineError,
  startingGrade,
  type RuleSetKind,
} from '@cwp/core';
import { and, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { orgUnit, worker } from '../../db/schema';
import type { AuthContext } from '../../lib/auth-context';
import { AppError } from '../../lib/errors';
import { narrow } from '../../lib/narrow';
import {
  governingResolver,
  loadCandidates,
  resolveInForce,
  storedContent,
  type Candidate,
} from './resolve';
import { loadView } from './view';

const MAX_CHANGES = 200;

/** Pay computed for workers is pay data, a permission of its own (worker:pii). */
export function canPreview(auth: AuthContext, kind: RuleSetKind): boolean {
  return kind !== 'pay_table' || auth.permissions.has('worker:pii');
}
const MAX_CONTENT_CHANGES = 200;

type Ref = { ruleSetId: number; versionNo: number; name: string; orgUnitName: string };
const refOf = (c: Candidate | null): Ref | null =>
  c ? { ruleSetId: c.id, versionNo: c.versionNo, name: c.name, orgUnitName: c.orgUnitName } : null;

/** Leaf-level differences between two contents, e.g. `households.bands.2.posts`. */
export function contentDiff(
  current: unknown,
  proposed: unknown,
  path = '',
  out: { path: string; current: unknown; proposed: unknown }[] = [],
) {
  if (out.length >= MAX_CONTENT_CHANGES) return out;
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(current) && Array.isArray(proposed)) {
    for (let i = 0; i < Math.max(current.length, proposed.length); i++) {
      contentDiff(current[i], proposed[i], path ? `${path}.${i}` : String(i), out);
    }
  } else if (isObj(current) && isObj(proposed)) {
    for (const key of new Set([...Object.keys(current), ...Object.keys(proposed)])) {
      contentDiff(current[key], proposed[key], path ? `${path}.${key}` : key, out);
    }
  } else if (JSON.stringify(current ?? null) !== JSON.stringify(proposed ?? null)) {
    out.push({ path, current: current ?? null, proposed: proposed ?? null });
  }
  return out;
}

interface Setting<K extends RuleSetKind> {
  draft: Candidate<K>;
  date: string;
  /** Who governs a path without / with this version. */
  current: (path: string) => Candidate<K> | null;
  proposed: (path: string) => Candidate<K> | null;
}

async function settingFor<K extends RuleSetKind>(
  db: Db,
  draft: Candidate<K>,
  date: string,
): Promise<Setting<K>> {
  const others = (await loadCandidates(db, draft.kind, draft.orgPath, date)).filter(
    (c) => c.id !== draft.id,
  );
  return {
    draft,
    date,
    current: governingResolver(others),
    proposed: governingResolver(draft.effectiveFrom <= date ? [...others, draft] : others),
  };
}

export async function previewRuleSet(
  db: Db,
  auth: AuthContext,
  id: number,
  body: { date?: string | undefined },
): Promise<RuleSetPreview> {
  const { view, row } = await loadView(db, auth, id);
  const kind = narrow(RULE_SET_KINDS, row.kind, '规则类型');
  if (!canPreview(auth, kind)) {
    throw new AppError('FORBIDDEN', undefined, '预览薪酬变化需要“查看敏感信息”权限');
  }
  const date = body.date ?? row.effectiveFrom;
  const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, row.orgUnitId));
  const base = {
    id: row.id,
    orgUnitId: row.orgUnitId,
    orgPath: row.orgPath,
    orgUnitName: unit?.name ?? '',
    name: row.name,
    versionNo: row.versionNo,
    effectiveFrom: row.effectiveFrom,
  };
  switch (kind) {
    case 'staffing_standard': {
      const s = await settingFor(
        db,
        { ...base, kind, content: storedContent(kind, view.content, id) },
        date,
      );
      return staffingPreview(db, s);
    }
    case 'pay_table': {
      const s = await settingFor(
        db,
        { ...base, kind, content: storedContent(kind, view.content, id) },
        date,
      );
      return payTablePreview(db, s);
    }
    case 'grade_scheme': {
      const s = await settingFor(
        db,
        { ...base, kind, content: storedContent(kind, view.content, id) },
        date,
      );
      return gradeSchemePreview(db, s);
    }
    case 'contract_insurance':
    case 'recruitment_conditions':
    case 'assessment_scheme':
    case 'training_requirements':
    case 'evaluation_indicators': {
      const s = await settingFor(
        db,
        { ...base, kind, content: storedContent(kind, view.content, id) },
        date,
      );
      return { kind, ...common(s, []) };
    }
  }
}

function common<K extends RuleSetKind>(s: Setting<K>, warnings: string[]) {
  const replaces = s.current(s.draft.orgPath);
  return {
    ruleSetId: s.draft.id,
    date: s.date,
    replaces: refOf(replaces),
    contentChanges: contentDiff(replaces?.content ?? null, s.draft.content),
    warnings,
  };
}

async function staffingPreview(db: Db, s: Setting<'staffing_standard'>): Promise<RuleSetPreview> {
  const units = await db
    .select({
      id: orgUnit.id,
      name: orgUnit.name,
      level: orgUnit.level,
      path: orgUnit.path,
      residentPopulation: orgUnit.residentPopulation,
      households: orgUnit.households,
    })
    .from(orgUnit)
    .where(
      and(
        like(orgUnit.path, `${s.draft.orgPath}%`),
        inArray(orgUnit.level, ['community', 'subdistrict']),
        eq(orgUnit.active, true),
      ),
    );
  let governed = 0;
  let missingInputs = 0;
  const totals = { current: 0, proposed: 0, delta: 0 };
  const changes: Extract<RuleSetPreview, { kind: 'staffing_standard' }>['changes'] = [];
  for (const u of units) {
    const cur = s.current(u.path);
    const prop = s.proposed(u.path);
    const curQ = cur ? computeQuota(cur.content, u) : null;
    const propQ = prop === cur ? curQ : prop ? computeQuota(prop.content, u) : null;
    totals.current += curQ?.quota ?? 0;
    totals.proposed += propQ?.quota ?? 0;
    if (prop?.id !== s.draft.id) continue;
    governed++;
    if (propQ?.quota === null) missingInputs++;
    const before = curQ?.quota ?? null;
    const after = propQ?.quota ?? null;
    if (before === after) continue;
    changes.push({
      orgUnitId: u.id,
      name: u.name,
      level: u.level,
      current: before,
      proposed: after,
      delta: before !== null && after !== null ? after - before : null,
      currentRule: refOf(cur),
      explanation: propQ?.explanation ?? '',
    });
  }
  totals.delta = totals.proposed - totals.current;
  changes.sort(
    (a, b) => Math.abs(b.delta ?? 1e9) - Math.abs(a.delta ?? 1e9) || a.orgUnitId - b.orgUnitId,
  );
  return {
    kind: 'staffing_standard',
    ...common(s, []),
    units: units.length,
    governed,
    changedCount: changes.length,
    missingInputs,
    totals,
    changes: changes.slice(0, MAX_CHANGES),
    truncated: changes.length > MAX_CHANGES,
  };
}

/** Active and probation workers under a path, with what pay and grading need. */
function workersUnder(db: Db, path: string) {
  return db
    .select({
      orgPath: worker.orgPath,
      post: worker.post,
      grade: worker.grade,
      status: worker.status,
      qualification: worker.qualification,
      education: worker.education,
      workStartDate: worker.workStartDate,
    })
    .from(worker)
    .where(and(like(worker.orgPath, `${path}%`), inArray(worker.status, ['active', 'probation'])));
}

function countSkip(skips: Map<string, number>, reason: string) {
  skips.set(reason, (skips.get(reason) ?? 0) + 1);
}
const skipList = (skips: Map<string, number>) =>
  [...skips].map(([reason, workers]) => ({ reason, workers }));

async function payTablePreview(db: Db, s: Setting<'pay_table'>): Promise<RuleSetPreview> {
  const scheme = await resolveInForce(db, 'grade_scheme', s.draft.orgPath, s.date);
  const warnings = scheme
    ? checkPayTableMatchesScheme(s.draft.content, scheme.content).map((i) => i.message)
    : [];
  const workers = await workersUnder(db, s.draft.orgPath);
  const skips = new Map<string, number>();
  const byGrade = new Map<number, { workers: number; cur: number | null; prop: number }>();
  let governed = 0;
  let computed = 0;
  const totals = { current: 0, proposed: 0, delta: 0 };
  // Pay depends only on these four; workers share a few hundred combinations at most.
  const cache = new Map<string, number>();
  const gross = (c: Candidate<'pay_table'>, w: (typeof workers)[number], grade: number) => {
    const key = `${c.id}|${grade}|${w.qualification ?? ''}|${w.status === 'probation'}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = monthlyPay(c.content, {
        grade,
        rating: null,
        qualification: w.qualification,
        probation: w.status === 'probation',
      }).gross;
      cache.set(key, value);
    }
    return value;
  };
  for (const w of workers) {
    if (s.proposed(w.orgPath)?.id !== s.draft.id) continue;
    governed++;
    if (w.grade === null) {
      countSkip(skips, '未定级');
      continue;
    }
    let prop: number;
    try {
      prop = gross(s.draft, w, w.grade);
    } catch (e) {
      if (!(e instanceof RuleEngineError)) throw e;
      countSkip(skips, e.message);
      continue;
    }
    const curRule = s.current(w.orgPath);
    let cur: number | null = null;
    try {
      cur = curRule ? gross(curRule, w, w.grade) : null;
    } catch (e) {
      if (!(e instanceof RuleEngineError)) throw e;
    }
    computed++;
    totals.proposed += prop;
    totals.current += cur ?? 0;
    const g = byGrade.get(w.grade) ?? { workers: 0, cur: 0, prop: 0 };
    g.workers++;
    g.prop += prop;
    g.cur = g.cur === null || cur === null ? null : g.cur + cur;
    byGrade.set(w.grade, g);
  }
  const cents = (v: number) => Math.round(v * 100) / 100;
  totals.current = cents(totals.current);
  totals.proposed = cents(totals.proposed);
  totals.delta = cents(totals.proposed - totals.current);
  return {
    kind: 'pay_table',
    ...common(s, warnings),
    workers: workers.length,
    governed,
    computed,
    skipped: skipList(skips),
    totals,
    byGrade: [...byGrade]
      .sort(([a], [b]) => a - b)
      .map(([grade, g]) => ({
        grade,
        workers: g.workers,
        currentGross: g.cur === null ? null : cents(g.cur),
        proposedGross: cents(g.prop),
        delta: g.cur === null ? null : cents(g.prop - g.cur),
      })),
  };
}

async function gradeSchemePreview(db: Db, s: Setting<'grade_scheme'>): Promise<RuleSetPreview> {
  const table = await resolveInForce(db, 'pay_table', s.draft.orgPath, s.date);
  const warnings = table
    ? checkPayTableMatchesScheme(table.content, s.draft.content).map((i) => i.message)
    : [];
  const workers = await workersUnder(db, s.draft.orgPath);
  const skips = new Map<string, number>();
  const transitions = new Map<
    string,
    { post: string; from: number | null; to: number; workers: number }
  >();
  let governed = 0;
  let computed = 0;
  let raised = 0;
  let lowered = 0;
  let unchanged = 0;
  const cache = new Map<string, number>();
  const grade = (c: Candidate<'grade_scheme'>, w: (typeof workers)[number]) => {
    const years = completedYears(w.workStartDate, s.date);
    const key = `${c.id}|${w.post}|${years}|${w.education ?? ''}|${w.qualification ?? ''}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = startingGrade(c.content, {
        post: w.post,
        yearsOfCommunityWork: years,
        education: w.education,
        qualification: w.qualification,
      }).grade;
      cache.set(key, value);
    }
    return value;
  };
  for (const w of workers) {
    if (s.proposed(w.orgPath)?.id !== s.draft.id) continue;
    governed++;
    let to: number;
    try {
      to = grade(s.draft, w);
    } catch (e) {
      if (!(e instanceof RuleEngineError)) throw e;
      countSkip(skips, e.message);
      continue;
    }
    const curRule = s.current(w.orgPath);
    let from: number | null = null;
    try {
      from = curRule ? grade(curRule, w) : null;
    } catch (e) {
      if (!(e instanceof RuleEngineError)) throw e;
    }
    computed++;
    if (from !== null) {
      if (to > from) raised++;
      else if (to < from) lowered++;
      else unchanged++;
    }
    const key = `${w.post}|${from}|${to}`;
    const t = transitions.get(key) ?? { post: w.post, from, to, workers: 0 };
    t.workers++;
    transitions.set(key, t);
  }
  return {
    kind: 'grade_scheme',
    ...common(s, warnings),
    workers: workers.length,
    governed,
    computed,
    skipped: skipList(skips),
    raised,
    lowered,
    unchanged,
    transitions: [...transitions.values()]
      .filter((t) => t.from !== t.to)
      .sort((a, b) => b.workers - a.workers)
      .slice(0, MAX_CHANGES),
  };
}
