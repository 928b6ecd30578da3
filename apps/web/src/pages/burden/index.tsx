// /burden: the burden per community and per requesting department (count, flagged, estimated
// hours, .xlsx export), the log of requests made of communities (flagged when outside the
// admission list) and the admission list itself.
import type {
  BurdenFigureRow,
  BurdenFigures,
  BurdenRequestView,
  TaskItemView,
} from '@cwp/contracts';
import { BURDEN_KINDS } from '@cwp/contracts';
import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { burdenApi } from './api';

function FigureTable({
  title,
  first,
  rows,
}: {
  title: string;
  first: string;
  rows: BurdenFigureRow[];
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title}>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: first, dataIndex: 'label' },
          { title: t('oversight.burden.count'), dataIndex: 'requests' },
          {
            title: t('oversight.burden.outOfListCount'),
            render: (_, r) => (r.outOfList > 0 ? <Tag color="red">{r.outOfList}</Tag> : 0),
          },
          { title: t('oversight.burden.hours'), dataIndex: 'estimatedHours' },
        ]}
      />
    </Card>
  );
}

function Figures() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const { message } = App.useApp();
  const [f, setF] = useState<BurdenFigures | null>(null);
  useEffect(() => {
    burdenApi.figures().then(setF).catch(onError);
  }, [onError]);
  const exportXlsx = async () => {
    try {
      const name = await burdenApi.exportXlsx();
      void message.success(t('oversight.burden.exported', { name }));
    } catch (err) {
      onError(err);
    }
  };
  return (
    <>
      <Button
        icon={<DownloadOutlined />}
        style={{ marginBottom: 16 }}
        onClick={() => void exportXlsx()}
      >
        {t('oversight.burden.exportXlsx')}
      </Button>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <FigureTable
            title={t('oversight.burden.byCommunity')}
            first={t('oversight.burden.community')}
            rows={f ? [...f.byCommunity, f.total] : []}
          />
        </Col>
        <Col xs={24} lg={12}>
          <FigureTable
            title={t('oversight.burden.byDepartment')}
            first={t('oversight.burden.department')}
            rows={f ? [...f.byDepartment, f.total] : []}
          />
        </Col>
      </Row>
    </>
  );
}

interface RequestValues {
  communityId: number;
  requestingDepartment: string;
  kind: (typeof BURDEN_KINDS)[number];
  title: string;
  taskItemId?: number;
  requestedOn: Dayjs;
  estimatedHours: number;
  note?: string;
}

function Requests() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [onlyOut, setOnlyOut] = useState(false);
  const [reload, setReload] = useState(0);
  const [data, setData] = useState<{ items: BurdenRequestView[]; total: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<TaskItemView[]>([]);
  const [form] = Form.useForm<RequestValues>();
  useEffect(() => {
    burdenApi
      .requests({ page, pageSize: 20, ...(onlyOut ? { outOfList: 'true' as const } : {}) })
      .then(setData)
      .catch(onError);
  }, [page, onlyOut, reload, onError]);
  const pickCommunity = (id: number | undefined) => {
    form.setFieldsValue({ communityId: id, taskItemId: undefined });
    if (id)
      burdenApi
        .items({ page: 1, pageSize: 100, communityId: id })
        .then((p) => setItems(p.items))
        .catch(onError);
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      const r = await burdenApi.logRequest({
        ...v,
        taskItemId: v.taskItemId ?? null,
        requestedOn: v.requestedOn.format('YYYY-MM-DD'),
        note: v.note ? v.note : null,
      });
      void message[r.outOfList ? 'warning' : 'success'](
        `${t('common.saved')}${r.outOfList ? ` · ${t('oversight.burden.outOfList')}` : ''}`,
      );
      setOpen(false);
      setReload((n) => n + 1);
    } catch (err) {
      onError(err, form);
    }
  };
  const req = [{ required: true, message: t('oversight.required') }];
  return (
    <>
      <div style={{ marginBottom: 16, display: 'flex', gap: 16, alignItems: 'center' }}>
        {can('burden:manage') && (
          <Button
            type="primary"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ requestedOn: dayjs() });
              setOpen(true);
            }}
          >
            {t('oversight.burden.logRequest')}
          </Button>
        )}
        <Checkbox
          checked={onlyOut}
          onChange={(e) => {
            setOnlyOut(e.target.checked);
            setPage(1);
          }}
        >
          {t('oversight.burden.onlyOutOfList')}
        </Checkbox>
      </div>
      <Table
        rowKey="id"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          { title: t('oversight.burden.requestedOn'), dataIndex: 'requestedOn' },
          { title: t('oversight.burden.community'), dataIndex: 'communityName' },
          { title: t('oversight.burden.department'), dataIndex: 'requestingDepartment' },
          {
            title: t('oversight.burden.kind'),
            render: (_, r) => t(`oversight.burden.kinds.${r.kind}`),
          },
          { title: t('oversight.burden.itemTitle'), dataIndex: 'title' },
          {
            title: t('oversight.burden.taskItem'),
            render: (_, r) =>
              r.outOfList ? (
                <Tag color="red">{t('oversight.burden.outOfList')}</Tag>
              ) : (
                r.taskItemTitle
              ),
          },
          { title: t('oversight.burden.hours'), dataIndex: 'estimatedHours' },
          { title: t('oversight.burden.loggedBy'), render: (_, r) => r.loggedBy ?? '—' },
        ]}
      />
      <Modal
        open={open}
        title={t('oversight.burden.logRequest')}
        onCancel={() => setOpen(false)}
        onOk={() => void save()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="communityId" label={t('oversight.burden.community')} rules={req}>
            <OrgUnitTreeSelect selectableLevel="community" onChange={pickCommunity} />
          </Form.Item>
          <Form.Item
            name="requestingDepartment"
            label={t('oversight.burden.department')}
            rules={req}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={t('oversight.burden.kind')} rules={req}>
            <Select
              options={BURDEN_KINDS.map((k) => ({
                value: k,
                label: t(`oversight.burden.kinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('oversight.burden.itemTitle')} rules={req}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="taskItemId" label={t('oversight.burden.taskItem')}>
            <Select
              allowClear
              placeholder={t('oversight.burden.taskItemNone')}
              options={items.map((i) => ({
                value: i.id,
                label: `${i.title}（${i.issuingDepartment}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="requestedOn" label={t('oversight.burden.requestedOn')} rules={req}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="estimatedHours" label={t('oversight.burden.hours')} rules={req}>
            <InputNumber min={0} max={10000} precision={1} />
          </Form.Item>
          <Form.Item name="note" label={t('oversight.burden.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function TaskList() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const onError = useRequestError();
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [data, setData] = useState<{ items: TaskItemView[]; total: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  useEffect(() => {
    burdenApi.items({ page, pageSize: 20 }).then(setData).catch(onError);
  }, [page, reload, onError]);
  const save = async () => {
    const v = (await form.validateFields()) as {
      orgUnitId: number;
      title: string;
      kind: (typeof BURDEN_KINDS)[number];
      legalBasis: string;
      issuingDepartment: string;
    };
    try {
      await burdenApi.createItem(v);
      setOpen(false);
      setReload((n) => n + 1);
    } catch (err) {
      onError(err, form);
    }
  };
  const req = [{ required: true, message: t('oversight.required') }];
  return (
    <>
      {can('burden:manage') && (
        <Button
          type="primary"
          style={{ marginBottom: 16 }}
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ orgUnitId: user?.orgUnit.id });
            setOpen(true);
          }}
        >
          {t('oversight.burden.createItem')}
        </Button>
      )}
      <Table
        rowKey="id"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          { title: t('oversight.burden.listTitle'), dataIndex: 'title' },
          {
            title: t('oversight.burden.kind'),
            render: (_, r) => t(`oversight.burden.kinds.${r.kind}`),
          },
          { title: t('oversight.burden.legalBasis'), dataIndex: 'legalBasis' },
          { title: t('oversight.burden.issuingDepartment'), dataIndex: 'issuingDepartment' },
          { title: t('oversight.burden.listUnit'), dataIndex: 'orgUnitName' },
          {
            title: t('oversight.audits.status'),
            render: (_, r) =>
              r.active ? (
                <Tag color="green">{t('oversight.burden.active')}</Tag>
              ) : (
                <Tag>{t('common.inactive')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            render: (_, r) =>
              can('burden:manage') &&
              r.active && (
                <Button
                  size="small"
                  onClick={() =>
                    void burdenApi
                      .deactivate(r.id, r.version)
                      .then(() => setReload((n) => n + 1))
                      .catch(onError)
                  }
                >
                  {t('oversight.burden.deactivate')}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('oversight.burden.createItem')}
        onCancel={() => setOpen(false)}
        onOk={() => void save()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="orgUnitId" label={t('oversight.burden.listUnit')} rules={req}>
            <OrgUnitTreeSelect />
          </Form.Item>
          <Form.Item name="title" label={t('oversight.burden.listTitle')} rules={req}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="kind" label={t('oversight.burden.kind')} rules={req}>
            <Select
              options={BURDEN_KINDS.map((k) => ({
                value: k,
                label: t(`oversight.burden.kinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="legalBasis" label={t('oversight.burden.legalBasis')} rules={req}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item
            name="issuingDepartment"
            label={t('oversight.burden.issuingDepartment')}
            rules={req}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function BurdenPage() {
  const { t } = useTranslation();
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('oversight.burden.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('oversight.burden.intro')}</Typography.Paragraph>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'figures', label: t('oversight.burden.figures'), children: <Figures /> },
          { key: 'requests', label: t('oversight.burden.requests'), children: <Requests /> },
          { key: 'list', label: t('oversight.burden.taskList'), children: <TaskList /> },
        ]}
      />
    </Card>
  );
}
