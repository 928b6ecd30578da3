// The job runner started in every instance. It claims queued jobs with FOR UPDATE SKIP LOCKED (so
// two instances never run the same job), polls every second and is kicked right after an enqueue
// in this process. A running job writes a heartbeat; a job whose holder stopped beating (the
// instance died) is queued again, and failed after a few attempts. One job at a time per
// instance keeps an import's memory within bounds.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Db } from '../../db/client';
import { job } from '../../db/schema';
import type { JobRow } from './service';

/** A failure to show the user as is (Chinese); anything else is logged and shown generically. */
export class JobFailure extends Error {}

export interface JobContext {
  job: JobRow;
  signal: AbortSignal;
  /** Records progress (0–100) and the heartbeat; throttled to about once a second. */
  progress(percent: number): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

export interface JobRunnerOptions {
  pollMs?: number;
  heartbeatMs?: number;
  /** A running job without a heartbeat for this long belongs to a dead instance. */
  staleAfterMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
}

const GENERIC_FAILURE = '任务执行出错，请稍后重试；如仍失败请联系管理员';

export class JobRunner {
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly opts: Required<JobRunnerOptions>;
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopping = false;
  private current: AbortController | null = null;
  private lastStaleCheck = 0;
  private lastHousekeeping = 0;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    opts: JobRunnerOptions = {},
  ) {
    this.opts = {
      pollMs: opts.pollMs ?? 1000,
      heartbeatMs: opts.heartbeatMs ?? 5000,
      staleAfterMs: opts.staleAfterMs ?? 5 * 60_000,
      maxAttempts: opts.maxAttempts ?? 3,
      timeoutMs: opts.timeoutMs ?? 15 * 60_000,
    };
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Look for work now (called after an enqueue in this process). */
  kick(): void {
    if (!this.started || this.stopping) return;
    if (this.tick) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops polling, aborts the running job (it is queued again for another instance) and waits. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current?.abort();
    await this.tick;
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick = this.runOnce().finally(() => {
        this.tick = null;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : this.opts.pollMs);
      });
    }, ms);
    // Polling alone must never keep a process (or a test run) alive.
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      await this.requeueStale();
      while (!this.stopping) {
        const claimed = await this.claim();
        if (!claimed) return;
        await this.execute(claimed);
      }
    } catch (err) {
      if (!this.stopping) this.log.error({ err }, 'job runner poll failed');
    }
  }

  private async claim(): Promise<JobRow | null> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return null;
    const [row] = await this.db
      .update(job)
      .set({
        status: 'running',
        lockedBy: this.instanceId,
        startedAt: new Date(),
        heartbeatAt: new Date(),
        attempts: sql`${job.attempts} + 1`,
        progress: 0,
      })
      .where(
        eq(
          job.id,
          sql`(select id from job where status = 'queued' and kind = any(${sql.param(kinds)}::text[])
                order by id limit 1 for update skip locked)`,
        ),
      )
      .returning();
    return row ?? null;
  }

  private async requeueStale(): Promise<void> {
    const now = Date.now();
    if (now - this.lastStaleCheck < Math.min(30_000, this.opts.staleAfterMs)) return;
    this.lastStaleCheck = now;
    const cutoff = new Date(now - this.opts.staleAfterMs);
    const { rows } = await this.db.execute<{ id: number; status: string }>(sql`
      update job set
        status = case when attempts >= ${this.opts.maxAttempts} then 'failed' else 'queued' end,
        error = case when attempts >= ${this.opts.maxAttempts}
                     then '任务多次中断（服务重启或故障），已停止；请重新提交' else error end,
        finished_at = case when attempts >= ${this.opts.maxAttempts} then now() else null end,
        locked_by = null, heartbeat_at = null
      where status = 'running' and (heartbeat_at is null or heartbeat_at < ${cutoff})
      returning id, status`);
    for (const r of rows) this.log.warn({ jobId: r.id, status: r.status }, 'stale job recovered');
    if (now - this.lastHousekeeping >= 3_600_000) {
      this.lastHousekeeping = now;
      // Files of jobs finished a week ago (error reports, uploads of failed jobs) are not kept.
      await this.db.execute(sql`
        delete from job_file f using job j
         where f.job_id = j.id and j.finished_at < now() - interval '7 days'`);
    }
  }

  private async execute(row: JobRow): Promise<void> {
    const handler = this.handlers.get(row.kind);
    const mine = and(eq(job.id, row.id), eq(job.lockedBy, this.instanceId));
    if (!handler) return;
    const ac = new AbortController();
    this.current = ac;
    let lastBeat = Date.now();
    const beat = async (progress?: number) => {
      lastBeat = Date.now();
      await this.db
        .update(job)
        .set({ heartbeatAt: new Date(), ...(progress === undefined ? {} : { progress }) })
        .where(mine);
    };
    // The heartbeat also runs while the handler is busy in one long statement.
    const heartbeat = setInterval(() => {
      if (Date.now() - lastBeat >= this.opts.heartbeatMs)
        beat().catch((err: unknown) => this.log.warn({ err }, 'job heartbeat failed'));
    }, this.opts.heartbeatMs);
    heartbeat.unref();
    const timeout = setTimeout(
      () => ac.abort(new JobFailure('任务执行超时，已停止；请拆分文件后重试')),
      this.opts.timeoutMs,
    );
    timeout.unref();
    let lastProgress = 0;
    const ctx: JobContext = {
      job: row,
      signal: ac.signal,
      progress: async (percent) => {
        const p = Math.max(0, Math.min(99, Math.floor(percent)));
        if (p === lastProgress || Date.now() - lastBeat < 1000) return;
        lastProgress = p;
        await beat(p);
      },
    };
    try {
      const result = await handler(ctx);
      await this.db
        .update(job)
        .set({
          status: 'succeeded',
          progress: 100,
          result,
          error: null,
          finishedAt: new Date(),
          lockedBy: null,
          heartbeatAt: null,
        })
        .where(mine);
    } catch (err) {
      const reason: unknown = ac.signal.aborted ? ac.signal.reason : err;
      if (this.stopping && !(reason instanceof JobFailure)) {
        // Shutting down: hand the job back so another instance (or this one, restarted) runs it.
        await this.db
          .update(job)
          .set({ status: 'queued', lockedBy: null, heartbeatAt: null, progress: 0 })
          .where(mine)
          .catch(() => undefined);
        return;
      }
      if (!(reason instanceof JobFailure)) this.log.error({ err, jobId: row.id }, 'job failed');
      await this.db
        .update(job)
        .set({
          status: 'failed',
          error: reason instanceof JobFailure ? reason.message : GENERIC_FAILURE,
          finishedAt: new Date(),
          lockedBy: null,
          heartbeatAt: null,
        })
        .where(mine)
        .catch((e: unknown) => this.log.error({ err: e }, 'could not record job failure'));
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
      this.current = null;
    }
  }
}

/** Creates the instance's runner, starts it when the app is ready and stops it on close. */
export function registerJobRunner(
  app: FastifyInstance,
  db: Db,
  opts: JobRunnerOptions = {},
): JobRunner {
  const runner = new JobRunner(db, app.log, opts);
  app.addHook('onReady', async () => runner.start());
  app.addHook('onClose', async () => runner.stop());
  return runner;
}
