// Recomputing the quotas of a subtree: asks for the date whose rules apply, shows the run while it
// lasts and then its result (units computed, without a rule, missing inputs, the rule versions
// used and the new totals).
import type { RecomputeResult } from '@cwp/contracts';
import { Alert, Button, DatePicker, Descriptions, Modal, Result, Space, Spin, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../../api/useRequestError';
import { staffingApi } from '../api';

export function RecomputeModal({
  orgUnitId,
  name,
  onClose,
  onDone,
}: {
  orgUnitId: number;
  name: string;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<RecomputeResult | null>(null);
  const [started, setStarted] = useState(0);

  const run = async () => {
    setRunning(true);
    setStarted(Date.now());
    try {
      setResult(await staffingApi.recompute(orgUnitId, date.format('YYYY-MM-DD')));
      onDone();
    } catch (err) {
      onError(err);
    } finally {
      setRunning(false);
    }
  };

  const footer = result ? (
    <Button type="primary" onClick={onClose} data-testid="recompute-close">
      {t('common.ok')}
    </Button>
  ) : (
    <Space>
      <Button onClick={onClose} disabled={running}>
        {t('common.cancel')}
      </Button>
      <Button
        type="primary"
        loading={running}
        onClick={() => void run()}
        data-testid="recompute-run"
      >
        {t('careerRules.staffing.recompute')}
      </Button>
    </Space>
  );

  return (
    <Modal
      open
      title={t('careerRules.staffing.recomputeTitle', { name })}
      onCancel={running ? undefined : onClose}
      closable={!running}
      maskClosable={false}
      footer={footer}
      width={640}
    >
      {!result && !running && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon message={t('careerRules.staffing.recomputeHint')} />
          <Space>
            <span>{t('careerRules.staffing.ruleDate')}</span>
            <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
          </Space>
        </Space>
      )}
      {running && (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin size="large" />
          <p style={{ marginTop: 16 }}>{t('careerRules.staffing.recomputing')}</p>
        </div>
      )}
      {result && (
        <div data-testid="recompute-result">
          <Result
            status="success"
            title={t('careerRules.staffing.recomputed', {
              units: result.units,
              seconds: ((Date.now() - started) / 1000).toFixed(1),
            })}
            style={{ padding: 16 }}
          />
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              {
                key: 'with',
                label: t('careerRules.staffing.withQuota'),
                children: result.withQuota,
              },
              {
                key: 'without',
                label: t('careerRules.staffing.withoutRule'),
                children: result.withoutRule,
              },
              {
                key: 'missing',
                label: t('careerRules.staffing.missingInputs'),
                children: result.missingInputs,
              },
              { key: 'date', label: t('careerRules.staffing.ruleDate'), children: result.date },
              {
                key: 'quota',
                label: t('careerRules.staffing.quotaTotal'),
                children: result.totals.quota,
              },
              {
                key: 'head',
                label: t('careerRules.staffing.headcountTotal'),
                children: result.totals.headcount,
              },
              {
                key: 'vac',
                label: t('careerRules.staffing.vacancies'),
                children: result.totals.vacancies,
              },
              {
                key: 'exc',
                label: t('careerRules.staffing.excess'),
                children: result.totals.excess,
              },
              {
                key: 'rules',
                label: t('careerRules.staffing.rulesUsed'),
                span: 2,
                children: (
                  <Space wrap>
                    {result.ruleSets.map((r) => (
                      <Tag key={r.ruleSetId}>
                        <Link to={`/rule-sets/${r.ruleSetId}`} onClick={onClose}>
                          {r.orgUnitName} · {r.name} · v{r.versionNo}
                        </Link>{' '}
                        ({t('careerRules.staffing.unitsCount', { count: r.units })})
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
