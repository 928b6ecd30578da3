// The audit trail: filter by actor, entity type, action and time; each row expands to the
// recorded changes, shown as plain text (never interpreted as HTML).
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditEntry } from '@cwp/contracts';
import {
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { auditApi, type AuditQuery } from './api';
import { ACTION_LABELS, ENTITY_LABELS } from './labels';

interface FilterValues {
  actor?: string;
  entityType?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export function AuditPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<FilterValues>();
  const [query, setQuery] = useState<AuditQuery>({ page: 1, pageSize: 20 });
  const [data, setData] = useState<{ items: AuditEntry[]; total: number; totalCapped: boolean }>({
    items: [],
    total: 0,
    totalCapped: false,
  });
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    auditApi
      .list(query)
      .then((res) => {
        if (!cancelled) setData(res);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [query, onError]);

  const applyFilters = (values: FilterValues) => {
    const [from, to] = values.range ?? [];
    setQuery((q) => ({
      pageSize: q.pageSize,
      page: 1,
      actor: values.actor?.trim() || undefined,
      entityType: values.entityType || undefined,
      action: values.action?.trim() || undefined,
      // format() gives ISO 8601 with the local offset (+08:00), which the API requires.
      from: from ? from.format() : undefined,
      to: to ? to.format() : undefined,
    }));
  };

  const actionLabel = (action: string) => {
    const key = ACTION_LABELS[action];
    return key ? t(key) : action;
  };
  const entityLabel = (type: string) => {
    const key = ENTITY_LABELS[type];
    return key ? t(key) : type;
  };

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 180,
      render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss'),
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 140,
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 220,
      render: (action: string) => (
        <Space size={6}>
          <span>{actionLabel(action)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {action}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('audit.entityType'),
      dataIndex: 'entityType',
      width: 130,
      render: (type: string) => entityLabel(type),
    },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      width: 110,
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      width: 140,
      render: (v: string | null) => v ?? t('common.none'),
    },
  ];

  return (
    <Card>
      <div className="cwp-page-header">
        <Typography.Title level={4}>{t('audit.title')}</Typography.Title>
      </div>
      <Form<FilterValues>
        form={form}
        layout="inline"
        className="cwp-toolbar"
        onFinish={applyFilters}
      >
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input
            allowClear
            placeholder={t('audit.actorPlaceholder')}
            style={{ width: 160 }}
            maxLength={64}
          />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Select
            allowClear
            style={{ width: 150 }}
            options={Object.keys(ENTITY_LABELS).map((type) => ({
              value: type,
              label: entityLabel(type),
            }))}
          />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <AutoComplete
            allowClear
            style={{ width: 220 }}
            placeholder={t('audit.actionPlaceholder')}
            options={Object.keys(ACTION_LABELS).map((action) => ({
              value: action,
              label: `${actionLabel(action)}（${action}）`,
            }))}
            filterOption={(input, option) =>
              !!option &&
              `${option.value} ${String(option.label)}`.toLowerCase().includes(input.toLowerCase())
            }
          />
        </Form.Item>
        <Form.Item name="range" label={t('audit.timeRange')}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.query')}
            </Button>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                form.resetFields();
                applyFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        scroll={{ x: 960 }}
        expandable={{
          rowExpandable: (row) => row.changes !== null && row.changes !== undefined,
          expandedRowRender: (row) => (
            <div>
              <Typography.Text type="secondary">{t('audit.changes')}</Typography.Text>
              {/* Text content only: React escapes it, so recorded values can never become markup. */}
              <pre className="cwp-json" data-testid="audit-changes">
                {JSON.stringify(row.changes, null, 2)}
              </pre>
              {row.requestId && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('audit.requestId')}: {row.requestId}
                </Typography.Text>
              )}
            </div>
          ),
        }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: data.total,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          // Past LIST_COUNT_CAP the server stops counting: say so and ask for a narrower filter.
          showTotal: (total) =>
            data.totalCapped ? t('common.totalCapped', { total }) : t('common.total', { total }),
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
      />
    </Card>
  );
}
