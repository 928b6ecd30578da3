// Structured form of the training requirements (培训要求): ordered rules (posts and worker
// categories they apply to, window in years, minimum trainings and hours in the window) and the
// yearly hours for the post certificate. The first rule matching a worker governs.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDictionaries } from '../../../components/useDictionaries';
import type { trainingZhCN } from '../../training/i18n';

type RuleText = (typeof trainingZhCN)['ruleForm'];
const C = 'content';

export function TrainingRequirementsFields() {
  const { t } = useTranslation();
  const dicts = useDictionaries();
  const f = (k: keyof RuleText) => t(`training.ruleForm.${k}`);
  const postOptions = dicts.options('post');
  const categoryOptions = dicts.options('worker_category');
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={[C, 'certificateHours']} label={f('certificateHours')}>
            <InputNumber min={0} max={1000} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Card size="small" title={f('rules')} style={{ marginBottom: 16 }}>
        <Form.List name={[C, 'rules']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key} data-testid={`training-rule-${i}`}>
                  <Space align="end" wrap>
                    <Form.Item name={[field.name, 'code']} label={i === 0 ? f('code') : undefined}>
                      <Input style={{ width: 140 }} maxLength={32} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'posts']}
                      label={i === 0 ? f('posts') : undefined}
                    >
                      <Select
                        mode={postOptions.length > 0 ? 'multiple' : 'tags'}
                        options={postOptions}
                        style={{ width: 200 }}
                        allowClear
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'categories']}
                      label={i === 0 ? f('categories') : undefined}
                    >
                      <Select
                        mode={categoryOptions.length > 0 ? 'multiple' : 'tags'}
                        options={categoryOptions}
                        style={{ width: 200 }}
                        allowClear
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'periodYears']}
                      label={i === 0 ? f('periodYears') : undefined}
                    >
                      <InputNumber min={1} max={5} precision={0} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'minTrainings']}
                      label={i === 0 ? f('minTrainings') : undefined}
                    >
                      <InputNumber min={0} max={100} precision={0} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'minHours']}
                      label={i === 0 ? f('minHours') : undefined}
                    >
                      <InputNumber min={0} max={1000} step={0.5} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item>
                      <MinusCircleOutlined
                        aria-label={f('remove')}
                        onClick={() => remove(field.name)}
                      />
                    </Form.Item>
                  </Space>
                </div>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({
                    code: '',
                    posts: [],
                    categories: [],
                    periodYears: 1,
                    minTrainings: 1,
                    minHours: 0,
                  })
                }
              >
                {f('add')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
    </>
  );
}
