// Resident satisfaction surveys (居民满意度测评): a campaign per community and cycle, the workers it
// asks about, one-time household codes (stored only as a keyed hash) and the anonymous answers.
//
// Anonymity by construction: `survey_response` has no code id, no sequence (its id is a random
// UUID made by the application) and no time finer than the day; the code row only records the day
// it was used. An answer first lands in `survey_ballot` (the ballot box, read only by the mixer in
// modules/surveys/mixer.ts), which moves ballots into `survey_response` in shuffled batches.
// Flags found by the abuse checks carry the day and counts, never an answer or code.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { appUser, orgUnit, worker } from './schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A survey campaign of one community for one cycle (year + period). `questions` is the list of
 * questions ({ key, text, textEn?, target: 'team' | 'worker' }), each answered on a 1..scale_max
 * rating; a rating of at least `satisfied_min` counts as satisfied. The minimum sample rules are
 * the campaign's own (defaults come from the rule set in force when it is created).
 */
export const surveyCampaign = pgTable(
  'survey_campaign',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    /** annual | q1..q4 | m01..m12 */
    period: text('period').notNull().default('annual'),
    /** draft | open | closed | published */
    status: text('status').notNull().default('draft'),
    opensOn: date('opens_on', { mode: 'string' }).notNull(),
    closesOn: date('closes_on', { mode: 'string' }).notNull(),
    questions: jsonb('questions').notNull(),
    scaleMax: smallint('scale_max').notNull().default(5),
    satisfiedMin: smallint('satisfied_min').notNull().default(4),
    minRespondents: integer('min_respondents').notNull().default(50),
    /** Minimum share of ordinary residents among respondents, in percent. */
    minOrdinaryPct: integer('min_ordinary_pct').notNull().default(70),
    ruleSetId: bigint('rule_set_id', { mode: 'number' }),
    ruleVersionNo: integer('rule_version_no'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('survey_campaign_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.id),
    index('survey_campaign_year_idx').on(t.year, t.status),
  ],
);

/** The workers a campaign asks about (a snapshot of the community team when it was set up). */
export const surveyCampaignWorker = pgTable(
  'survey_campaign_worker',
  {
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => surveyCampaign.id, { onDelete: 'cascade' }),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.workerId] }),
    index('survey_campaign_worker_worker_idx').on(t.workerId),
  ],
);

/**
 * A one-time household code. Only HMAC(key, code) is stored; the plaintext exists once, on the
 * printed sheet. `used_on` is the day of use only (set by a single atomic UPDATE ... WHERE
 * used_on IS NULL), so a code's use cannot be lined up with an answer by time. `pending` marks a
 * code spent since the campaign's last mix: the mixer rewrites those rows (in random order, in the
 * transaction that moves the ballots) and clears it. Not indexed, so spending stays a HOT update.
 */
export const surveyCode = pgTable(
  'survey_code',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => surveyCampaign.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    batchNo: integer('batch_no').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    usedOn: date('used_on', { mode: 'string' }),
    pending: boolean('pending').notNull().default(false),
    revoked: boolean('revoked').notNull().default(false),
  },
  (t) => [
    uniqueIndex('survey_code_hash_uq').on(t.codeHash),
    index('survey_code_campaign_idx').on(t.campaignId, t.batchNo),
  ],
);

/**
 * One anonymous answer. `answers` is [{ q, w, r }] (question key, worker id or null for the team,
 * rating). `pattern_hash` (a hash of the answers) lets identical submissions be counted without
 * knowing who sent them.
 */
export const surveyResponse = pgTable(
  'survey_response',
  {
    id: uuid('id').primaryKey(),
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => surveyCampaign.id, { onDelete: 'cascade' }),
    answeredOn: date('answered_on', { mode: 'string' }).notNull(),
    /** ordinary | representative | party_member | grid_member | other */
    respondentType: text('respondent_type').notNull(),
    answers: jsonb('answers').notNull(),
    comment: text('comment'),
    patternHash: text('pattern_hash').notNull(),
    straightLined: boolean('straight_lined').notNull().default(false),
  },
  (t) => [index('survey_response_campaign_idx').on(t.campaignId, t.answeredOn)],
);

/**
 * The ballot box: answers taken but not yet mixed into `survey_response`. Same content as an
 * answer, no code, the day only; the statement that spends a code inserts here. Nothing but the
 * mixer reads it (other code counts its rows at most); the mixer deletes what it moves and
 * vacuums the table right after.
 */
export const surveyBallot = pgTable(
  'survey_ballot',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => surveyCampaign.id, { onDelete: 'cascade' }),
    answeredOn: date('answered_on', { mode: 'string' }).notNull(),
    respondentType: text('respondent_type').notNull(),
    answers: jsonb('answers').notNull(),
    comment: text('comment'),
    patternHash: text('pattern_hash').notNull(),
    straightLined: boolean('straight_lined').notNull().default(false),
  },
  (t) => [index('survey_ballot_campaign_idx').on(t.campaignId)],
);

/** Abuse signals for the organiser: what was seen, on which day, how often. No answer or code. */
export const surveyFlag = pgTable(
  'survey_flag',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => surveyCampaign.id, { onDelete: 'cascade' }),
    /** identical_burst | rejected_codes | rate_limited */
    kind: text('kind').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    count: integer('count').notNull().default(1),
    detail: jsonb('detail')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [uniqueIndex('survey_flag_uq').on(t.campaignId, t.kind, t.day)],
);
