import { describe, expect, it } from 'vitest';
import { filterOf, parseRosterParams, rosterParams, sameListing } from './roster-query';

describe('roster address-bar state', () => {
  it('reads filters, sort and page, and writes back only what differs from the defaults', () => {
    const state = parseRosterParams(
      new URLSearchParams(
        'q=张&orgUnitId=12&status=probation&gradeMin=3&gradeMax=9&ageMax=45&sort=hireDate&page=3&pageSize=50',
      ),
    );
    expect(state).toEqual({
      q: '张',
      orgUnitId: 12,
      status: 'probation',
      gradeMin: 3,
      gradeMax: 9,
      ageMax: 45,
      sort: 'hireDate',
      page: 3,
      pageSize: 50,
    });
    expect(parseRosterParams(rosterParams(state))).toEqual(state);
    expect(rosterParams({ sort: 'unit', page: 1, pageSize: 20 }).toString()).toBe('');
  });

  it('drops malformed or unknown values instead of sending them to the server', () => {
    const state = parseRosterParams(
      new URLSearchParams(
        'status=gone&sort=salary&page=-2&pageSize=1000&gradeMin=x&orgUnitId=0&q=%20',
      ),
    );
    expect(state).toEqual({ sort: 'unit', page: 1, pageSize: 20 });
  });

  it('treats two pages of the same filter and sort as one listing (cursors carry over)', () => {
    const a = parseRosterParams(new URLSearchParams('q=李&page=1'));
    const b = parseRosterParams(new URLSearchParams('q=李&page=4'));
    const c = parseRosterParams(new URLSearchParams('q=李&page=4&sort=name'));
    expect(sameListing(a, b)).toBe(true);
    expect(sameListing(b, c)).toBe(false);
    expect(filterOf(c)).toEqual({ q: '李' });
  });
});
