// Evaluation of regions' progress (评估指导): a round evaluates the districts or subdistricts under
// one unit for one year against the indicator set (rule-set kind `evaluation_indicators`) in force
// for that unit on the round's reference date; the rule set's id, version and content are recorded
// on the round, so a later version never changes a computed or finalized round.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { appUser, orgUnit } from './schema';
import { ruleSet } from './schema-career';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const evaluationRound = pgTable(
  'evaluation_round',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The evaluating unit (a province, city or district); its path scopes the round. */
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    year: integer('year').notNull(),
    /** The level evaluated: district | subdistrict. */
    level: text('level').notNull(),
    title: text('title').notNull(),
    /** The date whose indicator set in force was taken (the year's last day). */
    referenceDate: date('reference_date', { mode: 'string' }).notNull(),
    ruleSetId: bigint('rule_set_id', { mode: 'number' })
      .notNull()
      .references(() => ruleSet.id),
    ruleVersionNo: integer('rule_version_no').notNull(),
    ruleSetName: text('rule_set_name').notNull(),
    /** The indicator set's content as it was when the round was created. */
    indicators: jsonb('indicators').notNull(),
    /** draft | computed | finalized */
    status: text('status').notNull().default('draft'),
    computedAt: ts('computed_at'),
    computeMillis: integer('compute_millis'),
    finalizedAt: ts('finalized_at'),
    finalizedBy: bigint('finalized_by', { mode: 'number' }).references(() => appUser.id),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('evaluation_round_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.id),
    index('evaluation_round_year_idx').on(t.year),
  ],
);

/** One evaluated unit of a round, with its score and rank once computed. */
export const evaluationUnit = pgTable(
  'evaluation_unit',
  {
    roundId: bigint('round_id', { mode: 'number' })
      .notNull()
      .references(() => evaluationRound.id, { onDelete: 'cascade' }),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    divisionCode: text('division_code'),
    total: numeric('total', { precision: 8, scale: 2, mode: 'number' }),
    rank: integer('rank'),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.orgUnitId] })],
);

/**
 * One indicator's value for one unit of a round: computed (with what was counted) or entered
 * (with its evidence file, stored under DATA_DIR by checksum, type sniffed from the bytes).
 */
export const evaluationValue = pgTable(
  'evaluation_value',
  {
    roundId: bigint('round_id', { mode: 'number' })
      .notNull()
      .references(() => evaluationRound.id, { onDelete: 'cascade' }),
    orgUnitId: bigint('org_unit_id', { mode: 'number' }).notNull(),
    code: text('code').notNull(),
    value: numeric('value', { precision: 14, scale: 2, mode: 'number' }),
    points: numeric('points', { precision: 8, scale: 2, mode: 'number' }).notNull().default(0),
    numerator: numeric('numerator', { precision: 16, scale: 2, mode: 'number' }),
    denominator: numeric('denominator', { precision: 16, scale: 2, mode: 'number' }),
    evidenceName: text('evidence_name'),
    evidenceMime: text('evidence_mime'),
    evidenceSize: integer('evidence_size'),
    evidenceSha256: text('evidence_sha256'),
    evidencePath: text('evidence_path'),
    note: text('note'),
    enteredBy: bigint('entered_by', { mode: 'number' }).references(() => appUser.id),
    updatedAt: ts('updated_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.orgUnitId, t.code] })],
);
