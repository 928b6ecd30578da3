// One pay slip: the worker's grade, rating and rule version, every line with its amount (earnings,
// deductions, net, adjustments, employer shares) and how the figures were reached.
import type { PayrollSlipDetail } from '@cwp/contracts';
import { Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuan } from './money';

const KIND_COLOR: Record<string, string> = {
  earning: 'blue',
  total: 'geekblue',
  deduction: 'orange',
  net: 'green',
  employer: 'default',
  adjustment: 'purple',
};

export function SlipView({ slip }: { slip: PayrollSlipDetail }) {
  const { t } = useTranslation();
  const masked = t('payroll.masked');
  return (
    <div data-testid="pay-slip">
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: 'name', label: t('payroll.worker'), children: slip.workerName },
          { key: 'month', label: t('payroll.month'), children: slip.month },
          { key: 'unit', label: t('payroll.community'), children: slip.orgUnitName },
          {
            key: 'grade',
            label: t('payroll.grade'),
            children:
              slip.payGrade === slip.grade
                ? slip.grade
                : `${slip.grade}（${t('payroll.payGrade')} ${slip.payGrade}）`,
          },
          {
            key: 'rating',
            label: t('payroll.rating'),
            children:
              slip.rating && slip.ratingYear
                ? t('payroll.ratingValue', {
                    year: slip.ratingYear,
                    rating: t(`payroll.ratings.${slip.rating}`, { defaultValue: slip.rating }),
                  })
                : t('payroll.noRating'),
          },
          {
            key: 'probation',
            label: t('payroll.probation'),
            children: slip.probation ? <Tag color="orange">{t('payroll.probation')}</Tag> : '—',
          },
          {
            key: 'rule',
            label: t('payroll.rule'),
            span: 2,
            children: t('payroll.ruleVersion', {
              name: slip.rule.name,
              version: slip.rule.versionNo,
            }),
          },
          {
            key: 'paid',
            label: t('payroll.paid'),
            span: 2,
            children: (
              <Typography.Text strong data-testid="slip-paid">
                {yuan(slip.paid, masked)}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Table
        style={{ marginTop: 12 }}
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={slip.lines}
        columns={[
          {
            title: t('payroll.lines'),
            dataIndex: 'label',
            render: (label: string, l) => (
              <span>
                <Tag color={KIND_COLOR[l.kind]}>{t(`payroll.lineKinds.${l.kind}`)}</Tag>
                {label}
              </span>
            ),
          },
          {
            title: t('payroll.amount'),
            dataIndex: 'amount',
            align: 'right',
            render: (v: number | null, l) => (
              <span data-testid={`slip-line-${l.code}`}>
                {l.kind === 'total' || l.kind === 'net' ? (
                  <b>{yuan(v, masked)}</b>
                ) : (
                  yuan(v, masked)
                )}
              </span>
            ),
          },
        ]}
      />
      {slip.notes.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('payroll.notes')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {slip.notes.map((n) => (
              <li key={n}>
                <Typography.Text type="secondary">{n}</Typography.Text>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
