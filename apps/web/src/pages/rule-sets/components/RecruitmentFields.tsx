// Structured form of the recruitment conditions (选聘条件): age range and the date it is computed
// at, minimum education, majors, household registration, qualification, score weights, the tie
// rule, the public notice period and probation.
import { AGE_REFERENCE_DATES, TIE_BREAK_RULES } from '@cwp/core';
import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDictionaries } from '../../../components/useDictionaries';
import type { careerRulesZhCN } from '../../../i18n/career-rules.zh-CN';

type RecruitText = (typeof careerRulesZhCN)['form']['recruit'];
const C = 'content';

export function RecruitmentFields() {
  const { t } = useTranslation();
  const dicts = useDictionaries();
  const f = (k: keyof RecruitText) => t(`careerRules.form.recruit.${k}`);
  const number = (k: 'ageMin' | 'ageMax' | 'publicNoticeWorkingDays' | 'probationMonths') => (
    <Col xs={24} md={6} key={k}>
      <Form.Item name={[C, k]} label={f(k)}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
  return (
    <>
      <Row gutter={16}>
        {number('ageMin')}
        {number('ageMax')}
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'ageReference']} label={f('ageReference')}>
            <Select
              options={AGE_REFERENCE_DATES.map((d) => ({
                value: d,
                label: t(`careerRules.form.ageReferences.${d}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'minEducation']} label={f('minEducation')}>
            <Select options={dicts.options('education')} showSearch optionFilterProp="label" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={[C, 'majors']} label={f('majors')} extra={f('majorsHint')}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'householdRegistration']} label={f('householdRegistration')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'requiredQualification']} label={f('requiredQualification')}>
            <Select allowClear options={dicts.options('social_work_qualification')} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'weights', 'writtenExam']} label={f('writtenWeight')}>
            <InputNumber min={0} max={1} step={0.05} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'weights', 'interview']} label={f('interviewWeight')}>
            <InputNumber min={0} max={1} step={0.05} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={[C, 'tieBreak']} label={f('tieBreak')}>
            <Select
              options={TIE_BREAK_RULES.map((r) => ({
                value: r,
                label: t(`careerRules.form.tieBreaks.${r}`),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        {number('publicNoticeWorkingDays')}
        {number('probationMonths')}
      </Row>
    </>
  );
}
