// Starts a new draft version: kind, unit, name and effective date, with the content copied from
// the version being viewed, from the rule in force for that unit, or from the kind's example.
// The draft opens in the editor.
import { RULE_SET_KINDS } from '@cwp/contracts';
import type { RuleSetKind } from '@cwp/core';
import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useRequestError } from '../../../api/useRequestError';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { ruleSetsApi } from '../api';
import { useRuleSetKindLabel } from '../labels';

type Source = 'copy' | 'inForce' | 'example';

export interface NewVersionSeed {
  kind?: RuleSetKind;
  orgUnitId?: number;
  name?: string;
  /** Content of the version the user started from ("copy"). */
  content?: unknown;
}

interface Values {
  kind: RuleSetKind;
  orgUnitId: number;
  name: string;
  effectiveFrom: Dayjs;
  source: Source;
  note?: string;
}

export function NewVersionModal({ seed, onClose }: { seed: NewVersionSeed; onClose(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const onError = useRequestError();
  const kindLabel = useRuleSetKindLabel();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const canCopy = seed.content !== undefined;

  const contentFor = async (v: Values): Promise<unknown> => {
    if (v.source === 'copy' && canCopy) return seed.content;
    if (v.source === 'inForce') {
      const res = await ruleSetsApi.inForce({ kind: v.kind, orgUnitId: v.orgUnitId });
      if (res.ruleSet) return res.ruleSet.content;
    }
    const kinds = await ruleSetsApi.kinds();
    return kinds.find((k) => k.kind === v.kind)?.example.content ?? {};
  };

  const finish = async (v: Values) => {
    setSaving(true);
    try {
      const content = await contentFor(v);
      const created = await ruleSetsApi.create({
        kind: v.kind,
        orgUnitId: v.orgUnitId,
        name: v.name,
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        content,
        note: v.note?.trim() ? v.note.trim() : null,
      });
      void navigate(`/rule-sets/${created.id}/edit`);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('careerRules.ruleSets.newVersionTitle')}
      okText={t('careerRules.ruleSets.createDraft')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: seed.kind,
          orgUnitId: seed.orgUnitId,
          name: seed.name,
          effectiveFrom: dayjs().add(1, 'month').startOf('month'),
          source: canCopy ? 'copy' : 'inForce',
        }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item
          name="kind"
          label={t('careerRules.ruleSets.kind')}
          rules={[
            {
              required: true,
              message: t('common.pleaseSelect', { label: t('careerRules.ruleSets.kind') }),
            },
          ]}
        >
          <Select
            disabled={seed.kind !== undefined}
            options={RULE_SET_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          />
        </Form.Item>
        <Form.Item
          name="orgUnitId"
          label={t('careerRules.ruleSets.orgUnit')}
          extra={t('careerRules.ruleSets.orgUnitHint')}
          rules={[
            {
              required: true,
              message: t('common.pleaseSelect', { label: t('careerRules.ruleSets.orgUnit') }),
            },
          ]}
        >
          <OrgUnitTreeSelect />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('careerRules.ruleSets.name')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} data-testid="new-rule-name" />
        </Form.Item>
        <Form.Item
          name="effectiveFrom"
          label={t('careerRules.ruleSets.effectiveFrom')}
          rules={[{ required: true }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="source" label={t('careerRules.ruleSets.source')}>
          <Radio.Group
            options={[
              ...(canCopy ? [{ value: 'copy', label: t('careerRules.ruleSets.sourceCopy') }] : []),
              { value: 'inForce', label: t('careerRules.ruleSets.sourceInForce') },
              { value: 'example', label: t('careerRules.ruleSets.sourceExample') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('careerRules.ruleSets.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
