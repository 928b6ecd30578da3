import { describe, expect, it } from 'vitest';
import { homePanels } from './role';

const user = (roles: string[], permissions: string[], workerId: number | null = null) => ({
  roles: roles.map((code) => ({ code, name: code })),
  permissions,
  workerId,
});

describe('homePanels', () => {
  it('sends each role to its own home', () => {
    expect(homePanels(user(['dept_admin'], ['worker:read', 'contract:manage']))).toEqual([
      'leader',
    ]);
    expect(homePanels(user(['hr_officer'], ['worker:read', 'contract:manage']))).toEqual(['hr']);
    expect(homePanels(user(['worker'], ['self:read', 'self:service'], 7))).toEqual(['worker']);
    expect(homePanels(user(['worker'], ['self:read'], null))).toEqual([]);
    expect(homePanels(user(['community_leader'], ['worker:read']))).toEqual([]);
  });
});
