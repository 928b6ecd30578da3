// /surveys/:id: one campaign. Its settings and workers, the status steps (open, close, reopen,
// publish), code batches (shown once, printed as A4 sheets with QR codes), the results per worker
// and for the team with the sample-rule check and the abuse flags, and the .xlsx export.
import type { SurveyCampaignView, SurveyResults } from '@cwp/contracts';
import { DownloadOutlined, PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  InputNumber,
  List,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { surveysApi } from './api';
import { CampaignForm, usePeriodLabel } from './CampaignForm';
import { CodeSheet } from './CodeSheet';
import { STATUS_COLORS } from './index';

type Step = { status: 'open' | 'closed' | 'published'; label: string };

export function SurveyDetailPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const onError = useRequestError();
  const periodLabel = usePeriodLabel();
  const id = Number(useParams().id);
  const [c, setC] = useState<SurveyCampaignView | null>(null);
  const [results, setResults] = useState<SurveyResults | null>(null);
  const [editing, setEditing] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [printed, setPrinted] = useState<{ batchNo: number; codes: string[] } | null>(null);
  const [form] = Form.useForm<{ count: number; expiresOn?: Dayjs }>();

  const load = useCallback(() => {
    surveysApi
      .get(id)
      .then(setC)
      .catch((err: unknown) => onError(err));
    surveysApi
      .results(id)
      .then(setResults)
      .catch((err: unknown) => onError(err));
  }, [id, onError]);
  useEffect(load, [load]);

  if (!c) return <Card loading />;

  const steps: Step[] =
    c.status === 'draft'
      ? [{ status: 'open', label: t('surveys.open') }]
      : c.status === 'open'
        ? [{ status: 'closed', label: t('surveys.close') }]
        : c.status === 'closed'
          ? [
              { status: 'open', label: t('surveys.reopen') },
              { status: 'published', label: t('surveys.publish') },
            ]
          : [];

  const step = (s: Step) =>
    modal.confirm({
      title: t('surveys.confirmStatus', { action: s.label }),
      onOk: () =>
        surveysApi
          .setStatus(c.id, c.version, s.status)
          .then(() => load())
          .catch((err: unknown) => onError(err)),
    });

  const generate = (v: { count: number; expiresOn?: Dayjs }) => {
    setBusy(true);
    surveysApi
      .generate(c.id, v.count, v.expiresOn?.format('YYYY-MM-DD'))
      .then((r) => {
        setGenerating(false);
        setPrinted({ batchNo: r.batchNo, codes: r.codes });
        void message.success(t('surveys.generated', { batch: r.batchNo, count: r.codes.length }));
        load();
      })
      .catch((err: unknown) => onError(err, form))
      .finally(() => setBusy(false));
  };

  const pct = (v: number) => `${v}%`;
  const workerName = new Map(c.workers.map((w) => [w.workerId, w.name]));
  const questionText = new Map(c.questions.map((q) => [q.key, q.text]));

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={c.title}
        extra={
          <Space wrap>
            {c.status === 'draft' && (
              <Button onClick={() => setEditing(true)}>{t('surveys.edit')}</Button>
            )}
            {(c.status === 'draft' || c.status === 'open') && (
              <Button
                icon={<QrcodeOutlined />}
                onClick={() => setGenerating(true)}
                data-testid="survey-generate"
              >
                {t('surveys.generate')}
              </Button>
            )}
            {steps.map((s) => (
              <Button
                key={s.status}
                type="primary"
                onClick={() => step(s)}
                data-testid={`survey-${s.status}`}
              >
                {s.label}
              </Button>
            ))}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('surveys.community')}>{c.orgUnitName}</Descriptions.Item>
          <Descriptions.Item label={t('surveys.period')}>
            {c.year} {periodLabel(c.period)}
          </Descriptions.Item>
          <Descriptions.Item label={t('surveys.status')}>
            <Tag color={STATUS_COLORS[c.status]} data-testid="survey-status">
              {t(`surveys.statuses.${c.status}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={`${t('surveys.opensOn')} – ${t('surveys.closesOn')}`}>
            {c.opensOn} – {c.closesOn}
          </Descriptions.Item>
          <Descriptions.Item label={t('surveys.sampleRules')}>
            ≥ {c.minRespondents} · ≥ {c.minOrdinaryPct}% {t('surveys.respondentTypes.ordinary')}
          </Descriptions.Item>
          <Descriptions.Item label={t('surveys.codesIssued')}>
            {c.codesIssued}（{t('surveys.codesUsed')} {c.codesUsed}）
          </Descriptions.Item>
          <Descriptions.Item label={t('surveys.workers')}>
            {c.workers.map((w) => w.name).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('surveys.link')}>
            <Typography.Text
              copyable
            >{`${window.location.origin}/public/surveys/${c.id}`}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        <List
          size="small"
          header={t('surveys.questions')}
          dataSource={c.questions}
          renderItem={(q) => (
            <List.Item>
              {q.text} <Tag>{t(`surveys.targets.${q.target}`)}</Tag>
            </List.Item>
          )}
        />
      </Card>

      {printed && (
        <Card
          title={t('surveys.print')}
          extra={
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
              {t('surveys.print')}
            </Button>
          }
        >
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('surveys.generated', {
              batch: printed.batchNo,
              count: printed.codes.length,
            })}
          />
          <CodeSheet
            campaignId={c.id}
            title={c.title}
            community={c.orgUnitName}
            codes={printed.codes}
          />
        </Card>
      )}

      {results && (
        <Card
          title={t('surveys.results')}
          extra={
            <Button
              icon={<DownloadOutlined />}
              onClick={() => {
                surveysApi.exportResults(c.id).catch((err: unknown) => onError(err));
              }}
            >
              {t('surveys.exportResults')}
            </Button>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              data-testid="survey-sample"
              type={results.valid ? 'success' : 'warning'}
              showIcon
              message={`${results.valid ? t('surveys.valid') : t('surveys.invalid')} · ${t('surveys.respondents')} ${results.respondents} · ${t('surveys.ordinaryPct')} ${pct(results.ordinaryPct)}`}
              description={results.reasons.length ? results.reasons.join('；') : undefined}
            />
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={[
                { key: 'team', name: t('surveys.team'), ...results.team },
                ...results.workers.map((w) => ({
                  key: String(w.workerId),
                  ...w,
                  name: workerName.get(w.workerId) ?? w.name,
                })),
              ]}
              columns={[
                { title: t('surveys.workers'), dataIndex: 'name' },
                { title: t('surveys.respondents'), dataIndex: 'respondents', align: 'right' },
                {
                  title: t('surveys.satisfactionPct'),
                  dataIndex: 'satisfactionPct',
                  align: 'right',
                  render: pct,
                },
                { title: t('surveys.averageRating'), dataIndex: 'averageRating', align: 'right' },
                {
                  title: t('surveys.byQuestion'),
                  render: (_, r) =>
                    r.byQuestion
                      .map(
                        (q) =>
                          `${questionText.get(q.questionKey) ?? q.questionKey} ${pct(q.satisfactionPct)}`,
                      )
                      .join('；'),
                },
              ]}
            />
            <Typography.Title level={5}>{t('surveys.flags')}</Typography.Title>
            {results.flags.length === 0 ? (
              <Typography.Text type="secondary">{t('surveys.noFlags')}</Typography.Text>
            ) : (
              <List
                size="small"
                data-testid="survey-flags"
                dataSource={results.flags}
                renderItem={(f) => (
                  <List.Item>
                    {t('surveys.flagLine', {
                      day: f.day,
                      kind: t(`surveys.flagKinds.${f.kind}`),
                      count: f.count,
                    })}
                  </List.Item>
                )}
              />
            )}
          </Space>
        </Card>
      )}

      {editing && (
        <CampaignForm
          campaign={c}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            load();
          }}
        />
      )}
      <Modal
        open={generating}
        title={t('surveys.generate')}
        onCancel={() => setGenerating(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: busy }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ count: 100 }} onFinish={generate}>
          <Form.Item name="count" label={t('surveys.generateCount')} rules={[{ required: true }]}>
            <InputNumber min={1} max={5000} data-testid="survey-count" />
          </Form.Item>
          <Form.Item name="expiresOn" label={t('surveys.expiresOn')}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
