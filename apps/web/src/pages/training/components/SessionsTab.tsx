// Sessions: list with enrolment counts, create a session of a course (open it to enrol workers,
// show the QR code, correct sign-ins and complete it).
import type { CourseView, SessionView } from '@cwp/contracts';
import {
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { trainingApi } from '../api';
import { usePagedList } from './useList';

export function SessionsTab() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const onError = useRequestError();
  const navigate = useNavigate();
  const list = usePagedList<SessionView>(trainingApi.sessions);
  const [open, setOpen] = useState(false);
  const [courses, setCourses] = useState<CourseView[]>([]);
  const [form] = Form.useForm();

  useEffect(() => {
    if (!open) return;
    trainingApi
      .courses({ page: 1, pageSize: 100 })
      .then((r) => setCourses(r.items))
      .catch(onError);
  }, [open, onError]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('training:manage') && (
        <Button type="primary" onClick={() => setOpen(true)} data-testid="new-session">
          {t('training.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data.items}
        pagination={list.pagination}
        columns={[
          {
            title: t('training.name'),
            render: (_: unknown, r: SessionView) => (
              <Link to={`/training/sessions/${r.id}`}>{r.title}</Link>
            ),
          },
          { title: t('training.course'), dataIndex: 'courseTitle' },
          {
            title: t('training.startsAt'),
            render: (_: unknown, r: SessionView) => new Date(r.startsAt).toLocaleString(),
          },
          { title: t('training.hours'), dataIndex: 'hours' },
          {
            title: t('training.enrol'),
            render: (_: unknown, r: SessionView) => t('training.enrolledCount', r),
          },
          {
            title: t('training.status'),
            render: (_: unknown, r: SessionView) => (
              <Tag>{t(`training.sessionStatuses.${r.status}`)}</Tag>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('training.tabs.sessions')}
        okText={t('training.save')}
        cancelText={t('training.cancel')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        onOk={() => {
          void form
            .validateFields()
            .then((v: Record<string, unknown> & { startsAt: Dayjs; endsAt: Dayjs }) =>
              trainingApi
                .createSession({
                  ...v,
                  startsAt: v.startsAt.toISOString(),
                  endsAt: v.endsAt.toISOString(),
                })
                .then((s) => {
                  setOpen(false);
                  void navigate(`/training/sessions/${s.id}`);
                })
                .catch((e: unknown) => onError(e, form)),
            );
        }}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            orgUnitId: user?.orgUnit.id,
            capacity: 50,
            signInOpensMinutes: 30,
            startsAt: dayjs().startOf('hour'),
            endsAt: dayjs().startOf('hour').add(3, 'hour'),
          }}
        >
          <Form.Item name="orgUnitId" label={t('training.orgUnit')} rules={[{ required: true }]}>
            <OrgUnitTreeSelect />
          </Form.Item>
          <Form.Item name="courseId" label={t('training.course')} rules={[{ required: true }]}>
            <Select
              data-testid="session-course"
              options={courses.map((c) => ({ value: c.id, label: `${c.title}（${c.hours}）` }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('training.name')} rules={[{ required: true }]}>
            <Input maxLength={200} data-testid="session-title" />
          </Form.Item>
          <Form.Item name="startsAt" label={t('training.startsAt')} rules={[{ required: true }]}>
            <DatePicker showTime data-testid="session-start" />
          </Form.Item>
          <Form.Item name="endsAt" label={t('training.endsAt')} rules={[{ required: true }]}>
            <DatePicker showTime data-testid="session-end" />
          </Form.Item>
          <Form.Item name="location" label={t('training.location')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="capacity" label={t('training.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item
            name="signInOpensMinutes"
            label={t('training.signInOpensMinutes')}
            extra={t('training.signInOpensHelp')}
          >
            <InputNumber min={0} max={240} precision={0} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
