// Medical exam and background review outcomes per candidate; the public notice (working days,
// weekends skipped, holidays not known) and the objections received during it.
import type { ApplicationView, ObjectionView } from '@cwp/contracts';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { recruitmentApi } from '../api';
import { AppStatusTag } from './ApplicationsTab';
import { NoteModal } from './NoteModal';

const IN_CHECKS = new Set(['candidate', 'removed', 'hire_pending', 'hired']);

export function ChecksTab(props: {
  apps: ApplicationView[];
  canManage: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [target, setTarget] = useState<{
    app: ApplicationView;
    kind: 'medical' | 'background';
  } | null>(null);
  const rows = props.apps.filter((a) => IN_CHECKS.has(a.status) && a.rank !== null);
  const outcome = (v: string | null, note: string | null) =>
    v === null ? (
      '—'
    ) : (
      <Space direction="vertical" size={0}>
        <Tag color={v === 'pass' ? 'success' : 'error'}>
          {t(v === 'pass' ? 'recruitment.outcomePass' : 'recruitment.outcomeFail')}
        </Tag>
        {note && <span style={{ fontSize: 12 }}>{note}</span>}
      </Space>
    );
  const action = (a: ApplicationView, kind: 'medical' | 'background') =>
    props.canManage &&
    a.status === 'candidate' &&
    !a.noticeStart && (
      <Button
        size="small"
        onClick={() => setTarget({ app: a, kind })}
        data-testid={`${kind}-${a.id}`}
      >
        {t('recruitment.record')}
      </Button>
    );
  const columns: TableColumnsType<ApplicationView> = [
    { title: t('recruitment.rank'), dataIndex: 'rank' },
    { title: t('recruitment.name'), dataIndex: 'name' },
    { title: t('recruitment.post'), dataIndex: 'postTitle' },
    { title: t('recruitment.status'), render: (_, a) => <AppStatusTag status={a.status} /> },
    {
      title: t('recruitment.medical'),
      render: (_, a) => (
        <Space>
          {outcome(a.medicalResult, a.medicalNote)}
          {action(a, 'medical')}
        </Space>
      ),
    },
    {
      title: t('recruitment.background'),
      render: (_, a) => (
        <Space>
          {outcome(a.backgroundResult, a.backgroundNote)}
          {a.medicalResult === 'pass' && action(a, 'background')}
        </Space>
      ),
    },
    { title: t('recruitment.note'), dataIndex: 'removedReason' },
  ];
  return (
    <>
      <Table rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} />
      <NoteModal
        open={target !== null}
        title={`${t(target?.kind === 'background' ? 'recruitment.background' : 'recruitment.medical')}：${target?.app.name ?? ''}`}
        outcomes={[
          { value: 'pass', label: t('recruitment.outcomePass') },
          { value: 'fail', label: t('recruitment.outcomeFail') },
        ]}
        noteRequiredFor={['fail']}
        noteLabel={t('recruitment.note')}
        onCancel={() => setTarget(null)}
        onOk={async ({ outcome: o, note }) => {
          if (!target) return;
          try {
            await recruitmentApi.check(target.app.id, {
              version: target.app.version,
              kind: target.kind,
              outcome: o === 'fail' ? 'fail' : 'pass',
              ...(note ? { note } : {}),
            });
            setTarget(null);
            props.onChanged();
          } catch (err) {
            onError(err);
          }
        }}
      />
    </>
  );
}

export function NoticeTab(props: {
  planId: number;
  apps: ApplicationView[];
  canManage: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [start, setStart] = useState<Dayjs | null>(dayjs());
  const [objections, setObjections] = useState<ObjectionView[]>([]);
  const [adding, setAdding] = useState(false);
  const [handling, setHandling] = useState<ObjectionView | null>(null);
  const [form] = Form.useForm<{
    applicationId: number;
    receivedOn: Dayjs;
    objector?: string;
    content: string;
  }>();
  const inNotice = props.apps.filter((a) => a.noticeStart !== null);

  const loadObjections = useCallback(() => {
    recruitmentApi.objections(props.planId).then(setObjections).catch(onError);
  }, [props.planId, onError]);
  useEffect(loadObjections, [loadObjections]);

  const columns: TableColumnsType<ObjectionView> = [
    { title: t('recruitment.name'), dataIndex: 'applicantName' },
    { title: t('recruitment.receivedOn'), dataIndex: 'receivedOn' },
    { title: t('recruitment.objector'), dataIndex: 'objector' },
    { title: t('recruitment.content'), dataIndex: 'content' },
    {
      title: t('recruitment.outcome'),
      render: (_, o) =>
        o.status === 'handled' && o.outcome ? (
          <Space direction="vertical" size={0}>
            <Tag color={o.outcome === 'sustained' ? 'error' : 'default'}>
              {t(`recruitment.outcomes.${o.outcome}`)}
            </Tag>
            <span style={{ fontSize: 12 }}>{o.note}</span>
          </Space>
        ) : props.canManage ? (
          <Button size="small" onClick={() => setHandling(o)}>
            {t('recruitment.handle')}
          </Button>
        ) : (
          t('recruitment.objectionStatus.received')
        ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {props.canManage && (
        <Space wrap>
          <span>{t('recruitment.noticeStart')}</span>
          <DatePicker value={start} onChange={setStart} data-testid="notice-start" />
          <Button
            type="primary"
            data-testid="notice-go"
            disabled={!start}
            onClick={() =>
              start &&
              void recruitmentApi
                .startNotice(props.planId, start.format('YYYY-MM-DD'))
                .then((r) => {
                  void message.success(t('recruitment.noticeStarted', { end: r.noticeEnd }));
                  props.onChanged();
                })
                .catch(onError)
            }
          >
            {t('recruitment.startNotice')}
          </Button>
        </Space>
      )}
      <Typography.Text type="secondary">{t('recruitment.noticeDaysHint')}</Typography.Text>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={inNotice}
        columns={[
          { title: t('recruitment.name'), dataIndex: 'name' },
          { title: t('recruitment.post'), dataIndex: 'postTitle' },
          { title: t('recruitment.noticeStart'), dataIndex: 'noticeStart' },
          { title: t('recruitment.noticeEnd'), dataIndex: 'noticeEnd' },
          { title: t('recruitment.status'), render: (_, a) => <AppStatusTag status={a.status} /> },
        ]}
      />
      <Space>
        <strong>{t('recruitment.objections')}</strong>
        {props.canManage && (
          <Button size="small" onClick={() => setAdding(true)}>
            {t('recruitment.addObjection')}
          </Button>
        )}
      </Space>
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={objections}
        pagination={false}
      />
      <Modal
        open={adding}
        title={t('recruitment.addObjection')}
        onCancel={() => setAdding(false)}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await recruitmentApi.addObjection(props.planId, {
              applicationId: v.applicationId,
              receivedOn: v.receivedOn.format('YYYY-MM-DD'),
              ...(v.objector ? { objector: v.objector } : {}),
              content: v.content,
            });
            setAdding(false);
            form.resetFields();
            loadObjections();
          } catch (err) {
            onError(err, form);
          }
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ receivedOn: dayjs() }}>
          <Form.Item
            name="applicationId"
            label={t('recruitment.name')}
            rules={[{ required: true }]}
          >
            <Select
              options={inNotice
                .filter((a) => a.status === 'candidate')
                .map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
          <Form.Item
            name="receivedOn"
            label={t('recruitment.receivedOn')}
            rules={[{ required: true }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="objector" label={t('recruitment.objector')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="content" label={t('recruitment.content')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <NoteModal
        open={handling !== null}
        title={`${t('recruitment.handle')}：${handling?.applicantName ?? ''}`}
        outcomes={[
          { value: 'dismissed', label: t('recruitment.outcomes.dismissed') },
          { value: 'sustained', label: t('recruitment.outcomes.sustained') },
        ]}
        noteRequiredFor={['dismissed', 'sustained']}
        noteLabel={t('recruitment.note')}
        onCancel={() => setHandling(null)}
        onOk={async ({ outcome, note }) => {
          if (!handling) return;
          try {
            await recruitmentApi.handleObjection(handling.id, {
              version: handling.version,
              outcome: outcome === 'sustained' ? 'sustained' : 'dismissed',
              note,
            });
            setHandling(null);
            loadObjections();
            props.onChanged();
          } catch (err) {
            onError(err);
          }
        }}
      />
    </Space>
  );
}
