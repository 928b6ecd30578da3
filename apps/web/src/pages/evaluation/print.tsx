// /evaluation/:id/print: the yearly evaluation report on A4 (Chinese fonts), printed or saved as
// PDF from the browser: indicators with weights and targets, ranking, each unit's values and
// points, evidence names and the rule-set version the scores were computed under.
import type { EvaluationRoundDetail } from '@cwp/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import '../workers/print/print.css';
import { evaluationApi } from './api';

const PAGE_CSS = `
@page { size: A4; margin: 15mm; }
.cwp-eval-report h2 { font-size: 13pt; margin: 6mm 0 2mm; }
.cwp-eval-report table { width: 100%; border-collapse: collapse; margin-bottom: 4mm; }
.cwp-eval-report th, .cwp-eval-report td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; font-size: 9.5pt; }
.cwp-eval-report tr { break-inside: avoid; }
@media print {
  .cwp-print-page { background: #fff; padding: 0; }
  .cwp-print-toolbar { display: none; }
  .cwp-print-sheet { box-shadow: none; width: auto; min-height: 0; padding: 0; }
}
`;

export function EvaluationPrintPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const id = Number(useParams().id);
  const [r, setR] = useState<EvaluationRoundDetail | null>(null);
  useEffect(() => {
    evaluationApi.round(id).then(setR).catch(onError);
  }, [id, onError]);
  if (!r) return <PageSpin />;
  const byCode = new Map(r.indicators.map((i) => [i.code, i]));
  return (
    <div className="cwp-print-page">
      <style>{PAGE_CSS}</style>
      <div className="cwp-print-toolbar">
        <span>{r.title}</span>
        <button type="button" onClick={() => window.print()}>
          {t('evaluation.printNow')}
        </button>
      </div>
      <div className="cwp-print-sheet cwp-eval-report">
        <h1 className="cwp-print-title">{t('evaluation.reportTitle', { year: r.year })}</h1>
        <p>
          {t('evaluation.reportMeta', {
            unit: r.orgUnitName,
            level: t(`evaluation.levels.${r.level}`),
            status: t(`evaluation.statuses.${r.status}`),
          })}
        </p>
        <p data-testid="report-rule">
          {t('evaluation.reportRule', {
            name: r.ruleSetName,
            id: r.ruleSetId,
            version: r.ruleVersionNo,
            date: r.referenceDate,
          })}
        </p>
        <h2>{t('evaluation.indicatorTable')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('evaluation.fields.name')}</th>
              <th>{t('evaluation.weight')}</th>
              <th>{t('evaluation.target')}</th>
              <th>{t('evaluation.source')}</th>
              <th>{t('evaluation.how')}</th>
              <th>{t('evaluation.scoring')}</th>
            </tr>
          </thead>
          <tbody>
            {r.indicators.map((i) => (
              <tr key={i.code}>
                <td>{i.name}</td>
                <td>{i.weight}</td>
                <td>
                  {i.target}
                  {i.unit ?? ''}
                </td>
                <td>{t(`evaluation.sources.${i.source}`)}</td>
                <td>
                  {i.how ?? '—'}
                  {i.parameter !== null ? `（${t('evaluation.parameter')} ${i.parameter}）` : ''}
                </td>
                <td>{t(`evaluation.scorings.${i.scoring}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t('evaluation.rankingTable')}</h2>
        <table data-testid="report-ranking">
          <thead>
            <tr>
              <th>{t('evaluation.rank')}</th>
              <th>{t('evaluation.unit')}</th>
              <th>{t('evaluation.total')}</th>
            </tr>
          </thead>
          <tbody>
            {r.unitsDetail.map((u) => (
              <tr key={u.orgUnitId}>
                <td>{u.rank ?? '—'}</td>
                <td>{u.name}</td>
                <td>{u.total === null ? '—' : u.total.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t('evaluation.detailTable')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('evaluation.unit')}</th>
              <th>{t('evaluation.fields.name')}</th>
              <th>{t('evaluation.value')}</th>
              <th>{t('evaluation.points')}</th>
              <th>{t('evaluation.evidenceList')}</th>
            </tr>
          </thead>
          <tbody>
            {r.unitsDetail.flatMap((u) =>
              u.values.map((v, n) => {
                const ind = byCode.get(v.code);
                return (
                  <tr key={`${u.orgUnitId}-${v.code}`}>
                    {n === 0 && <td rowSpan={u.values.length}>{u.name}</td>}
                    <td>{ind?.name ?? v.code}</td>
                    <td>
                      {v.value === null ? t('evaluation.noValue') : `${v.value}${ind?.unit ?? ''}`}
                    </td>
                    <td>{v.points}</td>
                    <td>{v.evidence?.fileName ?? ''}</td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
