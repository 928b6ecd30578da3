// Exits (/exits): the list with a form to start one, workers reaching retirement age in the next
// N months, and exits and turnover per unit for the leaders.
import {
  EXIT_DESTINATION_KINDS,
  EXIT_TYPES,
  type CreateExitBody,
  type ExitStatsView,
  type ExitView,
} from '@cwp/contracts';
import {
  Alert,
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
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { exitsApi } from './api';

const P = 'management.exits';

export function ExitStatusTag({ status }: { status: ExitView['status'] }) {
  const { t } = useTranslation();
  const color = {
    draft: 'blue',
    pending: 'gold',
    approved: 'default',
    returned: 'orange',
    cancelled: 'default',
  }[status];
  return (
    <Tag color={color} data-testid="exit-status">
      {t(`${P}.statuses.${status}`)}
    </Tag>
  );
}

interface CreateValues {
  workerId: number;
  type: CreateExitBody['type'];
  reason: string;
  exitDate: Dayjs;
  destination?: string;
  destinationKind?: CreateExitBody['destinationKind'];
}

function CreateExitModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const type = Form.useWatch('type', form);
  const submit = (v: CreateValues) =>
    exitsApi
      .create({
        workerId: v.workerId,
        type: v.type,
        reason: v.reason,
        exitDate: v.exitDate.format('YYYY-MM-DD'),
        destination: v.destination?.trim() || null,
        destinationKind: v.destinationKind ?? null,
      })
      .then((e) => void navigate(`/exits/${e.id}`), onError);
  return (
    <Modal
      open={open}
      title={t(`${P}.create`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="workerId" label={t(`${P}.workerId`)} rules={[{ required: true }]}>
          <InputNumber min={1} style={{ width: '100%' }} data-testid="exit-worker-id" />
        </Form.Item>
        <Form.Item name="type" label={t(`${P}.type`)} rules={[{ required: true }]}>
          <Select
            data-testid="exit-type"
            options={EXIT_TYPES.map((v) => ({ value: v, label: t(`${P}.types.${v}`) }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t(`${P}.reason`)} rules={[{ required: true }]}>
          <Input maxLength={1000} data-testid="exit-reason" />
        </Form.Item>
        <Form.Item name="exitDate" label={t(`${P}.exitDate`)} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} data-testid="exit-date" />
        </Form.Item>
        {type === 'transfer_out' && (
          <>
            <Form.Item
              name="destination"
              label={t(`${P}.destination`)}
              rules={[{ required: true }]}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="destinationKind" label={t(`${P}.destinationKind`)}>
              <Select
                options={EXIT_DESTINATION_KINDS.map((v) => ({
                  value: v,
                  label: t(`${P}.destinationKinds.${v}`),
                }))}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

function ListTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const [items, setItems] = useState<ExitView[]>([]);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    exitsApi.list().then((p) => setItems(p.items), onError);
  }, [onError]);
  useEffect(load, [load]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('exit:manage') && (
        <Button type="primary" onClick={() => setOpen(true)} data-testid="exit-create">
          {t(`${P}.create`)}
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        dataSource={items}
        columns={[
          {
            title: t(`${P}.worker`),
            dataIndex: 'workerName',
            render: (v: string, e: ExitView) => <Link to={`/exits/${e.id}`}>{v}</Link>,
          },
          { title: t(`${P}.unit`), dataIndex: 'orgUnitName' },
          {
            title: t(`${P}.type`),
            dataIndex: 'type',
            render: (v: ExitView['type']) => t(`${P}.types.${v}`),
          },
          { title: t(`${P}.exitDate`), dataIndex: 'exitDate' },
          {
            title: t(`${P}.status`),
            dataIndex: 'status',
            render: (v: ExitView['status']) => <ExitStatusTag status={v} />,
          },
        ]}
      />
      <CreateExitModal open={open} onClose={() => setOpen(false)} />
    </Space>
  );
}

function RetirementTab() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [months, setMonths] = useState(12);
  const [rows, setRows] = useState<
    {
      workerId: number;
      name: string;
      orgUnitName: string;
      birthDate: string;
      retirementAge: string;
      retirementDate: string;
      hasOpenExit: boolean;
    }[]
  >([]);
  useEffect(() => {
    exitsApi.retirementDue(months).then((v) => setRows(v.rows), onError);
  }, [months, onError]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" message={t(`${P}.limitation`)} />
      <InputNumber
        addonBefore={t(`${P}.months`)}
        min={1}
        max={60}
        value={months}
        onChange={(v) => v && setMonths(v)}
      />
      <Table
        size="small"
        rowKey="workerId"
        dataSource={rows}
        columns={[
          {
            title: t(`${P}.worker`),
            dataIndex: 'name',
            render: (v: string, r: { workerId: number }) => (
              <Link to={`/workers/${r.workerId}`}>{v}</Link>
            ),
          },
          { title: t(`${P}.unit`), dataIndex: 'orgUnitName' },
          { title: t(`${P}.birthDate`), dataIndex: 'birthDate' },
          { title: t(`${P}.retirementAge`), dataIndex: 'retirementAge' },
          { title: t(`${P}.retirementDate`), dataIndex: 'retirementDate' },
          {
            title: '',
            dataIndex: 'hasOpenExit',
            render: (v: boolean) => (v ? <Tag>{t(`${P}.hasOpenExit`)}</Tag> : null),
          },
        ]}
      />
    </Space>
  );
}

function StatsTab() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [year, setYear] = useState(dayjs().year());
  const [data, setData] = useState<ExitStatsView | null>(null);
  useEffect(() => {
    exitsApi.stats(year).then(setData, onError);
  }, [year, onError]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <InputNumber
        addonBefore={t(`${P}.year`)}
        min={2000}
        max={2100}
        value={year}
        onChange={(v) => v && setYear(v)}
      />
      <Table
        size="small"
        rowKey="orgUnitId"
        pagination={false}
        dataSource={data?.units ?? []}
        columns={[
          { title: t(`${P}.unit`), dataIndex: 'orgUnitName' },
          { title: t(`${P}.exits`), dataIndex: 'exits' },
          { title: t(`${P}.headcount`), dataIndex: 'headcount' },
          { title: t(`${P}.turnover`), dataIndex: 'turnoverRate', render: (v: number) => `${v}%` },
          ...Array.from({ length: 12 }, (_, i) => ({
            title: `${i + 1}`,
            key: `m${i}`,
            render: (_: unknown, u: { byMonth: number[] }) => u.byMonth[i] || '',
          })),
        ]}
      />
      <Space wrap>
        <Typography.Text strong>{t(`${P}.byType`)}:</Typography.Text>
        {data?.byType.map((x) => (
          <Tag key={x.type}>
            {t(`${P}.types.${x.type}`)} {x.count}
          </Tag>
        ))}
      </Space>
      <Space wrap>
        <Typography.Text strong>{t(`${P}.reasons`)}:</Typography.Text>
        {data?.reasons.map((x) => (
          <Tag key={x.reason}>
            {x.reason} {x.count}
          </Tag>
        ))}
      </Space>
    </Space>
  );
}

export function ExitsPage() {
  const { t } = useTranslation();
  return (
    <Card title={t(`${P}.title`)}>
      <Typography.Paragraph type="secondary">{t(`${P}.intro`)}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'list', label: t(`${P}.list`), children: <ListTab /> },
          { key: 'retirement', label: t(`${P}.retirement`), children: <RetirementTab /> },
          { key: 'stats', label: t(`${P}.stats`), children: <StatsTab /> },
        ]}
      />
    </Card>
  );
}
