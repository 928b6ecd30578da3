// 公开时限设置: the disclosure schedule versions the user works under (their subtree and the units
// above), per unit; approvers (disclosure:approve) create a version (optionally dated) or edit
// one with its version number. The body is checked with the endpoint's own zod schema first.
import {
  DISCLOSURE_KINDS,
  upsertDisclosureScheduleBody,
  type DisclosureScheduleView,
} from '@cwp/contracts';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { disclosuresApi } from '../api';
import { localToday, parseForForm, versionState } from './check-form';

const PERIODS = ['month', 'quarter', 'half', 'year'] as const;

interface Values {
  orgUnitId?: number;
  kind: DisclosureScheduleView['kind'];
  rule: {
    type: 'periodic' | 'event';
    period?: (typeof PERIODS)[number];
    graceDays?: number | null;
    withinDays?: number | null;
  };
  effectiveFrom?: string;
  note?: string;
}

const STATE_COLORS = { inForce: 'green', upcoming: 'blue', replaced: 'default' } as const;

export function SchedulesPanel() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [items, setItems] = useState<DisclosureScheduleView[]>([]);
  const [loading, setLoading] = useState(false);
  const [dialog, setDialog] = useState<'new' | DisclosureScheduleView | null>(null);
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch(['rule', 'type'], form);
  const canEdit = can('disclosure:approve');
  const today = localToday();

  const load = useCallback(() => {
    setLoading(true);
    disclosuresApi
      .schedules(unitId)
      .then((r) => setItems(r.items))
      .catch(onError)
      .finally(() => setLoading(false));
  }, [unitId, onError]);
  useEffect(() => load(), [load]);

  const [initial, setInitial] = useState<Values | null>(null);
  const open = (v: 'new' | DisclosureScheduleView) => {
    setInitial(
      v === 'new'
        ? {
            orgUnitId: unitId ?? user?.orgUnit.id,
            kind: 'finance',
            rule: { type: 'periodic', period: 'quarter', graceDays: 15 },
          }
        : {
            orgUnitId: v.orgUnitId,
            kind: v.kind,
            rule: v.rule,
            effectiveFrom: v.effectiveFrom ?? '',
            note: v.note ?? '',
          },
    );
    setDialog(v);
  };

  const save = async () => {
    const v = form.getFieldsValue(true) as Values;
    const rule =
      v.rule.type === 'periodic'
        ? { type: 'periodic', period: v.rule.period, graceDays: v.rule.graceDays ?? undefined }
        : { type: 'event', withinDays: v.rule.withinDays ?? undefined };
    const body = parseForForm(
      upsertDisclosureScheduleBody,
      {
        orgUnitId: v.orgUnitId,
        kind: v.kind,
        rule,
        note: v.note ? v.note : null,
        effectiveFrom: v.effectiveFrom ? v.effectiveFrom : null,
        ...(dialog !== null && dialog !== 'new' ? { version: dialog.version } : {}),
      },
      form,
      (text) => void message.error(text),
    );
    if (!body) return;
    try {
      await disclosuresApi.putSchedule(body);
      void message.success(t('supervision.rules.saved'));
      setDialog(null);
      load();
    } catch (err) {
      onError(err, form);
    }
  };

  const ruleText = (r: DisclosureScheduleView['rule']) =>
    r.type === 'periodic'
      ? t('supervision.rules.periodicText', {
          period: t(`supervision.rules.periods.${r.period}`),
          days: r.graceDays,
        })
      : t('supervision.rules.eventText', { days: r.withinDays });
  const editing = dialog !== null && dialog !== 'new';

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="schedules-panel">
      <Space wrap>
        <OrgUnitTreeSelect
          value={unitId ?? null}
          onChange={setUnitId}
          allowClear
          placeholder={t('supervision.rules.allUnits')}
          style={{ width: 260 }}
        />
        {canEdit && (
          <Button type="primary" data-testid="schedule-new" onClick={() => open('new')}>
            {t('supervision.rules.newVersion')}
          </Button>
        )}
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
        data-testid="schedule-table"
        columns={[
          { title: t('supervision.rules.unit'), dataIndex: 'orgUnitName' },
          {
            title: t('supervision.kind'),
            dataIndex: 'kind',
            render: (k: DisclosureScheduleView['kind']) => t(`supervision.kinds.${k}`),
          },
          { title: t('supervision.rules.rule'), render: (_, r) => ruleText(r.rule) },
          {
            title: t('supervision.rules.effectiveFrom'),
            render: (_, r) => r.effectiveFrom ?? t('supervision.rules.fromStart'),
          },
          {
            title: t('supervision.rules.state'),
            render: (_, r) => {
              const s = versionState(r, today);
              return <Tag color={STATE_COLORS[s]}>{t(`supervision.rules.${s}`)}</Tag>;
            },
          },
          { title: t('supervision.rules.note'), dataIndex: 'note' },
          { title: t('supervision.rules.versionNo'), dataIndex: 'version', width: 70 },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 80,
                  render: (_: unknown, r: DisclosureScheduleView) => (
                    <Button size="small" onClick={() => open(r)}>
                      {t('supervision.rules.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={dialog !== null}
        title={t(editing ? 'supervision.rules.editVersion' : 'supervision.rules.newVersion')}
        onCancel={() => setDialog(null)}
        onOk={() => void save()}
        okButtonProps={{ id: 'schedule-save' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={initial ?? undefined}>
          <Form.Item name="orgUnitId" label={t('supervision.rules.unit')}>
            <OrgUnitTreeSelect disabled={editing} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="kind" label={t('supervision.kind')}>
            <Select
              disabled={editing}
              options={DISCLOSURE_KINDS.map((k) => ({
                value: k,
                label: t(`supervision.kinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name={['rule', 'type']} label={t('supervision.rules.ruleType')}>
            <Select
              options={[
                { value: 'periodic', label: t('supervision.rules.periodic') },
                { value: 'event', label: t('supervision.rules.event') },
              ]}
            />
          </Form.Item>
          {type === 'event' ? (
            <Form.Item name={['rule', 'withinDays']} label={t('supervision.rules.withinDays')}>
              <InputNumber id="schedule-within-days" style={{ width: '100%' }} />
            </Form.Item>
          ) : (
            <Space size={12} style={{ width: '100%' }} align="start">
              <Form.Item name={['rule', 'period']} label={t('supervision.rules.period')}>
                <Select
                  style={{ width: 140 }}
                  options={PERIODS.map((p) => ({
                    value: p,
                    label: t(`supervision.rules.periods.${p}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name={['rule', 'graceDays']} label={t('supervision.rules.graceDays')}>
                <InputNumber id="schedule-grace-days" style={{ width: 160 }} />
              </Form.Item>
            </Space>
          )}
          <Form.Item
            name="effectiveFrom"
            label={t('supervision.rules.effectiveFrom')}
            extra={t('supervision.rules.effectiveFromHint')}
          >
            <Input type="date" id="schedule-effective-from" disabled={editing} />
          </Form.Item>
          <Form.Item name="note" label={t('supervision.rules.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
