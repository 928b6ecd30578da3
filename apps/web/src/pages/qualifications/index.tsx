// 职业资格 (/qualifications): exam registrations and results, certificates (recording one updates
// the dossier and may propose a grade change), and the certified share per region against the
// goal (configurable per unit, inherited by the units below).
import type { CertificateView, ExamView, GoalReport, GoalRow } from '@cwp/contracts';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { learningApi } from '../learning/api';
import { useLearningLabels } from '../learning/components/labels';

function WorkerPicker(props: { value?: number; onChange?: (v: number) => void }) {
  const onError = useRequestError();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  return (
    <Select
      showSearch
      filterOption={false}
      value={props.value}
      onChange={props.onChange}
      onSearch={(q) => {
        if (!q.trim()) return;
        learningApi
          .searchWorkers(q)
          .then((p) =>
            setOptions(
              p.items.map((w) => ({ value: w.id, label: `${w.name}（${w.orgUnitName}）` })),
            ),
          )
          .catch(onError);
      }}
      options={options}
    />
  );
}

function ExamsTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const labels = useLearningLabels();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: ExamView[]; total: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ workerId: number; year: number; level: string }>();
  const load = useCallback(() => {
    learningApi.exams(page).then(setData).catch(onError);
  }, [page, onError]);
  useEffect(load, [load]);

  const register = async () => {
    const v = await form.validateFields();
    try {
      await learningApi.registerExam(v);
      setOpen(false);
      load();
    } catch (err) {
      onError(err, form);
    }
  };
  const result = async (e: ExamView, status: string) => {
    try {
      await learningApi.examResult(e.id, { status, score: null, version: e.version });
      load();
    } catch (err) {
      onError(err);
    }
  };

  return (
    <>
      {can('training:manage') && (
        <Button
          type="primary"
          style={{ marginBottom: 12 }}
          onClick={() => {
            form.setFieldsValue({ year: new Date().getFullYear() });
            setOpen(true);
          }}
        >
          {t('learning.q.register')}
        </Button>
      )}
      <Table<ExamView>
        rowKey="id"
        loading={!data}
        dataSource={data?.items ?? []}
        pagination={{ current: page, total: data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('learning.q.worker'), dataIndex: 'workerName' },
          { title: t('learning.me.year'), dataIndex: 'year' },
          { title: t('learning.q.level'), dataIndex: 'level', render: labels.level },
          {
            title: t('learning.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag>{labels.examStatus(s)}</Tag>,
          },
          {
            title: '',
            key: 'actions',
            render: (_, e) =>
              can('training:manage') && e.status === 'registered' ? (
                <Space>
                  {(['passed', 'failed', 'absent'] as const).map((s) => (
                    <Button key={s} size="small" onClick={() => void result(e, s)}>
                      {labels.examStatus(s)}
                    </Button>
                  ))}
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal
        open={open}
        title={t('learning.q.register')}
        onCancel={() => setOpen(false)}
        onOk={() => void register()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="exam">
          <Form.Item
            name="workerId"
            label={t('learning.q.worker')}
            rules={[{ required: true, message: t('learning.required') }]}
          >
            <WorkerPicker />
          </Form.Item>
          <Form.Item name="year" label={t('learning.me.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item
            name="level"
            label={t('learning.q.level')}
            rules={[{ required: true, message: t('learning.required') }]}
          >
            <Select options={labels.levelOptions} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function CertificatesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const labels = useLearningLabels();
  const { modal } = AntApp.useApp();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: CertificateView[]; total: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{
    workerId: number;
    level: 'assistant' | 'intermediate' | 'senior';
    certNumber: string;
    certDate: Dayjs;
  }>();
  const load = useCallback(() => {
    learningApi.certificates(page).then(setData).catch(onError);
  }, [page, onError]);
  useEffect(load, [load]);

  const record = async () => {
    const v = await form.validateFields();
    try {
      const r = await learningApi.recordCertificate({
        ...v,
        certDate: v.certDate.format('YYYY-MM-DD'),
      });
      setOpen(false);
      load();
      modal.info({
        title: t('learning.q.recorded'),
        content: r.gradeChangeId ? t('learning.q.gradeProposed') : (r.gradeNote ?? ''),
      });
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <>
      {can('training:manage') && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>
          {t('learning.q.record')}
        </Button>
      )}
      <Table<CertificateView>
        rowKey="id"
        loading={!data}
        dataSource={data?.items ?? []}
        pagination={{ current: page, total: data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('learning.q.worker'), dataIndex: 'workerName' },
          { title: t('learning.q.level'), dataIndex: 'level', render: labels.level },
          { title: t('learning.q.certNumber'), dataIndex: 'certNumber' },
          { title: t('learning.q.certDate'), dataIndex: 'certDate' },
          {
            title: t('learning.q.gradeChange'),
            dataIndex: 'gradeChangeId',
            render: (v: number | null) =>
              v ? <Tag color="blue">{t('learning.q.gradeProposed')}</Tag> : '—',
          },
        ]}
      />
      <Modal
        open={open}
        title={t('learning.q.record')}
        onCancel={() => setOpen(false)}
        onOk={() => void record()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('learning.q.recordHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" name="certificate">
          <Form.Item
            name="workerId"
            label={t('learning.q.worker')}
            rules={[{ required: true, message: t('learning.required') }]}
          >
            <WorkerPicker />
          </Form.Item>
          <Form.Item
            name="level"
            label={t('learning.q.level')}
            rules={[{ required: true, message: t('learning.required') }]}
          >
            <Select options={labels.levelOptions} />
          </Form.Item>
          <Form.Item
            name="certNumber"
            label={t('learning.q.certNumber')}
            rules={[{ required: true, message: t('learning.required') }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="certDate"
            label={t('learning.q.certDate')}
            rules={[{ required: true, message: t('learning.required') }]}
          >
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function GoalTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const [report, setReport] = useState<GoalReport | null>(null);
  const [target, setTarget] = useState<number | null>(50);
  useEffect(() => {
    learningApi.goal(unitId).then(setReport).catch(onError);
  }, [unitId, onError]);

  const save = async () => {
    if (!report || target === null) return;
    try {
      setReport(await learningApi.setGoal(report.unit.orgUnitId, target / 100));
    } catch (err) {
      onError(err);
    }
  };
  const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
  const rows: GoalRow[] = report ? [report.unit, ...report.children] : [];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <OrgUnitTreeSelect value={unitId ?? null} onChange={setUnitId} style={{ width: 280 }} />
        {can('training:manage') && report && (
          <>
            <InputNumber min={0} max={100} value={target} onChange={setTarget} addonAfter="%" />
            <Button onClick={() => void save()}>
              {t('learning.q.setGoal', { unit: report.unit.name })}
            </Button>
          </>
        )}
      </Space>
      <Table<GoalRow>
        rowKey="orgUnitId"
        loading={!report}
        dataSource={rows}
        pagination={false}
        data-testid="goal-table"
        columns={[
          {
            title: t('learning.unit'),
            dataIndex: 'name',
            render: (v: string, r) =>
              r.orgUnitId === report?.unit.orgUnitId ? (
                <b>{v}</b>
              ) : (
                <a onClick={() => setUnitId(r.orgUnitId)}>{v}</a>
              ),
          },
          { title: t('learning.q.workers'), dataIndex: 'workers' },
          { title: t('learning.q.certified'), dataIndex: 'certified' },
          { title: t('learning.q.share'), dataIndex: 'share', render: pct },
          {
            title: t('learning.q.target'),
            dataIndex: 'target',
            render: (v: number | null) => (v === null ? t('learning.q.noTarget') : pct(v)),
          },
          {
            title: t('learning.q.meets'),
            dataIndex: 'meets',
            render: (v: boolean | null) =>
              v === null ? (
                '—'
              ) : v ? (
                <Tag color="green">{t('learning.q.yes')}</Tag>
              ) : (
                <Tag color="red">{t('learning.q.no')}</Tag>
              ),
          },
        ]}
      />
    </Space>
  );
}

export function QualificationsPage() {
  const { t } = useTranslation();
  return (
    <Card data-testid="qualifications-page">
      <Typography.Title level={4}>{t('learning.q.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('learning.q.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'goal', label: t('learning.q.goal'), children: <GoalTab /> },
          { key: 'exams', label: t('learning.q.exams'), children: <ExamsTab /> },
          {
            key: 'certificates',
            label: t('learning.q.certificates'),
            children: <CertificatesTab />,
          },
        ]}
      />
    </Card>
  );
}
