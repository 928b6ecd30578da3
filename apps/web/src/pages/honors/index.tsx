// /honors: nomination rounds for "two deputies and one member" (criteria set per round) and
// commendations / role models (optionally on the community public page).
import type { CommendationView, NominationRoundView } from '@cwp/contracts';
import { ASSESSMENT_RATINGS } from '@cwp/core';
import { COMMENDATION_KINDS, NOMINATION_KINDS } from '@cwp/contracts';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { WorkerPicker } from '../econ-audits/components/WorkerPicker';
import { honorsApi } from './api';

function Rounds() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const onError = useRequestError();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: NominationRoundView[]; total: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  useEffect(() => {
    honorsApi.rounds(page).then(setData).catch(onError);
  }, [page, onError]);
  const req = [{ required: true, message: t('oversight.required') }];
  const create = async () => {
    const v = (await form.validateFields()) as {
      orgUnitId: number;
      kind: (typeof NOMINATION_KINDS)[number];
      title: string;
      referenceDate: Dayjs;
      minServiceYears: number;
      assessmentYears: number;
      minRating: (typeof ASSESSMENT_RATINGS)[number];
      maxAge?: number | null;
    };
    try {
      const r = await honorsApi.createRound({
        orgUnitId: v.orgUnitId,
        kind: v.kind,
        title: v.title,
        referenceDate: v.referenceDate.format('YYYY-MM-DD'),
        criteria: {
          minServiceYears: v.minServiceYears,
          assessmentYears: v.assessmentYears,
          minRating: v.minRating,
          politicalStatuses: [],
          maxAge: v.maxAge ?? null,
        },
      });
      void navigate(`/honors/rounds/${r.id}`);
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <>
      <Button
        type="primary"
        style={{ marginBottom: 16 }}
        onClick={() => {
          form.resetFields();
          form.setFieldsValue({
            orgUnitId: user?.orgUnit.id,
            referenceDate: dayjs(),
            minServiceYears: 5,
            assessmentYears: 2,
            minRating: 'competent',
          });
          setOpen(true);
        }}
      >
        {t('oversight.honors.createRound')}
      </Button>
      <Table
        rowKey="id"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          {
            title: t('oversight.honors.roundTitle'),
            render: (_, r) => <Link to={`/honors/rounds/${r.id}`}>{r.title}</Link>,
          },
          {
            title: t('oversight.honors.kind'),
            render: (_, r) => t(`oversight.honors.kinds.${r.kind}`),
          },
          { title: t('oversight.orgUnit'), dataIndex: 'orgUnitName' },
          {
            title: t('oversight.honors.criteria'),
            render: (_, r) =>
              t('oversight.honors.criteriaText', {
                years: r.criteria.minServiceYears,
                n: r.criteria.assessmentYears,
                rating: t(`oversight.honors.ratings.${r.criteria.minRating}`),
              }),
          },
          { title: t('oversight.honors.nominations'), dataIndex: 'nominations' },
        ]}
      />
      <Modal
        open={open}
        title={t('oversight.honors.createRound')}
        onCancel={() => setOpen(false)}
        onOk={() => void create()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="orgUnitId" label={t('oversight.orgUnit')} rules={req}>
            <OrgUnitTreeSelect />
          </Form.Item>
          <Form.Item name="kind" label={t('oversight.honors.kind')} rules={req}>
            <Select
              options={NOMINATION_KINDS.map((k) => ({
                value: k,
                label: t(`oversight.honors.kinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('oversight.honors.roundTitle')} rules={req}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="referenceDate" label={t('oversight.honors.referenceDate')} rules={req}>
            <DatePicker />
          </Form.Item>
          <Space wrap>
            <Form.Item
              name="minServiceYears"
              label={t('oversight.honors.minServiceYears')}
              rules={req}
            >
              <InputNumber min={0} max={50} precision={0} />
            </Form.Item>
            <Form.Item
              name="assessmentYears"
              label={t('oversight.honors.assessmentYears')}
              rules={req}
            >
              <InputNumber min={0} max={10} precision={0} />
            </Form.Item>
            <Form.Item name="minRating" label={t('oversight.honors.minRating')} rules={req}>
              <Select
                style={{ width: 140 }}
                options={ASSESSMENT_RATINGS.map((r) => ({
                  value: r,
                  label: t(`oversight.honors.ratings.${r}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="maxAge" label={t('oversight.honors.maxAge')}>
              <InputNumber min={18} max={80} precision={0} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

function Commendations() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [data, setData] = useState<{ items: CommendationView[]; total: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  useEffect(() => {
    honorsApi.commendations(page).then(setData).catch(onError);
  }, [page, reload, onError]);
  const req = [{ required: true, message: t('oversight.required') }];
  const create = async () => {
    const v = (await form.validateFields()) as {
      workerId: number;
      kind: (typeof COMMENDATION_KINDS)[number];
      title: string;
      awardingBody: string;
      awardedOn: Dayjs;
      citation: string;
      isPublic?: boolean;
    };
    try {
      await honorsApi.createCommendation({
        ...v,
        awardedOn: v.awardedOn.format('YYYY-MM-DD'),
        isPublic: v.isPublic ?? false,
      });
      void message.success(t('common.saved'));
      setOpen(false);
      setReload((n) => n + 1);
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <>
      <Button
        type="primary"
        style={{ marginBottom: 16 }}
        onClick={() => {
          form.resetFields();
          setOpen(true);
        }}
      >
        {t('oversight.honors.createCommendation')}
      </Button>
      <Table
        rowKey="id"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          {
            title: t('oversight.worker'),
            render: (_, r) => `${r.workerName}（${r.workerUnitName}）`,
          },
          {
            title: t('oversight.honors.kind'),
            render: (_, r) => t(`oversight.honors.commendationKinds.${r.kind}`),
          },
          { title: t('oversight.honors.honorTitle'), dataIndex: 'title' },
          { title: t('oversight.honors.awardingBody'), dataIndex: 'awardingBody' },
          { title: t('oversight.honors.awardedOn'), dataIndex: 'awardedOn' },
          { title: t('oversight.honors.citation'), dataIndex: 'citation' },
          {
            title: t('oversight.honors.isPublic'),
            render: (_, r) => (r.isPublic ? t('common.yes') : t('common.no')),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('oversight.honors.createCommendation')}
        onCancel={() => setOpen(false)}
        onOk={() => void create()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="workerId" label={t('oversight.worker')} rules={req}>
            <WorkerPicker />
          </Form.Item>
          <Form.Item name="kind" label={t('oversight.honors.kind')} rules={req}>
            <Select
              options={COMMENDATION_KINDS.map((k) => ({
                value: k,
                label: t(`oversight.honors.commendationKinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('oversight.honors.honorTitle')} rules={req}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="awardingBody" label={t('oversight.honors.awardingBody')} rules={req}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="awardedOn" label={t('oversight.honors.awardedOn')} rules={req}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="citation" label={t('oversight.honors.citation')} rules={req}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="isPublic" valuePropName="checked">
            <Checkbox>{t('oversight.honors.isPublic')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function HonorsPage() {
  const { t } = useTranslation();
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('oversight.honors.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('oversight.honors.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'rounds', label: t('oversight.honors.rounds'), children: <Rounds /> },
          {
            key: 'commendations',
            label: t('oversight.honors.commendations'),
            children: <Commendations />,
          },
        ]}
      />
    </Card>
  );
}
