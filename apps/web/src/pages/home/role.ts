// Which home a signed-in account lands on: leaders (department administrators, system
// administrators) on the dashboard summary, HR officers on their pending work, workers on their
// self-service. An account with several roles gets every panel that applies, leader first.
import type { CurrentUser } from '@cwp/contracts';

export type HomePanel = 'leader' | 'hr' | 'worker';

export function homePanels(
  user: Pick<CurrentUser, 'roles' | 'permissions' | 'workerId'>,
): HomePanel[] {
  const has = (p: string) => user.permissions.includes(p);
  const roles = new Set(user.roles.map((r) => r.code));
  const out: HomePanel[] = [];
  if ((roles.has('dept_admin') || roles.has('system_admin')) && has('worker:read'))
    out.push('leader');
  else if (has('contract:manage') || has('payroll:manage') || roles.has('hr_officer'))
    out.push('hr');
  if (user.workerId !== null && has('self:read')) out.push('worker');
  return out;
}
