// /care: the health-check interval in force for a unit (editable with care:manage) and the list
// of workers whose check is overdue or due soon.
import type { CareSettingView, HealthDuePage } from '@cwp/contracts';
import { App, Button, Card, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { careApi } from './api';

const STATES = ['due', 'overdue', 'due_soon'] as const;

export function CarePage() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const onError = useRequestError();
  const { message } = App.useApp();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>(user?.orgUnit.id);
  const [state, setState] = useState<(typeof STATES)[number]>('due');
  const [page, setPage] = useState(1);
  const [setting, setSetting] = useState<CareSettingView | null>(null);
  const [due, setDue] = useState<HealthDuePage | null>(null);
  const [reload, setReload] = useState(0);
  const [form] = Form.useForm<{ healthCheckIntervalMonths: number; dueSoonDays: number }>();

  useEffect(() => {
    careApi
      .setting(orgUnitId)
      .then((s) => {
        setSetting(s);
        form.setFieldsValue(s);
      })
      .catch(onError);
  }, [orgUnitId, reload, form, onError]);
  useEffect(() => {
    careApi.due({ orgUnitId, state, page, pageSize: 20 }).then(setDue).catch(onError);
  }, [orgUnitId, state, page, reload, onError]);

  const save = async () => {
    const v = await form.validateFields();
    try {
      await careApi.putSetting({ orgUnitId: orgUnitId ?? user?.orgUnit.id ?? 0, ...v });
      void message.success(t('common.saved'));
      setReload((n) => n + 1);
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('oversight.care.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('oversight.care.intro')}</Typography.Paragraph>
        <Space wrap align="start">
          <OrgUnitTreeSelect
            value={orgUnitId}
            onChange={(v) => setOrgUnitId(v ?? undefined)}
            style={{ width: 260 }}
          />
        </Space>
      </Card>
      <Card title={t('oversight.care.setting')}>
        <Typography.Paragraph type="secondary">
          {setting?.isDefault
            ? t('oversight.care.settingDefault')
            : t('oversight.care.settingFrom', { unit: setting?.orgUnitName ?? '' })}
        </Typography.Paragraph>
        <Form form={form} layout="inline" disabled={!can('care:manage')}>
          <Form.Item name="healthCheckIntervalMonths" label={t('oversight.care.intervalMonths')}>
            <InputNumber min={1} max={60} precision={0} />
          </Form.Item>
          <Form.Item name="dueSoonDays" label={t('oversight.care.dueSoonDays')}>
            <InputNumber min={0} max={180} precision={0} />
          </Form.Item>
          {can('care:manage') && (
            <Button type="primary" onClick={() => void save()}>
              {t('oversight.care.saveSetting')}
            </Button>
          )}
        </Form>
      </Card>
      <Card
        title={t('oversight.care.dueList')}
        extra={
          <Select
            value={state}
            style={{ width: 180 }}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            options={STATES.map((s) => ({ value: s, label: t(`oversight.care.states.${s}`) }))}
          />
        }
      >
        <Table
          rowKey="workerId"
          dataSource={due?.items ?? []}
          loading={!due}
          pagination={{ current: page, total: due?.total ?? 0, pageSize: 20, onChange: setPage }}
          columns={[
            {
              title: t('oversight.worker'),
              render: (_, r) => <Link to={`/workers/${r.workerId}`}>{r.workerName}</Link>,
            },
            { title: t('oversight.orgUnit'), dataIndex: 'orgUnitName' },
            {
              title: t('oversight.care.lastCheck'),
              render: (_, r) => r.lastCheckDate ?? t('oversight.care.never'),
            },
            { title: t('oversight.care.dueDate'), dataIndex: 'dueDate' },
            {
              title: t('oversight.audits.status'),
              render: (_, r) => (
                <Tag color={r.state === 'overdue' ? 'red' : 'orange'}>
                  {t(`oversight.care.states.${r.state}`)}
                </Tag>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
