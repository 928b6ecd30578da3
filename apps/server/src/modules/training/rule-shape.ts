// Reads a stored training rule set through the same zod schema the API accepts, so a malformed
// row fails loudly instead of silently changing who is compliant.
import { trainingRuleSchema } from '@cwp/contracts';
import type { TrainingRuleSet } from '@cwp/core';
import { z } from 'zod';

const stored = z.object({
  rules: z.array(trainingRuleSchema),
  certificateHours: z.number(),
});

export function trainingRuleSetSchemaParse(v: unknown): TrainingRuleSet {
  return stored.parse(v);
}
