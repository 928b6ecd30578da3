// /evaluation/:id: one round — compute (with progress while the server counts), the per-unit
// table of values, points, total and rank, entering a value with its evidence, finalize, export
// and the printable report.
import type { EvaluationIndicatorView, EvaluationRoundDetail } from '@cwp/contracts';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { PageSpin } from '../../components/PageSpin';
import { evaluationApi } from './api';

interface EnterTarget {
  orgUnitId: number;
  unitName: string;
  indicator: EvaluationIndicatorView;
}

interface EnterValues {
  value: number;
  note?: string;
}

export function EvaluationRoundPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useAuth();
  const onError = useRequestError();
  const id = Number(useParams().id);
  const [r, setR] = useState<EvaluationRoundDetail | null>(null);
  const [computing, setComputing] = useState(false);
  const [progress, setProgress] = useState(0);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const [target, setTarget] = useState<EnterTarget | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [uploadPct, setUploadPct] = useState<number | null>(null);
  const [form] = Form.useForm<EnterValues>();

  const load = useCallback(() => {
    evaluationApi.round(id).then(setR).catch(onError);
  }, [id, onError]);
  useEffect(load, [load]);
  useEffect(
    () => () => {
      if (timer.current) clearInterval(timer.current);
    },
    [],
  );

  if (!r) return <PageSpin />;
  const manage = can('evaluation:manage') && r.status !== 'finalized';

  const compute = async () => {
    setComputing(true);
    setProgress(5);
    // The server answers when done; the bar advances towards 90 % meanwhile.
    timer.current = setInterval(() => setProgress((p) => (p < 90 ? p + (90 - p) / 8 : p)), 300);
    try {
      const next = await evaluationApi.compute(r.id, r.version);
      setProgress(100);
      setR(next);
      void message.success(t('evaluation.computed', { ms: next.computeMillis ?? 0 }));
    } catch (err) {
      onError(err);
    } finally {
      if (timer.current) clearInterval(timer.current);
      timer.current = null;
      setComputing(false);
    }
  };

  const finalize = () => {
    modal.confirm({
      title: t('evaluation.finalize'),
      content: t('evaluation.finalizeConfirm'),
      onOk: async () => {
        try {
          setR(await evaluationApi.finalize(r.id, r.version));
        } catch (err) {
          onError(err);
        }
      },
    });
  };

  const submitValue = async () => {
    if (!target) return;
    const v = await form.validateFields();
    if (!file) {
      void message.error(t('evaluation.evidenceRequired'));
      return;
    }
    try {
      setUploadPct(0);
      const next = await evaluationApi.enter(
        r.id,
        {
          version: r.version,
          orgUnitId: target.orgUnitId,
          code: target.indicator.code,
          value: v.value,
          ...(v.note ? { note: v.note } : {}),
        },
        file,
        setUploadPct,
      );
      setR(next);
      setTarget(null);
      setFile(null);
    } catch (err) {
      onError(err, form);
    } finally {
      setUploadPct(null);
    }
  };

  const indicatorColumns = r.indicators.map((ind) => ({
    key: ind.code,
    title: (
      <span title={ind.how ?? undefined}>
        {ind.name}
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('evaluation.weight')} {ind.weight} · {t('evaluation.target')} {ind.target}
          {ind.unit ?? ''}
        </Typography.Text>
      </span>
    ),
    render: (_: unknown, u: EvaluationRoundDetail['unitsDetail'][number]) => {
      const v = u.values.find((x) => x.code === ind.code);
      return (
        <div data-testid={`cell-${u.orgUnitId}-${ind.code}`}>
          <div>
            {v?.value === null || v?.value === undefined ? (
              <Typography.Text type="secondary">{t('evaluation.noValue')}</Typography.Text>
            ) : (
              `${v.value}${ind.unit ?? ''}`
            )}
            {r.status !== 'draft' && (
              <Typography.Text type="secondary">
                {' '}
                · {t('evaluation.points')} {v?.points ?? 0}
              </Typography.Text>
            )}
          </div>
          {v?.numerator !== null && v?.numerator !== undefined && v.denominator !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('evaluation.counted', { num: v.numerator, den: v.denominator })}
            </Typography.Text>
          )}
          {v?.evidence && (
            <div>
              <Typography.Link
                style={{ fontSize: 12 }}
                onClick={() =>
                  void evaluationApi
                    .evidence(r.id, u.orgUnitId, ind.code, v.evidence?.fileName ?? 'evidence')
                    .catch(onError)
                }
              >
                {v.evidence.fileName}
              </Typography.Link>
            </div>
          )}
          {ind.source === 'entered' && manage && (
            <Button
              size="small"
              type="link"
              data-testid={`enter-${u.orgUnitId}-${ind.code}`}
              style={{ padding: 0 }}
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ value: v?.value ?? undefined, note: v?.note ?? undefined });
                setFile(null);
                setTarget({ orgUnitId: u.orgUnitId, unitName: u.name, indicator: ind });
              }}
            >
              {t('evaluation.enter')}
            </Button>
          )}
        </div>
      );
    },
  }));

  return (
    <>
      <Typography.Title level={3}>{r.title}</Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('evaluation.orgUnit')}>{r.orgUnitName}</Descriptions.Item>
        <Descriptions.Item label={t('evaluation.year')}>{r.year}</Descriptions.Item>
        <Descriptions.Item label={t('evaluation.level')}>
          {t(`evaluation.levels.${r.level}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.ruleSet')}>
          <Link to={`/rule-sets/${r.ruleSetId}`}>
            {t('evaluation.ruleVersion', { name: r.ruleSetName, version: r.ruleVersionNo })}
          </Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.status')}>
          <Tag data-testid="round-status">{t(`evaluation.statuses.${r.status}`)}</Tag>
        </Descriptions.Item>
      </Descriptions>
      {r.status === 'finalized' && (
        <Alert
          type="info"
          showIcon
          message={t('evaluation.finalizedHint')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        {manage && (
          <Button
            type="primary"
            data-testid="compute"
            loading={computing}
            onClick={() => void compute()}
          >
            {r.status === 'draft' ? t('evaluation.compute') : t('evaluation.recompute')}
          </Button>
        )}
        {manage && r.status === 'computed' && (
          <Button data-testid="finalize" onClick={finalize}>
            {t('evaluation.finalize')}
          </Button>
        )}
        <Button
          data-testid="export"
          onClick={() => void evaluationApi.exportXlsx(r.id).catch(onError)}
        >
          {t('evaluation.exportXlsx')}
        </Button>
        <Button data-testid="print" href={`/evaluation/${r.id}/print`} target="_blank">
          {t('evaluation.print')}
        </Button>
      </Space>
      {computing && (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text>{t('evaluation.computing')}</Typography.Text>
          <Progress percent={Math.round(progress)} status="active" />
        </div>
      )}
      <Table
        rowKey="orgUnitId"
        dataSource={r.unitsDetail}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('evaluation.rank'),
            width: 70,
            render: (_, u) => <span data-testid={`rank-${u.orgUnitId}`}>{u.rank ?? '—'}</span>,
          },
          { title: t('evaluation.unit'), dataIndex: 'name', fixed: 'left' },
          {
            title: t('evaluation.total'),
            render: (_, u) => (u.total === null ? '—' : u.total.toFixed(2)),
          },
          ...indicatorColumns,
        ]}
      />
      <Modal
        open={target !== null}
        title={target ? t('evaluation.enterTitle', { name: target.indicator.name }) : ''}
        onCancel={() => setTarget(null)}
        onOk={() => void submitValue()}
        confirmLoading={uploadPct !== null}
        destroyOnHidden
      >
        <Typography.Paragraph>{target?.unitName}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item
            name="value"
            label={`${t('evaluation.enterValue')}${target?.indicator.unit ? `（${target.indicator.unit}）` : ''}`}
            rules={[{ required: true, message: t('evaluation.required') }]}
          >
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('evaluation.evidence')} extra={t('evaluation.evidenceHint')}>
            <Upload
              accept=".pdf,.png,.jpg,.jpeg"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button>{t('evaluation.evidence')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item name="note" label={t('evaluation.note')}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
          {uploadPct !== null && <Progress percent={uploadPct} />}
        </Form>
      </Modal>
    </>
  );
}
