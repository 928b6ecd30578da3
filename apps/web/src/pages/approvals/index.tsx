// The approval inbox: what I may decide, what I submitted, or both, filtered by status; each row
// opens the request.
import {
  APPROVAL_BOXES,
  APPROVAL_STATUSES,
  APPROVAL_STATUS_LABELS,
  type ApprovalStatus,
  type ApprovalView,
} from '@cwp/contracts';
import { Card, Select, Table, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useLocalized } from '../../components/useLocalized';
import { approvalsApi } from './api';
import { ApprovalStatusTag, useSubjectTypeLabel } from './labels';

type Box = (typeof APPROVAL_BOXES)[number];

function isBox(v: string | null): v is Box {
  return APPROVAL_BOXES.some((b) => b === v);
}
function isStatus(v: string | null): v is ApprovalStatus {
  return APPROVAL_STATUSES.some((s) => s === v);
}

export function ApprovalsPage() {
  const { t } = useTranslation();
  const localized = useLocalized();
  const onError = useRequestError();
  const subjectLabel = useSubjectTypeLabel();
  const [params, setParams] = useSearchParams();
  const boxParam = params.get('box');
  const statusParam = params.get('status');
  const box: Box = isBox(boxParam) ? boxParam : 'decide';
  // The "to decide" tab shows pending requests unless another status is chosen.
  const status: ApprovalStatus | undefined = isStatus(statusParam)
    ? statusParam
    : statusParam === null && box === 'decide'
      ? 'pending'
      : undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('pageSize') ?? '20') || 20;
  const [data, setData] = useState<{ items: ApprovalView[]; total: number }>({
    items: [],
    total: 0,
  });
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    approvalsApi
      .list({ box, status, page, pageSize })
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
  }, [box, status, page, pageSize, onError]);

  const update = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) p.delete(k);
      else p.set(k, v);
    }
    setParams(p, { replace: true });
  };

  const columns: TableColumnsType<ApprovalView> = [
    {
      title: t('careerRules.approvals.titleCol'),
      dataIndex: 'title',
      render: (v: string, a) => (
        <Link to={`/approvals/${a.id}`} data-testid="approval-link">
          {v}
        </Link>
      ),
    },
    {
      title: t('careerRules.approvals.subjectType'),
      dataIndex: 'subjectType',
      width: 110,
      render: subjectLabel,
    },
    { title: t('careerRules.approvals.decidingUnit'), dataIndex: 'orgUnitName', width: 160 },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: ApprovalStatus) => <ApprovalStatusTag status={s} />,
    },
    {
      title: t('careerRules.approvals.submittedBy'),
      key: 'submittedBy',
      width: 180,
      render: (_, a) => (
        <>
          {a.submittedBy.displayName}
          <br />
          <Typography.Text type="secondary">
            {dayjs(a.submittedAt).format('YYYY-MM-DD HH:mm')}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('careerRules.approvals.decidedBy'),
      key: 'decidedBy',
      width: 180,
      render: (_, a) =>
        a.decidedBy ? (
          <>
            {a.decidedBy.displayName}
            <br />
            <Typography.Text type="secondary">
              {a.decidedAt ? dayjs(a.decidedAt).format('YYYY-MM-DD HH:mm') : ''}
            </Typography.Text>
          </>
        ) : (
          t('common.none')
        ),
    },
  ];

  return (
    <Card>
      <div className="cwp-page-header">
        <Typography.Title level={4}>{t('careerRules.approvals.title')}</Typography.Title>
      </div>
      <Tabs
        activeKey={box}
        onChange={(key) => update({ box: key, status: undefined, page: undefined })}
        items={APPROVAL_BOXES.map((b) => ({ key: b, label: t(`careerRules.approvals.box.${b}`) }))}
      />
      <div className="cwp-toolbar">
        <Select<ApprovalStatus | 'any'>
          style={{ width: 180 }}
          value={status ?? 'any'}
          onChange={(v) => update({ status: v, page: undefined })}
          options={[
            { value: 'any', label: t('careerRules.approvals.anyStatus') },
            ...APPROVAL_STATUSES.map((s) => ({
              value: s,
              label: localized(APPROVAL_STATUS_LABELS[s].zh, APPROVAL_STATUS_LABELS[s].en),
            })),
          ]}
          data-testid="approval-status-filter"
        />
      </div>
      <Table<ApprovalView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        scroll={{ x: 960 }}
        data-testid="approvals-table"
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, ps) => update({ page: String(p), pageSize: String(ps) }),
        }}
      />
    </Card>
  );
}
