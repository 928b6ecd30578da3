// Assessment results (考核结果): one rating per worker per period. The assessment cycles of the
// management module will write here when they land; until then results are entered or imported
// by HR officers. Grade reviews (promotion conditions) and payroll (performance pay) read them.
import {
  bigint,
  bigserial,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser, worker } from './schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const assessmentResult = pgTable(
  'assessment_result',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    /** The assessed year. */
    year: integer('year').notNull(),
    /** annual | q1..q4 | m01..m12 */
    period: text('period').notNull().default('annual'),
    /** excellent | competent | basically_competent | incompetent (glossary 等次). */
    rating: text('rating').notNull(),
    /** manual | import | cycle */
    source: text('source').notNull().default('manual'),
    note: text('note'),
    recordedBy: bigint('recorded_by', { mode: 'number' }).references(() => appUser.id),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('assessment_result_worker_period_uq').on(t.workerId, t.year, t.period),
    index('assessment_result_year_idx').on(t.year, t.period),
  ],
);
