// /contracts/:id — one labour contract (the target of an expiry reminder), with a link to the
// worker's contracts tab where it is renewed or terminated.
import type { LaborContractView } from '@cwp/contracts';
import { Button, Card, Descriptions, Result, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { contractsApi } from './api';
import { ExpiryTag } from './components/ContractTable';

export function ContractDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const contractId = /^\d{1,12}$/.test(id ?? '') ? Number(id) : undefined;
  const onError = useRequestError();
  const [contract, setContract] = useState<LaborContractView | null>(null);
  const [missing, setMissing] = useState(contractId === undefined);

  useEffect(() => {
    if (contractId === undefined) return;
    let cancelled = false;
    contractsApi
      .get(contractId)
      .then((c) => {
        if (!cancelled) setContract(c);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [contractId, onError]);

  if (missing) return <Result status="404" title={t('contracts.notFound')} />;
  if (!contract) return <PageSpin />;
  const c = contract;
  return (
    <Card
      title={`${t('contracts.detailTitle')} — ${c.workerName}`}
      extra={
        <Space>
          <Link to="/contracts">{t('common.back')}</Link>
          <Link to={`/workers/${c.workerId}?tab=contracts`}>
            <Button type="primary">{t('contracts.openWorker')}</Button>
          </Link>
        </Space>
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label={t('contracts.worker')}>{c.workerName}</Descriptions.Item>
        <Descriptions.Item label={t('contracts.workerUnit')}>{c.workerUnitName}</Descriptions.Item>
        <Descriptions.Item label={t('contracts.signingUnit')}>
          {c.signingUnitName}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.seq')}>
          {t('contracts.seqValue', { seq: c.seq })}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.type')}>
          {t(`contracts.types.${c.type}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.term')}>
          {c.termYears === null ? '—' : t('contracts.termValue', { years: c.termYears })}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.startDate')}>{c.startDate}</Descriptions.Item>
        <Descriptions.Item label={t('contracts.endDate')}>{c.endDate ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('contracts.probation')}>
          {c.probationMonths > 0
            ? t('contracts.probationValue', { months: c.probationMonths, end: c.probationEnd })
            : t('contracts.noProbation')}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.status')}>
          {t(`contracts.statuses.${c.status}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.daysToExpiry')}>
          <ExpiryTag days={c.daysToExpiry} />
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.rule')}>
          {c.ruleSet
            ? t('contracts.ruleValue', { name: c.ruleSet.name, version: c.ruleSet.versionNo })
            : '—'}
        </Descriptions.Item>
        {c.status === 'terminated' ? (
          <Descriptions.Item label={t('contracts.termination')} span={2}>
            {c.terminationDate} {c.terminationReason}
          </Descriptions.Item>
        ) : null}
        {c.previousId ? (
          <Descriptions.Item label={t('contracts.previous')}>
            <Link to={`/contracts/${c.previousId}`}>#{c.previousId}</Link>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('contracts.note')}>{c.note ?? '—'}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
