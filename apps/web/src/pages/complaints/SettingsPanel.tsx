// 办理时限设置: the complaint deadline versions the user works under (their subtree and the units
// above), per unit; handlers (complaint:manage) create a version (optionally dated) or edit one
// with its version number. The body is checked with the endpoint's own zod schema first.
import { complaintSettingBody, type ComplaintSettingVersion } from '@cwp/contracts';
import { App, Button, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { complaintsApi } from '../disclosures/api';
import { localToday, parseForForm, versionState } from '../disclosures/components/check-form';

interface Values {
  orgUnitId?: number;
  acceptDays?: number | null;
  replyDays?: number | null;
  effectiveFrom?: string;
}

const STATE_COLORS = { inForce: 'green', upcoming: 'blue', replaced: 'default' } as const;

export function ComplaintSettingsPanel() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [items, setItems] = useState<ComplaintSettingVersion[]>([]);
  const [loading, setLoading] = useState(false);
  const [dialog, setDialog] = useState<'new' | ComplaintSettingVersion | null>(null);
  const [initial, setInitial] = useState<Values | null>(null);
  const [form] = Form.useForm<Values>();
  const canEdit = can('complaint:manage');
  const today = localToday();

  const load = useCallback(() => {
    setLoading(true);
    complaintsApi
      .settings(unitId)
      .then((r) => setItems(r.items))
      .catch(onError)
      .finally(() => setLoading(false));
  }, [unitId, onError]);
  useEffect(() => load(), [load]);

  const open = (v: 'new' | ComplaintSettingVersion) => {
    setInitial(
      v === 'new'
        ? { orgUnitId: unitId ?? user?.orgUnit.id, acceptDays: 15, replyDays: 60 }
        : {
            orgUnitId: v.orgUnitId,
            acceptDays: v.acceptDays,
            replyDays: v.replyDays,
            effectiveFrom: v.effectiveFrom ?? '',
          },
    );
    setDialog(v);
  };

  const save = async () => {
    const v = form.getFieldsValue(true) as Values;
    const body = parseForForm(
      complaintSettingBody,
      {
        orgUnitId: v.orgUnitId,
        acceptDays: v.acceptDays ?? undefined,
        replyDays: v.replyDays ?? undefined,
        effectiveFrom: v.effectiveFrom ? v.effectiveFrom : null,
        ...(dialog !== null && dialog !== 'new' ? { version: dialog.version } : {}),
      },
      form,
      (text) => void message.error(text),
    );
    if (!body) return;
    try {
      await complaintsApi.putSetting(body);
      void message.success(t('supervision.rules.saved'));
      setDialog(null);
      load();
    } catch (err) {
      onError(err, form);
    }
  };
  const editing = dialog !== null && dialog !== 'new';

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="deadlines-panel">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('supervision.rules.deadlinesIntro')}
      </Typography.Paragraph>
      <Space wrap>
        <OrgUnitTreeSelect
          value={unitId ?? null}
          onChange={setUnitId}
          allowClear
          placeholder={t('supervision.rules.allUnits')}
          style={{ width: 260 }}
        />
        {canEdit && (
          <Button type="primary" data-testid="deadline-new" onClick={() => open('new')}>
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
        scroll={{ x: 640 }}
        data-testid="deadline-table"
        columns={[
          { title: t('supervision.rules.unit'), dataIndex: 'orgUnitName' },
          { title: t('supervision.rules.acceptDays'), dataIndex: 'acceptDays' },
          { title: t('supervision.rules.replyDays'), dataIndex: 'replyDays' },
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
          { title: t('supervision.rules.versionNo'), dataIndex: 'version', width: 70 },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 80,
                  render: (_: unknown, r: ComplaintSettingVersion) => (
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
        okButtonProps={{ id: 'deadline-save' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={initial ?? undefined}>
          <Form.Item name="orgUnitId" label={t('supervision.rules.unit')}>
            <OrgUnitTreeSelect disabled={editing} style={{ width: '100%' }} />
          </Form.Item>
          <Space size={12} align="start">
            <Form.Item name="acceptDays" label={t('supervision.rules.acceptDays')}>
              <InputNumber id="deadline-accept-days" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="replyDays" label={t('supervision.rules.replyDays')}>
              <InputNumber id="deadline-reply-days" style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item
            name="effectiveFrom"
            label={t('supervision.rules.effectiveFrom')}
            extra={t('supervision.rules.effectiveFromHint')}
          >
            <Input type="date" id="deadline-effective-from" disabled={editing} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
