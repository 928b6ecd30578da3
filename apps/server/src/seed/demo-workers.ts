// About 8,000 demo workers over the demo city's communities, with realistic distributions (ages
// 22–60, about 60% women, mostly junior-college and bachelor education, a few hundred qualified
// social workers), and the `worker` demo account linked to one of them. Deterministic (fixed seed).
import { composeIdNumber, createRng, makeChineseName, type Rng } from '@cwp/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { appUser, orgUnit, role, userRole, worker, workerHistory } from '../db/schema';
import type { Pii } from '../lib/pii';
import { highestEducation, identityColumns, phoneColumns } from '../modules/workers/mapping';

const EDUCATION: readonly (readonly [string, number])[] = [
  ['14', 3],
  ['20', 42],
  ['30', 40],
  ['40', 6],
  ['60', 9],
];
const POLITICAL: readonly (readonly [string, number])[] = [
  ['01', 45],
  ['02', 3],
  ['03', 12],
  ['12', 2],
  ['13', 38],
];
const CATEGORY: readonly (readonly [string, number])[] = [
  ['committee_member', 35],
  ['full_time', 55],
  ['grid_worker', 10],
];
const STATUS: readonly (readonly [string, number])[] = [
  ['active', 90],
  ['probation', 5],
  ['suspended', 2],
  ['exited', 3],
];
const QUALIFICATION: readonly (readonly [string | null, number])[] = [
  [null, 905],
  ['assistant', 60],
  ['intermediate', 30],
  ['senior', 5],
];
const GRADE_RANGE = { principal: [7, 18], deputy: [4, 15], staff: [1, 12] } as const;
const BIRTH_DIVISIONS = [
  '330102',
  '330105',
  '330106',
  '330108',
  '330110',
  '330122',
  '320106',
  '340104',
  '360102',
  '420106',
];

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function randomDate(rng: Rng, fromYear: number, toYear: number): string {
  return isoDate(rng.int(fromYear, toYear), rng.int(1, 12), rng.int(1, 28));
}

export interface GeneratedWorker {
  values: typeof worker.$inferInsert;
  history: Omit<typeof workerHistory.$inferInsert, 'workerId'>[];
}

/** One worker's columns; shared with the scale generator used by the benchmarks. */
export function generateWorker(
  rng: Rng,
  pii: Pii,
  unit: { id: number; path: string; name: string },
  post: 'principal' | 'deputy' | 'staff',
  usedIds: Set<string>,
  refYear = 2026,
): GeneratedWorker {
  const female = rng.next() < 0.6;
  const birthYear = refYear - rng.int(22, 60);
  const birthDate = randomDate(rng, birthYear, birthYear);
  let idNumber = '';
  for (let seq = rng.int(0, 990); ; seq = (seq + 2) % 999) {
    idNumber = composeIdNumber({
      divisionCode: rng.pick(BIRTH_DIVISIONS),
      birthDate,
      sequence: seq,
      sex: female ? 'female' : 'male',
    });
    if (!usedIds.has(idNumber)) break;
  }
  usedIds.add(idNumber);
  const phone = `1${rng.pick(['3', '5', '8', '7', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
  const education = rng.weighted(EDUCATION);
  const inService =
    education !== '14' && rng.next() < 0.15 ? (education === '30' ? '20' : '30') : null;
  const ageAtStart = rng.int(21, Math.max(22, refYear - birthYear - 1));
  const workStartDate = randomDate(
    rng,
    Math.min(refYear - 1, birthYear + ageAtStart),
    Math.min(refYear - 1, birthYear + ageAtStart),
  );
  const hireYear = rng.int(Number(workStartDate.slice(0, 4)), refYear - 1);
  // Never before the work start (the worker schema refuses that). The random draws are the ones
  // the generator always made, so the rest of the demo data stays the same.
  const firstDraw = randomDate(rng, hireYear, hireYear);
  const secondDraw =
    firstDraw < workStartDate ? workStartDate : randomDate(rng, hireYear, hireYear);
  const hireDate = secondDraw < workStartDate ? workStartDate : secondDraw;
  const status = rng.weighted(STATUS);
  const qualification = rng.weighted(QUALIFICATION);
  const [gMin, gMax] = GRADE_RANGE[post];
  const grade = rng.int(gMin, gMax);
  const category =
    post === 'staff'
      ? rng.weighted(CATEGORY.filter(([c]) => c !== 'committee_member'))
      : 'committee_member';
  const politicalStatus = post === 'principal' ? '01' : rng.weighted(POLITICAL);
  const values: typeof worker.$inferInsert = {
    name: makeChineseName(rng, female ? 'female' : 'male'),
    ...identityColumns(pii, idNumber),
    ethnicity: rng.next() < 0.94 ? '01' : rng.pick(['03', '02', '08', '11', '15']),
    nativePlace: rng.pick([
      '浙江杭州',
      '浙江宁波',
      '浙江绍兴',
      '江苏南京',
      '安徽合肥',
      '江西南昌',
      '湖北武汉',
    ]),
    politicalStatus,
    partyJoinDate:
      politicalStatus === '01'
        ? randomDate(rng, birthYear + 20, Math.min(refYear - 1, birthYear + 40))
        : null,
    educationFullTime: education,
    educationInService: inService,
    education: highestEducation(education, inService),
    degree: education === '14' ? '3' : education === '20' ? '4' : '0',
    school: rng.pick([
      '浙江大学',
      '浙江工业大学',
      '杭州师范大学',
      '浙江财经大学',
      '浙江广播电视大学',
      '杭州职业技术学院',
    ]),
    major: rng.pick([
      '社会工作',
      '行政管理',
      '汉语言文学',
      '法学',
      '会计学',
      '计算机应用',
      '公共事业管理',
    ]),
    maritalStatus:
      birthYear > refYear - 28
        ? '10'
        : rng.weighted([
            ['20', 85],
            ['10', 10],
            ['40', 5],
          ] as const),
    ...phoneColumns(pii, phone),
    address: `示范市${unit.name}${rng.int(1, 99)}幢${rng.int(1, 6)}单元${rng.int(101, 1802)}室`,
    category,
    orgUnitId: unit.id,
    orgPath: unit.path,
    post,
    grade,
    status,
    workStartDate,
    hireDate,
    probationEnd: status === 'probation' ? isoDate(refYear, rng.int(1, 12), 28) : null,
    qualification,
    certNumber: qualification
      ? `ZJ${rng.int(2008, 2025)}${String(rng.int(0, 999_999)).padStart(6, '0')}`
      : null,
    certDate: qualification ? randomDate(rng, 2008, refYear - 1) : null,
    updatedBy: 'system',
  };
  const history = [
    {
      kind: 'unit',
      value: unit.name,
      orgUnitId: unit.id,
      effectiveFrom: hireDate,
      reason: '聘用',
      createdBy: 'system',
    },
    { kind: 'post', value: post, effectiveFrom: hireDate, reason: '聘用', createdBy: 'system' },
    {
      kind: 'grade',
      value: String(grade),
      effectiveFrom: hireDate,
      reason: '聘用',
      createdBy: 'system',
    },
    { kind: 'status', value: status, effectiveFrom: hireDate, reason: '聘用', createdBy: 'system' },
  ];
  return { values, history };
}

export async function seedDemoWorkers(tx: DbOrTx, pii: Pii, seed = 20_260_202): Promise<number> {
  const rng = createRng(seed);
  const communities = await tx
    .select({ id: orgUnit.id, path: orgUnit.path, name: orgUnit.name })
    .from(orgUnit)
    .where(eq(orgUnit.level, 'community'))
    .orderBy(orgUnit.path);
  const used = new Set<string>();
  const batch: GeneratedWorker[] = [];
  let total = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const ids = await tx
      .insert(worker)
      .values(batch.map((b) => b.values))
      .returning({ id: worker.id });
    const history = batch.flatMap((b, i) =>
      b.history.map((h) => ({ ...h, workerId: ids[i]?.id ?? 0 })),
    );
    for (let i = 0; i < history.length; i += 2000)
      await tx.insert(workerHistory).values(history.slice(i, i + 2000));
    total += batch.length;
    batch.length = 0;
  };
  for (const unit of communities) {
    const size = rng.int(11, 21);
    for (let i = 0; i < size; i++) {
      const post = i === 0 ? 'principal' : i <= 2 ? 'deputy' : 'staff';
      batch.push(generateWorker(rng, pii, unit, post, used));
    }
    if (batch.length >= 1000) await flush();
  }
  await flush();
  // The `worker` demo account: a staff member (the third worker generated, after the principal
  // and a deputy) of the `community` account's community.
  const [home] = await tx
    .select({ orgUnitId: appUser.orgUnitId, passwordHash: appUser.passwordHash })
    .from(appUser)
    .where(eq(appUser.username, 'community'));
  const [workerRole] = await tx.select().from(role).where(eq(role.code, 'worker'));
  if (!home || !workerRole) return total;
  const [self] = await tx
    .select({ id: worker.id })
    .from(worker)
    .where(and(eq(worker.orgUnitId, home.orgUnitId), eq(worker.post, 'staff')))
    .orderBy(asc(worker.id))
    .limit(1);
  if (!self) return total;
  await tx.execute(sql`update worker set status = 'active' where id = ${self.id}`);
  const [u] = await tx
    .insert(appUser)
    .values({
      username: 'worker',
      displayName: '社区工作者',
      orgUnitId: home.orgUnitId,
      workerId: self.id,
      passwordHash: home.passwordHash,
      mustChangePassword: false,
    })
    .returning({ id: appUser.id });
  if (u) await tx.insert(userRole).values({ userId: u.id, roleId: workerRole.id });
  return total;
}
