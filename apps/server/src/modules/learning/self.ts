// The worker's own learning record (self:read): online courses and progress, upcoming sessions
// (from the training module's tables), hours this year against the training rule in force,
// certificates, and hours per ability area (the competency profile shown as a radar).
import { ABILITY_AREAS, evaluateCompliance } from '@cwp/core';
import type { MyLearningSummary } from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { AuthContext } from '../../lib/auth-context';
import { notFound } from '../../lib/errors';
import { certificatesOfWorker } from '../qualifications/service';
import { resolveRuleSets } from '../training/rules';
import { todayIso } from '../workers/mapping';
import { listMyCourses } from './progress';

const SOURCE_ZH: Record<string, string> = {
  session: '培训班次',
  online_course: '线上课程',
  external: '外部培训',
  exam: '资格考试',
};

export async function myLearningSummary(db: Db, auth: AuthContext): Promise<MyLearningSummary> {
  if (!auth.workerId) throw notFound();
  const workerId = auth.workerId;
  const { rows: wr } = await db.execute<{ org_path: string; post: string; category: string }>(
    sql`select org_path, post, category from worker where id = ${workerId}`,
  );
  const w = wr[0];
  if (!w) throw notFound();
  const today = todayIso();
  const year = Number(today.slice(0, 4));
  const [byYear, byAbility, records, sessions, certificates, courses, ruleSets] = await Promise.all(
    [
      db.execute<{ year: number; hours: string; trainings: number }>(sql`
      select year, sum(hours)::text as hours, count(*)::int as trainings
        from training_hours where worker_id = ${workerId} group by year`),
      db.execute<{ ability: string; hours: string }>(sql`
      select ability, sum(hours)::text as hours
        from training_hours where worker_id = ${workerId} group by ability`),
      db.execute<{
        year: number;
        hours: string;
        ability: string;
        source_type: string;
        note: string | null;
      }>(sql`
      select year, hours::text as hours, ability, source_type, note
        from training_hours where worker_id = ${workerId}
       order by granted_at desc limit 50`),
      db.execute<{
        id: number;
        title: string;
        starts_at: Date | string;
        location: string | null;
      }>(sql`
      select s.id, s.title, s.starts_at, s.location
        from training_enrolment e join training_session s on s.id = e.session_id
       where e.worker_id = ${workerId} and e.status = 'enrolled'
         and s.status = 'scheduled' and s.ends_at >= now()
       order by s.starts_at limit 20`),
      certificatesOfWorker(db, workerId),
      listMyCourses(db, auth),
      resolveRuleSets(db, w.org_path, today),
    ],
  );
  const totals = byYear.rows.map((r) => ({
    year: Number(r.year),
    hours: Number(r.hours),
    trainings: Number(r.trainings),
  }));
  const hoursThisYear = totals.find((t) => t.year === year)?.hours ?? 0;
  const governing = ruleSets.find((r) => w.org_path.startsWith(r.orgPath));
  let requiredHours: number | null = null;
  let ruleNote: string | null = null;
  if (governing) {
    const c = evaluateCompliance(
      governing.set,
      { post: w.post, category: w.category },
      totals,
      year,
    );
    requiredHours = governing.set.certificateHours || null;
    const parts = [
      c.meets
        ? `培训规则（${c.windowFrom}–${c.windowTo} 年）已达标`
        : `培训规则（${c.windowFrom}–${c.windowTo} 年）尚差 ${c.trainingsShort} 次、${c.hoursShort} 学时`,
    ];
    if (governing.set.certificateHours > 0) {
      parts.push(
        c.certificateMet
          ? `本年持证学时 ${governing.set.certificateHours} 已满`
          : `本年持证学时尚差 ${c.certificateHoursShort}`,
      );
    }
    ruleNote = parts.join('；');
  }
  const abilityMap = new Map(byAbility.rows.map((r) => [r.ability, Number(r.hours)]));
  return {
    year,
    hoursThisYear: Math.round(hoursThisYear * 10) / 10,
    requiredHours,
    ruleNote,
    abilityHours: ABILITY_AREAS.map((a) => ({ ability: a, hours: abilityMap.get(a) ?? 0 })),
    hoursRecords: records.rows.map((r) => ({
      year: Number(r.year),
      hours: Number(r.hours),
      ability: r.ability,
      source: r.note ?? SOURCE_ZH[r.source_type] ?? r.source_type,
    })),
    upcomingSessions: sessions.rows.map((s) => ({
      id: Number(s.id),
      title: s.title,
      startsAt: new Date(s.starts_at).toISOString(),
      location: s.location,
    })),
    certificates,
    courses,
  };
}
