// A fixed single-thread workload timed before each scenario, so that figures from different
// machines, or from one machine whose speed drifts (as the VMs here do, by a third within
// minutes), can be compared: the import's check of a worker row with the real zod schema, an
// HMAC-SM3 blind index and an AES-256-GCM encryption, 5,000 times. Lower is faster.
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { createWorkerBody } from '@cwp/contracts';

const ROW = {
  name: '张三',
  idNumber: '11010519491231002X',
  ethnicity: '01',
  nativePlace: '北京市东城区',
  politicalStatus: '01',
  partyJoinDate: '2010-07-01',
  educationFullTime: '21',
  school: '北京大学',
  major: '社会工作',
  maritalStatus: '20',
  phone: '13812345678',
  address: '北京市东城区某街道某社区',
  category: 'full_time',
  orgUnitId: 1,
  post: 'member',
  status: 'active',
  workStartDate: '2015-03-01',
  hireDate: '2015-03-01',
};
const ROUNDS = 5_000;

function once(): number {
  const key = randomBytes(32);
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    const parsed = createWorkerBody.safeParse({ ...ROW });
    if (!parsed.success) throw new Error(`reference row invalid: ${parsed.error.message}`);
    createHmac('sm3', key).update(`id_number:${parsed.data.idNumber}`).digest('hex');
    const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
    Buffer.concat([c.update(parsed.data.phone, 'utf8'), c.final()]).toString('base64url');
  }
  return performance.now() - t0;
}

/** Milliseconds for the reference workload: the median of three runs after one warm-up. */
export function referenceWorkloadMs(): number {
  once();
  const runs = [once(), once(), once()].sort((a, b) => a - b);
  return Math.round(runs[1] ?? 0);
}
