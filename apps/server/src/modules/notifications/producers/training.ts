// Training behind (培训未达标): the workers in post who have not met their training rule this
// year, from the training module's own compliance report (complianceReport: the governing rule per
// worker, the window, the shortfall), run once per unit where a training:manage holder sits. Each
// holder gets one notification a month with the number behind in their scope (when any), and the
// digest shows the same number. A unit with no training rule in force is skipped.
import { ORG_LEVELS, type OrgLevel } from '@cwp/core';
import type { AuthContext } from '../../../lib/auth-context';
import { AppError } from '../../../lib/errors';
import { complianceReport } from '../../training/compliance';
import { holders, monthKey } from './recipients';
import type { DueItem, Producer } from './types';

const isLevel = (l: string): l is OrgLevel => (ORG_LEVELS as readonly string[]).includes(l);

/** The compliance report reads with the scope of the unit itself, not of any one user. */
function unitContext(unit: { id: number; path: string; level: OrgLevel }): AuthContext {
  return {
    sessionId: '',
    csrfToken: '',
    userId: 0,
    username: 'system',
    displayName: '系统',
    mustChangePassword: false,
    workerId: null,
    orgUnitId: unit.id,
    orgName: '',
    orgLevel: unit.level,
    orgPath: unit.path,
    roles: [],
    permissions: new Set(['training:read']),
  };
}

export const trainingProducer: Producer = {
  kind: 'training.behind',
  async collect(db, date) {
    const list = await holders(db, ['training:manage']);
    const year = Number(date.slice(0, 4));
    const behindAt = new Map<number, number>();
    for (const h of list) {
      if (behindAt.has(h.orgUnitId) || !isLevel(h.level)) continue;
      try {
        const report = await complianceReport(
          db,
          unitContext({ id: h.orgUnitId, path: h.path, level: h.level }),
          { orgUnitId: h.orgUnitId, year, pageSize: 1 },
        );
        behindAt.set(h.orgUnitId, report.totals.behind);
      } catch (err) {
        // No training rule in force for this unit: nothing can be behind.
        if (err instanceof AppError && err.code === 'VALIDATION_FAILED')
          behindAt.set(h.orgUnitId, 0);
        else throw err;
      }
    }
    const items: DueItem[] = [];
    const counts = new Map<number, number>();
    const month = monthKey(date);
    for (const h of list) {
      const n = behindAt.get(h.orgUnitId) ?? 0;
      if (n === 0) continue;
      counts.set(h.id, n);
      items.push({
        userId: h.id,
        itemKey: `${h.orgUnitId}:${month}`,
        title: `培训提醒：${n} 名社区工作者本年度培训未达标`,
        body: `截至 ${date}，您所辖范围内有 ${n} 名在岗社区工作者 ${year} 年度培训学时或次数未达到培训规则要求，请安排培训。`,
        link: '/training',
      });
    }
    return { items, counts };
  },
};
