// Survey campaigns (测评活动): set up per community and cycle by an organiser with survey:manage,
// scoped to the organiser's subtree; questions and sample rules are the campaign's own. Household
// codes are generated here: the plaintext is returned once for printing, only a keyed hash kept.
import type {
  CreateSurveyCampaignBody,
  SurveyCampaignView,
  SurveyQuestion,
  UpdateSurveyCampaignBody,
} from '@cwp/contracts';
import type { surveyCampaignQuery } from '@cwp/contracts';
import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { PiiKeys } from '../../config';
import type { Db, DbOrTx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';

/** Campaign transitions: draft → open → closed → published (closed may reopen). */
const NEXT: Record<string, readonly string[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open', 'published'],
  published: [],
};

interface CampaignRow extends Record<string, unknown> {
  id: number;
  org_unit_id: number;
  org_unit_name: string;
  org_path: string;
  title: string;
  year: number;
  period: string;
  status: SurveyCampaignView['status'];
  opens_on: string;
  closes_on: string;
  questions: SurveyQuestion[];
  scale_max: number;
  satisfied_min: number;
  min_respondents: number;
  min_ordinary_pct: number;
  version: number;
  codes_issued: number;
  codes_used: number;
  respondents: number;
}

const SELECT_CAMPAIGN = sql`
  select c.id, c.org_unit_id, u.name as org_unit_name, c.org_path, c.title, c.year, c.period,
         c.status, c.opens_on::text as opens_on, c.closes_on::text as closes_on, c.questions,
         c.scale_max, c.satisfied_min, c.min_respondents, c.min_ordinary_pct, c.version,
         (select count(*)::int from survey_code k where k.campaign_id = c.id) as codes_issued,
         (select count(*)::int from survey_code k
           where k.campaign_id = c.id and k.used_on is not null) as codes_used,
         (select count(*)::int from survey_response r where r.campaign_id = c.id)
           + (select count(*)::int from survey_ballot b where b.campaign_id = c.id) as respondents
    from survey_campaign c join org_unit u on u.id = c.org_unit_id`;

function present(row: CampaignRow) {
  return {
    id: Number(row.id),
    orgUnitId: Number(row.org_unit_id),
    orgUnitName: row.org_unit_name,
    title: row.title,
    year: row.year,
    period: row.period,
    status: row.status,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    scaleMax: row.scale_max,
    satisfiedMin: row.satisfied_min,
    minRespondents: row.min_respondents,
    minOrdinaryPct: row.min_ordinary_pct,
    codesIssued: row.codes_issued,
    codesUsed: row.codes_used,
    respondents: row.respondents,
    version: row.version,
  };
}

async function loadRow(db: DbOrTx, id: number): Promise<CampaignRow | undefined> {
  return (await db.execute<CampaignRow>(sql`${SELECT_CAMPAIGN} where c.id = ${id}`)).rows[0];
}

/** The campaign when it is in the caller's subtree; 404 otherwise. */
export async function campaignInScope(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
): Promise<CampaignRow> {
  const row = await loadRow(db, id);
  if (!row || !inScope(auth, row.org_path)) throw notFound();
  return row;
}

export async function campaignWorkers(db: DbOrTx, campaignId: number) {
  const rows = await db.execute<{
    worker_id: number;
    name: string;
    post: string;
    has_photo: boolean;
  }>(
    sql`select w.id as worker_id, w.name, w.post,
               exists (select 1 from worker_attachment a where a.worker_id = w.id
                        and a.kind = 'photo' and a.mime_type like 'image/%') as has_photo
          from survey_campaign_worker cw join worker w on w.id = cw.worker_id
         where cw.campaign_id = ${campaignId}
         order by cw.sort_order, w.id`,
  );
  return rows.rows.map((r) => ({
    workerId: Number(r.worker_id),
    name: r.name,
    post: r.post,
    hasPhoto: r.has_photo,
  }));
}

export async function getCampaign(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
): Promise<SurveyCampaignView> {
  const row = await campaignInScope(db, auth, id);
  return { ...present(row), questions: row.questions, workers: await campaignWorkers(db, id) };
}

export async function listCampaigns(
  db: Db,
  auth: AuthContext,
  query: z.infer<typeof surveyCampaignQuery>,
) {
  const where = [sql`c.org_path like ${`${auth.orgPath}%`}`];
  if (query.year) where.push(sql`c.year = ${query.year}`);
  if (query.status) where.push(sql`c.status = ${query.status}`);
  if (query.q) where.push(sql`c.title ilike ${`%${query.q.replace(/[\\%_]/g, '\\$&')}%`}`);
  if (query.after) where.push(sql`c.id < ${query.after}`);
  const rows = await db.execute<CampaignRow>(
    sql`${SELECT_CAMPAIGN} where ${sql.join(where, sql` and `)}
        order by c.id desc limit ${query.pageSize + 1}`,
  );
  const items = rows.rows.slice(0, query.pageSize).map(present);
  const more = rows.rows.length > query.pageSize;
  return { items, nextAfter: more ? (items[items.length - 1]?.id ?? null) : null };
}

/** The community must be in scope and the workers must belong to it (in post). */
async function checkCommunityAndWorkers(
  db: DbOrTx,
  auth: AuthContext,
  orgUnitId: number,
  workerIds: number[],
): Promise<{ orgPath: string }> {
  const unit = (
    await db.execute<{ path: string; level: string }>(
      sql`select path, level from org_unit where id = ${orgUnitId}`,
    )
  ).rows[0];
  if (!unit || !inScope(auth, unit.path))
    throw fieldError('orgUnitId', '社区不存在或不在您的管辖范围内');
  if (unit.level !== 'community')
    throw fieldError('orgUnitId', '测评活动只能按社区开展，请选择社区');
  if (new Set(workerIds).size !== workerIds.length) {
    throw fieldError('workerIds', '参评人员有重复');
  }
  if (workerIds.length > 0) {
    const found = await db.execute<{ id: number }>(sql`
      select id from worker
       where id = any(${sql.raw(`array[${workerIds.map(Number).join(',')}]::bigint[]`)})
         and org_path like ${`${unit.path}%`} and status in ('active', 'probation')`);
    const ok = new Set(found.rows.map((r) => Number(r.id)));
    const idx = workerIds.findIndex((id) => !ok.has(id));
    if (idx >= 0) {
      throw fieldError(`workerIds.${idx}`, '该社区工作者不在本社区在岗人员中');
    }
  }
  return { orgPath: unit.path };
}

function checkQuestionsAgainstWorkers(body: { questions: SurveyQuestion[]; workerIds: number[] }) {
  if (body.questions.some((q) => q.target === 'worker') && body.workerIds.length === 0) {
    throw fieldError('workerIds', '有针对社区工作者的题目时，请选择参评的社区工作者');
  }
}

async function replaceWorkers(tx: DbOrTx, campaignId: number, workerIds: number[]) {
  await tx.execute(sql`delete from survey_campaign_worker where campaign_id = ${campaignId}`);
  if (workerIds.length === 0) return;
  await tx.execute(sql`
    insert into survey_campaign_worker (campaign_id, worker_id, sort_order)
    select ${campaignId}, w, o - 1 from unnest(${sql.raw(
      `array[${workerIds.map(Number).join(',')}]::bigint[]`,
    )}) with ordinality as t(w, o)`);
}

export async function createCampaign(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateSurveyCampaignBody,
): Promise<SurveyCampaignView> {
  checkQuestionsAgainstWorkers(body);
  const id = await db.transaction(async (tx) => {
    const { orgPath } = await checkCommunityAndWorkers(tx, auth, body.orgUnitId, body.workerIds);
    const inserted = await tx.execute<{ id: number }>(sql`
      insert into survey_campaign (org_unit_id, org_path, title, year, period, opens_on, closes_on,
        questions, scale_max, satisfied_min, min_respondents, min_ordinary_pct, created_by)
      values (${body.orgUnitId}, ${orgPath}, ${body.title}, ${body.year}, ${body.period},
        ${body.opensOn}, ${body.closesOn}, ${JSON.stringify(body.questions)}::jsonb,
        ${body.scaleMax}, ${body.satisfiedMin}, ${body.minRespondents}, ${body.minOrdinaryPct},
        ${auth.userId})
      returning id`);
    const newId = Number(inserted.rows[0]!.id);
    await replaceWorkers(tx, newId, body.workerIds);
    await writeAudit(tx, ctx, [
      {
        action: 'survey.create',
        entityType: 'survey_campaign',
        entityId: newId,
        orgPath,
        changes: body,
      },
    ]);
    return newId;
  });
  return getCampaign(db, auth, id);
}

export async function updateCampaign(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: UpdateSurveyCampaignBody,
): Promise<SurveyCampaignView> {
  checkQuestionsAgainstWorkers(body);
  await db.transaction(async (tx) => {
    const row = await campaignInScope(tx, auth, id);
    if (row.status !== 'draft') {
      throw new AppError(
        'BAD_REQUEST',
        [{ path: 'status', message: '测评已开始，不能再修改题目和参评人员' }],
        '测评已开始，不能再修改题目和参评人员',
      );
    }
    await checkCommunityAndWorkers(tx, auth, Number(row.org_unit_id), body.workerIds);
    const updated = await tx.execute(sql`
      update survey_campaign set title = ${body.title}, year = ${body.year}, period = ${body.period},
        opens_on = ${body.opensOn}, closes_on = ${body.closesOn},
        questions = ${JSON.stringify(body.questions)}::jsonb, scale_max = ${body.scaleMax},
        satisfied_min = ${body.satisfiedMin}, min_respondents = ${body.minRespondents},
        min_ordinary_pct = ${body.minOrdinaryPct}, version = version + 1, updated_at = now()
       where id = ${id} and version = ${body.version}`);
    if (updated.rowCount !== 1) throw new AppError('CONFLICT');
    await replaceWorkers(tx, id, body.workerIds);
    await writeAudit(tx, ctx, [
      {
        action: 'survey.update',
        entityType: 'survey_campaign',
        entityId: id,
        orgPath: row.org_path,
        changes: body,
      },
    ]);
  });
  return getCampaign(db, auth, id);
}

export async function setCampaignStatus(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; status: 'open' | 'closed' | 'published' },
): Promise<SurveyCampaignView> {
  await db.transaction(async (tx) => {
    const row = await campaignInScope(tx, auth, id);
    if (!NEXT[row.status]?.includes(body.status)) {
      const msg = `测评当前状态不能变更为“${body.status}”`;
      throw new AppError('BAD_REQUEST', [{ path: 'status', message: msg }], msg);
    }
    if (body.status === 'open') {
      const questions = row.questions;
      if (questions.some((q) => q.target === 'worker')) {
        const n = await tx.execute<{ n: number }>(
          sql`select count(*)::int as n from survey_campaign_worker where campaign_id = ${id}`,
        );
        if ((n.rows[0]?.n ?? 0) === 0) throw fieldError('workerIds', '请先选择参评的社区工作者');
      }
    }
    const updated = await tx.execute(sql`
      update survey_campaign set status = ${body.status}, version = version + 1, updated_at = now()
       where id = ${id} and version = ${body.version}`);
    if (updated.rowCount !== 1) throw new AppError('CONFLICT');
    await writeAudit(tx, ctx, [
      {
        action: `survey.${body.status}`,
        entityType: 'survey_campaign',
        entityId: id,
        orgPath: row.org_path,
        changes: { from: row.status, to: body.status },
      },
    ]);
  });
  forgetCampaign(id);
  return getCampaign(db, auth, id);
}

// ---- one-time codes ----

/** Unambiguous letters and digits (no 0/O, 1/I/L): 20 characters ≈ 99 bits. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 20;

export function newCode(): string {
  // Rejection sampling keeps every character uniformly likely.
  let out = '';
  while (out.length < CODE_LENGTH) {
    for (const b of randomBytes(32)) {
      if (b < 248 && out.length < CODE_LENGTH) out += ALPHABET[b % ALPHABET.length];
    }
  }
  return out;
}

/** Keyed hash of a code: HMAC-SHA256 under a key derived from the server's data key. */
export function codeHasher(secret: Buffer): (code: string) => string {
  const key = createHmac('sha256', secret).update('cwp/survey-code/v1').digest();
  return (code) => createHmac('sha256', key).update(code.trim().toUpperCase()).digest('base64url');
}

/**
 * The hashes a code handed out may be stored under: made with PII_KEY, or, for codes issued before
 * a key rotation, with a key now in PII_OLD_KEYS (only the hash is stored, so they cannot be
 * re-encrypted; they stay valid as long as their key is listed).
 */
export function codeLookup(keys: PiiKeys): (code: string) => string[] {
  const hashers = [keys.current, ...keys.old].map(codeHasher);
  return (code) => hashers.map((h) => h(code));
}

export async function generateCodes(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  hash: (code: string) => string,
  id: number,
  body: { count: number; expiresOn?: string | undefined },
) {
  return db.transaction(async (tx) => {
    const row = await campaignInScope(tx, auth, id);
    if (row.status !== 'draft' && row.status !== 'open') {
      const msg = '测评已结束，不能再生成测评码';
      throw new AppError('BAD_REQUEST', [{ path: 'status', message: msg }], msg);
    }
    const expiresOn = body.expiresOn ?? row.closes_on;
    if (expiresOn > row.closes_on) throw fieldError('expiresOn', '有效期不能晚于测评截止日期');
    await tx.execute(sql`select pg_advisory_xact_lock(7420100, ${id}::int)`);
    const batch = await tx.execute<{ n: number }>(
      sql`select coalesce(max(batch_no), 0)::int + 1 as n from survey_code where campaign_id = ${id}`,
    );
    const batchNo = batch.rows[0]!.n;
    const codes = Array.from({ length: body.count }, newCode);
    await tx.execute(sql`
      insert into survey_code (campaign_id, code_hash, batch_no, expires_on)
      select ${id}, h, ${batchNo}, ${expiresOn}::date
        from jsonb_array_elements_text(${JSON.stringify(codes.map(hash))}::jsonb) as t(h)`);
    await writeAudit(tx, ctx, [
      {
        action: 'survey.codes',
        entityType: 'survey_campaign',
        entityId: id,
        orgPath: row.org_path,
        changes: { batchNo, count: body.count, expiresOn },
      },
    ]);
    return { batchNo, expiresOn, codes };
  });
}

// ---- a small cache of open campaigns for the public form ----

export interface OpenCampaign {
  id: number;
  title: string;
  orgUnitName: string;
  status: string;
  opensOn: string;
  closesOn: string;
  scaleMax: number;
  questions: SurveyQuestion[];
  workers: { workerId: number; name: string; post: string; hasPhoto: boolean }[];
  workerIds: Set<number>;
  loadedAt: number;
}

const CACHE_MS = 5_000;
const cache = new Map<number, OpenCampaign | null>();
const cacheAt = new Map<number, number>();

export function forgetCampaign(id: number) {
  cache.delete(id);
  cacheAt.delete(id);
}

/**
 * The campaign as the public form needs it, cached for a few seconds (the submission statement
 * itself checks the status again, so a just-closed campaign never takes an answer).
 */
export async function publicCampaign(db: DbOrTx, id: number): Promise<OpenCampaign | null> {
  const at = cacheAt.get(id);
  if (at !== undefined && Date.now() - at < CACHE_MS) return cache.get(id) ?? null;
  const row = await loadRow(db, id);
  const value: OpenCampaign | null = row
    ? {
        id: Number(row.id),
        title: row.title,
        orgUnitName: row.org_unit_name,
        status: row.status,
        opensOn: row.opens_on,
        closesOn: row.closes_on,
        scaleMax: row.scale_max,
        questions: row.questions,
        workers: await campaignWorkers(db, id),
        workerIds: new Set(),
        loadedAt: Date.now(),
      }
    : null;
  if (value) value.workerIds = new Set(value.workers.map((w) => w.workerId));
  if (cache.size > 1000) {
    cache.clear();
    cacheAt.clear();
  }
  cache.set(id, value);
  cacheAt.set(id, Date.now());
  return value;
}
