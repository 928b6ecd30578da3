// /econ-audits/:id/print: the final report as one A4 page (plan, conclusion, findings,
// rectification items with their state), printed from the browser.
import type { EconAuditDetail } from '@cwp/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { econAuditsApi } from './api';

const PAGE_CSS = `
@page { size: A4; margin: 18mm 16mm; }
.audit-report { max-width: 178mm; margin: 0 auto; font-size: 12pt; color: #000; background: #fff; }
.audit-report h1 { text-align: center; font-size: 18pt; margin: 0 0 12pt; }
.audit-report table { width: 100%; border-collapse: collapse; margin-bottom: 10pt; }
.audit-report th, .audit-report td { border: 1px solid #000; padding: 3pt 5pt; text-align: left; vertical-align: top; }
@media print { .no-print { display: none; } }
`;

export function EconAuditPrintPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const id = Number(useParams().id);
  const [a, setA] = useState<EconAuditDetail | null>(null);
  useEffect(() => {
    econAuditsApi.get(id).then(setA).catch(onError);
  }, [id, onError]);
  if (!a) return <PageSpin />;
  return (
    <div className="audit-report">
      <style>{PAGE_CSS}</style>
      <p className="no-print">
        <button type="button" onClick={() => window.print()}>
          {t('oversight.audits.print')}
        </button>
      </p>
      <h1>{t('oversight.audits.reportTitle')}</h1>
      <table>
        <tbody>
          <tr>
            <th>{t('oversight.audits.auditTitle')}</th>
            <td colSpan={3}>{a.title}</td>
          </tr>
          <tr>
            <th>{t('oversight.audits.auditedPerson')}</th>
            <td>
              {a.workerName}（{a.workerUnitName}）
            </td>
            <th>{t('oversight.audits.auditedRole')}</th>
            <td>{t(`oversight.audits.roles.${a.auditedRole}`)}</td>
          </tr>
          <tr>
            <th>{t('oversight.audits.trigger')}</th>
            <td>{t(`oversight.audits.triggers.${a.trigger}`)}</td>
            <th>{t('oversight.audits.period')}</th>
            <td>
              {a.periodStart} ~ {a.periodEnd}
            </td>
          </tr>
          <tr>
            <th>{t('oversight.audits.scope')}</th>
            <td colSpan={3}>{a.scope}</td>
          </tr>
          <tr>
            <th>{t('oversight.audits.conclusion')}</th>
            <td colSpan={3}>{a.conclusion ?? '—'}</td>
          </tr>
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th>{t('oversight.audits.category')}</th>
            <th>{t('oversight.audits.description')}</th>
            <th>{t('oversight.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {a.findingList.map((f) => (
            <tr key={f.id}>
              <td>{t(`oversight.audits.categories.${f.category}`)}</td>
              <td>{f.description}</td>
              <td>{f.amount === null ? '—' : f.amount.toFixed(2)}</td>
            </tr>
          ))}
          <tr>
            <th colSpan={2}>{t('oversight.audits.totalAmount')}</th>
            <td>{a.totalAmount.toFixed(2)}</td>
          </tr>
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th>{t('oversight.audits.rectItem')}</th>
            <th>{t('oversight.audits.owner')}</th>
            <th>{t('oversight.audits.deadline')}</th>
            <th>{t('oversight.audits.closureNote')}</th>
          </tr>
        </thead>
        <tbody>
          {a.rectifications.map((r) => (
            <tr key={r.id}>
              <td>{r.description}</td>
              <td>{r.ownerName}</td>
              <td>{r.deadline}</td>
              <td>
                {r.status === 'closed'
                  ? `${r.closureNote ?? ''}（${r.closedAt ?? ''}）`
                  : r.overdue
                    ? t('oversight.audits.overdue')
                    : t('oversight.audits.open')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
