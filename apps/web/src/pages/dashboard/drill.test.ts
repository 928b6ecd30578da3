import type { IndicatorView } from '@cwp/contracts';
import { describe, expect, it } from 'vitest';
import { parseRosterParams } from '../workers/roster-query';
import { drillTarget, rosterLink } from './drill';

const view = (axis: 'unit' | 'month', usesStatus = true): IndicatorView => ({
  indicator: { key: 'education', titleZh: '学历', titleEn: 'Education', axis, usesStatus },
  unit: { id: 1, name: '市', level: 'city' },
  path: [{ id: 1, name: '市', level: 'city' }],
  status: 'probation',
  source: 'live',
  asOf: '2026-11-26T00:00:00.000Z',
  categories: [
    { key: '20', labelZh: '大学本科', labelEn: 'Bachelor', roster: { education: '20' } },
    { key: '', labelZh: '未填写', labelEn: 'Not recorded', roster: null },
  ],
  rows: [
    { orgUnitId: 5, label: '区', hasChildren: true, values: [3, 1] },
    { orgUnitId: null, label: '本级', hasChildren: false, values: [2, 0] },
  ],
  lines: [],
  totals: [5, 1],
  summary: [],
});

describe('dashboard drill-down', () => {
  it('links a bar to the roster with parameters the roster understands', () => {
    const link = rosterLink(view('unit'), 0, 0);
    expect(link).toBe('/workers?orgUnitId=5&status=probation&education=20');
    const state = parseRosterParams(new URLSearchParams(link!.split('?')[1]));
    expect(state).toMatchObject({ orgUnitId: 5, status: 'probation', education: '20' });
  });

  it('opens no roster where it could not match the bar', () => {
    expect(rosterLink(view('unit'), 0, 1)).toBeNull(); // category without a roster filter
    expect(rosterLink(view('unit'), 1, 0)).toBeNull(); // the unit's own workers
    expect(rosterLink(view('month'), 0, 0)).toBeNull();
    expect(rosterLink(view('unit', false), 0, 0)).toBe('/workers?orgUnitId=5&education=20');
  });

  it('drills into a child unit, not into the unit itself', () => {
    expect(drillTarget(view('unit'), 0)).toBe(5);
    expect(drillTarget(view('unit'), 1)).toBeNull();
  });
});
