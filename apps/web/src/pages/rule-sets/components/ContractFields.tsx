// Structured form of the contract parameters (劳动合同参数): terms, probation, expiry reminders and
// when the next contract becomes open-ended.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, InputNumber, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';

import type { careerRulesZhCN } from '../../../i18n/career-rules.zh-CN';

type ContractText = (typeof careerRulesZhCN)['form']['contract'];
const C = 'content';

export function ContractFields() {
  const { t } = useTranslation();
  const f = (k: keyof ContractText) => t(`careerRules.form.contract.${k}`);
  return (
    <>
      <Row gutter={16}>
        {(
          [
            'firstTermYears',
            'renewalTermYears',
            'probationMonths',
            'openEndedAfterFixedTerms',
          ] as const
        ).map((k) => (
          <Col xs={24} md={6} key={k}>
            <Form.Item name={[C, k]} label={f(k)}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item label={f('reminderDaysBeforeExpiry')}>
        <Form.List name={[C, 'reminderDaysBeforeExpiry']}>
          {(fields, { add, remove }) => (
            <Space wrap>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={field.name} noStyle>
                    <InputNumber min={1} max={365} precision={0} addonAfter={f('days')} />
                  </Form.Item>
                  <MinusCircleOutlined
                    aria-label={t('careerRules.form.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                {t('careerRules.form.add')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}
