// 线上课程 (/learning): the online courses of the caller's scope; training:manage creates a course
// (draft) and opens its editor.
import { PlusOutlined } from '@ant-design/icons';
import type { CreateOnlineCourseBody, OnlineCourseView } from '@cwp/contracts';
import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { learningApi } from './api';
import { useLearningLabels } from './components/labels';

export function LearningPage() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const onError = useRequestError();
  const labels = useLearningLabels();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: OnlineCourseView[]; total: number } | null>(null);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<CreateOnlineCourseBody>();

  const load = useCallback(() => {
    learningApi.courses(page).then(setData).catch(onError);
  }, [page, onError]);
  useEffect(load, [load]);

  const create = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const c = await learningApi.create(values);
      setCreating(false);
      void navigate(`/learning/${c.id}`);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card data-testid="learning-page">
      <div className="cwp-page-header">
        <Typography.Title level={4}>{t('learning.title')}</Typography.Title>
        {can('training:manage') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.setFieldsValue({
                orgUnitId: user?.orgUnit.id,
                hours: 1,
                passMark: 60,
                maxAttempts: 3,
              });
              setCreating(true);
            }}
          >
            {t('learning.create')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('learning.intro')}</Typography.Paragraph>
      <Table<OnlineCourseView>
        rowKey="id"
        loading={!data}
        dataSource={data?.items ?? []}
        pagination={{ current: page, total: data?.total ?? 0, onChange: setPage }}
        columns={[
          {
            title: t('learning.course'),
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/learning/${r.id}`}>{v}</Link>,
          },
          { title: t('learning.unit'), dataIndex: 'orgUnitName' },
          { title: t('learning.ability'), dataIndex: 'ability', render: labels.ability },
          { title: t('learning.hours'), dataIndex: 'hours' },
          { title: t('learning.items'), dataIndex: 'itemCount' },
          { title: t('learning.questions'), dataIndex: 'questionCount' },
          {
            title: t('learning.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'published' ? 'green' : s === 'draft' ? 'default' : 'orange'}>
                {labels.courseStatus(s)}
              </Tag>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('learning.create')}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        confirmLoading={saving}
        okText={t('learning.save')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="course">
          <Form.Item name="orgUnitId" label={t('learning.unit')} rules={[{ required: true }]}>
            <OrgUnitTreeSelect />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('learning.course')}
            rules={[{ required: true, message: t('learning.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="description" label={t('learning.description')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="ability"
            label={t('learning.ability')}
            rules={[{ required: true, message: t('learning.required') }]}
          >
            <Select options={labels.abilityOptions} />
          </Form.Item>
          <Form.Item name="hours" label={t('learning.hours')} rules={[{ required: true }]}>
            <InputNumber min={0.1} max={200} step={0.5} />
          </Form.Item>
          <Form.Item name="passMark" label={t('learning.passMark')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item
            name="maxAttempts"
            label={t('learning.maxAttempts')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={20} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
