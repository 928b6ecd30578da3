// The demo city: a deterministic generator (fixed seed) so every fresh install and every test run
// sees the same tree and the same accounts.
import { createRng } from '@cwp/core';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { appUser, orgUnit, role, systemSetting, userRole } from '../db/schema';
import { writeAudit, SYSTEM_CONTEXT } from '../lib/audit';
import { hashPassword } from '../lib/password';
import type { Pii } from '../lib/pii';
import { seedDemoWorkers } from './demo-workers';
import { seedExampleRuleSets } from '../modules/rule-sets/seed';
import { seedDemoContracts } from './demo-contracts';

export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO_SEED = 20_260_101;

export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: '系统管理员', role: 'system_admin', unit: 'city' },
  { username: 'district', displayName: '区委组织部管理员', role: 'dept_admin', unit: 'district' },
  { username: 'street', displayName: '街道人事专员', role: 'hr_officer', unit: 'subdistrict' },
  { username: 'community', displayName: '社区书记', role: 'community_leader', unit: 'community' },
  { username: 'auditor', displayName: '区审计人员', role: 'auditor', unit: 'district' },
] as const;

/** Shown at start-up; `worker` is created with the demo workers. */
export const DEMO_LOGINS = [
  ...DEMO_ACCOUNTS.map((a) => ({ username: a.username, displayName: a.displayName })),
  { username: 'worker', displayName: '社区工作者（本人自助）' },
];

const DISTRICTS = ['东城区', '西湖区', '南湖区', '北山区', '新城区', '滨江区'];
const STREET_WORDS = [
  '文晖',
  '潮鸣',
  '长庆',
  '朝晖',
  '米市',
  '湖滨',
  '清波',
  '北山',
  '灵隐',
  '翠苑',
  '古荡',
  '蒋村',
  '留下',
  '转塘',
  '闸弄',
  '凯旋',
  '采荷',
  '笕桥',
  '彭埠',
  '九堡',
  '丁兰',
  '四季青',
  '南星',
  '紫阳',
  '望江',
  '小营',
  '清河',
  '白石',
  '长河',
  '浦沿',
  '西兴',
  '东新',
  '石桥',
  '半山',
  '康桥',
  '祥符',
  '和睦',
  '拱宸',
  '米兰',
  '大关',
  '上塘',
  '三墩',
  '双浦',
  '龙坞',
  '闻堰',
  '新塘',
  '瓜沥',
  '衙前',
  '河庄',
  '义蓬',
  '临平',
  '东湖',
  '南苑',
  '星桥',
  '乔司',
];
const COMMUNITY_WORDS = [
  '和平',
  '幸福',
  '光明',
  '春晖',
  '东园',
  '西苑',
  '南苑',
  '北苑',
  '新风',
  '朝阳',
  '红星',
  '建设',
  '友谊',
  '长青',
  '翠竹',
  '桂花',
  '枫林',
  '杨柳',
  '梅园',
  '兰亭',
  '青年',
  '前进',
  '民主',
  '人民',
  '团结',
  '胜利',
  '新华',
  '复兴',
  '振兴',
  '锦绣',
  '金桥',
  '银湖',
  '文苑',
  '书香',
  '康乐',
  '安居',
  '和谐',
  '清泉',
  '百合',
  '碧水',
];

export interface DemoSummary {
  seeded: boolean;
  units: number;
  workers: number;
}

/** Seeds the demo city unless any org unit already exists. */
export async function seedDemo(db: Db, opts: { pii?: Pii } = {}): Promise<DemoSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7420004)`);
    const [existing] = await tx.select({ id: orgUnit.id }).from(orgUnit).limit(1);
    if (existing) return { seeded: false, units: 0, workers: 0 };
    const rng = createRng(DEMO_SEED);
    const rows: (typeof orgUnit.$inferInsert)[] = [];
    const nextIds = await reserveIds(tx, 600);
    let cursor = 0;
    const take = () => {
      const id = nextIds[cursor++];
      if (id === undefined) throw new Error('ran out of reserved org ids');
      return id;
    };
    const cityId = take();
    const cityPath = `${cityId}.`;
    rows.push({
      id: cityId,
      parentId: null,
      level: 'city',
      name: '示范市',
      divisionCode: '330100',
      path: cityPath,
      depth: 0,
    });
    const streetNames = [...STREET_WORDS];
    let streetIndex = 0;
    DISTRICTS.forEach((districtName, d) => {
      const districtId = take();
      const districtCode = `3301${String(d + 2).padStart(2, '0')}`;
      const districtPath = `${cityPath}${districtId}.`;
      rows.push({
        id: districtId,
        parentId: cityId,
        level: 'district',
        name: districtName,
        divisionCode: districtCode,
        path: districtPath,
        depth: 1,
      });
      const subdistricts = d < 2 ? 9 : 8;
      for (let s = 0; s < subdistricts; s++) {
        const streetId = take();
        const streetCode = `${districtCode}${String(s + 1).padStart(3, '0')}`;
        const streetPath = `${districtPath}${streetId}.`;
        const streetName = `${streetNames[streetIndex++ % streetNames.length] ?? '中心'}街道`;
        rows.push({
          id: streetId,
          parentId: districtId,
          level: 'subdistrict',
          name: streetName,
          divisionCode: streetCode,
          path: streetPath,
          depth: 2,
        });
        const communities = rng.int(8, 12);
        for (let c = 0; c < communities; c++) {
          const communityId = take();
          const population = rng.int(2000, 15000);
          const households = Math.round(population / (2.4 + rng.next() * 0.6));
          rows.push({
            id: communityId,
            parentId: streetId,
            level: 'community',
            name: `${COMMUNITY_WORDS[(streetIndex * 5 + c) % COMMUNITY_WORDS.length] ?? '和平'}社区`,
            divisionCode: `${streetCode}${String(c + 1).padStart(3, '0')}`,
            path: `${streetPath}${communityId}.`,
            depth: 3,
            residentPopulation: population,
            households,
          });
        }
      }
    });
    for (let i = 0; i < rows.length; i += 500)
      await tx.insert(orgUnit).values(rows.slice(i, i + 500));

    const firstDistrict = rows.find((r) => r.level === 'district');
    const firstStreet = rows.find(
      (r) => r.level === 'subdistrict' && r.parentId === firstDistrict?.id,
    );
    const firstCommunity = rows.find(
      (r) => r.level === 'community' && r.parentId === firstStreet?.id,
    );
    const unitOf = {
      city: cityId,
      district: firstDistrict?.id,
      subdistrict: firstStreet?.id,
      community: firstCommunity?.id,
    };
    const roles = await tx
      .select()
      .from(role)
      .where(
        inArray(
          role.code,
          DEMO_ACCOUNTS.map((a) => a.role),
        ),
      );
    for (const account of DEMO_ACCOUNTS) {
      const orgUnitId = unitOf[account.unit];
      const r = roles.find((x) => x.code === account.role);
      if (orgUnitId === undefined || !r)
        throw new Error(`demo account ${account.username} has no unit or role`);
      const [user] = await tx
        .insert(appUser)
        .values({
          username: account.username,
          displayName: account.displayName,
          orgUnitId,
          passwordHash,
          mustChangePassword: false,
        })
        .returning({ id: appUser.id });
      if (!user) throw new Error('insert failed');
      await tx.insert(userRole).values({ userId: user.id, roleId: r.id });
    }
    await tx
      .insert(systemSetting)
      .values({ key: 'demo_seeded_at', value: new Date().toISOString() })
      .onConflictDoNothing();
    const workers = opts.pii ? await seedDemoWorkers(tx, opts.pii) : 0;
    await seedExampleRuleSets(tx, { id: cityId, path: cityPath });
    if (workers > 0) await seedDemoContracts(tx, cityPath);
    await writeAudit(tx, SYSTEM_CONTEXT, [
      {
        action: 'system.seed_demo',
        entityType: 'system',
        orgPath: cityPath,
        changes: { units: rows.length, workers, accounts: DEMO_ACCOUNTS.map((a) => a.username) },
      },
    ]);
    return { seeded: true, units: rows.length, workers };
  });
}

async function reserveIds(tx: DbOrTx, n: number): Promise<number[]> {
  const r = await tx.execute<{ id: number }>(
    sql`select nextval('org_unit_id_seq')::int as id from generate_series(1, ${n})`,
  );
  return r.rows.map((x) => Number(x.id));
}

export async function demoUserId(db: Db, username: string): Promise<number | undefined> {
  const [u] = await db
    .select({ id: appUser.id })
    .from(appUser)
    .where(eq(appUser.username, username));
  return u?.id;
}
