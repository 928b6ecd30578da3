// Source data a cycle reads besides the raters' scores: resident satisfaction (survey module) and
// unexcused absence (attendance module). Values entered for the cycle (assessment_cycle_input)
// take precedence, so a region without those modules' data can still run a cycle.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { assessmentCycleInput } from '../../db/schema-assessment-cycles';
import { satisfactionByWorker } from '../surveys/results';

export interface SatisfactionFigure {
  satisfactionPct: number | null;
  /** False when the survey's minimum-sample rules were not met: the figure does not count. */
  valid: boolean;
}

export interface CycleSourceProviders {
  satisfaction(
    db: DbOrTx,
    q: { year: number; orgPath: string },
  ): Promise<Map<number, SatisfactionFigure>>;
  absence(db: DbOrTx, q: { year: number; orgPath: string }): Promise<Map<number, number>>;
}

/**
 * Satisfaction from the survey module (only campaigns meeting their minimum-sample rules count).
 * Absence is not yet read from the attendance module: its figure counts every working day
 * without a check-in as unexcused, so a unit that does not record check-ins would have every
 * worker vetoed; until a unit can declare that it records attendance, absence is entered per
 * cycle (assessment_cycle_input).
 */
export const defaultProviders: CycleSourceProviders = {
  satisfaction: (db, q) => satisfactionByWorker(db, q),
  absence: () => Promise.resolve(new Map()),
};

export interface WorkerSourceData {
  satisfactionPct: number | null;
  absenceDays: number | null;
}

/** Satisfaction and absence per worker of the cycle: entered values, else the modules' figures. */
export async function loadSourceData(
  db: DbOrTx,
  providers: CycleSourceProviders,
  cycle: { id: number; year: number; orgPath: string },
): Promise<Map<number, WorkerSourceData>> {
  const [sat, abs, entered] = await Promise.all([
    providers.satisfaction(db, { year: cycle.year, orgPath: cycle.orgPath }),
    providers.absence(db, { year: cycle.year, orgPath: cycle.orgPath }),
    db
      .select({
        workerId: assessmentCycleInput.workerId,
        satisfactionPct: assessmentCycleInput.satisfactionPct,
        absenceDays: assessmentCycleInput.absenceDays,
      })
      .from(assessmentCycleInput)
      .where(eq(assessmentCycleInput.cycleId, cycle.id)),
  ]);
  const out = new Map<number, WorkerSourceData>();
  const get = (id: number) => {
    let d = out.get(id);
    if (!d) {
      d = { satisfactionPct: null, absenceDays: null };
      out.set(id, d);
    }
    return d;
  };
  for (const [id, f] of sat) if (f.valid) get(id).satisfactionPct = f.satisfactionPct;
  for (const [id, days] of abs) get(id).absenceDays = days;
  for (const e of entered) {
    const d = get(e.workerId);
    if (e.satisfactionPct !== null) d.satisfactionPct = e.satisfactionPct;
    if (e.absenceDays !== null) d.absenceDays = e.absenceDays;
  }
  return out;
}
