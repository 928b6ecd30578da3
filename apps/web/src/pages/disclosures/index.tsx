// Disclosures (公开事项): the items in the user's scope, newest first, filtered by community, kind,
// status and overdue; the daily overdue check's results; drafting a new item; one item's actions
// in a drawer.
import { DISCLOSURE_KINDS, DISCLOSURE_STATUSES, type DisclosureView } from '@cwp/contracts';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Form,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { disclosuresApi } from './api';
import { DisclosureDrawer } from './components/DisclosureDrawer';
import { DisclosureForm, toBody, type DisclosureFormValues } from './components/DisclosureForm';
import { SchedulesPanel } from './components/SchedulesPanel';

type Overdue = Awaited<ReturnType<typeof disclosuresApi.overdue>>['items'];

export function DisclosuresPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const { user } = useAuth();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [items, setItems] = useState<DisclosureView[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [overdue, setOverdue] = useState<Overdue>([]);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<DisclosureView | null>(null);
  const [creating, setCreating] = useState(false);
  const [schedules, setSchedules] = useState(false);
  const [form] = Form.useForm<DisclosureFormValues>();

  const load = useCallback(
    (before?: number) => {
      setLoading(true);
      disclosuresApi
        .list({ orgUnitId, kind, status, before, pageSize: 20 })
        .then((p) => {
          setItems((prev) => (before ? [...prev, ...p.items] : p.items));
          setCursor(p.nextCursor);
        })
        .catch(onError)
        .finally(() => setLoading(false));
    },
    [orgUnitId, kind, status, onError],
  );
  useEffect(() => load(), [load]);
  useEffect(() => {
    disclosuresApi
      .overdue()
      .then((r) => setOverdue(r.items))
      .catch(onError);
  }, [onError]);

  const changed = (v: DisclosureView) => {
    setOpen(v);
    load();
  };

  return (
    <Card
      title={t('supervision.disclosures')}
      extra={
        <Space>
          <Button data-testid="schedules-open" onClick={() => setSchedules(true)}>
            {t('supervision.rules.schedulesTitle')}
          </Button>
          <Button type="primary" data-testid="disclosure-new" onClick={() => setCreating(true)}>
            {t('supervision.create')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('supervision.disclosuresIntro')}
      </Typography.Paragraph>
      {overdue.length > 0 && (
        <Alert
          type="warning"
          style={{ marginBottom: 12 }}
          message={t('supervision.overdueTitle')}
          description={overdue.slice(0, 10).map((o) => (
            <div key={`${o.orgUnitId}:${o.kind}:${o.periodKey}`}>
              {t('supervision.overdueItem', {
                unit: o.orgUnitName,
                kind: t(`supervision.kinds.${o.kind}`),
                period: o.periodKey.startsWith('item:') ? '' : o.periodKey,
                due: o.dueDate,
              })}
            </div>
          ))}
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgUnitTreeSelect
          value={orgUnitId ?? null}
          onChange={setOrgUnitId}
          allowClear
          placeholder={t('supervision.community')}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={t('supervision.kind')}
          style={{ width: 140 }}
          value={kind}
          onChange={setKind}
          options={DISCLOSURE_KINDS.map((k) => ({ value: k, label: t(`supervision.kinds.${k}`) }))}
        />
        <Select
          allowClear
          placeholder={t('supervision.status')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={DISCLOSURE_STATUSES.map((s) => ({
            value: s,
            label: t(`supervision.statuses.${s}`),
          }))}
        />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 800 }}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('supervision.title'), dataIndex: 'title' },
          { title: t('supervision.community'), dataIndex: 'orgUnitName' },
          {
            title: t('supervision.kind'),
            dataIndex: 'kind',
            render: (k: DisclosureView['kind']) => t(`supervision.kinds.${k}`),
          },
          { title: t('supervision.period'), render: (_, r) => r.periodKey ?? r.eventDate ?? '' },
          {
            title: t('supervision.status'),
            render: (_, r) => (
              <Space size={2}>
                <Tag>{t(`supervision.statuses.${r.status}`)}</Tag>
                {r.overdue && <Tag color="red">{t('supervision.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('supervision.dueDate'), dataIndex: 'dueDate' },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 12 }} onClick={() => load(cursor)}>
          {t('supervision.loadMore')}
        </Button>
      )}
      <Drawer
        open={schedules}
        width={960}
        title={t('supervision.rules.schedulesTitle')}
        onClose={() => setSchedules(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {t('supervision.rules.schedulesIntro')}
        </Typography.Paragraph>
        <SchedulesPanel />
      </Drawer>
      <DisclosureDrawer item={open} onClose={() => setOpen(null)} onChanged={changed} />
      <Modal
        open={creating}
        width={760}
        title={t('supervision.create')}
        onCancel={() => setCreating(false)}
        okButtonProps={{ id: 'disclosure-save' }}
        onOk={() => {
          void form.validateFields().then((v) => {
            if (!v.orgUnitId) return;
            disclosuresApi
              .create({ orgUnitId: v.orgUnitId, kind: v.kind, ...toBody(v) })
              .then((created) => {
                setCreating(false);
                form.resetFields();
                changed(created);
              })
              .catch((err: unknown) => onError(err, form));
          });
        }}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            kind: 'finance',
            // A community's own staff draft for their community.
            orgUnitId: user?.orgUnit.level === 'community' ? user.orgUnit.id : undefined,
          }}
        >
          <DisclosureForm form={form} mode="create" />
        </Form>
      </Modal>
    </Card>
  );
}
