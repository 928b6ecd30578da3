import { describe, expect, it } from 'vitest';
import {
  computeQuota,
  EXAMPLE_RULE_SETS,
  type HouseholdRule,
  rollUp,
  RuleEngineError,
  type StaffingStandard,
  type StaffingUnit,
} from '../../src/index';

const national18: StaffingStandard = {
  method: 'population',
  population: { workers: 18, perResidents: 10_000, rounding: 'ceil' },
  controlLevel: 'city',
};

const householdRule: HouseholdRule = {
  bands: [
    { upTo: 1_000, posts: 10 },
    { upTo: 2_000, posts: 12 },
    { upTo: 3_000, posts: 15 },
  ],
  beyond: { posts: 1, everyHouseholds: 400, rounding: 'floor' },
};

const byHouseholds: StaffingStandard = {
  method: 'households',
  households: householdRule,
  controlLevel: 'district',
};

describe('computeQuota by population', () => {
  it('9,000 residents × 18 / 10,000 = 16.2 → ceil 17', () => {
    const r = computeQuota(national18, { residentPopulation: 9_000 });
    expect(r).toMatchObject({ quota: 17, byPopulation: 17, byHouseholds: null, missing: [] });
    expect(r.explanation).toContain('9000 × 18 ÷ 10000 = 16.2');
    expect(r.explanation).toContain('向上取整得 17 名');
  });

  it('uses the rule set’s rounding mode', () => {
    const floor = {
      ...national18,
      population: { workers: 18, perResidents: 10_000, rounding: 'floor' as const },
    };
    const round = {
      ...national18,
      population: { workers: 18, perResidents: 10_000, rounding: 'round' as const },
    };
    expect(computeQuota(floor, { residentPopulation: 9_000 }).quota).toBe(16);
    expect(computeQuota(round, { residentPopulation: 9_000 }).quota).toBe(16);
    expect(computeQuota(round, { residentPopulation: 9_250 }).quota).toBe(17); // 16.65
  });

  it('does not round an exact result up because of float noise', () => {
    expect(computeQuota(national18, { residentPopulation: 10_000 }).quota).toBe(18);
    const odd: StaffingStandard = {
      method: 'population',
      population: { workers: 1.1, perResidents: 10, rounding: 'ceil' },
      controlLevel: 'city',
    };
    expect(computeQuota(odd, { residentPopulation: 100 }).quota).toBe(11); // 11.000000000000002
  });
});

describe('computeQuota by households', () => {
  it('3,800 households: 15 up to 3,000, then +1 per 400 → 15 + 2 = 17', () => {
    const r = computeQuota(byHouseholds, { households: 3_800 });
    expect(r.quota).toBe(17);
    expect(r.explanation).toContain('超出 800 户');
    expect(r.explanation).toContain('增配 2 名');
  });

  it('takes the band a community falls in, inclusive of its upper bound', () => {
    expect(computeQuota(byHouseholds, { households: 0 }).quota).toBe(10);
    expect(computeQuota(byHouseholds, { households: 1_000 }).quota).toBe(10);
    expect(computeQuota(byHouseholds, { households: 1_001 }).quota).toBe(12);
    expect(computeQuota(byHouseholds, { households: 3_000 }).quota).toBe(15);
    expect(computeQuota(byHouseholds, { households: 3_399 }).quota).toBe(15);
  });

  it('counts a partial step only when the rule says ceil', () => {
    expect(computeQuota(byHouseholds, { households: 3_900 }).quota).toBe(17);
    const ceil: StaffingStandard = {
      ...byHouseholds,
      households: {
        ...householdRule,
        beyond: { posts: 1, everyHouseholds: 400, rounding: 'ceil' },
      },
    };
    expect(computeQuota(ceil, { households: 3_900 }).quota).toBe(18);
  });

  it('expresses "+1 per 300–500 households" by the chosen step', () => {
    const per300: StaffingStandard = {
      ...byHouseholds,
      households: {
        ...householdRule,
        beyond: { posts: 1, everyHouseholds: 300, rounding: 'floor' },
      },
    };
    expect(computeQuota(per300, { households: 3_800 }).quota).toBe(17); // 800 / 300 → 2
    expect(computeQuota(per300, { households: 3_900 }).quota).toBe(18); // 900 / 300 → 3
  });

  it('stays at the last band when no step beyond it is configured', () => {
    const noBeyond: StaffingStandard = {
      ...byHouseholds,
      households: { bands: householdRule.bands },
    };
    expect(computeQuota(noBeyond, { households: 5_000 }).quota).toBe(15);
  });
});

describe('computeQuota combined, with min and cap', () => {
  const combined: StaffingStandard = {
    ...byHouseholds,
    method: 'max',
    population: national18.population,
  };

  it('max and min of the two methods', () => {
    const r = computeQuota(combined, { residentPopulation: 9_000, households: 2_500 });
    expect(r).toMatchObject({ quota: 17, byPopulation: 17, byHouseholds: 15 });
    expect(r.explanation).toContain('取两者较大值 17 名');
    expect(
      computeQuota({ ...combined, method: 'min' }, { residentPopulation: 9_000, households: 2_500 })
        .quota,
    ).toBe(15);
  });

  it('applies the cap and the minimum per community', () => {
    const capped = computeQuota(
      { ...combined, capPerCommunity: 16 },
      { residentPopulation: 9_000, households: 2_500 },
    );
    expect(capped.quota).toBe(16);
    expect(capped.explanation).toContain('最多 16 名');
    const floored = computeQuota(
      { ...national18, minPerCommunity: 5 },
      { residentPopulation: 1_000 },
    );
    expect(floored.quota).toBe(5); // 1.8 → 2, raised to 5
  });

  it('reports missing inputs instead of guessing', () => {
    const r = computeQuota(combined, { residentPopulation: 9_000, households: null });
    expect(r.quota).toBeNull();
    expect(r.missing).toEqual(['households']);
    expect(r.explanation).toContain('缺少户数');
  });

  it('rejects negative inputs and incomplete rules', () => {
    expect(() => computeQuota(national18, { residentPopulation: -1 })).toThrow(RuleEngineError);
    expect(() =>
      computeQuota({ method: 'households', controlLevel: 'city' }, { households: 10 }),
    ).toThrow(RuleEngineError);
  });

  it('works with the example rule set', () => {
    const r = computeQuota(EXAMPLE_RULE_SETS.staffing_standard.content, {
      residentPopulation: 9_000,
      households: 3_800,
    });
    expect(r.quota).toBe(17);
  });
});

describe('rollUp', () => {
  //        1 city
  //        └ 2 district (no quota)
  //          └ 3 subdistrict (no quota, 3 office staff)
  //            ├ 4 community quota 17, headcount 15  → 2 vacancies
  //            └ 5 community quota 10, headcount 12  → 2 excess
  //          └ 6 subdistrict
  //            └ 7 community quota 12, headcount 12
  const units: StaffingUnit<number>[] = [
    { id: 5, parentId: 3, quota: 10, headcount: 12 },
    { id: 1, parentId: null, quota: null, headcount: 0 },
    { id: 4, parentId: 3, quota: 17, headcount: 15 },
    { id: 3, parentId: 2, quota: null, headcount: 3 },
    { id: 2, parentId: 1, quota: null, headcount: 0 },
    { id: 7, parentId: 6, quota: 12, headcount: 12 },
    { id: 6, parentId: 2, quota: null, headcount: 0 },
  ];

  it('sums quotas and headcounts and keeps vacancies and excess apart', () => {
    const totals = rollUp(units);
    expect(totals.get(4)).toMatchObject({ quota: 17, headcount: 15, vacancies: 2, excess: 0 });
    expect(totals.get(5)).toMatchObject({ quota: 10, headcount: 12, vacancies: 0, excess: 2 });
    expect(totals.get(3)).toMatchObject({
      quota: 27,
      headcount: 30,
      vacancies: 2,
      excess: 2,
      headcountWithoutQuota: 3,
      own: { quota: null, headcount: 3, vacancies: 0, excess: 0 },
    });
    expect(totals.get(1)).toMatchObject({ quota: 39, headcount: 42, vacancies: 2, excess: 2 });
  });

  it('treats a unit whose parent is not in the list as a root', () => {
    const totals = rollUp(units.filter((u) => u.id !== 1));
    expect(totals.get(2)?.quota).toBe(39);
  });

  it('rejects cycles and duplicates', () => {
    expect(() =>
      rollUp([
        { id: 'a', parentId: 'b', quota: 1, headcount: 1 },
        { id: 'b', parentId: 'a', quota: 1, headcount: 1 },
      ]),
    ).toThrow(RuleEngineError);
    expect(() => rollUp([{ id: 1, parentId: 1, quota: 1, headcount: 1 }])).toThrow('自己');
    expect(() =>
      rollUp([
        { id: 1, parentId: null, quota: 1, headcount: 1 },
        { id: 1, parentId: null, quota: 1, headcount: 1 },
      ]),
    ).toThrow('重复');
  });

  it('rolls up 100,000 units in linear time', () => {
    // 1 city → 10 districts → 100 subdistricts each → 99 communities each = 100,011 units
    const big: StaffingUnit<number>[] = [{ id: 0, parentId: null, quota: null, headcount: 0 }];
    let id = 1;
    for (let d = 0; d < 10; d++) {
      const district = id++;
      big.push({ id: district, parentId: 0, quota: null, headcount: 0 });
      for (let s = 0; s < 100; s++) {
        const sub = id++;
        big.push({ id: sub, parentId: district, quota: null, headcount: 1 });
        for (let c = 0; c < 99; c++) {
          big.push({ id: id++, parentId: sub, quota: 10, headcount: c % 2 === 0 ? 9 : 12 });
        }
      }
    }
    big.reverse(); // children before parents: order of input must not matter
    const started = performance.now();
    const totals = rollUp(big);
    const elapsed = performance.now() - started;
    expect(totals.size).toBe(100_011);
    expect(totals.get(0)).toMatchObject({
      quota: 990_000,
      headcount: 1000 * (50 * 9 + 49 * 12) + 1000,
      vacancies: 1000 * 50,
      excess: 1000 * 49 * 2,
      headcountWithoutQuota: 1000,
    });
    // Tens of milliseconds on an idle machine; the bound only rules out a quadratic walk, which
    // would take minutes at this size, without failing on a busy CI runner.
    expect(elapsed).toBeLessThan(5_000);
  });
});
