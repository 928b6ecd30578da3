// The disclosure form: title, text, period or event date, and for finance the income and spending
// rows with totals (entered in yuan, sent in fen); the server checks the totals add up and names
// the row or total that does not.
import { DISCLOSURE_KINDS, type CreateDisclosureBody } from '@cwp/contracts';
import {
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  type FormInstance,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';

export interface DisclosureFormValues {
  orgUnitId?: number;
  kind: CreateDisclosureBody['kind'];
  title: string;
  body?: string;
  periodKey?: string;
  eventDate?: Dayjs | null;
  correctionNote?: string;
  finance?: {
    rows: { category: string; direction: 'income' | 'spending'; amount: number }[];
    totalIncome: number;
    totalSpending: number;
    balance: number;
  };
}

const fen = (y: number | null | undefined) => Math.round((y ?? 0) * 100);

/** Converts the form (yuan) into the request body (fen). */
export function toBody(v: DisclosureFormValues) {
  return {
    title: v.title,
    body: v.body ?? '',
    periodKey: v.periodKey?.trim() || null,
    eventDate: v.eventDate ? v.eventDate.format('YYYY-MM-DD') : null,
    finance:
      v.kind === 'finance' && v.finance
        ? {
            rows: v.finance.rows.map((r) => ({ ...r, amount: fen(r.amount) })),
            totalIncome: fen(v.finance.totalIncome),
            totalSpending: fen(v.finance.totalSpending),
            balance: fen(v.finance.balance),
          }
        : null,
  };
}

export function DisclosureForm({
  form,
  mode,
}: {
  form: FormInstance<DisclosureFormValues>;
  mode: 'create' | 'edit' | 'correct';
}) {
  const { t } = useTranslation();
  const kind = Form.useWatch('kind', form);
  const fillTotals = () => {
    const rows = form.getFieldValue(['finance', 'rows']) as
      { direction: string; amount?: number }[] | undefined;
    const sum = (d: string) =>
      (rows ?? []).filter((r) => r.direction === d).reduce((s, r) => s + fen(r.amount), 0) / 100;
    const income = sum('income');
    const spending = sum('spending');
    form.setFieldValue(['finance', 'totalIncome'], income);
    form.setFieldValue(['finance', 'totalSpending'], spending);
    form.setFieldValue(['finance', 'balance'], Math.round((income - spending) * 100) / 100);
  };
  return (
    <>
      {mode === 'create' && (
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item
              name="orgUnitId"
              label={t('supervision.community')}
              rules={[{ required: true }]}
            >
              <OrgUnitTreeSelect selectableLevel="community" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="kind" label={t('supervision.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="disclosure-kind"
                options={DISCLOSURE_KINDS.map((k) => ({
                  value: k,
                  label: t(`supervision.kinds.${k}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
      )}
      {mode === 'correct' && (
        <Form.Item
          name="correctionNote"
          label={t('supervision.correctionNote')}
          rules={[{ required: true }]}
        >
          <Input maxLength={500} />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('supervision.title')} rules={[{ required: true }]}>
        <Input maxLength={200} data-testid="disclosure-title" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name="periodKey"
            label={t('supervision.period')}
            extra={t('supervision.periodHint')}
          >
            <Input maxLength={10} placeholder="2026-Q3" data-testid="disclosure-period" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="eventDate" label={t('supervision.eventDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="body" label={t('supervision.body')}>
        <Input.TextArea rows={4} maxLength={20000} />
      </Form.Item>
      {kind === 'finance' && (
        <>
          <Form.List name={['finance', 'rows']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'category']} rules={[{ required: true }]}>
                      <Input
                        placeholder={t('supervision.category')}
                        maxLength={60}
                        data-testid="finance-category"
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'direction']} initialValue="income">
                      <Select
                        style={{ width: 90 }}
                        options={[
                          { value: 'income', label: t('supervision.income') },
                          { value: 'spending', label: t('supervision.spending') },
                        ]}
                        data-testid="finance-direction"
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'amount']} rules={[{ required: true }]}>
                      <InputNumber
                        min={0}
                        precision={2}
                        placeholder={t('supervision.amount')}
                        data-testid="finance-amount"
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label="remove"
                    />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ direction: 'income' })}
                  data-testid="finance-add"
                >
                  {t('supervision.addRow')}
                </Button>
              </>
            )}
          </Form.List>
          <Row gutter={12} style={{ marginTop: 12 }}>
            {(['totalIncome', 'totalSpending', 'balance'] as const).map((k) => (
              <Col xs={24} md={8} key={k}>
                <Form.Item
                  name={['finance', k]}
                  label={t(`supervision.${k}`)}
                  rules={[{ required: true }]}
                >
                  <InputNumber
                    precision={2}
                    style={{ width: '100%' }}
                    data-testid={`finance-${k}`}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Button onClick={fillTotals} data-testid="finance-fill">
            {t('supervision.fillTotals')}
          </Button>
        </>
      )}
    </>
  );
}
