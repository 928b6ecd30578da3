import { composeIdNumber } from '@cwp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../src/modules/workers/mapping';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  auditSince,
  createUserSession,
  databaseDigest,
  expectError,
  expectOk,
  maxAuditId,
  rows,
} from './helpers';

let t: TestApp;
let street: Session;
let community: Session;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  [street, community, admin] = await Promise.all([
    login(t.app, 'street'),
    login(t.app, 'community'),
    login(t.app, 'admin'),
  ]);
});
afterAll(async () => {
  await t?.close();
});

async function unitOf(s: Session) {
  return (await as(t.app, s).get(`/api/org-units/${s.orgUnitId}`)).json<{
    id: number;
    path: string;
    name: string;
  }>();
}

/** The date `years` before `iso` (29 February → 1 March), as the roster's age filter computes it. */
function yearsBefore(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y - years, m - 1, d)).toISOString().slice(0, 10);
}

function newWorkerBody(orgUnitId: number, seq: number) {
  return {
    name: '测试员',
    idNumber: composeIdNumber({
      divisionCode: '330106',
      birthDate: '1990-05-17',
      sequence: seq,
      sex: 'female',
    }),
    ethnicity: '01',
    politicalStatus: '13',
    phone: '13800138000',
    category: 'full_time',
    orgUnitId,
    post: 'staff',
    grade: 3,
    status: 'active',
    workStartDate: '2015-03-01',
    hireDate: '2016-04-01',
    educationFullTime: '20',
  };
}

describe('demo city workers', () => {
  it('has about 8,000 workers in a realistic mix, and `worker` serves in the community of `community`', async () => {
    const [mix] = await rows<{
      total: number;
      youngest: number;
      oldest: number;
      women: number;
      college: number;
      qualified: number;
    }>(
      t,
      `select count(*)::int as total,
              max(extract(year from birth_date))::int as youngest,
              min(extract(year from birth_date))::int as oldest,
              avg((sex = '2')::int)::float as women,
              avg((education_full_time in ('20', '30'))::int)::float as college,
              (count(*) filter (where qualification is not null))::int as qualified
         from worker`,
    );
    // The generator draws ages 22–60 in its reference year 2026.
    expect(mix).toMatchObject({ youngest: 2026 - 22, oldest: 2026 - 60 });
    expect(mix?.total).toBeGreaterThan(7_500);
    expect(mix?.total).toBeLessThan(9_000);
    expect(mix?.women).toBeGreaterThan(0.57);
    expect(mix?.women).toBeLessThan(0.63);
    expect(mix?.college).toBeGreaterThan(0.75); // junior college (20) and bachelor (30)
    expect(mix?.qualified).toBeGreaterThan(300);
    expect(mix?.qualified).toBeLessThan(1_000);

    const self = await login(t.app, 'worker');
    const me = (await as(t.app, self).get('/api/auth/me')).json<{
      user: { workerId: number | null; orgUnit: { id: number } };
    }>();
    expect(me.user.orgUnit.id).toBe(community.orgUnitId);
    const dossier = await as(t.app, community).get(`/api/workers/${me.user.workerId}`);
    expectOk(dossier);
    expect(dossier.json()).toMatchObject({
      orgUnitId: community.orgUnitId,
      post: 'staff',
      status: 'active',
    });
  });
});

describe('worker roster and dossier', () => {
  it('needs a session and the permission', async () => {
    expect((await as(t.app, null).get('/api/workers')).statusCode).toBe(401);
    const worker = await login(t.app, 'worker');
    expect((await as(t.app, worker).get('/api/workers')).statusCode).toBe(403);
    const me = await as(t.app, worker).get('/api/workers/me');
    expect(me.statusCode).toBe(200);
    // A worker reads only their own dossier.
    const other = await t.db.pool.query<{ id: number }>(
      'select id from worker where id <> $1 limit 1',
      [me.json<{ id: number }>().id],
    );
    expect((await as(t.app, worker).get(`/api/workers/${other.rows[0]?.id}`)).statusCode).toBe(403);
    // Their own history is readable; anyone else's is not found.
    const ownHistory = await as(t.app, worker).get(
      `/api/workers/${me.json<{ id: number }>().id}/history`,
    );
    expect(ownHistory.statusCode).toBe(200);
    expect(ownHistory.json<unknown[]>().length).toBeGreaterThan(0);
    expect(
      (await as(t.app, worker).get(`/api/workers/${other.rows[0]?.id}/history`)).statusCode,
    ).toBe(404);
  });

  it('limits the roster to the caller subtree and answers 404 outside it', async () => {
    const mine = await as(t.app, community).get('/api/workers?pageSize=100');
    expect(mine.statusCode).toBe(200);
    const body = mine.json<{ items: { id: number; orgUnitId: number }[]; total: number }>();
    const unit = await unitOf(community);
    const expected = await t.db.pool.query<{ n: number }>(
      'select count(*)::int as n from worker where org_path like $1',
      [`${unit.path}%`],
    );
    expect(body.total).toBe(expected.rows[0]?.n);
    expect(body.items.every((w) => w.orgUnitId === unit.id)).toBe(true);
    const outside = await t.db.pool.query<{ id: number }>(
      'select id from worker where org_path not like $1 limit 1',
      [`${unit.path}%`],
    );
    const res = await as(t.app, community).get(`/api/workers/${outside.rows[0]?.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('idNumber');
  });

  it('pages by keyset cursor without gaps or repeats and filters correctly', async () => {
    const seen = new Set<number>();
    let cursor: string | null = null;
    let total = 0;
    do {
      const res = await as(t.app, street).get(
        `/api/workers?pageSize=37&status=active${cursor ? `&cursor=${cursor}&withTotal=false` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      const page = res.json<{
        items: { id: number; status: string }[];
        total: number | null;
        nextCursor: string | null;
      }>();
      if (page.total !== null) total = page.total;
      for (const w of page.items) {
        expect(w.status).toBe('active');
        expect(seen.has(w.id)).toBe(false);
        seen.add(w.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(total);
    const age = await as(t.app, street).get('/api/workers?ageMin=30&ageMax=39&pageSize=100');
    for (const w of age.json<{ items: { age: number }[] }>().items)
      expect(w.age >= 30 && w.age <= 39).toBe(true);
    expect((await as(t.app, street).get('/api/workers?cursor=garbage')).statusCode).toBe(400);
  });

  it('caps pageSize at 100 with a field error naming it', async () => {
    for (const size of ['101', '0', '1000']) {
      const res = await as(t.app, street).get(`/api/workers?pageSize=${size}`);
      expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'pageSize' });
      expect(res.json<{ details: { path: string }[] }>().details.map((d) => d.path)).toEqual([
        'pageSize',
      ]);
    }
    const full = await as(t.app, street).get('/api/workers?pageSize=100');
    expectOk(full);
    const page = full.json<{ items: unknown[]; total: number }>();
    expect(page.total).toBeGreaterThan(100);
    expect(page.items).toHaveLength(100);
  });

  it('every filter, sort order and page agrees with the table', async () => {
    const unit = await unitOf(street);
    type Page = { items: { id: number }[]; total: number | null; nextCursor: string | null };
    const pageThrough = async (query: string) => {
      const ids: number[] = [];
      let cursor: string | null = null;
      let total: number | null = null;
      do {
        const res = await as(t.app, street).get(
          `/api/workers?pageSize=23&${query}${cursor ? `&cursor=${cursor}&withTotal=false` : ''}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<Page>();
        if (!cursor) total = page.total;
        ids.push(...page.items.map((w) => w.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(ids.length).toBe(total);
      return ids;
    };
    const expected = async (where: string, values: unknown[], order = 'org_path') =>
      (
        await t.db.pool.query<{ id: number }>(
          `select id from worker where org_path like $1 and ${where}
            order by ${order}, id`,
          [`${unit.path}%`, ...values],
        )
      ).rows.map((r) => Number(r.id));
    const sample = (
      await t.db.pool.query<{
        category: string;
        post: string;
        education: string;
        political_status: string;
        grade: number;
        name: string;
      }>(
        `select category, post, education, political_status, grade, name from worker
          where org_path like $1 and education is not null and grade is not null
          order by id limit 1`,
        [`${unit.path}%`],
      )
    ).rows[0]!;
    const cases: [string, string, unknown[], string?][] = [
      [
        `category=${sample.category}&post=${sample.post}`,
        'category = $2 and post = $3',
        [sample.category, sample.post],
      ],
      [
        `education=${sample.education}&politicalStatus=${sample.political_status}`,
        'education = $2 and political_status = $3',
        [sample.education, sample.political_status],
      ],
      ['gradeMin=2&gradeMax=4&sort=name', 'grade between 2 and 4', [], 'name collate "zh-x-icu"'],
      ['status=active&sort=hireDate', "status = 'active'", [], 'hire_date'],
      ['ageMin=35&sort=birthDate', 'birth_date <= $2', [yearsBefore(todayIso(), 35)], 'birth_date'],
      [
        `q=${encodeURIComponent(sample.name.slice(0, 1))}&sort=name`,
        "name like '%' || $2 || '%'",
        [sample.name.slice(0, 1)],
        'name collate "zh-x-icu"',
      ],
      ['qualification=assistant', "qualification = 'assistant'", []],
    ];
    for (const [query, where, values, order] of cases) {
      const want = await expected(where, values, order);
      expect(await pageThrough(query), query).toEqual(want);
    }
    // Name order is pinyin order, not code-point order: these surnames (one reading each) must
    // come in this order (bai, chen, cui, … zhou) wherever they occur in the list.
    const PINYIN = '白陈崔董范高郭韩何胡黄李梁林刘马孙唐王吴徐杨张赵周';
    const byName = await as(t.app, street).get('/api/workers?sort=name&pageSize=100');
    const ranks = byName
      .json<{ items: { name: string }[] }>()
      .items.map((w) => PINYIN.indexOf(w.name[0]!))
      .filter((r) => r >= 0);
    expect(ranks.length).toBeGreaterThan(10);
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    // Offset pages (page=2) give the second slice of the same order.
    const all = await expected('true', []);
    const second = await as(t.app, street).get('/api/workers?pageSize=10&page=2');
    expect(second.json<Page>().items.map((w) => w.id)).toEqual(all.slice(10, 20));
    expect(second.json<Page>().total).toBe(all.length);
    // A phone number finds exactly its worker (blind index).
    const created = await as(t.app, admin).post('/api/workers', {
      ...newWorkerBody(community.orgUnitId, 771),
      phone: '13912345678',
    });
    expect(created.statusCode, created.body).toBe(200);
    const byPhone = await as(t.app, admin).get('/api/workers?q=13912345678');
    expect(byPhone.json<Page>().items.map((w) => w.id)).toEqual([
      created.json<{ id: number }>().id,
    ]);
  });

  it('masks family members in the dossier; the full list is an audited reveal, or the worker’s own', async () => {
    const self = await login(t.app, 'worker');
    const me = (await as(t.app, self).get('/api/auth/me')).json<{
      user: { workerId: number };
    }>();
    const id = me.user.workerId;
    const before = (await as(t.app, street).get(`/api/workers/${id}`)).json<{ version: number }>();
    const family = [
      {
        relation: '配偶',
        name: '李小梅',
        birthDate: '1990-02-03',
        employer: '杭州某公司',
        politicalStatus: '13',
      },
      {
        relation: '子女',
        name: '王乐',
        birthDate: '2018-06-01',
        employer: null,
        politicalStatus: null,
      },
    ];
    const put = await as(t.app, street).put(`/api/workers/${id}/family`, {
      version: before.version,
      items: family,
    });
    expectOk(put);
    const masked = [
      { relation: '配偶', name: '李**', birthDate: null, employer: null, politicalStatus: null },
      { relation: '子女', name: '王*', birthDate: null, employer: null, politicalStatus: null },
    ];
    // Masked in the dossier for everyone who sees it, the holder of worker:pii included.
    expect(put.json()).toMatchObject({ family: masked, familyMasked: true });
    for (const s of [community, street]) {
      const d = await as(t.app, s).get(`/api/workers/${id}`);
      expect(d.json()).toMatchObject({ family: masked, familyMasked: true });
    }
    // The full list: worker:pii, and every reveal in the audit trail without the values.
    expectError(
      await as(t.app, community).post(`/api/workers/${id}/reveal`, { fields: ['family'] }),
      { status: 403, code: 'FORBIDDEN' },
    );
    const from = await maxAuditId(t);
    const reveal = await as(t.app, street).post(`/api/workers/${id}/reveal`, {
      fields: ['family'],
    });
    expectOk(reveal);
    expect(reveal.json()).toEqual({ family });
    const audit = (await auditSince(t, from)).filter((a) => a.action === 'worker.reveal');
    expect(audit.map((a) => a.changes)).toEqual([{ fields: ['family'] }]);
    expect(JSON.stringify(audit)).not.toContain('李小梅');
    // The worker reads their own family in full.
    const own = await as(t.app, self).get('/api/workers/me');
    expect(own.json()).toMatchObject({ family, familyMasked: false });
  });

  it('masks ID number and phone, reveals them only with worker:pii, and audits the reveal', async () => {
    const list = await as(t.app, community).get('/api/workers?pageSize=1');
    const w = list.json<{ items: { id: number; idNumberMasked: string; phoneMasked: string }[] }>()
      .items[0];
    expect(w?.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(w?.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    const detail = await as(t.app, community).get(`/api/workers/${w?.id}`);
    expect(detail.json<{ familyMasked: boolean }>().familyMasked).toBe(true);
    expect(
      (await as(t.app, community).post(`/api/workers/${w?.id}/reveal`, { fields: ['idNumber'] }))
        .statusCode,
    ).toBe(403);
    const reveal = await as(t.app, street).post(`/api/workers/${w?.id}/reveal`, {
      fields: ['idNumber', 'phone'],
    });
    expect(reveal.statusCode).toBe(200);
    const plain = reveal.json<{ idNumber: string; phone: string }>();
    expect(plain.idNumber.slice(0, 6)).toBe(w?.idNumberMasked.slice(0, 6));
    expect(plain.phone).toMatch(/^1\d{10}$/);
    const audit = await t.db.pool.query(
      "select actor_name, changes from audit_log where action = 'worker.reveal' and entity_id = $1",
      [String(w?.id)],
    );
    expect(audit.rows[0]).toMatchObject({
      actor_name: 'street',
      changes: { fields: ['idNumber', 'phone'] },
    });
    // Ciphertext at rest, not the number.
    const raw = await t.db.pool.query<{ id_number_enc: string }>(
      'select id_number_enc from worker where id = $1',
      [w?.id],
    );
    expect(raw.rows[0]?.id_number_enc).not.toContain(plain.idNumber);
    // Exact search by full ID number goes through the blind index.
    const found = await as(t.app, street).get(`/api/workers?q=${plain.idNumber.toLowerCase()}`);
    expect(found.json<{ items: { id: number }[] }>().items.map((x) => x.id)).toEqual([w?.id]);
  });

  it('creates a worker with derived birth date and sex, and validates with field messages', async () => {
    const unit = await unitOf(community);
    const body = newWorkerBody(unit.id, 11);
    const bad = await as(t.app, street).post('/api/workers', {
      ...body,
      idNumber: body.idNumber.slice(0, 17) + (body.idNumber.endsWith('0') ? '1' : '0'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ details: { path: string; message: string }[] }>().details).toContainEqual({
      path: 'idNumber',
      message: '身份证号校验码不正确',
    });
    const badDict = await as(t.app, street).post('/api/workers', { ...body, ethnicity: '99' });
    expect(badDict.statusCode).toBe(400);
    expect(badDict.json<{ details: { path: string }[] }>().details[0]?.path).toBe('ethnicity');
    const unknown = await as(t.app, street).post('/api/workers', { ...body, salary: 1 });
    expect(unknown.statusCode).toBe(400);
    expect((await as(t.app, community).post('/api/workers', body)).statusCode).toBe(403);
    const ok = await as(t.app, street).post('/api/workers', body);
    expect(ok.statusCode).toBe(200);
    const w = ok.json<{ id: number; birthDate: string; sex: string; idNumberMasked: string }>();
    expect(w).toMatchObject({ birthDate: '1990-05-17', sex: '2' });
    const dupe = await as(t.app, street).post('/api/workers', {
      ...body,
      idNumber: body.idNumber.toLowerCase(),
    });
    expect(dupe.statusCode).toBe(400);
    expect(dupe.json<{ details: { path: string }[] }>().details[0]?.path).toBe('idNumber');
    const audit = await t.db.pool.query<{ changes: { idNumber: string; phone: string } }>(
      "select changes from audit_log where action = 'worker.create' and entity_id = $1",
      [String(w.id)],
    );
    expect(audit.rows[0]?.changes.idNumber).toBe(w.idNumberMasked);
    expect(JSON.stringify(audit.rows[0]?.changes)).not.toContain(body.idNumber);
  });

  it('refuses a stale version with 409 naming who changed it', async () => {
    const list = await as(t.app, street).get('/api/workers?pageSize=1&status=active');
    const w = list.json<{ items: { id: number; version: number }[] }>().items[0];
    const first = await as(t.app, street).patch(`/api/workers/${w?.id}`, {
      version: w?.version,
      grade: 5,
      effectiveDate: '2026-01-01',
    });
    expect(first.statusCode).toBe(200);
    const stale = await as(t.app, street).patch(`/api/workers/${w?.id}`, {
      version: w?.version,
      grade: 6,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ message: string }>().message).toContain('street');
    const hist = await as(t.app, street).get(`/api/workers/${w?.id}/history?kind=grade`);
    const grades =
      hist.json<{ value: string; effectiveFrom: string; effectiveTo: string | null }[]>();
    expect(grades.at(-1)).toMatchObject({
      value: '5',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
    });
    expect(grades.at(-2)?.effectiveTo).toBe('2026-01-01');
  });

  it('names the other user and the time of their edit in the 409, not the caller', async () => {
    const created = await as(t.app, admin).post(
      '/api/workers',
      newWorkerBody(community.orgUnitId, 41),
    );
    expectOk(created);
    const w = created.json<{ id: number; version: number; updatedBy: string }>();
    expect(w.updatedBy).toBe('admin');
    const first = await as(t.app, street).patch(`/api/workers/${w.id}`, {
      version: w.version,
      grade: 5,
      effectiveDate: '2026-01-01',
    });
    expectOk(first);
    const edited = first.json<{ version: number; updatedAt: string; updatedBy: string }>();
    expect(edited.updatedBy).toBe('street');
    // Send the stale edit in a later second, so a message stamped "now" would show another time.
    await new Promise((r) => setTimeout(r, 1_010 - (Date.now() % 1_000)));
    const before = await databaseDigest(t, { except: ['session'] });
    const stale = await as(t.app, admin).patch(`/api/workers/${w.id}`, {
      version: w.version,
      grade: 6,
    });
    expectError(stale, { status: 409, code: 'CONFLICT' });
    const body = stale.json<{ message: string; details: { path: string; message: string }[] }>();
    // The time as read in China, whatever the server's time zone (the test machine runs in UTC).
    const when = new Date(edited.updatedAt).toLocaleString('zh-CN', {
      timeZone: 'Asia/Shanghai',
      hour12: false,
    });
    const who = '街道人事专员（street）';
    expect(body.message).toBe(`该记录已被 ${who} 于 ${when} 修改，请刷新后再编辑`);
    expect(body.message).not.toMatch(/admin|系统管理员/);
    expect(body.details).toEqual([{ path: 'version', message: `记录已被 ${who} 于 ${when} 修改` }]);
    expect(await databaseDigest(t, { except: ['session'] })).toEqual(before);
    // Read again, with the current version, the same edit goes through.
    expectOk(
      await as(t.app, admin).patch(`/api/workers/${w.id}`, { version: edited.version, grade: 6 }),
    );
  });

  it('refuses a change effective before the open history record, and writes nothing', async () => {
    const created = await as(t.app, street).post(
      '/api/workers',
      newWorkerBody(community.orgUnitId, 51),
    );
    expectOk(created);
    const id = created.json<{ id: number }>().id;
    const regraded = await as(t.app, street).patch(`/api/workers/${id}`, {
      version: created.json<{ version: number }>().version,
      grade: 4,
      effectiveDate: '2024-01-01',
    });
    expectOk(regraded);
    const version = regraded.json<{ version: number }>().version;
    const before = await databaseDigest(t, { except: ['session'] });

    // The open grade record starts on 2024-01-01; a change from the day before cannot close it.
    const early = await as(t.app, street).patch(`/api/workers/${id}`, {
      version,
      grade: 5,
      effectiveDate: '2023-12-31',
    });
    expectError(early, { status: 400, code: 'VALIDATION_FAILED', path: 'effectiveDate' });
    expect(early.json<{ details: unknown[] }>().details).toEqual([
      { path: 'effectiveDate', message: '生效日期不能早于当前记录的开始日期 2024-01-01' },
    ]);
    // The same for a post change against the hire record (2016-04-01) …
    const post = await as(t.app, street).patch(`/api/workers/${id}`, {
      version,
      post: 'deputy',
      effectiveDate: '2016-03-31',
    });
    expect(post.json<{ details: unknown[] }>().details).toEqual([
      { path: 'effectiveDate', message: '生效日期不能早于当前记录的开始日期 2016-04-01' },
    ]);
    // … and for a transfer against the unit record.
    const siblings = await as(t.app, street).get(`/api/org-units?parentId=${street.orgUnitId}`);
    const target = siblings
      .json<{ items: { id: number }[] }>()
      .items.find((u) => u.id !== community.orgUnitId);
    const transfer = await as(t.app, street).post(`/api/workers/${id}/transfer`, {
      version,
      toOrgUnitId: target?.id,
      effectiveDate: '2016-03-31',
      reason: '工作需要',
    });
    expectError(transfer, { status: 400, code: 'VALIDATION_FAILED', path: 'effectiveDate' });
    expect(transfer.json<{ details: unknown[] }>().details).toEqual([
      { path: 'effectiveDate', message: '生效日期不能早于当前记录的开始日期 2016-04-01' },
    ]);
    expect(await databaseDigest(t, { except: ['session'] })).toEqual(before);
    const dossier = (await as(t.app, street).get(`/api/workers/${id}`)).json();
    expect(dossier).toMatchObject({
      version,
      grade: 4,
      post: 'staff',
      orgUnitId: community.orgUnitId,
    });
  });

  it('transfers a worker: the old unit loses sight, the history stays readable to the new one', async () => {
    const unit = await unitOf(community);
    const created = await as(t.app, street).post('/api/workers', newWorkerBody(unit.id, 21));
    const w = created.json<{ id: number; version: number }>();
    const siblings = await as(t.app, street).get(`/api/org-units?parentId=${street.orgUnitId}`);
    const target = siblings
      .json<{ items: { id: number; name: string }[] }>()
      .items.find((u) => u.id !== unit.id);
    const moved = await as(t.app, street).post(`/api/workers/${w.id}/transfer`, {
      version: w.version,
      toOrgUnitId: target?.id,
      effectiveDate: '2026-06-01',
      reason: '工作需要',
    });
    expect(moved.statusCode).toBe(200);
    expect((await as(t.app, community).get(`/api/workers/${w.id}`)).statusCode).toBe(404);
    const hist = await as(t.app, street).get(`/api/workers/${w.id}/history?kind=unit`);
    const units =
      hist.json<{ orgUnitId: number; effectiveFrom: string; effectiveTo: string | null }[]>();
    expect(units.map((u) => u.orgUnitId)).toEqual([unit.id, target?.id]);
    expect(units[0]?.effectiveTo).toBe('2026-06-01');
    // Who was where on a date.
    const onDate = await t.db.pool.query<{ org_unit_id: number }>(
      "select org_unit_id from worker_history where worker_id = $1 and kind = 'unit' and effective_from <= $2 and (effective_to is null or effective_to > $2)",
      [w.id, '2026-05-31'],
    );
    expect(onDate.rows[0]?.org_unit_id).toBe(unit.id);
  });

  it('after a transfer the new community reads the worker and all its history; the old one gets 404', async () => {
    const from = await unitOf(community);
    const siblings = await as(t.app, street).get(`/api/org-units?parentId=${street.orgUnitId}`);
    const to = siblings
      .json<{ items: { id: number; name: string; level: string }[] }>()
      .items.find((u) => u.id !== from.id && u.level === 'community');
    if (!to) throw new Error('the demo subdistrict has no second community');
    const leader = await createUserSession(t, admin, {
      username: 'c2leader',
      displayName: '二社区书记',
      orgUnitId: to.id,
      roles: ['community_leader'],
    });
    const phone = '13987650021';
    const created = await as(t.app, street).post('/api/workers', {
      ...newWorkerBody(from.id, 31),
      phone,
    });
    expectOk(created);
    const id = created.json<{ id: number }>().id;
    // A grade change before the transfer, so the history holds more than the hire records.
    const regraded = await as(t.app, street).patch(`/api/workers/${id}`, {
      version: created.json<{ version: number }>().version,
      grade: 4,
      effectiveDate: '2020-01-01',
    });
    expectOk(regraded);
    // Before: the old community sees the worker, the new one does not.
    expectOk(await as(t.app, community).get(`/api/workers/${id}`));
    expectOk(await as(t.app, community).get(`/api/workers/${id}/history`));
    expect((await as(t.app, leader).get(`/api/workers/${id}`)).statusCode).toBe(404);
    expect((await as(t.app, leader).get(`/api/workers/${id}/history`)).statusCode).toBe(404);

    const moved = await as(t.app, street).post(`/api/workers/${id}/transfer`, {
      version: regraded.json<{ version: number }>().version,
      toOrgUnitId: to.id,
      effectiveDate: '2026-06-01',
      reason: '工作需要',
    });
    expectOk(moved);

    // The new community: the dossier, and the whole history including what came before.
    const dossier = await as(t.app, leader).get(`/api/workers/${id}`);
    expectOk(dossier);
    expect(dossier.json()).toMatchObject({ id, orgUnitId: to.id, grade: 4 });
    const history = await as(t.app, leader).get(`/api/workers/${id}/history`);
    expectOk(history);
    type Entry = {
      kind: string;
      value: string;
      orgUnitId: number | null;
      effectiveFrom: string;
      effectiveTo: string | null;
    };
    const entries = history.json<Entry[]>();
    expect(entries).toEqual((await as(t.app, street).get(`/api/workers/${id}/history`)).json());
    const pick = (e: Entry) => ({
      kind: e.kind,
      value: e.value,
      orgUnitId: e.orgUnitId,
      effectiveFrom: e.effectiveFrom,
      effectiveTo: e.effectiveTo,
    });
    expect(entries.filter((e) => e.kind === 'unit' || e.kind === 'grade').map(pick)).toEqual([
      {
        kind: 'grade',
        value: '3',
        orgUnitId: null,
        effectiveFrom: '2016-04-01',
        effectiveTo: '2020-01-01',
      },
      {
        kind: 'grade',
        value: '4',
        orgUnitId: null,
        effectiveFrom: '2020-01-01',
        effectiveTo: null,
      },
      {
        kind: 'unit',
        value: from.name,
        orgUnitId: from.id,
        effectiveFrom: '2016-04-01',
        effectiveTo: '2026-06-01',
      },
      {
        kind: 'unit',
        value: to.name,
        orgUnitId: to.id,
        effectiveFrom: '2026-06-01',
        effectiveTo: null,
      },
    ]);
    const byKind = await as(t.app, leader).get(`/api/workers/${id}/history?kind=unit`);
    expect(byKind.json<Entry[]>().map((e) => e.orgUnitId)).toEqual([from.id, to.id]);
    // The roster follows: found by phone in the new community, not in the old one.
    const search = (s: typeof community) => as(t.app, s).get(`/api/workers?q=${phone}`);
    expect(
      (await search(leader)).json<{ items: { id: number }[] }>().items.map((w) => w.id),
    ).toEqual([id]);
    expect((await search(community)).json<{ items: unknown[] }>().items).toEqual([]);

    // The old community: not found, for the dossier and for the history alike.
    for (const url of [
      `/api/workers/${id}`,
      `/api/workers/${id}/history`,
      `/api/workers/${id}/history?kind=unit`,
    ]) {
      expectError(await as(t.app, community).get(url), { status: 404, code: 'NOT_FOUND' });
    }
  });

  it('moves workers along when their org unit moves', async () => {
    const unit = await unitOf(street);
    const districts = await as(t.app, admin).get('/api/org-units?level=district&pageSize=10');
    const other = districts.json<{ items: { id: number; path: string; divisionCode: string }[] }>()
      .items[1];
    const before = await t.db.pool.query<{ n: number }>(
      'select count(*)::int as n from worker where org_path like $1',
      [`${unit.path}%`],
    );
    const current = await as(t.app, admin).get(`/api/org-units/${unit.id}`);
    const res = await as(t.app, admin).post(`/api/org-units/${unit.id}/move`, {
      version: current.json<{ version: number }>().version,
      parentId: other?.id,
      divisionCode: `${other?.divisionCode}099`,
    });
    expect(res.statusCode).toBe(200);
    const newPath = res.json<{ path: string }>().path;
    const after = await t.db.pool.query<{ n: number }>(
      'select count(*)::int as n from worker where org_path like $1',
      [`${newPath}%`],
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('accepts PDF/PNG/JPEG attachments by content and refuses a disguised file', async () => {
    const list = await as(t.app, street).get('/api/workers?pageSize=1');
    const id = list.json<{ items: { id: number }[] }>().items[0]?.id;
    const upload = (name: string, content: Buffer) => {
      const boundary = 'cwpboundary';
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nscan\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: `/api/workers/${id}/attachments`,
        headers: {
          cookie: street.cookie,
          'x-csrf-token': street.csrfToken,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload,
      });
    };
    const fake = await upload('evil.pdf', Buffer.from('<script>alert(1)</script>'));
    expect(fake.statusCode).toBe(400);
    const pdf = Buffer.from('%PDF-1.4\n%test\n');
    const ok = await upload('证书.pdf', pdf);
    expect(ok.statusCode).toBe(200);
    const a = ok.json<{ id: number; mimeType: string; size: number }>();
    expect(a).toMatchObject({ mimeType: 'application/pdf', size: pdf.length });
    const dl = await as(t.app, street).get(`/api/workers/${id}/attachments/${a.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
  });
});
