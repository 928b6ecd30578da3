// Dialogs on one entry of a cycle: enter a rater's scores and the source data, adjust the rating
// with a reason, answer an appeal.
import type { CycleEntryView } from '@cwp/contracts';
import { ASSESSMENT_RATINGS } from '@cwp/core';
import { Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { cyclesApi } from '../api';

interface Props {
  cycleId: number;
  entry: CycleEntryView;
  onClose(): void;
  onDone(): void;
}

export function ScoreModal({ cycleId, entry, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<{
    source: string;
    rater: string;
    politicalQuality?: number;
    performance?: number;
    residentSatisfaction?: number;
    satisfactionPct?: number;
    absenceDays?: number;
  }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (v.politicalQuality != null || v.performance != null || v.residentSatisfaction != null) {
        await fetchScores(v);
      }
      if (v.satisfactionPct != null || v.absenceDays != null) {
        await cyclesApi.inputs(cycleId, [
          {
            workerId: entry.workerId,
            satisfactionPct: v.satisfactionPct ?? null,
            absenceDays: v.absenceDays ?? null,
          },
        ]);
      }
      onDone();
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const fetchScores = (v: {
    source: string;
    rater: string;
    politicalQuality?: number;
    performance?: number;
    residentSatisfaction?: number;
  }) =>
    cyclesApi.scores(cycleId, [
      {
        workerId: entry.workerId,
        source: v.source,
        rater: v.rater,
        politicalQuality: v.politicalQuality ?? null,
        performance: v.performance ?? null,
        residentSatisfaction: v.residentSatisfaction ?? null,
      },
    ]);
  const pct = { min: 0, max: 100, style: { width: 110 } };
  return (
    <Modal
      open
      title={`${t('assessmentCycles.scores')} · ${entry.workerName}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ ...{ 'data-testid': 'score-ok' } }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          source: 'subdistrict_panel',
          rater: t('assessmentCycles.sources.subdistrict_panel'),
        }}
      >
        <Space wrap>
          <Form.Item name="source" label={t('assessmentCycles.sourceWeights')}>
            <Select
              style={{ width: 160 }}
              options={(['community_panel', 'subdistrict_panel', 'peer'] as const).map((s) => ({
                value: s,
                label: t(`assessmentCycles.sources.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="rater" label={t('assessmentCycles.scores')} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item
            name="politicalQuality"
            label={t('assessmentCycles.dimensions.political_quality')}
          >
            <InputNumber {...pct} id="score-pq" />
          </Form.Item>
          <Form.Item name="performance" label={t('assessmentCycles.dimensions.performance')}>
            <InputNumber {...pct} id="score-pf" />
          </Form.Item>
          <Form.Item
            name="residentSatisfaction"
            label={t('assessmentCycles.dimensions.resident_satisfaction')}
          >
            <InputNumber {...pct} id="score-rs" />
          </Form.Item>
        </Space>
        <Typography.Text type="secondary">{t('assessmentCycles.inputsHint')}</Typography.Text>
        <Space wrap>
          <Form.Item name="satisfactionPct" label={t('assessmentCycles.satisfaction')}>
            <InputNumber {...pct} id="score-sat" />
          </Form.Item>
          <Form.Item name="absenceDays" label={t('assessmentCycles.absence')}>
            <InputNumber min={0} max={366} id="score-abs" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export function RatingModal({
  cycleId,
  entry,
  onClose,
  onDone,
  mode,
}: Props & { mode: 'adjust' | 'reply' }) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<{ rating: string; reason?: string; reply?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (mode === 'adjust') {
        await cyclesApi.adjust(cycleId, entry.workerId, {
          version: entry.version,
          rating: v.rating,
          reason: v.reason ?? '',
        });
      } else {
        await cyclesApi.reply(cycleId, entry.workerId, {
          version: entry.version,
          rating: v.rating,
          reply: v.reply ?? '',
        });
      }
      onDone();
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const title = t(
    mode === 'adjust' ? 'assessmentCycles.adjustTitle' : 'assessmentCycles.replyTitle',
    { name: entry.workerName },
  );
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ ...{ 'data-testid': 'rating-ok' } }}
    >
      {mode === 'reply' && (
        <Typography.Paragraph>
          {t('assessmentCycles.appealText')}：{entry.appealText}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" initialValues={{ rating: entry.rating }}>
        <Form.Item name="rating" label={t('assessmentCycles.rating')} rules={[{ required: true }]}>
          <Select
            options={ASSESSMENT_RATINGS.map((r) => ({
              value: r,
              label: t(`assessmentCycles.ratings.${r}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name={mode === 'adjust' ? 'reason' : 'reply'}
          label={t(
            mode === 'adjust' ? 'assessmentCycles.adjustReason' : 'assessmentCycles.replyText',
          )}
          extra={mode === 'reply' ? t('assessmentCycles.replyHint') : undefined}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} maxLength={500} id="rating-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
