// Dossier attachments: the fixed kinds, the size limit, the checksum kept with the file and checked
// on every download, personal documents (an ID card scan) behind worker:pii, and the audit record
// of every download. `street` (hr_officer) holds worker:pii; `community` (community_leader) reads
// the dossiers of its community without it.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ATTACHMENT_KINDS, attachmentKind } from '@cwp/contracts';
import { composeIdNumber } from '@cwp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  auditSince,
  createUserSession,
  databaseDigest,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  one,
} from './helpers';

let t: TestApp;
let admin: Session;
let street: Session;
let community: Session;
/** A worker in the community of `community` (c1), and one in its sibling community c2. */
let ownWorker = 0;
let otherWorker = 0;

interface AttachmentInfo {
  id: number;
  kind: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
}

interface StoredRow extends Record<string, unknown> {
  kind: string;
  file_name: string;
  size: number;
  sha256: string;
  storage_path: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A small PDF with random content, so no two tests share a content-addressed file. */
function pdf(extra = 64): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.4\n%'), randomBytes(extra), Buffer.from('\n%%EOF\n')]);
}

/** A multipart body with the `kind` field (when given) before the file, as the web sends it. */
function multipart(content: Buffer, fileName: string, kind?: string) {
  const boundary = `----cwp${randomBytes(8).toString('hex')}`;
  const kindPart =
    kind === undefined
      ? ''
      : `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`;
  const head =
    `${kindPart}--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
    `filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(s: Session | null, workerId: number, content: Buffer, name: string, kind?: string) {
  const body = multipart(content, name, kind);
  return t.app.inject({
    method: 'POST',
    url: `/api/workers/${workerId}/attachments`,
    headers: { ...body.headers, ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrfToken } : {}) },
    payload: body.payload,
  });
}

async function uploaded(workerId: number, content: Buffer, name: string, kind?: string) {
  const res = await upload(street, workerId, content, name, kind);
  expectOk(res);
  return res.json<AttachmentInfo>();
}

const download = (s: Session | null, workerId: number, attachmentId: number) =>
  as(t.app, s).get(`/api/workers/${workerId}/attachments/${attachmentId}`);

function storedRow(id: number): Promise<StoredRow> {
  return one<StoredRow>(
    t,
    'select kind, file_name, size, sha256, storage_path from worker_attachment where id = $1',
    [id],
  );
}

/** Every file under DATA_DIR (relative paths, sorted): what an upload may have left behind. */
function filesUnderDataDir(): string[] {
  const root = t.cfg.dataDir;
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

/** The database and DATA_DIR as they are; `session` changes as requests touch it. */
async function snapshot() {
  return {
    db: await databaseDigest(t, { except: ['session'] }),
    files: filesUnderDataDir(),
  };
}

/** A new worker through the API; the next sequence when a demo worker holds the ID number. */
async function createWorker(orgUnitId: number, sequence: number): Promise<number> {
  for (let seq = sequence; seq < sequence + 50; seq++) {
    const res = await postWorker(orgUnitId, seq);
    const taken = res.statusCode === 400 && res.body.includes('该身份证号已在系统中登记');
    if (taken) continue;
    expectOk(res);
    return res.json<{ id: number }>().id;
  }
  throw new Error('no free ID number');
}

function postWorker(orgUnitId: number, sequence: number) {
  return as(t.app, street).post('/api/workers', {
    name: '附件测试员',
    idNumber: composeIdNumber({
      divisionCode: '330106',
      birthDate: '1991-03-08',
      sequence,
      sex: 'female',
    }),
    ethnicity: '01',
    politicalStatus: '13',
    phone: '13900139000',
    category: 'full_time',
    orgUnitId,
    post: 'staff',
    grade: 3,
    status: 'active',
    workStartDate: '2015-03-01',
    hireDate: '2016-04-01',
    educationFullTime: '20',
  });
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, street, community] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'street'),
    login(t.app, 'community'),
  ]);
  const { c1, c2 } = await demoTree(t);
  expect(community.orgUnitId).toBe(c1.id);
  ownWorker = await createWorker(c1.id, 731);
  otherWorker = await createWorker(c2.id, 831);
});
afterAll(async () => {
  await t?.close();
});

describe('uploading a dossier attachment', () => {
  it('stores the file under DATA_DIR with the SHA-256 of the uploaded bytes', async () => {
    const content = pdf(4096);
    const before = await maxAuditId(t);
    const a = await uploaded(ownWorker, content, '职业资格证书.pdf', 'certificate');
    const digest = sha256(content);
    expect(a).toMatchObject({
      kind: 'certificate',
      fileName: '职业资格证书.pdf',
      mimeType: 'application/pdf',
      size: content.length,
      sha256: digest,
    });
    const row = await storedRow(a.id);
    expect(row).toMatchObject({ kind: 'certificate', size: content.length, sha256: digest });
    // The bytes on disk are the bytes uploaded, and hash to the recorded checksum.
    const onDisk = readFileSync(path.join(t.cfg.dataDir, row.storage_path));
    expect(onDisk.equals(content)).toBe(true);
    expect(sha256(onDisk)).toBe(row.sha256);
    const audit = await auditSince(t, before);
    expect(audit.map((r) => r.action)).toEqual(['worker.attachment.add']);
    expect(audit[0]?.changes).toMatchObject({ attachmentId: a.id, sha256: digest });
  });

  it('accepts every kind of the contracts list, and `other` when no kind is sent', async () => {
    for (const kind of attachmentKind.options) {
      const a = await uploaded(ownWorker, pdf(), `${kind}.pdf`, kind);
      expect((await storedRow(a.id)).kind).toBe(kind);
    }
    const unnamed = await uploaded(ownWorker, pdf(), 'unnamed.pdf');
    expect((await storedRow(unnamed.id)).kind).toBe('other');
  });

  it('refuses an unknown kind with 400 on `kind` and writes nothing', async () => {
    for (const kind of ['passport', '', 'id_card'.padEnd(40, 'x'), 'ID_CARD']) {
      const before = await snapshot();
      const res = await upload(street, ownWorker, pdf(), 'x.pdf', kind);
      expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'kind' });
      const detail = res.json<{ details: { path: string; message: string }[] }>().details[0];
      expect(detail?.message).toMatch(/^附件类型（kind）无效，应为：证件照片、身份证/);
      expect(await snapshot()).toEqual(before);
    }
  });

  it('refuses a file over UPLOAD_LIMIT_BYTES with 413 and a Chinese message, writing nothing', async () => {
    const limit = t.cfg.UPLOAD_LIMIT_BYTES;
    expect(limit).toBe(20 * 1024 * 1024);
    const head = Buffer.from('%PDF-1.4\n%');
    const ofSize = (n: number) => Buffer.concat([head, Buffer.alloc(n - head.length, 0x20)]);
    const before = await snapshot();
    const res = await upload(street, ownWorker, ofSize(limit + 1), '过大.pdf', 'certificate');
    expectError(res, {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      path: 'file',
      message: '附件超过 20 MB 上限，未保存',
    });
    expect(await snapshot()).toEqual(before);
    // A file of exactly the limit is accepted: the limit is the one refusing the larger file.
    const atLimit = ofSize(limit);
    const ok = await uploaded(ownWorker, atLimit, '刚好.pdf', 'certificate');
    expect(ok.size).toBe(limit);
    const row = await storedRow(ok.id);
    rmSync(path.join(t.cfg.dataDir, row.storage_path));
  });

  it('needs a session, worker:manage and the worker in scope', async () => {
    expect((await upload(null, ownWorker, pdf(), 'a.pdf')).statusCode).toBe(401);
    expectError(await upload(community, ownWorker, pdf(), 'a.pdf', 'photo'), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});

describe('downloading a dossier attachment', () => {
  it('refuses a stored file altered on disk, or missing, with its own message and no audit', async () => {
    const content = pdf();
    const a = await uploaded(ownWorker, content, '学历证书.pdf', 'diploma');
    const row = await storedRow(a.id);
    const file = path.join(t.cfg.dataDir, row.storage_path);
    // Unaltered: served byte for byte.
    const ok = await download(street, ownWorker, a.id);
    expectOk(ok);
    expect(ok.rawPayload.equals(content)).toBe(true);

    const altered = Buffer.from(content);
    altered[altered.length - 3] = (altered[altered.length - 3] ?? 0) ^ 0xff;
    writeFileSync(file, altered);
    const before = await maxAuditId(t);
    const refused = await download(street, ownWorker, a.id);
    expectError(refused, {
      status: 500,
      code: 'INTERNAL',
      message:
        '附件文件校验失败（与上传时的校验值不符），可能已损坏或被篡改，已拒绝下载，请联系系统管理员',
    });
    expect(refused.rawPayload.includes(altered)).toBe(false);
    expect(await auditSince(t, before)).toEqual([]);

    rmSync(file);
    expectError(await download(street, ownWorker, a.id), {
      status: 500,
      code: 'INTERNAL',
      message: '附件文件已丢失，无法下载，请联系系统管理员',
    });
    expect(await auditSince(t, before)).toEqual([]);
  });

  it('keeps an ID card scan from `community` (no worker:pii) in its own community, but serves a certificate', async () => {
    const scan = pdf();
    const idCard = await uploaded(ownWorker, scan, '身份证扫描件.pdf', 'id_card');
    const certContent = pdf();
    const cert = await uploaded(ownWorker, certContent, '证书.pdf', 'certificate');

    // The listing shows both (metadata only), so the refusal below reveals nothing new.
    const dossier = await as(t.app, community).get(`/api/workers/${ownWorker}`);
    expectOk(dossier);
    const listed = dossier.json<{ attachments: AttachmentInfo[] }>().attachments;
    expect(listed.map((x) => x.id)).toEqual(expect.arrayContaining([idCard.id, cert.id]));

    const before = await maxAuditId(t);
    const refused = await download(community, ownWorker, idCard.id);
    expectError(refused, {
      status: 403,
      code: 'FORBIDDEN',
      message: '该附件属于个人证件等敏感材料，下载需要“查看敏感信息”权限',
    });
    expect(refused.rawPayload.includes(scan)).toBe(false);
    expect(await auditSince(t, before)).toEqual([]);

    const served = await download(community, ownWorker, cert.id);
    expectOk(served);
    expect(served.rawPayload.equals(certContent)).toBe(true);
    const audit = await auditSince(t, before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'worker.attachment.download',
      actor_id: community.userId,
      entity_type: 'worker',
      entity_id: String(ownWorker),
    });
    expect(audit[0]?.changes).toEqual({
      attachmentId: cert.id,
      kind: 'certificate',
      fileName: '证书.pdf',
      size: certContent.length,
      sha256: sha256(certContent),
    });
  });

  it('treats every personal kind, and a stored kind outside the list, as personal', async () => {
    const personal = attachmentKind.options.filter((k) => ATTACHMENT_KINDS[k].personal);
    expect(personal).toEqual(expect.arrayContaining(['id_card', 'contract', 'scan', 'other']));
    for (const kind of attachmentKind.options) {
      const a = await uploaded(ownWorker, pdf(), `${kind}.pdf`, kind);
      const res = await download(community, ownWorker, a.id);
      expect(res.statusCode, kind).toBe(ATTACHMENT_KINDS[kind].personal ? 403 : 200);
    }
    // A row from before the list existed (the server once took any kind).
    const legacy = await uploaded(ownWorker, pdf(), 'legacy.pdf', 'other');
    await t.db.pool.query(`update worker_attachment set kind = 'household' where id = $1`, [
      legacy.id,
    ]);
    expectError(await download(community, ownWorker, legacy.id), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectOk(await download(street, ownWorker, legacy.id));
  });

  it('answers 401 without a session and 404 outside the caller scope', async () => {
    const cert = await uploaded(otherWorker, pdf(), '证书.pdf', 'certificate');
    expect((await download(null, otherWorker, cert.id)).statusCode).toBe(401);
    // c2 is a sibling of community's own unit.
    expectError(await download(community, otherWorker, cert.id), {
      status: 404,
      code: 'NOT_FOUND',
    });
    // An attachment id of another worker is not found under this one.
    expectError(await download(street, ownWorker, cert.id), { status: 404, code: 'NOT_FOUND' });
  });

  it('serves an ID card scan to a holder of worker:pii and audits each download', async () => {
    const scan = pdf();
    const idCard = await uploaded(ownWorker, scan, '身份证正反面.pdf', 'id_card');
    const before = await maxAuditId(t);
    for (const s of [street, admin, street]) {
      const res = await download(s, ownWorker, idCard.id);
      expectOk(res);
      expect(res.rawPayload.equals(scan)).toBe(true);
      expect(res.headers['content-type']).toBe('application/pdf');
    }
    const audit = await auditSince(t, before);
    expect(audit.map((r) => [r.action, r.actor_id])).toEqual([
      ['worker.attachment.download', street.userId],
      ['worker.attachment.download', admin.userId],
      ['worker.attachment.download', street.userId],
    ]);
    for (const r of audit) {
      expect(r.entity_id).toBe(String(ownWorker));
      expect(r.changes).toEqual({
        attachmentId: idCard.id,
        kind: 'id_card',
        fileName: '身份证正反面.pdf',
        size: scan.length,
        sha256: sha256(scan),
      });
      // Never the content, in any encoding.
      const text = JSON.stringify(r.changes);
      expect(text).not.toContain(scan.toString('base64'));
      expect(text).not.toContain(scan.toString('hex'));
    }
  });

  it('lets the worker download their own ID card scan (audited), and no one else’s', async () => {
    const { c1 } = await demoTree(t);
    const self = await createUserSession(t, admin, {
      username: 'attach_self',
      orgUnitId: c1.id,
      roles: ['worker'],
      workerId: ownWorker,
    });
    const scan = pdf();
    const idCard = await uploaded(ownWorker, scan, '本人身份证.pdf', 'id_card');
    const other = await uploaded(otherWorker, pdf(), '他人身份证.pdf', 'id_card');
    const before = await maxAuditId(t);
    const mine = await download(self, ownWorker, idCard.id);
    expectOk(mine);
    expect(mine.rawPayload.equals(scan)).toBe(true);
    expectError(await download(self, otherWorker, other.id), { status: 404, code: 'NOT_FOUND' });
    const audit = await auditSince(t, before);
    expect(audit.map((r) => [r.action, r.actor_id])).toEqual([
      ['worker.attachment.download', self.id],
    ]);
  });
});
