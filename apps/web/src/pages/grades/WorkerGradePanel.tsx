// The dossier's grade tab: the effective-dated grade history, the worker's grade change requests,
// the starting grade the ladder in force gives them (with the explanation and the rule version),
// and — with grade:manage — a request to adjust the grade or to grade by the rules, both applied
// on approval.
import type { GradeChangeView, HistoryEntry, InitialGradeView } from '@cwp/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { gradesApi } from './api';

export function WorkerGradePanel({
  workerId,
  version,
  onChanged,
}: {
  workerId: number;
  /** The dossier's version: the panel reloads when it changes. */
  version: number;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const canManage = can('grade:manage');
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [changes, setChanges] = useState<GradeChangeView[] | null>(null);
  const [initial, setInitial] = useState<InitialGradeView | null>(null);
  const [onDate, setOnDate] = useState<Dayjs>(dayjs());
  const [computing, setComputing] = useState(false);
  const [dialog, setDialog] = useState<'adjust' | 'initial' | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      gradesApi.gradeHistory(workerId),
      gradesApi.changes({ workerId, page: 1, pageSize: 50 }),
    ])
      .then(([h, c]) => {
        if (cancelled) return;
        setHistory(h);
        setChanges(c.items);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [workerId, version, reload, onError]);

  const compute = async () => {
    setComputing(true);
    try {
      setInitial(await gradesApi.initial(workerId, onDate.format('YYYY-MM-DD')));
    } catch (err) {
      setInitial(null);
      onError(err);
    } finally {
      setComputing(false);
    }
  };

  const gradeText = (g: number | null) =>
    g === null ? t('grades.noGrade') : t('grades.gradeValue', { grade: g });
  const pending = changes?.some((c) => c.status === 'pending') ?? false;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="grade-panel">
      {canManage && (
        <Space>
          <Button
            type="primary"
            disabled={pending}
            onClick={() => setDialog('adjust')}
            data-testid="grade-adjust"
          >
            {t('grades.manualAdjust')}
          </Button>
        </Space>
      )}
      <Card size="small" title={t('grades.gradeHistory')}>
        {history === null ? null : history.length === 0 ? (
          <Empty description={t('grades.emptyHistory')} />
        ) : (
          <Timeline
            items={[...history].reverse().map((h) => ({
              key: h.id,
              color: h.effectiveTo === null ? 'green' : 'gray',
              children: (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{gradeText(Number(h.value))}</Typography.Text>
                  <Typography.Text type="secondary">
                    {h.effectiveTo
                      ? t('grades.period', { from: h.effectiveFrom, to: h.effectiveTo })
                      : t('grades.periodOpen', { from: h.effectiveFrom })}
                  </Typography.Text>
                  {h.reason && <Typography.Text>{h.reason}</Typography.Text>}
                </Space>
              ),
            }))}
          />
        )}
      </Card>
      <Card size="small" title={t('grades.changes')}>
        <Table
          rowKey="id"
          size="small"
          loading={changes === null}
          dataSource={changes ?? []}
          pagination={false}
          locale={{ emptyText: t('grades.emptyChanges') }}
          columns={[
            {
              title: t('grades.kind'),
              key: 'kind',
              render: (_, c) => t(`grades.changeKinds.${c.kind}`),
            },
            {
              title: t('grades.toGrade'),
              key: 'grade',
              render: (_, c) =>
                t('grades.fromTo', { from: gradeText(c.fromGrade), to: gradeText(c.toGrade) }),
            },
            { title: t('grades.effectiveDate'), dataIndex: 'effectiveDate' },
            { title: t('grades.adjustReason'), dataIndex: 'reason' },
            {
              title: t('grades.status'),
              key: 'status',
              render: (_, c) => (
                <Tag
                  color={
                    c.status === 'applied' ? 'green' : c.status === 'pending' ? 'gold' : 'default'
                  }
                >
                  {t(`grades.changeStatuses.${c.status}`)}
                </Tag>
              ),
            },
            {
              title: t('grades.approval'),
              key: 'approval',
              render: (_, c) =>
                c.approvalId === null ? (
                  '—'
                ) : (
                  <Link to={`/approvals/${c.approvalId}`}>#{c.approvalId}</Link>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('grades.initialTitle')}>
        <Space wrap>
          <span>{t('grades.initialOnDate')}</span>
          <DatePicker value={onDate} onChange={(d) => d && setOnDate(d)} allowClear={false} />
          <Button loading={computing} onClick={() => void compute()} data-testid="grade-initial">
            {t('grades.initialCompute')}
          </Button>
        </Space>
        {initial && (
          <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
            <Alert
              type="info"
              showIcon
              data-testid="grade-initial-result"
              message={t('grades.initialResult', { grade: initial.grade })}
              description={
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">{t('grades.explanation')}</Typography.Text>
                  {initial.explanation.split('；').map((line) => (
                    <span key={line}>{line}</span>
                  ))}
                </Space>
              }
            />
            {canManage && initial.grade !== initial.currentGrade && !pending && (
              <Button onClick={() => setDialog('initial')}>{t('grades.initialApply')}</Button>
            )}
          </Space>
        )}
      </Card>
      {dialog && (
        <ChangeModal
          workerId={workerId}
          kind={dialog}
          initial={dialog === 'initial' ? initial : null}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setReload((n) => n + 1);
            onChanged();
          }}
        />
      )}
    </Space>
  );
}

interface ChangeValues {
  toGrade?: number;
  effectiveDate: Dayjs;
  reason: string;
}

function ChangeModal({
  workerId,
  kind,
  initial,
  onClose,
  onDone,
}: {
  workerId: number;
  kind: 'adjust' | 'initial';
  initial: InitialGradeView | null;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [form] = Form.useForm<ChangeValues>();
  const [saving, setSaving] = useState(false);

  const save = async (v: ChangeValues) => {
    setSaving(true);
    try {
      await gradesApi.createChange({
        workerId,
        kind,
        ...(kind === 'adjust' && v.toGrade !== undefined ? { toGrade: v.toGrade } : {}),
        effectiveDate: v.effectiveDate.format('YYYY-MM-DD'),
        reason: v.reason,
      });
      void message.success(t('grades.changeSubmitted'));
      onDone();
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={kind === 'adjust' ? t('grades.manualAdjustTitle') : t('grades.initialTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ id: 'grade-change-save' }}
    >
      {initial && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('grades.initialResult', { grade: initial.grade })}
          description={initial.explanation}
        />
      )}
      <Form<ChangeValues>
        form={form}
        layout="vertical"
        initialValues={{
          effectiveDate: initial ? dayjs(initial.onDate) : dayjs(),
          reason: '',
        }}
        onFinish={(v) => void save(v)}
      >
        {kind === 'adjust' && (
          <Form.Item name="toGrade" label={t('grades.toGrade')} rules={[{ required: true }]}>
            <InputNumber min={1} max={30} precision={0} data-testid="grade-change-to" />
          </Form.Item>
        )}
        <Form.Item
          name="effectiveDate"
          label={t('grades.effectiveDate')}
          rules={[{ required: true }]}
        >
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('grades.adjustReason')}
          rules={[{ required: true, whitespace: true, message: t('grades.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="grade-change-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
