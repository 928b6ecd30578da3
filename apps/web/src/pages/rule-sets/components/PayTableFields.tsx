// Structured form of a pay table (薪酬标准): reference wage, named coefficients and the formula
// over them, the grade coefficient table, the base / performance split and performance factors,
// qualification allowances, the probation rule, and the employee and employer shares of the five
// insurances and the housing fund with the contribution base limits.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ASSESSMENT_RATINGS, INSURANCE_KINDS, PAY_FORMULA_VARIABLES } from '@cwp/core';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDictionaries } from '../../../components/useDictionaries';
import type { careerRulesZhCN } from '../../../i18n/career-rules.zh-CN';

type PayText = (typeof careerRulesZhCN)['form']['pay'];
const C = 'content';

export function PayTableFields() {
  const { t } = useTranslation();
  const dicts = useDictionaries();
  const form = Form.useFormInstance();
  const probationMode: unknown = Form.useWatch([C, 'probation', 'mode'], form);
  const f = (k: keyof PayText) => t(`careerRules.form.pay.${k}`);
  const remove = (onClick: () => void) => (
    <Form.Item>
      <MinusCircleOutlined aria-label={t('careerRules.form.remove')} onClick={onClick} />
    </Form.Item>
  );

  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'grades']} label={f('grades')}>
            <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'referenceWage']} label={f('referenceWage')}>
            <InputNumber min={0} precision={2} addonAfter="¥" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={[C, 'formula']}
            label={f('formula')}
            extra={t('careerRules.form.pay.formulaHint', {
              vars: PAY_FORMULA_VARIABLES.join(', '),
            })}
          >
            <Input maxLength={500} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={f('coefficients')} style={{ marginBottom: 16 }}>
            <Form.List name={[C, 'coefficients']}>
              {(fields, { add, remove: del }) => (
                <>
                  {fields.map((field, i) => (
                    <div key={field.key}>
                      <Space align="end" wrap>
                        <Form.Item
                          name={[field.name, 'name']}
                          label={i === 0 ? f('coefficientName') : undefined}
                        >
                          <Input style={{ width: 150, fontFamily: 'monospace' }} />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'label']}
                          label={i === 0 ? f('coefficientLabel') : undefined}
                        >
                          <Input style={{ width: 110 }} maxLength={20} />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'value']}
                          label={i === 0 ? f('value') : undefined}
                        >
                          <InputNumber min={0} style={{ width: 90 }} />
                        </Form.Item>
                        {remove(() => del(field.name))}
                      </Space>
                    </div>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('careerRules.form.add')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
          <Card size="small" title={f('split')} style={{ marginBottom: 16 }}>
            <Space wrap>
              <Form.Item name={[C, 'split', 'base']} label={f('base')}>
                <InputNumber min={0} max={1} step={0.05} />
              </Form.Item>
              <Form.Item name={[C, 'split', 'performance']} label={f('performance')}>
                <InputNumber min={0} max={1} step={0.05} />
              </Form.Item>
            </Space>
            <div style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">{f('performanceFactors')}</Typography.Text>
            </div>
            <Space wrap>
              {ASSESSMENT_RATINGS.map((r) => (
                <Form.Item
                  key={r}
                  name={[C, 'performanceFactors', r]}
                  label={t(`careerRules.form.ratings.${r}`)}
                >
                  <InputNumber min={0} max={5} step={0.1} style={{ width: 90 }} />
                </Form.Item>
              ))}
              <Form.Item name={[C, 'unratedPerformanceFactor']} label={f('unrated')}>
                <InputNumber min={0} max={5} step={0.1} style={{ width: 90 }} />
              </Form.Item>
            </Space>
          </Card>
          <Card size="small" title={f('allowances')} style={{ marginBottom: 16 }}>
            <Form.List name={[C, 'qualificationAllowances']}>
              {(fields, { add, remove: del }) => (
                <>
                  {fields.map((field, i) => (
                    <div key={field.key}>
                      <Space align="end" wrap>
                        <Form.Item
                          name={[field.name, 'qualification']}
                          label={i === 0 ? f('qualification') : undefined}
                        >
                          <Select
                            options={dicts.options('social_work_qualification')}
                            style={{ width: 170 }}
                          />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'amount']}
                          label={i === 0 ? f('amount') : undefined}
                        >
                          <InputNumber
                            min={0}
                            precision={2}
                            addonAfter="¥"
                            style={{ width: 140 }}
                          />
                        </Form.Item>
                        {remove(() => del(field.name))}
                      </Space>
                    </div>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('careerRules.form.add')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
          <Card size="small" title={f('probation')} style={{ marginBottom: 16 }}>
            <Space wrap align="end">
              <Form.Item name={[C, 'probation', 'mode']} label={f('probationMode')}>
                <Select
                  style={{ width: 180 }}
                  options={[
                    { value: 'percent', label: f('probationPercentMode') },
                    { value: 'grade_lower', label: f('probationGradeMode') },
                  ]}
                />
              </Form.Item>
              {probationMode === 'grade_lower' ? (
                <Form.Item name={[C, 'probation', 'grades']} label={f('probationGrades')}>
                  <InputNumber min={1} max={30} precision={0} />
                </Form.Item>
              ) : (
                <Form.Item name={[C, 'probation', 'percent']} label={f('probationPercent')}>
                  <InputNumber min={0} max={100} addonAfter="%" />
                </Form.Item>
              )}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={f('gradeCoefficients')} style={{ marginBottom: 16 }}>
            <Form.List name={[C, 'gradeCoefficients']}>
              {(fields, { add, remove: del }) => (
                <Row gutter={8}>
                  {fields.map((field) => (
                    <Col span={12} key={field.key}>
                      <Space align="baseline">
                        <Form.Item name={[field.name, 'grade']} noStyle>
                          <InputNumber
                            min={1}
                            max={30}
                            precision={0}
                            addonBefore={f('grade')}
                            style={{ width: 110 }}
                          />
                        </Form.Item>
                        <Form.Item name={[field.name, 'coefficient']}>
                          <InputNumber min={0} max={100} step={0.05} style={{ width: 90 }} />
                        </Form.Item>
                        <MinusCircleOutlined
                          aria-label={t('careerRules.form.remove')}
                          onClick={() => del(field.name)}
                        />
                      </Space>
                    </Col>
                  ))}
                  <Col span={24}>
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ grade: fields.length + 1 })}
                    >
                      {t('careerRules.form.add')}
                    </Button>
                  </Col>
                </Row>
              )}
            </Form.List>
          </Card>
          <Card size="small" title={f('insurance')} style={{ marginBottom: 16 }}>
            <Row gutter={8} style={{ marginBottom: 8 }}>
              <Col span={8} />
              <Col span={8}>
                <Typography.Text type="secondary">{f('employee')}</Typography.Text>
              </Col>
              <Col span={8}>
                <Typography.Text type="secondary">{f('employer')}</Typography.Text>
              </Col>
            </Row>
            {INSURANCE_KINDS.map((k) => (
              <Row gutter={8} key={k}>
                <Col span={8} style={{ paddingTop: 4 }}>
                  {t(`careerRules.form.insurance.${k}`)}
                </Col>
                <Col span={8}>
                  <Form.Item name={[C, 'insurance', k, 'employee']}>
                    <InputNumber min={0} max={1} step={0.005} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name={[C, 'insurance', k, 'employer']}>
                    <InputNumber min={0} max={1} step={0.005} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Space wrap>
              <Form.Item name={[C, 'contributionBase', 'floor']} label={f('baseFloor')}>
                <InputNumber min={0} precision={2} addonAfter="¥" />
              </Form.Item>
              <Form.Item name={[C, 'contributionBase', 'ceiling']} label={f('baseCeiling')}>
                <InputNumber min={0} precision={2} addonAfter="¥" />
              </Form.Item>
            </Space>
          </Card>
        </Col>
      </Row>
    </>
  );
}
