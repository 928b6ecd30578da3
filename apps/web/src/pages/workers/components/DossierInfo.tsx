// The read-only dossier sections shared by the detail page and "my dossier": identity, contact,
// education and political status; and the employment record with the unit's full path.
import type { WorkerDetail } from '@cwp/contracts';
import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { StatusTag, type WorkerFieldKey, type WorkerLabels } from './labels';
import { PiiText, type Reveal } from './PiiText';

interface Props {
  worker: WorkerDetail;
  labels: WorkerLabels;
  reveal?: Reveal;
}

const COLUMNS = { xs: 1, sm: 1, md: 2, lg: 3 } as const;

export function BasicInfo({ worker: w, labels: l, reveal }: Props) {
  const { t } = useTranslation();
  const f = (key: WorkerFieldKey) => t(`workers.field.${key}`);
  return (
    <div data-testid="basic-info">
      <Descriptions
        bordered
        size="small"
        column={COLUMNS}
        title={t('workers.section.identity')}
        items={[
          { key: 'name', label: f('name'), children: w.name },
          { key: 'sex', label: f('sex'), children: l.sex(w.sex) },
          {
            key: 'birthDate',
            label: f('birthDate'),
            children: `${w.birthDate}（${t('workers.ageValue', { age: w.age })}）`,
          },
          {
            key: 'idNumber',
            label: f('idNumber'),
            children: <PiiText field="idNumber" masked={w.idNumberMasked} reveal={reveal} />,
          },
          { key: 'ethnicity', label: f('ethnicity'), children: l.dict('ethnicity', w.ethnicity) },
          { key: 'nativePlace', label: f('nativePlace'), children: l.text(w.nativePlace) },
          {
            key: 'maritalStatus',
            label: f('maritalStatus'),
            children: l.dict('maritalStatus', w.maritalStatus),
          },
        ]}
      />
      <Descriptions
        bordered
        size="small"
        column={COLUMNS}
        title={t('workers.section.contact')}
        className="cwp-desc-section"
        items={[
          {
            key: 'phone',
            label: f('phone'),
            children: <PiiText field="phone" masked={w.phoneMasked} reveal={reveal} />,
          },
          { key: 'address', label: f('address'), children: l.text(w.address), span: 2 },
        ]}
      />
      <Descriptions
        bordered
        size="small"
        column={COLUMNS}
        title={t('workers.section.politicsEducation')}
        className="cwp-desc-section"
        items={[
          {
            key: 'politicalStatus',
            label: f('politicalStatus'),
            children: l.dict('politicalStatus', w.politicalStatus),
          },
          { key: 'partyJoinDate', label: f('partyJoinDate'), children: l.date(w.partyJoinDate) },
          {
            key: 'education',
            label: f('education'),
            children: l.dict('educationFullTime', w.education),
          },
          {
            key: 'educationFullTime',
            label: f('educationFullTime'),
            children: l.dict('educationFullTime', w.educationFullTime),
          },
          {
            key: 'educationInService',
            label: f('educationInService'),
            children: l.dict('educationInService', w.educationInService),
          },
          { key: 'degree', label: f('degree'), children: l.dict('degree', w.degree) },
          { key: 'school', label: f('school'), children: l.text(w.school) },
          { key: 'major', label: f('major'), children: l.text(w.major) },
        ]}
      />
    </div>
  );
}

export function EmploymentInfo({ worker: w, labels: l }: Props) {
  const { t } = useTranslation();
  const f = (key: WorkerFieldKey) => t(`workers.field.${key}`);
  return (
    <div data-testid="employment-info">
      <Descriptions
        bordered
        size="small"
        column={COLUMNS}
        title={t('workers.section.post')}
        items={[
          {
            key: 'orgUnit',
            label: f('orgUnit'),
            span: 3,
            children: (
              <Typography.Text data-testid="org-path">{w.orgPathNames.join(' / ')}</Typography.Text>
            ),
          },
          { key: 'category', label: f('category'), children: l.dict('category', w.category) },
          { key: 'post', label: f('post'), children: l.dict('post', w.post) },
          { key: 'grade', label: f('grade'), children: l.grade(w.grade) },
          { key: 'status', label: f('status'), children: <StatusTag status={w.status} /> },
          { key: 'workStartDate', label: f('workStartDate'), children: w.workStartDate },
          { key: 'hireDate', label: f('hireDate'), children: w.hireDate },
          { key: 'probationEnd', label: f('probationEnd'), children: l.date(w.probationEnd) },
        ]}
      />
      <Descriptions
        bordered
        size="small"
        column={COLUMNS}
        title={t('workers.section.qualification')}
        className="cwp-desc-section"
        items={[
          {
            key: 'qualification',
            label: f('qualification'),
            children: l.dict('qualification', w.qualification),
          },
          { key: 'certNumber', label: f('certNumber'), children: l.text(w.certNumber) },
          { key: 'certDate', label: f('certDate'), children: l.date(w.certDate) },
        ]}
      />
    </div>
  );
}
