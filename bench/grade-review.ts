// Scenario "grade-review": the annual grade review for 100,000 workers, computed and stored, then
// applied. 105,500 workers (about 100,000 of them active or on probation) over 10,550
// communities (bench/workers-scale.ts, with their hiring history, so every worker has an open
// grade record), the example 三岗十八级 ladder in force at the province, and last year's annual
// rating for 97 % of them (15 % excellent, 70 % competent, 9 % basically competent, 3 %
// incompetent). Then, through the server's own service functions:
//   compute — insertReview + computeReview: one set-based read, core's promotionProposal per
//             worker, COPY of the proposals with reason and rule version, totals, audit;
//   apply   — what the approval does (applyReview): worker.grade, closing and opening grade
//             history rows, one audit row, set-based in one transaction.
// Standalone: node --import tsx bench/grade-review.ts
import { randomBytes } from 'node:crypto';
import { EXAMPLE_RULE_SETS } from '@cwp/core';
import { eq } from 'drizzle-orm';
import { connect } from '../apps/server/src/db/client';
import { runMigrations } from '../apps/server/src/db/migrate';
import { gradeReview } from '../apps/server/src/db/schema-grades';
import type { AuditContext } from '../apps/server/src/lib/audit';
import { Pii } from '../apps/server/src/lib/pii';
import { applyReview } from '../apps/server/src/modules/grades/review-apply';
import { computeReview, insertReview } from '../apps/server/src/modules/grades/reviews';
import { round, type ScenarioResult } from './lib';
import { openTarget } from './subtree';
import { loadScale } from './workers-scale';

/** Generated workers; about 95 % are active or on probation, so at least 100,000 are reviewed. */
const WORKERS = Number(process.env.BENCH_GRADE_WORKERS ?? 105_500);
const COMMUNITIES = Math.max(1, Math.round(WORKERS / 10));
const TARGET_MS = 10_000;

export async function gradeReviewScenario(log: (line: string) => void): Promise<ScenarioResult> {
  const target = await openTarget(log);
  const { pool } = target.database;
  const connectionString = pool.options.connectionString;
  const app = connectionString ? connect(connectionString, 20) : target.database;
  try {
    const version =
      (await pool.query<{ server_version: string }>('show server_version')).rows[0]
        ?.server_version ?? '?';
    await runMigrations(pool);
    const pii = new Pii({ current: randomBytes(32), old: [], index: randomBytes(32) });
    log(`loading ${WORKERS} workers over ${COMMUNITIES} communities (COPY, with history) …`);
    const scale = await loadScale(pool, pii, {
      workers: WORKERS,
      communities: COMMUNITIES,
      history: true,
      log: (l) => log(`  ${l}`),
    });
    log(`  loaded in ${round(scale.seconds, 1)} s`);
    const root = scale.root;
    const year = new Date().getFullYear() + 1;
    await pool.query(
      `insert into rule_set (kind, org_unit_id, org_path, name, version_no, effective_from, status,
                             content, approved_at)
       values ('grade_scheme', $1, $2, $3, 1, '2000-01-01', 'in_force', $4, now())`,
      [
        root.id,
        root.path,
        EXAMPLE_RULE_SETS.grade_scheme.name,
        JSON.stringify(EXAMPLE_RULE_SETS.grade_scheme.content),
      ],
    );
    await pool.query(
      `insert into assessment_result (worker_id, year, period, rating, source)
       select id, $1, 'annual',
              case when h < 15 then 'excellent' when h < 85 then 'competent'
                   when h < 94 then 'basically_competent' else 'incompetent' end, 'import'
         from worker cross join lateral (select abs(hashtext(id::text)) % 100 as h) x
        where h < 97`,
      [year - 1],
    );
    await pool.query('analyze worker_history');
    await pool.query('analyze assessment_result');
    const inScope =
      (
        await pool.query<{ n: number }>(
          `select count(*)::int as n from worker where status in ('active', 'probation')`,
        )
      ).rows[0]?.n ?? 0;
    log(
      `${inScope} active or probation workers; ladder in force at the province; ratings of ${year - 1}`,
    );

    const ctx: AuditContext = { actorId: null, actorName: 'bench', requestId: null, ip: null };
    const a = performance.now();
    const review = await app.db.transaction((tx) =>
      insertReview(tx, ctx, null, { id: root.id, path: root.path, name: root.name }, year, null),
    );
    await computeReview(app.pool, ctx, review.id);
    const b = performance.now();
    const applied = await app.db.transaction(async (tx) => {
      const [pending] = await tx
        .update(gradeReview)
        .set({ status: 'pending' })
        .where(eq(gradeReview.id, review.id))
        .returning();
      if (!pending) throw new Error('review vanished');
      return applyReview(tx, ctx, pending, null);
    });
    const c = performance.now();
    const computeMs = b - a;
    const applyMs = c - b;
    const totalMs = c - a;
    log(
      `compute ${round(computeMs, 0)} ms; apply ${round(applyMs, 0)} ms (${applied.applied} grades changed)`,
    );

    // The figures must be right, not only fast.
    const check = (
      await pool.query<{
        proposals: number;
        promoted: number;
        history: number;
        raised: number;
        ruled: number;
      }>(
        `select (select count(*)::int from grade_review_proposal where review_id = $1) as proposals,
                (select count(*)::int from grade_review_proposal
                  where review_id = $1 and outcome = 'promoted') as promoted,
                (select count(*)::int from worker_history
                  where kind = 'grade' and reason like '年度晋级：%') as history,
                (select count(*)::int from worker w join grade_review_proposal p
                    on p.worker_id = w.id and p.review_id = $1
                  where p.outcome = 'promoted' and w.grade = p.current_grade + 1) as raised,
                (select count(*)::int from grade_review_proposal
                  where review_id = $1 and rule_set_id is not null) as ruled`,
        [review.id],
      )
    ).rows[0];
    const correct =
      check !== undefined &&
      check.proposals === inScope &&
      check.promoted === applied.applied &&
      check.history === applied.applied &&
      check.raised === applied.applied &&
      check.ruled === inScope;
    log(
      `proposals ${check?.proposals}, promoted ${check?.promoted}, history rows ${check?.history}, ` +
        `workers raised ${check?.raised}, proposals with rule version ${check?.ruled}`,
    );
    return {
      figures: [
        {
          metric: `annual review of ${inScope} workers: compute + store + apply`,
          value: round(totalMs, 0),
          unit: 'ms',
          target: `≤ ${TARGET_MS} ms`,
          pass: totalMs <= TARGET_MS,
        },
        {
          metric: 'compute and store proposals (computeReview)',
          value: round(computeMs, 0),
          unit: 'ms',
          target: '',
          pass: null,
        },
        {
          metric: `apply on approval (applyReview, ${applied.applied} promotions)`,
          value: round(applyMs, 0),
          unit: 'ms',
          target: '',
          pass: null,
        },
        {
          metric: 'proposals, promotions and history rows agree',
          value: correct ? 'yes' : 'NO',
          unit: '',
          target: 'yes',
          pass: correct,
        },
      ],
      notes: [
        `database: ${target.label}, PostgreSQL ${version}`,
        `${scale.workers} workers over ${COMMUNITIES} communities with hiring history; ` +
          'example 三岗十八级 ladder; 97 % rated last year',
        'timed in-process through the service functions (no HTTP, no job queue wait)',
      ],
      details: { computeMs, applyMs, totalMs, applied, check },
    };
  } finally {
    if (app !== target.database) await app.close();
    await target.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  gradeReviewScenario((l) => console.log(l))
    .then((r) => console.log(JSON.stringify(r.figures, null, 2)))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
