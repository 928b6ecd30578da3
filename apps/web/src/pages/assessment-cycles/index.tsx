// 考核周期 (/assessment-cycles): the cycles of the caller's subtree with their status, opening a
// cycle for a unit, the scheme versions (weights, vetoes, cap, thresholds, effect rules) and the
// effect proposals of final results waiting for a decision.
import { PlusOutlined } from '@ant-design/icons';
import type { CycleView } from '@cwp/contracts';
import {
  App,
  Button,
  Card,
  Form,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { cyclesApi } from './api';
import { EffectsTable } from './components/EffectsTable';
import { SchemesTab } from './components/SchemesTab';
import { periodText } from './components/period';

export const STATUS_COLORS: Record<CycleView['status'], string> = {
  open: 'default',
  computed: 'processing',
  pending: 'gold',
  approved: 'cyan',
  published: 'purple',
  final: 'green',
};

function OpenCycleModal({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ orgUnitId: number; year: number; period: string }>();
  const [busy, setBusy] = useState(false);
  const periods = [
    'annual',
    ...[1, 2, 3, 4].map((n) => `q${n}`),
    ...Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`),
  ];
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const c = await cyclesApi.open(v);
      void navigate(`/assessment-cycles/${c.id}`);
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('assessmentCycles.openTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ ...{ 'data-testid': 'cycle-open-ok' } }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year: new Date().getFullYear() - 1, period: 'annual' }}
      >
        <Form.Item name="orgUnitId" label={t('assessmentCycles.unit')} rules={[{ required: true }]}>
          <OrgUnitTreeSelect id="cycle-unit" />
        </Form.Item>
        <Form.Item name="year" label={t('assessmentCycles.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="period" label={t('assessmentCycles.period')} rules={[{ required: true }]}>
          <Select options={periods.map((p) => ({ value: p, label: periodText(t, p) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CyclesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: CycleView[]; total: number } | null>(null);
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    let cancelled = false;
    cyclesApi
      .list({ page, pageSize: 20 })
      .then((d) => {
        if (!cancelled) setData(d);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [page, onError]);

  const columns: TableColumnsType<CycleView> = [
    {
      title: t('assessmentCycles.title'),
      key: 'title',
      render: (_, c) => <Link to={`/assessment-cycles/${c.id}`}>{c.title}</Link>,
    },
    { title: t('assessmentCycles.unit'), dataIndex: 'orgUnitName' },
    {
      title: t('assessmentCycles.period'),
      key: 'period',
      render: (_, c) => `${c.year} ${periodText(t, c.period)}`,
    },
    {
      title: t('assessmentCycles.status'),
      key: 'status',
      render: (_, c) => (
        <Tag color={STATUS_COLORS[c.status]} data-testid="cycle-status">
          {t(`assessmentCycles.statuses.${c.status}`)}
        </Tag>
      ),
    },
    { title: t('assessmentCycles.workers'), dataIndex: 'workers', width: 90 },
    { title: t('assessmentCycles.selfSubmitted'), dataIndex: 'selfSubmitted', width: 90 },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('assessment:manage') && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setOpening(true)}
          data-testid="cycle-open"
        >
          {t('assessmentCycles.open')}
        </Button>
      )}
      <Table
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={!data}
        locale={{ emptyText: t('assessmentCycles.empty') }}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage }}
      />
      {opening && <OpenCycleModal onClose={() => setOpening(false)} />}
    </Space>
  );
}

export function AssessmentCyclesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  void message;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4}>{t('assessmentCycles.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('assessmentCycles.intro')}</Typography.Paragraph>
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'cycles', label: t('assessmentCycles.tabCycles'), children: <CyclesTab /> },
            { key: 'schemes', label: t('assessmentCycles.tabSchemes'), children: <SchemesTab /> },
            { key: 'effects', label: t('assessmentCycles.tabEffects'), children: <EffectsTable /> },
          ]}
        />
      </Card>
    </Space>
  );
}
