// 社区工作者信息登记表: the dossier as the paper registration form, one A4 sheet with a photo box
// and the sections 基本信息 / 学历学位 / 任职情况 / 职业资格 / 工作经历 / 家庭成员. Masked personal
// data stays masked unless the plain values are passed in (a revealed, audited view).
import type { WorkerDetail } from '@cwp/contracts';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Revealed } from '../api';
import type { WorkerLabels } from '../components/labels';

interface Props {
  worker: WorkerDetail;
  labels: WorkerLabels;
  revealed: Revealed;
  photoUrl: string | null;
  printedBy: string;
}

const MIN_LIST_ROWS = 4;

/** A label cell. */
function L({ children, colSpan }: { children: ReactNode; colSpan?: number }) {
  return (
    <th className="cwp-print-label" colSpan={colSpan} scope="row">
      {children}
    </th>
  );
}

/** A value cell. */
function V({
  children,
  colSpan,
  testId,
}: {
  children: ReactNode;
  colSpan?: number;
  testId?: string;
}) {
  return (
    <td className="cwp-print-value" colSpan={colSpan} data-testid={testId}>
      {children}
    </td>
  );
}

function Section({ rows, title }: { rows: number; title: string }) {
  return (
    <th
      className={rows >= 3 ? 'cwp-print-section cwp-print-section-tall' : 'cwp-print-section'}
      rowSpan={rows}
      scope="rowgroup"
    >
      <span>{title}</span>
    </th>
  );
}

function padRows<T>(items: T[]): (T | null)[] {
  const out: (T | null)[] = [...items];
  while (out.length < MIN_LIST_ROWS) out.push(null);
  return out;
}

export function PrintableDossier({ worker: w, labels: l, revealed, photoUrl, printedBy }: Props) {
  const { t } = useTranslation();
  const p = (key: 'idNumber' | 'phone', masked: string) => revealed[key] ?? masked;
  const work = padRows(w.workHistory);
  const family = padRows(revealed.family ?? w.family);
  const status =
    w.status === 'probation' && w.probationEnd
      ? t('print.probationUntil', { status: l.status(w.status), date: w.probationEnd })
      : l.status(w.status);

  return (
    <article className="cwp-print-sheet" data-testid="print-sheet">
      <h1 className="cwp-print-title">{t('print.title')}</h1>
      <div className="cwp-print-meta">
        <span>{t('print.unit', { unit: w.orgUnitName })}</span>
        <span>{t('print.filledAt', { date: dayjs().format(t('print.dateFormat')) })}</span>
      </div>
      <table className="cwp-print-table">
        <colgroup>
          <col style={{ width: '5%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '14%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '13.5%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '16.5%' }} />
          <col style={{ width: '15%' }} />
        </colgroup>
        <tbody>
          {/* 基本信息 */}
          <tr>
            <Section rows={5} title={t('print.sections.basic')} />
            <L>{t('workers.field.name')}</L>
            <V testId="print-name">{w.name}</V>
            <L>{t('workers.field.sex')}</L>
            <V>{l.sex(w.sex)}</V>
            <L>{t('print.birthMonth')}</L>
            <V>{w.birthDate}</V>
            <td className="cwp-print-photo" rowSpan={4}>
              {photoUrl ? (
                <img src={photoUrl} alt={t('print.photo')} />
              ) : (
                <span>{t('print.photo')}</span>
              )}
            </td>
          </tr>
          <tr>
            <L>{t('workers.field.ethnicity')}</L>
            <V>{l.dict('ethnicity', w.ethnicity)}</V>
            <L>{t('workers.field.nativePlace')}</L>
            <V>{l.text(w.nativePlace)}</V>
            <L>{t('workers.field.maritalStatus')}</L>
            <V>{l.dict('maritalStatus', w.maritalStatus)}</V>
          </tr>
          <tr>
            <L>{t('workers.field.politicalStatus')}</L>
            <V colSpan={3}>{l.dict('politicalStatus', w.politicalStatus)}</V>
            <L>{t('workers.field.partyJoinDate')}</L>
            <V>{l.date(w.partyJoinDate)}</V>
          </tr>
          <tr>
            <L>{t('workers.field.idNumber')}</L>
            <V colSpan={3} testId="print-id-number">
              <span className="cwp-print-mono">{p('idNumber', w.idNumberMasked)}</span>
            </V>
            <L>{t('workers.field.phone')}</L>
            <V testId="print-phone">
              <span className="cwp-print-mono">{p('phone', w.phoneMasked)}</span>
            </V>
          </tr>
          <tr>
            <L>{t('workers.field.address')}</L>
            <V colSpan={6}>{l.text(w.address)}</V>
          </tr>

          {/* 学历学位 */}
          <tr>
            <Section rows={2} title={t('print.sections.education')} />
            <L>{t('workers.field.educationFullTime')}</L>
            <V>{l.dict('educationFullTime', w.educationFullTime)}</V>
            <L>{t('workers.field.educationInService')}</L>
            <V>{l.dict('educationInService', w.educationInService)}</V>
            <L>{t('workers.field.degree')}</L>
            <V colSpan={2}>{l.dict('degree', w.degree)}</V>
          </tr>
          <tr>
            <L>{t('workers.field.school')}</L>
            <V colSpan={3}>{l.text(w.school)}</V>
            <L>{t('workers.field.major')}</L>
            <V colSpan={2}>{l.text(w.major)}</V>
          </tr>

          {/* 任职情况 */}
          <tr>
            <Section rows={3} title={t('print.sections.post')} />
            <L>{t('workers.field.orgUnit')}</L>
            <V colSpan={6} testId="print-org-path">
              {w.orgPathNames.join(' ')}
            </V>
          </tr>
          <tr>
            <L>{t('workers.field.category')}</L>
            <V>{l.dict('category', w.category)}</V>
            <L>{t('workers.field.post')}</L>
            <V>{l.dict('post', w.post)}</V>
            <L>{t('workers.field.grade')}</L>
            <V colSpan={2}>{l.grade(w.grade)}</V>
          </tr>
          <tr>
            <L>{t('workers.field.status')}</L>
            <V>{status}</V>
            <L>{t('print.workStart')}</L>
            <V>{w.workStartDate}</V>
            <L>{t('workers.field.hireDate')}</L>
            <V colSpan={2}>{w.hireDate}</V>
          </tr>

          {/* 职业资格 */}
          <tr>
            <Section rows={2} title={t('print.sections.qualification')} />
            <L>{t('print.qualification')}</L>
            <V colSpan={3}>{l.dict('qualification', w.qualification)}</V>
            <L>{t('print.certDate')}</L>
            <V colSpan={2}>{l.date(w.certDate)}</V>
          </tr>
          <tr>
            <L>{t('workers.field.certNumber')}</L>
            <V colSpan={6}>{l.text(w.certNumber)}</V>
          </tr>

          {/* 工作经历 */}
          <tr>
            <Section rows={work.length + 1} title={t('print.sections.workHistory')} />
            <L colSpan={2}>{t('print.period')}</L>
            <L colSpan={3}>{t('workers.list.employer')}</L>
            <L colSpan={2}>{t('workers.list.position')}</L>
          </tr>
          {work.map((item, i) => (
            <tr key={`w${i}`} className="cwp-print-list-row">
              <V colSpan={2}>
                {item ? `${item.startDate} — ${item.endDate ?? t('print.present')}` : ''}
              </V>
              <V colSpan={3}>{item?.employer ?? ''}</V>
              <V colSpan={2}>{item?.position ?? ''}</V>
            </tr>
          ))}

          {/* 家庭成员 */}
          <tr>
            <Section rows={family.length + 1} title={t('print.sections.family')} />
            <L>{t('workers.list.relation')}</L>
            <L>{t('workers.field.name')}</L>
            <L>{t('workers.field.birthDate')}</L>
            <L colSpan={2}>{t('workers.field.politicalStatus')}</L>
            <L colSpan={2}>{t('workers.list.familyEmployer')}</L>
          </tr>
          {family.map((m, i) => (
            <tr key={`f${i}`} className="cwp-print-list-row">
              <V>{m?.relation ?? ''}</V>
              <V>{m?.name ?? ''}</V>
              <V>{m?.birthDate ?? ''}</V>
              <V colSpan={2}>{m ? l.dict('politicalStatus', m.politicalStatus) : ''}</V>
              <V colSpan={2}>{m?.employer ?? ''}</V>
            </tr>
          ))}

          {/* 审核意见 */}
          <tr className="cwp-print-sign-row">
            <Section rows={1} title={t('print.sections.review')} />
            <td colSpan={7} className="cwp-print-sign">
              <div className="cwp-print-sign-text">
                <span>{t('print.seal')}</span>
                <span>{t('print.signDate')}</span>
              </div>
            </td>
          </tr>
        </tbody>
      </table>
      <footer className="cwp-print-footer">
        <span>
          {t('print.printedBy', { name: printedBy, at: dayjs().format('YYYY-MM-DD HH:mm') })}
        </span>
        <span>{t('print.confidential')}</span>
      </footer>
    </article>
  );
}
