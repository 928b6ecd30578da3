// Assessment results (考核结果): the annual ratings of the workers in the caller's subtree, filtered
// by unit, year, rating and name; entered one by one or imported from the template. The grade
// review reads the rating of the year before the review; payroll reads it for performance pay.
import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { AssessmentView } from '@cwp/contracts';
import { ASSESSMENT_RATINGS } from '@cwp/core';
import { App, Button, Card, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { assessmentsApi } from './api';
import { AssessmentModal } from './components/AssessmentModal';
import { ImportModal } from './components/ImportModal';

export const RATING_COLORS: Record<AssessmentView['rating'], string> = {
  excellent: 'green',
  competent: 'blue',
  basically_competent: 'orange',
  incompetent: 'red',
};

export function AssessmentsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const canManage = can('assessment:manage');
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>();
  const [year, setYear] = useState<number | undefined>();
  const [rating, setRating] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<{
    items: AssessmentView[];
    total: number;
    totalCapped: boolean;
  } | null>(null);
  const [loading, setLoading] = useState(false);
  const [dialog, setDialog] = useState<'add' | 'import' | AssessmentView | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    assessmentsApi
      .list({ orgUnitId, year, rating, q: q.trim() || undefined, page, pageSize })
      .then((d) => {
        if (!cancelled) setData(d);
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
  }, [orgUnitId, year, rating, q, page, pageSize, reload, onError]);

  const columns: TableColumnsType<AssessmentView> = [
    {
      title: t('assessments.worker'),
      key: 'worker',
      render: (_, a) => <Link to={`/workers/${a.workerId}?tab=assessments`}>{a.workerName}</Link>,
    },
    { title: t('assessments.orgUnit'), dataIndex: 'orgUnitName' },
    { title: t('assessments.year'), dataIndex: 'year', width: 100 },
    {
      title: t('assessments.rating'),
      key: 'rating',
      width: 120,
      render: (_, a) => (
        <Tag color={RATING_COLORS[a.rating]} data-testid="assessment-rating-tag">
          {t(`assessments.ratings.${a.rating}`)}
        </Tag>
      ),
    },
    {
      title: t('assessments.source'),
      key: 'source',
      width: 110,
      render: (_, a) => t(`assessments.sources.${a.source}`),
    },
    { title: t('assessments.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
    {
      title: t('assessments.recordedAt'),
      key: 'recordedAt',
      width: 170,
      render: (_, a) =>
        `${dayjs(a.recordedAt).format('YYYY-MM-DD HH:mm')} ${a.recordedBy ?? ''}`.trim(),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, a: AssessmentView) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setDialog(a)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <div className="cwp-page-header">
        <Typography.Title level={4}>{t('assessments.title')}</Typography.Title>
        {canManage && (
          <Space>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog('add')}
              data-testid="assessment-add"
            >
              {t('assessments.add')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setDialog('import')}>
              {t('assessments.import')}
            </Button>
          </Space>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('assessments.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <OrgUnitTreeSelect
          value={orgUnitId ?? null}
          onChange={(v) => {
            setOrgUnitId(v);
            setPage(1);
          }}
          allowClear
          placeholder={t('assessments.orgUnit')}
          style={{ width: 260 }}
        />
        <InputNumber
          placeholder={t('assessments.year')}
          min={2000}
          max={2100}
          precision={0}
          value={year ?? null}
          onChange={(v) => {
            setYear(v ?? undefined);
            setPage(1);
          }}
        />
        <Select
          allowClear
          placeholder={t('assessments.allRatings')}
          style={{ width: 140 }}
          value={rating}
          onChange={(v?: string) => {
            setRating(v);
            setPage(1);
          }}
          options={ASSESSMENT_RATINGS.map((r) => ({
            value: r,
            label: t(`assessments.ratings.${r}`),
          }))}
        />
        <Input.Search
          allowClear
          placeholder={t('assessments.searchName')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          style={{ width: 200 }}
        />
      </Space>
      <Table
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('assessments.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          // Past LIST_COUNT_CAP the server stops counting: say so and ask for a narrower filter.
          showTotal: (total) =>
            data?.totalCapped ? t('common.totalCapped', { total }) : t('common.total', { total }),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
      />
      {(dialog === 'add' || (dialog !== null && typeof dialog === 'object')) && (
        <AssessmentModal
          editing={typeof dialog === 'object' ? dialog : null}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            setReload((n) => n + 1);
            void message.success(t('assessments.saved'));
          }}
        />
      )}
      {dialog === 'import' && (
        <ImportModal onClose={() => setDialog(null)} onDone={() => setReload((n) => n + 1)} />
      )}
    </Card>
  );
}
