// Structured form of an evaluation indicator set (评估指标体系): one row per indicator with its
// code, name, weight, source (a catalogue metric computed by the server, or a value entered with
// evidence), the metric's parameter where it needs one, target and scoring. The weights' running
// sum is shown; the server refuses a set whose weights do not sum to 100.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  EVALUATION_METRICS,
  EVALUATION_METRIC_INFO,
  EVALUATION_SCORING_METHODS,
  EVALUATION_SOURCES,
} from '@cwp/core';
import { Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { evaluationZhCN } from '../../evaluation/i18n';

type FieldText = (typeof evaluationZhCN)['fields'];
const C = 'content';

function weightSum(list: unknown): number {
  if (!Array.isArray(list)) return 0;
  let sum = 0;
  for (const item of list) {
    if (typeof item === 'object' && item !== null && 'weight' in item) {
      const w: unknown = item.weight;
      if (typeof w === 'number') sum += w;
    }
  }
  return Math.round(sum * 100) / 100;
}

export function EvaluationIndicatorsFields() {
  const { t, i18n } = useTranslation();
  const f = (k: keyof FieldText) => t(`evaluation.fields.${k}`);
  const form = Form.useFormInstance();
  const indicators: unknown = Form.useWatch([C, 'indicators'], form);
  const en = i18n.language === 'en';
  return (
    <Card size="small" title={f('indicators')} style={{ marginBottom: 16 }}>
      <Form.List name={[C, 'indicators']}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} align="end" wrap style={{ marginBottom: 8 }}>
                <Form.Item name={[field.name, 'code']} label={i === 0 ? f('code') : undefined}>
                  <Input style={{ width: 110 }} maxLength={32} />
                </Form.Item>
                <Form.Item name={[field.name, 'name']} label={i === 0 ? f('name') : undefined}>
                  <Input style={{ width: 200 }} maxLength={50} />
                </Form.Item>
                <Form.Item name={[field.name, 'weight']} label={i === 0 ? f('weight') : undefined}>
                  <InputNumber min={0} max={100} style={{ width: 80 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'source']} label={i === 0 ? f('source') : undefined}>
                  <Select
                    style={{ width: 110 }}
                    options={EVALUATION_SOURCES.map((s) => ({
                      value: s,
                      label: t(`evaluation.sources.${s}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'metric']} label={i === 0 ? f('metric') : undefined}>
                  <Select
                    allowClear
                    style={{ width: 210 }}
                    options={EVALUATION_METRICS.map((m) => ({
                      value: m,
                      label: en ? EVALUATION_METRIC_INFO[m].en : EVALUATION_METRIC_INFO[m].zh,
                      title: EVALUATION_METRIC_INFO[m].howZh,
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'parameter']}
                  label={i === 0 ? f('parameter') : undefined}
                >
                  <InputNumber min={0} style={{ width: 100 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'unit']} label={i === 0 ? f('unit') : undefined}>
                  <Input style={{ width: 70 }} maxLength={10} />
                </Form.Item>
                <Form.Item name={[field.name, 'target']} label={i === 0 ? f('target') : undefined}>
                  <InputNumber min={0} style={{ width: 90 }} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'scoring']}
                  label={i === 0 ? f('scoring') : undefined}
                >
                  <Select
                    style={{ width: 150 }}
                    options={EVALUATION_SCORING_METHODS.map((s) => ({
                      value: s,
                      label: t(`evaluation.scorings.${s}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item>
                  <MinusCircleOutlined
                    aria-label={f('remove')}
                    onClick={() => remove(field.name)}
                  />
                </Form.Item>
              </Space>
            ))}
            <Space>
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({
                    code: '',
                    name: '',
                    weight: 0,
                    source: 'entered',
                    metric: null,
                    parameter: null,
                    unit: '%',
                    target: 100,
                    scoring: 'linear',
                  })
                }
              >
                {f('add')}
              </Button>
              <Typography.Text type={weightSum(indicators) === 100 ? 'secondary' : 'warning'}>
                {t('evaluation.fields.weightSum', { sum: weightSum(indicators) })}
              </Typography.Text>
            </Space>
          </>
        )}
      </Form.List>
    </Card>
  );
}
