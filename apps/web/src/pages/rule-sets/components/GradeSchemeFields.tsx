// Structured form of a grade scheme (岗位等级序列): posts × grade ranges, years per step (per post
// where it differs), years credited for education, extra grades per qualification, promotion rule.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ASSESSMENT_RATINGS, ASSESSMENT_RATING_LABELS, QUALIFICATION_BONUS_MODES } from '@cwp/core';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDictionaries } from '../../../components/useDictionaries';

import type { careerRulesZhCN } from '../../../i18n/career-rules.zh-CN';

type GradeText = (typeof careerRulesZhCN)['form']['grade'];
const C = 'content';

export function GradeSchemeFields() {
  const { t } = useTranslation();
  const dicts = useDictionaries();
  const f = (k: keyof GradeText) => t(`careerRules.form.grade.${k}`);
  const educationOptions = dicts.options('education');
  const qualificationOptions = dicts.options('social_work_qualification');
  const postOptions = dicts.options('post');

  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'grades']} label={f('grades')}>
            <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[C, 'yearsPerStep']} label={f('yearsPerStep')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Card size="small" title={f('posts')} style={{ marginBottom: 16 }}>
        <Form.List name={[C, 'posts']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key}>
                  <Space align="end" wrap>
                    <Form.Item
                      name={[field.name, 'code']}
                      label={i === 0 ? f('postCode') : undefined}
                    >
                      {postOptions.length > 0 ? (
                        <Select options={postOptions} style={{ width: 140 }} showSearch />
                      ) : (
                        <Input style={{ width: 120 }} />
                      )}
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'label']}
                      label={i === 0 ? f('postLabel') : undefined}
                    >
                      <Input style={{ width: 110 }} maxLength={20} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'minGrade']}
                      label={i === 0 ? f('minGrade') : undefined}
                    >
                      <InputNumber min={1} max={30} precision={0} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'maxGrade']}
                      label={i === 0 ? f('maxGrade') : undefined}
                    >
                      <InputNumber min={1} max={30} precision={0} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'yearsPerStep']}
                      label={i === 0 ? f('postYearsPerStep') : undefined}
                    >
                      <InputNumber min={0} placeholder={f('inherit')} />
                    </Form.Item>
                    <Form.Item>
                      <MinusCircleOutlined
                        aria-label={t('careerRules.form.remove')}
                        onClick={() => remove(field.name)}
                      />
                    </Form.Item>
                  </Space>
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {f('addPost')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={f('educationCredits')} style={{ marginBottom: 16 }}>
            <Form.List name={[C, 'educationCredits']}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => (
                    <div key={field.key}>
                      <Space align="end" wrap>
                        <Form.Item
                          name={[field.name, 'education']}
                          label={i === 0 ? f('education') : undefined}
                        >
                          {educationOptions.length > 0 ? (
                            <Select options={educationOptions} style={{ width: 180 }} showSearch />
                          ) : (
                            <Input style={{ width: 80 }} />
                          )}
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'years']}
                          label={i === 0 ? f('creditYears') : undefined}
                        >
                          <InputNumber min={0} />
                        </Form.Item>
                        <Form.Item>
                          <MinusCircleOutlined
                            aria-label={t('careerRules.form.remove')}
                            onClick={() => remove(field.name)}
                          />
                        </Form.Item>
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
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={f('qualificationBonuses')} style={{ marginBottom: 16 }}>
            <Form.List name={[C, 'qualificationBonuses']}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => (
                    <div key={field.key}>
                      <Space align="end" wrap>
                        <Form.Item
                          name={[field.name, 'qualification']}
                          label={i === 0 ? f('qualification') : undefined}
                        >
                          {qualificationOptions.length > 0 ? (
                            <Select options={qualificationOptions} style={{ width: 160 }} />
                          ) : (
                            <Input style={{ width: 120 }} />
                          )}
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'grades']}
                          label={i === 0 ? f('bonusGrades') : undefined}
                        >
                          <InputNumber min={0} precision={0} />
                        </Form.Item>
                        <Form.Item>
                          <MinusCircleOutlined
                            aria-label={t('careerRules.form.remove')}
                            onClick={() => remove(field.name)}
                          />
                        </Form.Item>
                      </Space>
                    </div>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('careerRules.form.add')}
                  </Button>
                </>
              )}
            </Form.List>
            <Space wrap style={{ marginTop: 12 }}>
              <Form.Item name={[C, 'qualificationBonusMode']} label={f('bonusMode')}>
                <Select
                  style={{ width: 160 }}
                  options={QUALIFICATION_BONUS_MODES.map((m) => ({
                    value: m,
                    label: t(`careerRules.form.bonusModes.${m}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name={[C, 'bonusMayExceedPostMax']}
                label={f('mayExceed')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Space>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={f('promotion')}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={[C, 'promotion', 'requiredRatings']} label={f('requiredRatings')}>
              <Select
                mode="multiple"
                options={ASSESSMENT_RATINGS.map((r) => ({
                  value: r,
                  label: t(`careerRules.form.ratings.${r}`, {
                    defaultValue: ASSESSMENT_RATING_LABELS[r],
                  }),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={[C, 'promotion', 'effectiveMonth']} label={f('effectiveMonth')}>
              <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </>
  );
}
