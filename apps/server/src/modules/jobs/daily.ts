// Daily background tasks that must run once per day however many instances serve the
// installation (contract reminders, overdue disclosures, the dashboard snapshot): the first
// instance to insert the day's key into scheduled_run enqueues one job; the job runner hands it to
// exactly one instance.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { job } from '../../db/schema';
import { todayIso } from '../workers/mapping';
import type { JobRunner } from './runner';

const dailyPayload = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

/**
 * Claims `kind`'s run for `date`: the first caller inserts the key `<kind>:<date>` and enqueues
 * the job (returning its id); every other caller (another instance, a later tick) gets null.
 */
export async function claimDailyRun(db: Db, kind: string, date: string): Promise<number | null> {
  const key = `${kind}:${date}`;
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ key: string }>(
      sql`insert into scheduled_run (key) values (${key}) on conflict do nothing returning key`,
    );
    if (rows.length === 0) return null;
    const [row] = await tx
      .insert(job)
      .values({ kind, payload: { date } })
      .returning({ id: job.id });
    if (!row) throw new Error('job insert returned nothing');
    await tx.execute(sql`update scheduled_run set job_id = ${row.id} where key = ${key}`);
    return row.id;
  });
}

/**
 * Registers the job handler of a daily task (run for the payload's date, else today) and, unless
 * `schedule` is false, checks at start and every hour whether today's run has been claimed.
 */
export function registerDailyJob(
  app: FastifyInstance,
  db: Db,
  runner: JobRunner,
  task: { kind: string; schedule: boolean; run: (date: string) => Promise<unknown> },
): void {
  runner.register(task.kind, async (ctx) => {
    const parsed = dailyPayload.safeParse(ctx.job.payload);
    return task.run(parsed.success && parsed.data.date ? parsed.data.date : todayIso());
  });
  if (!task.schedule) return;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    try {
      if ((await claimDailyRun(db, task.kind, todayIso())) !== null) runner.kick();
    } catch (err) {
      app.log.error({ err }, `${task.kind} schedule failed`);
    }
  };
  app.addHook('onReady', async () => {
    void tick();
    timer = setInterval(() => void tick(), 3_600_000);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
