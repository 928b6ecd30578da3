// Public reads of a community's disclosures: only published, superseded and withdrawn versions,
// never drafts; current = the latest published version of each series, past = the rest.
import type { PublicDisclosureItem, PublicDisclosureList } from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

/** Timestamps arrive as Date from node-pg and as text from the embedded database. */
const isoOf = (v: Date | string): string => new Date(v).toISOString();

interface Row extends Record<string, unknown> {
  id: number;
  series_id: number | null;
  kind: PublicDisclosureItem['kind'];
  title: string;
  period_key: string | null;
  event_date: string | null;
  revision: number;
  status: PublicDisclosureItem['status'];
  published_at: Date | string;
  body: string;
  finance: PublicDisclosureItem['finance'];
  correction_note: string | null;
  corrects_id: number | null;
  corrected_by_id: number | null;
  withdraw_reason: string | null;
}

const VISIBLE = sql`d.status in ('published', 'superseded', 'withdrawn') and d.published_at is not null`;

function summary(r: Row) {
  return {
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    periodKey: r.period_key,
    eventDate: r.event_date,
    revision: r.revision,
    status: r.status,
    publishedAt: isoOf(r.published_at),
  };
}

async function community(db: DbOrTx, id: number): Promise<{ id: number; name: string } | null> {
  const { rows } = await db.execute<{ id: number; name: string }>(sql`
    select id, name from org_unit where id = ${id} and level = 'community' and active`);
  const c = rows[0];
  return c ? { id: Number(c.id), name: c.name } : null;
}

export async function publicList(
  db: DbOrTx,
  communityId: number,
): Promise<PublicDisclosureList | null> {
  const c = await community(db, communityId);
  if (!c) return null;
  const { rows } = await db.execute<Row>(sql`
    select d.id, d.series_id, d.kind, d.title, d.period_key,
           to_char(d.event_date, 'YYYY-MM-DD') as event_date, d.revision, d.status, d.published_at
      from disclosure d
     where d.org_unit_id = ${communityId} and ${VISIBLE}
     order by d.published_at desc, d.id desc limit 500`);
  const current = rows.filter((r) => r.status === 'published').map(summary);
  const past = rows.filter((r) => r.status !== 'published').map(summary);
  return { community: c, current, past };
}

export async function publicItem(
  db: DbOrTx,
  communityId: number,
  itemId: number,
): Promise<PublicDisclosureItem | null> {
  const c = await community(db, communityId);
  if (!c) return null;
  const { rows } = await db.execute<Row>(sql`
    select d.id, d.series_id, d.kind, d.title, d.period_key,
           to_char(d.event_date, 'YYYY-MM-DD') as event_date, d.revision, d.status, d.published_at,
           d.body, d.finance, d.correction_note, d.withdraw_reason,
           (select p.id from disclosure p where p.id = d.corrects_id
              and p.status in ('published', 'superseded', 'withdrawn')) as corrects_id,
           (select n.id from disclosure n where n.corrects_id = d.id
              and n.status in ('published', 'superseded', 'withdrawn') order by n.id desc limit 1)
             as corrected_by_id
      from disclosure d
     where d.id = ${itemId} and d.org_unit_id = ${communityId} and ${VISIBLE}`);
  const r = rows[0];
  if (!r) return null;
  return {
    ...summary(r),
    body: r.body,
    finance: r.finance ?? null,
    correctionNote: r.correction_note,
    correctsId: r.corrects_id === null ? null : Number(r.corrects_id),
    correctedById: r.corrected_by_id === null ? null : Number(r.corrected_by_id),
    withdrawReason: r.withdraw_reason,
    communityName: c.name,
  };
}
