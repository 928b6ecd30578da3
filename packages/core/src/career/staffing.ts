/**
 * Staffing quota (员额) of one community from a staffing standard, and the roll-up of quotas and
 * headcounts up the org tree. Everything numeric comes from the `StaffingStandard` passed in.
 */
import { RuleEngineError } from './errors';
import { roundCount } from './money';
import {
  ROUNDING_LABELS,
  type HouseholdRule,
  type PopulationRule,
  type StaffingStandard,
} from './types';

export interface QuotaInput {
  /** Urban permanent residents (常住人口); null when unknown. */
  residentPopulation?: number | null | undefined;
  households?: number | null | undefined;
}

export interface QuotaResult {
  /** Null when an input the method needs is missing. */
  quota: number | null;
  byPopulation: number | null;
  byHouseholds: number | null;
  /** Inputs the method needed but did not get. */
  missing: ('residentPopulation' | 'households')[];
  explanation: string;
}

function isCount(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function checkCount(value: number, label: string): void {
  if (!isCount(value)) {
    throw new RuleEngineError('INVALID_INPUT', `${label}应为非负数`);
  }
}

function quotaByPopulation(
  rule: PopulationRule,
  population: number,
): { value: number; text: string } {
  const raw = (population * rule.workers) / rule.perResidents;
  const value = roundCount(raw, rule.rounding);
  const shown = Number(raw.toPrecision(12));
  return {
    value,
    text: `按常住人口：${population} × ${rule.workers} ÷ ${rule.perResidents} = ${shown}，${ROUNDING_LABELS[rule.rounding]}得 ${value} 名`,
  };
}

function quotaByHouseholds(
  rule: HouseholdRule,
  households: number,
): { value: number; text: string } {
  const band = rule.bands.find((b) => households <= b.upTo);
  if (band) {
    return {
      value: band.posts,
      text: `按户数：${households} 户，不超过 ${band.upTo} 户配 ${band.posts} 名`,
    };
  }
  const last = rule.bands[rule.bands.length - 1];
  if (!last) throw new RuleEngineError('INVALID_INPUT', '户数配备标准没有任何档次');
  const further = households - last.upTo;
  if (!rule.beyond) {
    return {
      value: last.posts,
      text: `按户数：${households} 户，超过最高档 ${last.upTo} 户，按最高档配 ${last.posts} 名`,
    };
  }
  const { everyHouseholds, posts, rounding } = rule.beyond;
  const steps = roundCount(further / everyHouseholds, rounding);
  const extra = steps * posts;
  return {
    value: last.posts + extra,
    text:
      `按户数：${households} 户，${last.upTo} 户以内配 ${last.posts} 名；超出 ${further} 户，` +
      `每 ${everyHouseholds} 户增配 ${posts} 名（${ROUNDING_LABELS[rounding]}）增配 ${extra} 名，` +
      `共 ${last.posts + extra} 名`,
  };
}

/**
 * Quota of one community. `max`/`min` take the larger/smaller of the population and household
 * results; the per-community minimum and cap apply last.
 */
export function computeQuota(rule: StaffingStandard, input: QuotaInput): QuotaResult {
  const needsPopulation = rule.method !== 'households';
  const needsHouseholds = rule.method !== 'population';
  const missing: QuotaResult['missing'] = [];
  const parts: string[] = [];

  let byPopulation: number | null = null;
  if (needsPopulation) {
    if (!rule.population)
      throw new RuleEngineError('INVALID_INPUT', '配备标准缺少按人口配备的规则');
    const population = input.residentPopulation;
    if (population === null || population === undefined) {
      missing.push('residentPopulation');
    } else {
      checkCount(population, '常住人口');
      const r = quotaByPopulation(rule.population, population);
      byPopulation = r.value;
      parts.push(r.text);
    }
  }

  let byHouseholds: number | null = null;
  if (needsHouseholds) {
    if (!rule.households)
      throw new RuleEngineError('INVALID_INPUT', '配备标准缺少按户数配备的规则');
    const households = input.households;
    if (households === null || households === undefined) {
      missing.push('households');
    } else {
      checkCount(households, '户数');
      const r = quotaByHouseholds(rule.households, households);
      byHouseholds = r.value;
      parts.push(r.text);
    }
  }

  if (missing.length > 0) {
    const names = missing.map((m) => (m === 'residentPopulation' ? '常住人口' : '户数')).join('、');
    return {
      quota: null,
      byPopulation,
      byHouseholds,
      missing,
      explanation: [...parts, `缺少${names}，无法计算员额`].join('；'),
    };
  }

  let quota: number;
  if (rule.method === 'population') quota = byPopulation ?? 0;
  else if (rule.method === 'households') quota = byHouseholds ?? 0;
  else {
    const a = byPopulation ?? 0;
    const b = byHouseholds ?? 0;
    quota = rule.method === 'max' ? Math.max(a, b) : Math.min(a, b);
    parts.push(`取两者${rule.method === 'max' ? '较大值' : '较小值'} ${quota} 名`);
  }

  const min = rule.minPerCommunity;
  if (min !== null && min !== undefined && quota < min) {
    quota = min;
    parts.push(`低于每个社区最少 ${min} 名，按 ${min} 名`);
  }
  const cap = rule.capPerCommunity;
  if (cap !== null && cap !== undefined && quota > cap) {
    quota = cap;
    parts.push(`超过每个社区最多 ${cap} 名，按 ${cap} 名`);
  }
  parts.push(`员额 ${quota} 名`);
  return { quota, byPopulation, byHouseholds, missing, explanation: parts.join('；') };
}

// ---------------------------------------------------------------------------------------------
// Roll-up

export interface StaffingUnit<Id extends string | number> {
  id: Id;
  /** Null (or an id not in the list) for the roots of the given forest. */
  parentId: Id | null;
  /** The unit's own quota; null when no standard applies to it (e.g. a district office). */
  quota: number | null;
  /** Workers attached to the unit itself, not to its descendants. */
  headcount: number;
}

export interface StaffingTotals {
  /** Sums over the unit and all its descendants. */
  quota: number;
  headcount: number;
  /**
   * Sum over units with a quota of max(0, quota − headcount): a vacancy in one community is not
   * cancelled by excess in another, so the parent shows both. `quota − headcount` is the net.
   */
  vacancies: number;
  excess: number;
  /** Headcount of units with no quota, which counts neither as vacancy nor as excess. */
  headcountWithoutQuota: number;
  own: { quota: number | null; headcount: number; vacancies: number; excess: number };
}

/**
 * Totals for every unit over its subtree, in O(n): children are found through a parent map and
 * units are visited in breadth-first order, then summed from the leaves up. 100,000 units take a
 * few milliseconds. A cycle in the parent links throws.
 */
export function rollUp<Id extends string | number>(
  units: readonly StaffingUnit<Id>[],
): Map<Id, StaffingTotals> {
  const totals = new Map<Id, StaffingTotals>();
  const children = new Map<Id, Id[]>();
  for (const u of units) {
    if (totals.has(u.id)) throw new RuleEngineError('INVALID_INPUT', `单位 ${u.id} 重复出现`);
    if (!isCount(u.headcount)) checkCount(u.headcount, `单位 ${u.id} 的在岗人数`);
    if (u.quota !== null && !isCount(u.quota)) checkCount(u.quota, `单位 ${u.id} 的员额`);
    const withQuota = u.quota !== null;
    const vacancies = withQuota ? Math.max(0, (u.quota ?? 0) - u.headcount) : 0;
    const excess = withQuota ? Math.max(0, u.headcount - (u.quota ?? 0)) : 0;
    totals.set(u.id, {
      quota: u.quota ?? 0,
      headcount: u.headcount,
      vacancies,
      excess,
      headcountWithoutQuota: withQuota ? 0 : u.headcount,
      own: { quota: u.quota, headcount: u.headcount, vacancies, excess },
    });
  }
  const parentOf = new Map<Id, Id>();
  const roots: Id[] = [];
  for (const u of units) {
    if (u.parentId !== null && u.parentId !== u.id && totals.has(u.parentId)) {
      parentOf.set(u.id, u.parentId);
      const list = children.get(u.parentId);
      if (list) list.push(u.id);
      else children.set(u.parentId, [u.id]);
    } else if (u.parentId === u.id) {
      throw new RuleEngineError('TREE_CYCLE', `单位 ${u.id} 的上级是它自己`);
    } else {
      roots.push(u.id);
    }
  }

  // Breadth-first from the roots: every unit comes after its parent. Units on a cycle are never
  // reached, which the length check below turns into an error.
  const order: Id[] = roots;
  for (let i = 0; i < order.length; i++) {
    const id = order[i];
    const kids = id === undefined ? undefined : children.get(id);
    if (kids) for (const k of kids) order.push(k);
  }
  if (order.length !== units.length) {
    throw new RuleEngineError('TREE_CYCLE', '单位的上下级关系存在循环');
  }

  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i];
    const parent = id === undefined ? undefined : parentOf.get(id);
    if (id === undefined || parent === undefined) continue;
    const t = totals.get(id);
    const p = totals.get(parent);
    if (!t || !p) continue;
    p.quota += t.quota;
    p.headcount += t.headcount;
    p.vacancies += t.vacancies;
    p.excess += t.excess;
    p.headcountWithoutQuota += t.headcountWithoutQuota;
  }
  return totals;
}
