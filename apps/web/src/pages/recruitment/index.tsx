// Recruitment plans in the caller's scope: status filter, search, and a new plan.
import {
  RECRUITMENT_PLAN_STATUSES,
  type PlanView,
  type RecruitmentPlanStatus,
} from '@cwp/contracts';
import { Button, Card, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { recruitmentApi } from './api';
import { PlanForm } from './components/PlanForm';

const STATUS_COLOR: Record<RecruitmentPlanStatus, string> = {
  draft: 'default',
  pending: 'processing',
  returned: 'warning',
  approved: 'cyan',
  published: 'success',
  closed: 'default',
  withdrawn: 'default',
};

export function PlanStatusTag({ status }: { status: RecruitmentPlanStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`recruitment.statuses.${status}`)}</Tag>;
}

export function RecruitmentPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const navigate = useNavigate();
  const { can } = useAuth();
  const [status, setStatus] = useState<RecruitmentPlanStatus | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: PlanView[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    recruitmentApi
      .list({ page, pageSize: 20, status, ...(q ? { q } : {}) })
      .then(setData)
      .catch(onError)
      .finally(() => setLoading(false));
  }, [page, status, q, onError]);

  useEffect(load, [load]);

  const columns: TableColumnsType<PlanView> = [
    {
      title: t('recruitment.planTitle'),
      dataIndex: 'title',
      render: (v: string, r) => <Link to={`/recruitment/${r.id}`}>{v}</Link>,
    },
    { title: t('recruitment.orgUnit'), dataIndex: 'orgUnitName' },
    {
      title: t('recruitment.status'),
      dataIndex: 'status',
      render: (s: RecruitmentPlanStatus) => <PlanStatusTag status={s} />,
    },
    {
      title: t('recruitment.applicationWindow'),
      render: (_, r) => `${r.applicationStart} ~ ${r.applicationEnd}`,
    },
    {
      title: t('recruitment.headcount'),
      render: (_, r) => r.posts.reduce((n, p) => n + p.headcount, 0),
    },
    { title: t('recruitment.applications'), dataIndex: 'applications' },
  ];

  return (
    <Card
      title={t('recruitment.title')}
      extra={
        can('recruit:manage') && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="plan-create">
            {t('recruitment.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('recruitment.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={RECRUITMENT_PLAN_STATUSES.map((s) => ({
            value: s,
            label: t(`recruitment.statuses.${s}`),
          }))}
        />
        <Input.Search
          allowClear
          placeholder={t('recruitment.planTitle')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 240 }}
        />
      </Space>
      <Table
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        pagination={{
          current: page,
          pageSize: 20,
          total: data.total,
          onChange: setPage,
          showTotal: (total) => t('common.total', { total }),
        }}
      />
      <PlanForm
        open={creating}
        plan={null}
        onClose={() => setCreating(false)}
        onSaved={(p) => {
          setCreating(false);
          void navigate(`/recruitment/${p.id}`);
        }}
      />
    </Card>
  );
}
