// The assessment scheme (考核方案) of a cycle is a career-system rule set of kind
// `assessment_scheme`: edited, versioned and approved in the rule-set module, resolved for a unit
// like every rule (deepest ancestor-or-self in force on the date). A cycle records the rule set's
// id and version number when it opens and keeps computing under that version.
import type { AssessmentScheme } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../lib/errors';
import { resolveInForce, storedContent, type Candidate } from '../rule-sets/resolve';

export const SCHEME_KIND = 'assessment_scheme';

/** The scheme in force for the unit at `unitPath` on `date`, or null. */
export function resolveScheme(
  db: DbOrTx,
  unitPath: string,
  date: string,
): Promise<Candidate<typeof SCHEME_KIND> | null> {
  return resolveInForce(db, SCHEME_KIND, unitPath, date);
}

/** Content of a stored scheme, checked again so scoring only sees a valid scheme. */
export function storedScheme(row: { id: number; content: unknown }): AssessmentScheme {
  return storedContent(SCHEME_KIND, row.content, row.id);
}

/** The scheme a cycle was opened under (its rule set, whatever its status is now). */
export async function schemeById(db: DbOrTx, id: number): Promise<AssessmentScheme> {
  const { rows } = await db.execute<{ content: unknown }>(
    sql`select content from rule_set where id = ${id} and kind = ${SCHEME_KIND}`,
  );
  const row = rows[0];
  if (!row) throw new AppError('INTERNAL', undefined, `考核方案规则集 ${id} 不存在`);
  return storedScheme({ id, content: row.content });
}
