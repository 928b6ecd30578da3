import type { StaffingRow } from '@cwp/contracts';
import { describe, expect, it } from 'vitest';
import { buildTree } from './staffing-tree';

function row(orgUnitId: number, level: string): StaffingRow {
  const zero = { quota: 0, headcount: 0, vacancies: 0, excess: 0, headcountWithoutQuota: 0 };
  return {
    orgUnitId,
    name: `u${orgUnitId}`,
    level,
    divisionCode: String(orgUnitId),
    own: {
      computedQuota: null,
      adjustment: null,
      quota: null,
      headcount: 0,
      vacancies: 0,
      excess: 0,
      residentPopulation: null,
      households: null,
      ruleSetId: null,
      ruleVersionNo: null,
      explanation: null,
      computedAt: null,
    },
    totals: zero,
  };
}

describe('staffing tree', () => {
  it('offers to expand units above community level until their children are loaded', () => {
    const district = row(1, 'district');
    const loaded = new Map([[1, [row(2, 'subdistrict'), row(3, 'community')]]]);
    const tree = buildTree(district, loaded);
    expect(tree.children?.map((c) => c.key)).toEqual([2, 3]);
    expect(tree.children?.[0]?.children).toEqual([]); // not loaded yet: expandable
    expect(tree.children?.[1]?.children).toBeUndefined(); // a community is a leaf
  });

  it('shows a unit whose children came back empty as a leaf, and loaded grandchildren in place', () => {
    const loaded = new Map([
      [1, [row(2, 'subdistrict'), row(4, 'subdistrict')]],
      [2, [row(3, 'community')]],
      [4, []],
    ]);
    const tree = buildTree(row(1, 'district'), loaded);
    expect(tree.children?.[0]?.children?.map((c) => c.key)).toEqual([3]);
    expect(tree.children?.[1]?.children).toBeUndefined();
  });

  it('never loops on a unit listed under its own descendant', () => {
    const loaded = new Map([
      [1, [row(2, 'subdistrict')]],
      [2, [row(1, 'district')]],
    ]);
    const tree = buildTree(row(1, 'district'), loaded);
    expect(tree.children?.[0]?.children).toBeUndefined();
  });
});
