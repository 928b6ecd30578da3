// Training rules: every version visible to the caller, and publishing a new version for a unit
// (rules edited as JSON, prefilled with the example local rules; the server validates them).
import { EXAMPLE_TRAINING_RULES } from '@cwp/core';
import type { TrainingRuleSetView } from '@cwp/contracts';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { trainingApi } from '../api';

export function RulesTab() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [items, setItems] = useState<TrainingRuleSetView[]>([]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const load = useCallback(() => {
    trainingApi
      .ruleSets()
      .then((r) => setItems(r.items))
      .catch(onError);
  }, [onError]);
  useEffect(load, [load]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('training:manage') && (
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('training.publish')}
        </Button>
      )}
      <List
        dataSource={items}
        renderItem={(r) => (
          <List.Item>
            <Space direction="vertical">
              <Typography.Text strong>
                {t('training.ruleVersion', {
                  unit: r.orgUnitName,
                  version: r.versionNo,
                  from: r.effectiveFrom,
                })}
              </Typography.Text>
              <Typography.Text code>{JSON.stringify(r.rules)}</Typography.Text>
              <Typography.Text>
                {t('training.certificateHours')}: {r.certificateHours}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Modal
        open={open}
        title={t('training.publish')}
        okText={t('training.save')}
        cancelText={t('training.cancel')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        width={720}
        onOk={() => {
          void form
            .validateFields()
            .then(
              (v: {
                orgUnitId: number;
                effectiveFrom: Dayjs;
                rules: string;
                certificateHours: number;
              }) => {
                let rules: unknown;
                try {
                  rules = JSON.parse(v.rules);
                } catch {
                  void message.error(t('training.badJson'));
                  return;
                }
                trainingApi
                  .createRuleSet({
                    orgUnitId: v.orgUnitId,
                    effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
                    rules,
                    certificateHours: v.certificateHours,
                  })
                  .then(() => {
                    setOpen(false);
                    load();
                  })
                  .catch((e: unknown) => onError(e, form));
              },
            );
        }}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            orgUnitId: user?.orgUnit.id,
            effectiveFrom: dayjs().startOf('year'),
            rules: JSON.stringify(EXAMPLE_TRAINING_RULES.rules, null, 2),
            certificateHours: EXAMPLE_TRAINING_RULES.certificateHours,
          }}
        >
          <Form.Item name="orgUnitId" label={t('training.orgUnit')} rules={[{ required: true }]}>
            <OrgUnitTreeSelect />
          </Form.Item>
          <Form.Item
            name="effectiveFrom"
            label={t('training.effectiveFrom')}
            rules={[{ required: true }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="rules"
            label={t('training.rulesJson')}
            extra={t('training.rulesHelp')}
            rules={[{ required: true }]}
          >
            <Input.TextArea rows={12} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item
            name="certificateHours"
            label={t('training.certificateHours')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
