// Demo installation: the example rule sets (EXAMPLE_RULE_SETS, one per kind) attached to the demo
// city as approved version 1, and the quotas computed under them. Real installations start empty
// and administrators enter their own rules.
import { RULE_SET_KINDS } from '@cwp/contracts';
import { EXAMPLE_RULE_SETS } from '@cwp/core';
import type { DbOrTx } from '../../db/client';
import { ruleSet } from '../../db/schema-career';
import { SYSTEM_CONTEXT, writeAudit } from '../../lib/audit';
import { recomputeInTx } from '../staffing/recompute';
import { todayIso } from '../workers/mapping';
import { checkContent } from './service';

export const DEMO_RULES_EFFECTIVE_FROM = '2024-01-01';

export async function seedExampleRuleSets(
  tx: DbOrTx,
  city: { id: number; path: string },
): Promise<void> {
  const now = new Date();
  const rows = await tx
    .insert(ruleSet)
    .values(
      RULE_SET_KINDS.map((kind) => {
        const checked = checkContent(kind, EXAMPLE_RULE_SETS[kind].content);
        if (!checked.ok)
          throw new Error(`example ${kind} is invalid: ${checked.errors[0]?.message}`);
        return {
          kind,
          orgUnitId: city.id,
          orgPath: city.path,
          name: EXAMPLE_RULE_SETS[kind].name,
          versionNo: 1,
          effectiveFrom: DEMO_RULES_EFFECTIVE_FROM,
          status: 'in_force',
          content: checked.value,
          note: '演示数据：示例规则',
          approvedAt: now,
        };
      }),
    )
    .returning({ id: ruleSet.id, kind: ruleSet.kind });
  await writeAudit(tx, SYSTEM_CONTEXT, [
    {
      action: 'rule_set.seed_examples',
      entityType: 'rule_set',
      orgPath: city.path,
      changes: { ruleSets: rows, effectiveFrom: DEMO_RULES_EFFECTIVE_FROM },
    },
  ]);
  await recomputeInTx(tx, SYSTEM_CONTEXT, city, todayIso());
}
