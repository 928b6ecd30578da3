// Post grades (岗位等级): the annual grade reviews of the caller's subtree, newest first, and
// starting one for a unit and year (the compute runs in the background; the review page shows its
// progress).
import { PlusOutlined } from '@ant-design/icons';
import type { GradeReviewView } from '@cwp/contracts';
import { App, Button, Card, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { gradesApi } from './api';
import { ReviewStatusTag } from './components/ReviewStatusTag';

export function GradesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: GradeReviewView[]; total: number } | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    let cancelled = false;
    gradesApi
      .reviews({ page, pageSize: 20 })
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

  const columns: TableColumnsType<GradeReviewView> = [
    {
      title: t('grades.orgUnit'),
      key: 'unit',
      render: (_, r) => (
        <Link to={`/grades/reviews/${r.id}`} data-testid="grade-review-link">
          {r.orgUnitName}
        </Link>
      ),
    },
    { title: t('grades.year'), dataIndex: 'year', width: 90 },
    {
      title: t('grades.status'),
      key: 'status',
      width: 110,
      render: (_, r) => <ReviewStatusTag status={r.status} />,
    },
    { title: t('grades.total'), dataIndex: 'total', width: 90, align: 'right' },
    { title: t('grades.promoted'), dataIndex: 'promoted', width: 90, align: 'right' },
    { title: t('grades.blocked'), dataIndex: 'blocked', width: 90, align: 'right' },
    { title: t('grades.excluded'), dataIndex: 'excluded', width: 90, align: 'right' },
    { title: t('grades.adjusted'), dataIndex: 'adjusted', width: 90, align: 'right' },
    {
      title: t('grades.createdAt'),
      key: 'createdAt',
      width: 200,
      render: (_, r) =>
        `${dayjs(r.createdAt).format('YYYY-MM-DD HH:mm')} ${r.createdBy?.displayName ?? ''}`.trim(),
    },
  ];

  return (
    <Card>
      <div className="cwp-page-header">
        <Typography.Title level={4}>{t('grades.reviews')}</Typography.Title>
        {can('grade:manage') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setStarting(true)}
            data-testid="grade-review-start"
          >
            {t('grades.start')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('grades.intro')}</Typography.Paragraph>
      <Table
        rowKey="id"
        loading={data === null}
        columns={columns}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('grades.empty') }}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: setPage,
        }}
      />
      {starting && <StartModal onClose={() => setStarting(false)} />}
    </Card>
  );
}

interface StartValues {
  orgUnitId: number;
  year: number;
  note?: string;
}

function StartModal({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useRequestError();
  const [form] = Form.useForm<StartValues>();
  const [saving, setSaving] = useState(false);

  const start = async (v: StartValues) => {
    setSaving(true);
    try {
      const r = await gradesApi.start({
        orgUnitId: v.orgUnitId,
        year: v.year,
        note: v.note?.trim() ? v.note.trim() : null,
      });
      void message.success(t('grades.started'));
      void navigate(`/grades/reviews/${r.id}`);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('grades.startTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ id: 'grade-review-start-ok' }}
    >
      <Form<StartValues>
        form={form}
        layout="vertical"
        initialValues={{ orgUnitId: user?.orgUnit.id, year: new Date().getFullYear() }}
        onFinish={(v) => void start(v)}
      >
        <Form.Item name="orgUnitId" label={t('grades.orgUnit')} rules={[{ required: true }]}>
          <OrgUnitTreeSelect />
        </Form.Item>
        <Form.Item
          name="year"
          label={t('grades.year')}
          extra={t('grades.yearHint')}
          rules={[{ required: true }]}
        >
          <InputNumber min={2000} max={2100} precision={0} data-testid="grade-review-year" />
        </Form.Item>
        <Form.Item name="note" label={t('grades.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
