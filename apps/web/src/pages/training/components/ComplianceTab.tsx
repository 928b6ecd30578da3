// The compliance report: per unit (children of the chosen unit) who meets the training rule, the
// workers behind with their shortfall (keyset "load more"), and the .xlsx export.
import type { ComplianceReport, ComplianceWorkerRow } from '@cwp/contracts';
import { Alert, Button, InputNumber, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { trainingApi } from '../api';
import { ExternalTrainingModal } from './ExternalTrainingModal';

export function ComplianceTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const [year, setYear] = useState(new Date().getFullYear());
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>();
  const [report, setReport] = useState<ComplianceReport | null>(null);
  const [behind, setBehind] = useState<ComplianceWorkerRow[]>([]);
  const [externalFor, setExternalFor] = useState<{ id: number; name: string } | null>(null);
  const [missing, setMissing] = useState(false);
  const [loading, setLoading] = useState(false);
  /** Bumped after an external training is saved, so the report shows it at once. */
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setMissing(false);
    trainingApi
      .compliance({ year, ...(orgUnitId ? { orgUnitId } : {}) })
      .then((r) => {
        if (cancelled) return;
        setReport(r);
        setBehind(r.behind);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 400) setMissing(true);
        else onError(e);
        setReport(null);
      })
      .finally(() => setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [year, orgUnitId, onError, reloads]);

  const more = () => {
    if (!report?.nextAfter) return;
    trainingApi
      .compliance({ year, after: report.nextAfter, ...(orgUnitId ? { orgUnitId } : {}) })
      .then((r) => {
        setReport({ ...report, nextAfter: r.nextAfter });
        setBehind((b) => [...b, ...r.behind]);
      })
      .catch(onError);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('training.complianceYear')}</span>
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        <OrgUnitTreeSelect
          value={orgUnitId ?? null}
          onChange={setOrgUnitId}
          allowClear
          style={{ minWidth: 240 }}
        />
        <Button
          onClick={() => {
            trainingApi
              .exportCompliance({ year, ...(orgUnitId ? { orgUnitId } : {}) })
              .catch(onError);
          }}
          disabled={!report}
        >
          {t('training.export')}
        </Button>
      </Space>
      {missing && <Alert type="warning" showIcon message={t('training.noRules')} />}
      {report && (
        <>
          <Typography.Text data-testid="compliance-totals">
            {t('training.workers')} {report.totals.workers} · {t('training.meeting')}{' '}
            {report.totals.meeting} · {t('training.behind')} {report.totals.behind} ·{' '}
            {t('training.certificateMet')} {report.totals.certificateMet}
          </Typography.Text>
          <Table
            rowKey="orgUnitId"
            size="small"
            loading={loading}
            pagination={false}
            dataSource={report.units}
            columns={[
              { title: t('training.unit'), dataIndex: 'orgUnitName' },
              { title: t('training.workers'), dataIndex: 'workers' },
              { title: t('training.meeting'), dataIndex: 'meeting' },
              { title: t('training.behind'), dataIndex: 'behind' },
              { title: t('training.certificateMet'), dataIndex: 'certificateMet' },
            ]}
          />
          <Typography.Title level={5}>{t('training.behindList')}</Typography.Title>
          <Table
            rowKey="workerId"
            size="small"
            pagination={false}
            dataSource={behind}
            columns={[
              { title: t('training.worker'), dataIndex: 'workerName' },
              { title: t('training.unit'), dataIndex: 'orgUnitName' },
              { title: t('training.rule'), dataIndex: 'ruleCode' },
              { title: t('training.hours'), dataIndex: 'hours' },
              { title: t('training.hoursShort'), dataIndex: 'hoursShort' },
              { title: t('training.trainingsShort'), dataIndex: 'trainingsShort' },
              { title: t('training.yearHours'), dataIndex: 'yearHours' },
              { title: t('training.certShort'), dataIndex: 'certificateHoursShort' },
              ...(can('training:manage')
                ? [
                    {
                      title: t('training.actions'),
                      render: (_: unknown, r: ComplianceWorkerRow) => (
                        <Button
                          size="small"
                          data-testid={`add-external-${r.workerId}`}
                          onClick={() => setExternalFor({ id: r.workerId, name: r.workerName })}
                        >
                          {t('training.addExternal')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <ExternalTrainingModal
            worker={externalFor}
            onClose={() => setExternalFor(null)}
            onSaved={() => setReloads((n) => n + 1)}
          />
          {report.nextAfter !== null && <Button onClick={more}>{t('training.more')}</Button>}
        </>
      )}
    </Space>
  );
}
