import { composeIdNumber } from '@cwp/core';
import type { WorkerDetail } from '@cwp/contracts';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import {
  checkCreate,
  checkUpdate,
  createBodyOf,
  formValuesOf,
  updateBodyOf,
  type WorkerFormValues,
} from './form-values';

const idNumber = composeIdNumber({
  divisionCode: '330102',
  birthDate: '1990-01-01',
  sequence: 12,
  sex: 'female',
});

const filled: WorkerFormValues = {
  name: ' 王小红 ',
  idNumber,
  ethnicity: '01',
  politicalStatus: '13',
  phone: '+86 139-1234-5678',
  category: 'full_time',
  orgUnitId: 7,
  post: 'staff',
  grade: 3,
  status: 'active',
  workStartDate: dayjs('2020-03-01'),
  hireDate: dayjs('2020-03-01'),
  school: '  ',
  partyJoinDate: null,
};

describe('dossier form ↔ API body', () => {
  it('builds a create body the contract accepts: trimmed text, YYYY-MM-DD dates, null for blanks', () => {
    const body = createBodyOf(filled);
    expect(body).toMatchObject({
      name: '王小红',
      workStartDate: '2020-03-01',
      school: null,
      partyJoinDate: null,
    });
    const checked = checkCreate(body);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.body.phone).toBe('13912345678');
  });

  it('reports contract messages by field path, including the cross-field rules', () => {
    const bad = checkCreate(
      createBodyOf({ ...filled, idNumber: `${idNumber.slice(0, 17)}0`, phone: '12345' }),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.details).toContainEqual({ path: 'idNumber', message: '身份证号校验码不正确' });
      expect(bad.details.map((d) => d.path)).toContain('phone');
    }
    const probation = checkCreate(createBodyOf({ ...filled, status: 'probation' }));
    expect(probation.ok).toBe(false);
    if (!probation.ok) expect(probation.details[0]?.path).toBe('probationEnd');
  });

  it('an edit sends the version, leaves ID number and phone out unless typed, and dates a tracked change', () => {
    const worker: WorkerDetail = {
      id: 5,
      version: 4,
      name: '王小红',
      sex: '2',
      birthDate: '1990-01-01',
      age: 36,
      idNumberMasked: '330102********0123',
      phoneMasked: '139****5678',
      orgUnitId: 7,
      orgUnitName: '和平社区',
      category: 'full_time',
      post: 'staff',
      grade: 3,
      status: 'active',
      education: null,
      politicalStatus: '13',
      qualification: null,
      hireDate: '2020-03-01',
      ethnicity: '01',
      nativePlace: null,
      partyJoinDate: null,
      educationFullTime: null,
      educationInService: null,
      degree: null,
      school: null,
      major: null,
      maritalStatus: null,
      address: null,
      workStartDate: '2020-03-01',
      probationEnd: null,
      certNumber: null,
      certDate: null,
      orgPathNames: ['示范市', '和平社区'],
      workHistory: [],
      family: [],
      familyMasked: false,
      attachments: [],
      updatedAt: '2026-01-01T00:00:00.000Z',
      updatedBy: 'street',
    };
    expect(formValuesOf(worker)).toMatchObject({ name: '王小红', grade: 3 });
    const values: WorkerFormValues = {
      ...filled,
      idNumber: '',
      phone: undefined,
      grade: 4,
      effectiveDate: dayjs('2026-01-01'),
    };
    const body = updateBodyOf(values, worker);
    expect(body.version).toBe(4);
    expect(body).not.toHaveProperty('idNumber');
    expect(body).not.toHaveProperty('phone');
    expect(body).not.toHaveProperty('orgUnitId');
    expect(body.effectiveDate).toBe('2026-01-01');
    expect(checkUpdate(body).ok).toBe(true);
    // Nothing tracked changed: no effective date is sent.
    expect(updateBodyOf({ ...values, grade: 3 }, worker)).not.toHaveProperty('effectiveDate');
  });
});
