// Read-only parts of a run's detail: totals by component, by community, the workers that could
// not be computed, and the approval history.
import type { PayrollRunDetail } from '@cwp/contracts';
import { PAYROLL_COMPONENTS } from '@cwp/contracts';
import { Descriptions, Empty, Table, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuan } from './money';

export function ComponentsTab({ run }: { run: PayrollRunDetail }) {
  const { t } = useTranslation();
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={2}
        items={PAYROLL_COMPONENTS.map((c) => ({
          key: c,
          label: t(`payroll.components.${c}`),
          children: yuan(run.components[c]),
        }))}
      />
      <Descriptions
        style={{ marginTop: 12 }}
        size="small"
        column={1}
        items={[
          {
            key: 'rules',
            label: t('payroll.rulesUsed'),
            children: run.rulesUsed.map((r) => (
              <Tag key={r.ruleSetId}>
                {t('payroll.ruleVersion', { name: r.name, version: r.versionNo })} ·{' '}
                {t('payroll.rulesUsedCount', { count: r.workers })}
              </Tag>
            )),
          },
        ]}
      />
    </>
  );
}

export function CommunitiesTab({ run }: { run: PayrollRunDetail }) {
  const { t } = useTranslation();
  return (
    <Table
      rowKey="orgUnitId"
      size="small"
      pagination={false}
      dataSource={run.byCommunity}
      scroll={{ x: 900 }}
      columns={[
        { title: t('payroll.community'), dataIndex: 'name' },
        { title: t('payroll.workers'), dataIndex: 'workers', align: 'right' },
        ...(['basePay', 'performancePay', 'allowance', 'grossPay', 'employerTotal'] as const).map(
          (c) => ({
            title: t(`payroll.components.${c}`),
            key: c,
            align: 'right' as const,
            render: (_: unknown, r: PayrollRunDetail['byCommunity'][number]) =>
              yuan(r.components[c]),
          }),
        ),
        {
          title: t('payroll.paid'),
          key: 'paid',
          align: 'right',
          render: (_, r) => yuan(r.components.netPay + r.components.adjustmentTotal),
        },
      ]}
    />
  );
}

export function ProblemsTab({ run }: { run: PayrollRunDetail }) {
  const { t } = useTranslation();
  return (
    <Table
      rowKey="workerId"
      size="small"
      dataSource={run.problems}
      columns={[
        { title: t('payroll.worker'), dataIndex: 'name' },
        { title: t('payroll.notes'), dataIndex: 'message' },
      ]}
    />
  );
}

export function ApprovalTab({ run }: { run: PayrollRunDetail }) {
  const { t } = useTranslation();
  if (!run.approval) return <Empty description={t('payroll.noApproval')} />;
  return (
    <Timeline
      items={run.approval.events.map((e) => ({
        key: e.id,
        color: e.kind === 'approve' ? 'green' : e.kind === 'return' ? 'red' : 'blue',
        children: (
          <span data-testid="payroll-approval-event">
            <b>{t(`payroll.approvalEvents.${e.kind}`)}</b> · {e.actor?.displayName ?? ''} ·{' '}
            {new Date(e.at).toLocaleString()}
            {e.comment ? `：${e.comment}` : ''}
          </span>
        ),
      }))}
    />
  );
}
