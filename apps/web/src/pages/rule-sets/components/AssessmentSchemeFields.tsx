// Structured form of an assessment scheme (考核方案): cycles run, dimension and source weights,
// rating thresholds, vetoes (satisfaction, unexcused absence), the cap on "excellent", the appeal
// window and the effect rules. Labels come from the assessment-cycle screens' texts.
import {
  ASSESSMENT_DIMENSIONS,
  ASSESSMENT_FREQUENCIES,
  ASSESSMENT_RATINGS,
  ASSESSMENT_SCORE_SOURCES,
} from '@cwp/core';
import { Checkbox, Col, Divider, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';

const C = 'content';
const pct = { min: 0, max: 100, style: { width: '100%' } } as const;

export function AssessmentSchemeFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name={[C, 'frequencies']} label={t('assessmentCycles.frequencies')}>
        <Checkbox.Group
          options={ASSESSMENT_FREQUENCIES.map((f) => ({
            value: f,
            label: t(`assessmentCycles.frequencyLabels.${f}`),
          }))}
        />
      </Form.Item>
      <Divider orientation="left">{t('assessmentCycles.dimensionWeights')}</Divider>
      <Row gutter={16}>
        {ASSESSMENT_DIMENSIONS.map((d) => (
          <Col xs={24} md={8} key={d}>
            <Form.Item
              name={[C, 'dimensionWeights', d]}
              label={t(`assessmentCycles.dimensions.${d}`)}
            >
              <InputNumber {...pct} addonAfter="%" />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Divider orientation="left">{t('assessmentCycles.sourceWeights')}</Divider>
      <Row gutter={16}>
        {ASSESSMENT_SCORE_SOURCES.map((s) => (
          <Col xs={24} md={8} key={s}>
            <Form.Item name={[C, 'sourceWeights', s]} label={t(`assessmentCycles.sources.${s}`)}>
              <InputNumber {...pct} addonAfter="%" />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Divider orientation="left">{t('assessmentCycles.thresholds')}</Divider>
      <Row gutter={16}>
        {(['excellent', 'competent', 'basically_competent'] as const).map((r) => (
          <Col xs={24} md={8} key={r}>
            <Form.Item name={[C, 'thresholds', r]} label={t(`assessmentCycles.ratings.${r}`)}>
              <InputNumber {...pct} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item
            name={[C, 'vetoes', 'minSatisfactionPct']}
            label={t('assessmentCycles.vetoSatisfaction')}
          >
            <InputNumber {...pct} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name={[C, 'vetoes', 'maxUnexcusedAbsenceDays']}
            label={t('assessmentCycles.vetoAbsence')}
          >
            <InputNumber min={0} max={366} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'excellentCapPct']} label={t('assessmentCycles.cap')}>
            <InputNumber {...pct} addonAfter="%" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'appealWindowDays']} label={t('assessmentCycles.appealWindow')}>
            <InputNumber min={1} max={90} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Divider orientation="left">{t('assessmentCycles.effects')}</Divider>
      <Form.Item
        name={[C, 'effects', 'promotionRatings']}
        label={t('assessmentCycles.promotionRatings')}
      >
        <Select
          mode="multiple"
          options={ASSESSMENT_RATINGS.map((r) => ({
            value: r,
            label: t(`assessmentCycles.ratings.${r}`),
          }))}
        />
      </Form.Item>
      <Row gutter={16}>
        {ASSESSMENT_RATINGS.map((r) => (
          <Col xs={12} md={6} key={r}>
            <Form.Item
              name={[C, 'effects', 'payLevels', r]}
              label={`${t('assessmentCycles.payLevels')} · ${t(`assessmentCycles.ratings.${r}`)}`}
            >
              <Input maxLength={20} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name={[C, 'effects', 'incompetentEndsContract']}
            label={t('assessmentCycles.incompetentEnds')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={[C, 'effects', 'basicallyCompetentLimitPerTerm']}
            label={t('assessmentCycles.bcLimit')}
          >
            <InputNumber min={0} max={10} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
