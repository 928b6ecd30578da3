// Training requirements (培训要求) are rule sets of the career-system engine (kind
// `training_requirements`, modules/rule-sets): versioned per org unit, edited by administrators,
// submitted for approval and in force once approved. This file only reads them: the versions in
// force on a date that can govern workers under a unit, deepest unit first, so the compliance
// report and self-service pick the same version the rule-set screens show as "in force".
import type { TrainingRuleSet } from '@cwp/core';
import type { DbOrTx } from '../../db/client';
import { inForcePerUnit, loadCandidates } from '../rule-sets/resolve';

export const TRAINING_RULE_KIND = 'training_requirements';

export interface ResolvedRuleSet {
  id: number;
  versionNo: number;
  orgPath: string;
  orgUnitName: string;
  name: string;
  effectiveFrom: string;
  set: TrainingRuleSet;
}

/**
 * The training requirements that can govern workers under `rootPath` on `onDate`: the version in
 * force per unit, for the root's ancestors and the units inside the root; deepest first.
 */
export async function resolveRuleSets(
  db: DbOrTx,
  rootPath: string,
  onDate: string,
): Promise<ResolvedRuleSet[]> {
  const perUnit = inForcePerUnit(await loadCandidates(db, TRAINING_RULE_KIND, rootPath, onDate));
  return [...perUnit.values()]
    .map((c) => ({
      id: c.id,
      versionNo: c.versionNo,
      orgPath: c.orgPath,
      orgUnitName: c.orgUnitName,
      name: c.name,
      effectiveFrom: c.effectiveFrom,
      set: c.content,
    }))
    .sort((a, b) => b.orgPath.length - a.orgPath.length);
}
