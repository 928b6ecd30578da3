// The contract forms: sign a first contract (prefilled with the proposal of the rule in force),
// renew one (the proposal, or another type with the reason in the note), terminate one. The
// server decides; its field messages land on the inputs.
import type { ContractProposal, LaborContractType, LaborContractView } from '@cwp/contracts';
import { LABOR_CONTRACT_TYPES } from '@cwp/contracts';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { contractsApi } from '../api';

const iso = (d: Dayjs) => d.format('YYYY-MM-DD');

export function ProposalAlert({ proposal }: { proposal: ContractProposal }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      message={t('contracts.proposalText', {
        type: t(`contracts.types.${proposal.type}`),
        term:
          proposal.termYears === null
            ? t('contracts.types.open_ended')
            : t('contracts.termValue', { years: proposal.termYears }),
        start: proposal.startDate,
        rule: t('contracts.ruleValue', {
          name: proposal.ruleSet.name,
          version: proposal.ruleSet.versionNo,
        }),
      })}
      description={t('contracts.proposalReason', { reason: proposal.reason })}
    />
  );
}

interface CreateValues {
  type: LaborContractType;
  startDate: Dayjs;
  termYears: number | null;
  probationMonths: number;
  note?: string;
}

export function CreateContractModal({
  workerId,
  workerName,
  proposal,
  onClose,
  onDone,
}: {
  workerId: number;
  workerName: string;
  proposal: ContractProposal | null;
  onClose(): void;
  onDone(c: LaborContractView): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const type = Form.useWatch('type', form);

  const finish = async (v: CreateValues) => {
    setSaving(true);
    try {
      const c = await contractsApi.create({
        workerId,
        type: v.type,
        startDate: iso(v.startDate),
        termYears: v.type === 'open_ended' ? null : v.termYears,
        probationMonths: v.probationMonths,
        note: v.note?.trim() ? v.note.trim() : null,
      });
      onDone(c);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('contracts.createTitle', { name: workerName })}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      {proposal ? <ProposalAlert proposal={proposal} /> : null}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{
          type: proposal?.type ?? 'fixed_term',
          startDate: dayjs(proposal?.startDate),
          termYears: proposal?.termYears ?? 3,
          probationMonths: proposal?.probationMonths ?? 0,
        }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item name="type" label={t('contracts.type')} rules={[{ required: true }]}>
          <Select
            options={LABOR_CONTRACT_TYPES.map((v) => ({
              value: v,
              label: t(`contracts.types.${v}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="startDate"
          label={t('contracts.startDate')}
          rules={[
            {
              required: true,
              message: t('contracts.required', { label: t('contracts.startDate') }),
            },
          ]}
        >
          <DatePicker allowClear={false} />
        </Form.Item>
        {type !== 'open_ended' ? (
          <Form.Item
            name="termYears"
            label={t('contracts.termYears')}
            rules={[
              {
                required: true,
                message: t('contracts.required', { label: t('contracts.termYears') }),
              },
            ]}
          >
            <InputNumber min={0.5} max={20} step={0.5} style={{ width: 160 }} />
          </Form.Item>
        ) : null}
        <Form.Item name="probationMonths" label={t('contracts.probationMonths')}>
          <InputNumber min={0} max={6} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="note" label={t('contracts.note')}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RenewValues {
  type: LaborContractType;
  startDate: Dayjs;
  termYears: number | null;
  note?: string;
}

export function RenewContractModal({
  contract,
  proposal,
  onClose,
  onDone,
}: {
  contract: LaborContractView;
  proposal: ContractProposal | null;
  onClose(): void;
  onDone(c: LaborContractView): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<RenewValues>();
  const [saving, setSaving] = useState(false);
  const type = Form.useWatch('type', form);
  const start = contract.endDate ? dayjs(contract.endDate).add(1, 'day') : dayjs();

  const finish = async (v: RenewValues) => {
    setSaving(true);
    try {
      const c = await contractsApi.renew(contract.id, {
        version: contract.version,
        type: v.type,
        startDate: iso(v.startDate),
        termYears: v.type === 'open_ended' ? null : v.termYears,
        note: v.note?.trim() ? v.note.trim() : null,
      });
      onDone(c);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('contracts.renewTitle', { name: contract.workerName })}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      {proposal ? <ProposalAlert proposal={proposal} /> : null}
      <Form<RenewValues>
        form={form}
        layout="vertical"
        initialValues={{
          type: proposal?.type ?? 'fixed_term',
          startDate: proposal ? dayjs(proposal.startDate) : start,
          termYears: proposal?.termYears ?? contract.termYears ?? 3,
        }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item name="type" label={t('contracts.type')} rules={[{ required: true }]}>
          <Select
            options={LABOR_CONTRACT_TYPES.map((v) => ({
              value: v,
              label: t(`contracts.types.${v}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="startDate" label={t('contracts.startDate')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        {type !== 'open_ended' ? (
          <Form.Item
            name="termYears"
            label={t('contracts.termYears')}
            rules={[
              {
                required: true,
                message: t('contracts.required', { label: t('contracts.termYears') }),
              },
            ]}
          >
            <InputNumber min={0.5} max={20} step={0.5} style={{ width: 160 }} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="note"
          label={t('contracts.note')}
          extra={proposal?.type === 'open_ended' ? t('contracts.renewNoteHint') : undefined}
        >
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface TerminateValues {
  terminationDate: Dayjs;
  reason: string;
}

export function TerminateContractModal({
  contract,
  onClose,
  onDone,
}: {
  contract: LaborContractView;
  onClose(): void;
  onDone(c: LaborContractView): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<TerminateValues>();
  const [saving, setSaving] = useState(false);

  const finish = async (v: TerminateValues) => {
    setSaving(true);
    try {
      const c = await contractsApi.terminate(contract.id, {
        version: contract.version,
        terminationDate: iso(v.terminationDate),
        reason: v.reason.trim(),
      });
      onDone(c);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('contracts.terminateTitle', { name: contract.workerName })}
      okText={t('contracts.terminate')}
      okButtonProps={{ danger: true }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<TerminateValues>
        form={form}
        layout="vertical"
        initialValues={{ terminationDate: dayjs() }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item
          name="terminationDate"
          label={t('contracts.terminationDate')}
          rules={[{ required: true }]}
        >
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('contracts.terminationReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('contracts.required', { label: t('contracts.terminationReason') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
