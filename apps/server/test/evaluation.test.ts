// Evaluation rounds: computed values equal counts made here from the raw tables; scores and ranks
// follow core's rules; the indicator set in force is recorded by id and version; entered values
// need a real evidence file; finalized rounds refuse changes; scope (another district's round is
// 404), 401 without a session, 400 with field messages; weights not summing to 100 are refused
// when the rule set is validated; the .xlsx report.
import { EXAMPLE_EVALUATION_INDICATORS, indicatorPoints } from '@cwp/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { demoTree, expectError, expectOk, one, rows } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;

const YEAR = new Date().getFullYear();

interface Detail {
  id: number;
  status: string;
  version: number;
  ruleSetId: number;
  ruleVersionNo: number;
  indicators: { code: string; weight: number; target: number; scoring: 'linear' | 'threshold' }[];
  unitsDetail: {
    orgUnitId: number;
    name: string;
    total: number | null;
    rank: number | null;
    values: {
      code: string;
      value: number | null;
      points: number;
      numerator: number | null;
      denominator: number | null;
      evidence: { fileName: string; sha256: string } | null;
    }[];
  }[];
}

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  [admin, district, street] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
  ]);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer } | null) {
  const boundary = 'cwpevalboundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

function enter(
  s: Session,
  id: number,
  fields: Record<string, string>,
  file: { name: string; content: Buffer } | null,
) {
  const m = multipart(fields, file);
  return t.app.inject({
    method: 'POST',
    url: `/api/evaluation/rounds/${id}/values`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': m.type },
    payload: m.payload,
  });
}

const PDF = Buffer.from('%PDF-1.4\n% evidence\n');

async function createCityRound(): Promise<Detail> {
  const res = await as(t.app, admin).post('/api/evaluation/rounds', {
    orgUnitId: tree.city.id,
    year: YEAR,
    level: 'district',
    title: `${YEAR} 年度社区工作者队伍建设评估`,
  });
  expectOk(res);
  return res.json<Detail>();
}

describe('evaluation rounds', () => {
  it('401 without a session', async () => {
    const res = await as(t.app, null).get('/api/evaluation/rounds');
    expectError(res, { status: 401, code: 'UNAUTHENTICATED' });
  });

  it('400 with a field message on bad input, nothing written', async () => {
    const before = await one<{ n: number }>(t, 'select count(*)::int as n from evaluation_round');
    const res = await as(t.app, admin).post('/api/evaluation/rounds', {
      orgUnitId: tree.city.id,
      year: 1999,
      level: 'district',
      title: '',
    });
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'year' });
    const wrongLevel = await as(t.app, district).post('/api/evaluation/rounds', {
      orgUnitId: tree.d1.id,
      year: YEAR,
      level: 'district',
      title: '区评估',
    });
    expectError(wrongLevel, { status: 400, code: 'VALIDATION_FAILED', path: 'level' });
    const after = await one<{ n: number }>(t, 'select count(*)::int as n from evaluation_round');
    expect(after.n).toBe(before.n);
  });

  it('records the indicator set in force, computes values equal to raw counts, scores and ranks', async () => {
    const created = await createCityRound();
    const inForce = await one<{ id: number; version_no: number }>(
      t,
      `select id::int, version_no from rule_set
        where kind = 'evaluation_indicators' and org_unit_id = $1 and status = 'in_force'
        order by effective_from desc, version_no desc limit 1`,
      [tree.city.id],
    );
    expect(created.ruleSetId).toBe(inForce.id);
    expect(created.ruleVersionNo).toBe(inForce.version_no);
    expect(created.status).toBe('draft');
    const districts = tree.all.filter(
      (u) => u.level === 'district' && u.path.startsWith(tree.city.path),
    );
    expect(created.unitsDetail.map((u) => u.orgUnitId).sort()).toEqual(
      districts.map((d) => d.id).sort(),
    );

    const res = await as(t.app, admin).post(`/api/evaluation/rounds/${created.id}/compute`, {
      version: created.version,
    });
    expectOk(res);
    const round = res.json<Detail>();
    expect(round.status).toBe('computed');

    for (const d of districts) {
      const raw = await one<{ heads: number; certified: number; contracted: number }>(
        t,
        `select count(*)::int as heads,
                count(*) filter (where qualification is not null and qualification <> '')::int as certified,
                count(*) filter (where exists (select 1 from labor_contract c
                                                where c.worker_id = w.id and c.status = 'active'))::int as contracted
           from worker w where org_path like $1 and status in ('active', 'probation')`,
        [`${d.path}%`],
      );
      const quota = await one<{ q: number | null }>(
        t,
        `select sum(case when a.mode = 'override' then a.value
                         when q.quota is null then null
                         else q.quota + coalesce(a.value, 0) end)::int as q
           from org_unit o
           left join unit_quota q on q.org_unit_id = o.id
           left join quota_adjustment a on a.org_unit_id = o.id and a.active
          where o.path like $1`,
        [`${d.path}%`],
      );
      const u = round.unitsDetail.find((x) => x.orgUnitId === d.id);
      expect(u).toBeDefined();
      const v = (code: string) => u?.values.find((x) => x.code === code);
      expect(v('staffing')?.numerator).toBe(raw.heads);
      expect(v('staffing')?.denominator).toBe(quota.q);
      if (quota.q) {
        expect(v('staffing')?.value).toBe(Math.round((raw.heads * 10000) / quota.q) / 100);
      }
      if (raw.heads > 0) {
        expect(v('certified')?.numerator).toBe(raw.certified);
        expect(v('certified')?.denominator).toBe(raw.heads);
        expect(v('contract')?.numerator).toBe(raw.contracted);
      }
      // Points follow core's rule from the value; the total is their sum.
      let total = 0;
      for (const ind of round.indicators) {
        const val = v(ind.code);
        const expected = indicatorPoints(ind.scoring, ind.weight, ind.target, val?.value ?? null);
        expect(val?.points).toBe(expected);
        total += expected;
      }
      expect(u?.total).toBeCloseTo(total, 2);
    }
    // The demo city has workers and quotas: the comparison above is not vacuous.
    const heads = round.unitsDetail.reduce(
      (n, u) => n + (u.values.find((v) => v.code === 'staffing')?.numerator ?? 0),
      0,
    );
    expect(heads).toBeGreaterThan(0);
    // Ranks: by total, highest first, ties share.
    for (const u of round.unitsDetail) {
      const better = round.unitsDetail.filter((x) => (x.total ?? 0) > (u.total ?? 0)).length;
      expect(u.rank).toBe(better + 1);
    }
    const audits = await rows<{ action: string }>(
      t,
      `select action from audit_log where entity_type = 'evaluation_round' and entity_id = $1 order by id`,
      [String(round.id)],
    );
    expect(audits.map((a) => a.action)).toEqual([
      'evaluation.round.create',
      'evaluation.round.compute',
    ]);
  });

  it('entered values need a real evidence file; a disguised file is refused with nothing stored', async () => {
    const round = await createCityRound();
    const entered = EXAMPLE_EVALUATION_INDICATORS.indicators.find((i) => i.source === 'entered');
    expect(entered).toBeDefined();
    const unitId = round.unitsDetail[0]?.orgUnitId ?? 0;
    const fields = {
      version: String(round.version),
      orgUnitId: String(unitId),
      code: entered?.code ?? '',
      value: '75',
    };
    const fake = await enter(admin, round.id, fields, {
      name: 'evidence.pdf',
      content: Buffer.from('<html>not a pdf</html>'),
    });
    expectError(fake, { status: 400, code: 'VALIDATION_FAILED', path: 'file' });
    const computedCode = await enter(
      admin,
      round.id,
      { ...fields, code: 'staffing' },
      { name: 'a.pdf', content: PDF },
    );
    expectError(computedCode, { status: 400, code: 'VALIDATION_FAILED', path: 'code' });
    const badValue = await enter(
      admin,
      round.id,
      { ...fields, value: 'abc' },
      { name: 'a.pdf', content: PDF },
    );
    expectError(badValue, { status: 400, code: 'VALIDATION_FAILED', path: 'value' });
    const stored = await one<{ n: number }>(
      t,
      'select count(*)::int as n from evaluation_value where round_id = $1',
      [round.id],
    );
    expect(stored.n).toBe(0);

    const ok = await enter(admin, round.id, fields, { name: '减负台账.pdf', content: PDF });
    expectOk(ok);
    const after = ok.json<Detail>();
    const v = after.unitsDetail
      .find((u) => u.orgUnitId === unitId)
      ?.values.find((x) => x.code === entered?.code);
    expect(v?.value).toBe(75);
    expect(v?.evidence?.fileName).toBe('减负台账.pdf');
    const file = await as(t.app, admin).get(
      `/api/evaluation/rounds/${round.id}/evidence?orgUnitId=${unitId}&code=${entered?.code}`,
    );
    expectOk(file);
    expect(file.rawPayload.equals(PDF)).toBe(true);

    // Compute, then the entered value scores: 75 of a 100 target under a linear rule.
    const computed = await as(t.app, admin).post(`/api/evaluation/rounds/${round.id}/compute`, {
      version: after.version,
    });
    expectOk(computed);
    const cv = computed
      .json<Detail>()
      .unitsDetail.find((u) => u.orgUnitId === unitId)
      ?.values.find((x) => x.code === entered?.code);
    expect(cv?.points).toBe(
      indicatorPoints('linear', entered?.weight ?? 0, entered?.target ?? 0, 75),
    );
  });

  it('a finalized round refuses recompute and entered values', async () => {
    const round = await createCityRound();
    const finalizeDraft = await as(t.app, admin).post(
      `/api/evaluation/rounds/${round.id}/finalize`,
      {
        version: round.version,
      },
    );
    expectError(finalizeDraft, { status: 400, code: 'VALIDATION_FAILED', path: 'status' });
    const computed = (
      await as(t.app, admin).post(`/api/evaluation/rounds/${round.id}/compute`, {
        version: round.version,
      })
    ).json<Detail>();
    const fin = await as(t.app, admin).post(`/api/evaluation/rounds/${round.id}/finalize`, {
      version: computed.version,
    });
    expectOk(fin);
    const final = fin.json<Detail>();
    expect(final.status).toBe('finalized');
    const again = await as(t.app, admin).post(`/api/evaluation/rounds/${round.id}/compute`, {
      version: final.version,
    });
    expectError(again, {
      status: 409,
      code: 'CONFLICT',
      message: '该评估已定稿，不能再修改或重新计算',
    });
    const value = await enter(
      admin,
      round.id,
      {
        version: String(final.version),
        orgUnitId: String(round.unitsDetail[0]?.orgUnitId),
        code: 'burden',
        value: '80',
      },
      { name: 'a.pdf', content: PDF },
    );
    expectError(value, { status: 409, code: 'CONFLICT' });
  });

  it('scope: a district sees its own round, not another district’s nor the city’s (404)', async () => {
    const own = await as(t.app, district).post('/api/evaluation/rounds', {
      orgUnitId: tree.d1.id,
      year: YEAR,
      level: 'subdistrict',
      title: '街道评估',
    });
    expectOk(own);
    const ownRound = own.json<Detail>();
    const subdistricts = tree.all.filter(
      (u) => u.level === 'subdistrict' && u.path.startsWith(tree.d1.path),
    );
    expect(ownRound.unitsDetail.length).toBe(subdistricts.length);

    const other = await as(t.app, admin).post('/api/evaluation/rounds', {
      orgUnitId: tree.d2.id,
      year: YEAR,
      level: 'subdistrict',
      title: '另一区的街道评估',
    });
    expectOk(other);
    const otherId = other.json<Detail>().id;
    expectError(await as(t.app, district).get(`/api/evaluation/rounds/${otherId}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, district).get(`/api/evaluation/rounds/${otherId}/export.xlsx`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const city = await createCityRound();
    expectError(await as(t.app, district).get(`/api/evaluation/rounds/${city.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const list = await as(t.app, district).get('/api/evaluation/rounds?pageSize=100');
    const ids = list.json<{ items: { id: number }[] }>().items.map((i) => i.id);
    expect(ids).toContain(ownRound.id);
    expect(ids).not.toContain(otherId);
    expect(ids).not.toContain(city.id);
    // Creating for a unit outside one's subtree is refused on the field.
    const outside = await as(t.app, district).post('/api/evaluation/rounds', {
      orgUnitId: tree.d2.id,
      year: YEAR,
      level: 'subdistrict',
      title: 'x',
    });
    expectError(outside, { status: 400, code: 'VALIDATION_FAILED', path: 'orgUnitId' });
    // A subdistrict HR officer has no evaluation permission.
    expectError(await as(t.app, street).get('/api/evaluation/rounds'), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('the .xlsx report lists ranks, values, evidence and the rule-set version; text neutralised', async () => {
    const created = await as(t.app, admin).post('/api/evaluation/rounds', {
      orgUnitId: tree.city.id,
      year: YEAR,
      level: 'district',
      title: '=HYPERLINK("http://x") 评估',
    });
    expectOk(created);
    const round = created.json<Detail>();
    await as(t.app, admin).post(`/api/evaluation/rounds/${round.id}/compute`, {
      version: round.version,
    });
    const res = await as(t.app, admin).get(`/api/evaluation/rounds/${round.id}/export.xlsx`);
    expectOk(res);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ranking = wb.getWorksheet('得分与排名');
    expect(ranking).toBeDefined();
    const text = JSON.stringify(ranking?.getSheetValues());
    expect(text).toContain(`第 ${round.ruleVersionNo} 版`);
    expect(ranking?.getCell('A1').value).toBe(`'=HYPERLINK("http://x") 评估`);
    expect(wb.getWorksheet('指标明细')?.rowCount).toBeGreaterThan(round.unitsDetail.length);
  });
});

describe('evaluation_indicators rule sets', () => {
  it('weights not summing to 100 are a 400 naming the field, in Chinese, nothing written', async () => {
    const content = {
      indicators: EXAMPLE_EVALUATION_INDICATORS.indicators.map((i, n) =>
        n === 0 ? { ...i, weight: 10 } : i,
      ),
    };
    const before = await one<{ n: number }>(t, 'select count(*)::int as n from rule_set');
    const res = await as(t.app, district).post('/api/rule-sets', {
      kind: 'evaluation_indicators',
      orgUnitId: tree.d1.id,
      name: '权重错误的指标体系',
      effectiveFrom: `${YEAR}-01-01`,
      content,
    });
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'content.indicators' });
    const details = res.json<{ details: { path: string; message: string }[] }>().details;
    expect(details.find((d) => d.path === 'content.indicators')?.message).toBe(
      '各指标权重之和应为 100（当前为 90）',
    );
    const after = await one<{ n: number }>(t, 'select count(*)::int as n from rule_set');
    expect(after.n).toBe(before.n);
  });
});
