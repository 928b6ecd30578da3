// Structured form of a staffing standard (配备标准): by population, by household bands with a step
// beyond the last band, or the larger / smaller of both; floor and cap per community.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ROUNDING_MODES, STAFFING_CONTROL_LEVELS, STAFFING_METHODS } from '@cwp/core';
import { Button, Card, Col, Form, InputNumber, Row, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';

import type { careerRulesZhCN } from '../../../i18n/career-rules.zh-CN';

type StaffingText = (typeof careerRulesZhCN)['form']['staffing'];
const C = 'content';

export function StaffingStandardFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const population = Form.useWatch(['enabled', 'population'], form) === true;
  const households = Form.useWatch(['enabled', 'households'], form) === true;
  const beyond = Form.useWatch(['enabled', 'beyond'], form) === true;
  const rounding = ROUNDING_MODES.map((m) => ({
    value: m,
    label: t(`careerRules.form.rounding.${m}`),
  }));
  const f = (k: keyof StaffingText) => t(`careerRules.form.staffing.${k}`);

  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={[C, 'method']} label={f('method')}>
            <Select
              options={STAFFING_METHODS.map((m) => ({
                value: m,
                label: t(`careerRules.form.methods.${m}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[C, 'controlLevel']} label={f('controlLevel')}>
            <Select
              options={STAFFING_CONTROL_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={[C, 'minPerCommunity']} label={f('minPerCommunity')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[C, 'capPerCommunity']} label={f('capPerCommunity')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="field-cap" />
          </Form.Item>
        </Col>
      </Row>

      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title={
          <Space>
            <Form.Item name={['enabled', 'population']} valuePropName="checked" noStyle>
              <Switch size="small" />
            </Form.Item>
            {f('population')}
          </Space>
        }
      >
        {population ? (
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name={[C, 'population', 'workers']} label={f('workers')}>
                <InputNumber min={0} style={{ width: '100%' }} data-testid="population-workers" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={[C, 'population', 'perResidents']} label={f('perResidents')}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={[C, 'population', 'rounding']} label={f('rounding')}>
                <Select options={rounding} />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <span className="ant-form-text">{f('off')}</span>
        )}
      </Card>

      <Card
        size="small"
        title={
          <Space>
            <Form.Item name={['enabled', 'households']} valuePropName="checked" noStyle>
              <Switch size="small" />
            </Form.Item>
            {f('households')}
          </Space>
        }
      >
        {households ? (
          <>
            <Form.List name={[C, 'households', 'bands']}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => (
                    <div key={field.key}>
                      <Space align="end" wrap data-testid={`band-${i}`}>
                        <Form.Item label={i === 0 ? ' ' : undefined} colon={false}>
                          <span>{t('careerRules.form.staffing.band', { n: i + 1 })}</span>
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'upTo']}
                          label={i === 0 ? f('upTo') : undefined}
                        >
                          <InputNumber min={1} precision={0} data-testid={`band-${i}-upTo`} />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'posts']}
                          label={i === 0 ? f('posts') : undefined}
                        >
                          <InputNumber min={0} precision={0} data-testid={`band-${i}-posts`} />
                        </Form.Item>
                        {fields.length > 1 && (
                          <Form.Item>
                            <MinusCircleOutlined
                              aria-label={t('careerRules.form.remove')}
                              onClick={() => remove(field.name)}
                            />
                          </Form.Item>
                        )}
                      </Space>
                    </div>
                  ))}
                  <Form.Item>
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ upTo: undefined, posts: undefined })}
                    >
                      {f('addBand')}
                    </Button>
                  </Form.Item>
                </>
              )}
            </Form.List>
            <Space align="baseline" wrap>
              <Form.Item name={['enabled', 'beyond']} valuePropName="checked" noStyle>
                <Switch size="small" />
              </Form.Item>
              <span>{f('beyond')}</span>
              {beyond && (
                <>
                  <Form.Item
                    name={[C, 'households', 'beyond', 'everyHouseholds']}
                    label={f('every')}
                  >
                    <InputNumber min={1} precision={0} />
                  </Form.Item>
                  <Form.Item name={[C, 'households', 'beyond', 'posts']} label={f('plusPosts')}>
                    <InputNumber min={1} precision={0} />
                  </Form.Item>
                  <Form.Item name={[C, 'households', 'beyond', 'rounding']} label={f('rounding')}>
                    <Select options={rounding} style={{ width: 120 }} />
                  </Form.Item>
                </>
              )}
            </Space>
          </>
        ) : (
          <span className="ant-form-text">{f('off')}</span>
        )}
      </Card>
    </>
  );
}
