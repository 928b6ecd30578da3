// A table of labour contracts, used by the /contracts list (with the worker and unit columns and
// row selection) and by the dossier tab (one worker's history).
import type { LaborContractView } from '@cwp/contracts';
import { Button, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

const STATUS_COLOR = { active: 'green', renewed: 'default', terminated: 'red' } as const;

export function ExpiryTag({ days }: { days: number | null }) {
  const { t } = useTranslation();
  if (days === null) return <>—</>;
  if (days < 0) return <Tag color="red">{t('contracts.expired')}</Tag>;
  return (
    <Tag color={days <= 30 ? 'red' : days <= 60 ? 'orange' : 'default'}>
      {t('contracts.daysValue', { days })}
    </Tag>
  );
}

export function ContractTable({
  items,
  loading,
  withWorker,
  canManage,
  onRenew,
  onTerminate,
  selection,
  pagination,
}: {
  items: LaborContractView[];
  loading?: boolean;
  withWorker?: boolean;
  canManage: boolean;
  onRenew(c: LaborContractView): void;
  onTerminate(c: LaborContractView): void;
  selection?: { keys: number[]; onChange(keys: number[]): void };
  pagination?:
    | false
    | {
        current: number;
        pageSize: number;
        total: number;
        /** The total was counted only up to the cap (LIST_COUNT_CAP). */
        totalCapped?: boolean;
        onChange(p: number, s: number): void;
      };
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<LaborContractView> = [
    ...(withWorker
      ? [
          {
            title: t('contracts.worker'),
            key: 'worker',
            render: (_: unknown, c: LaborContractView) => (
              <Link to={`/workers/${c.workerId}?tab=contracts`}>{c.workerName}</Link>
            ),
          },
          { title: t('contracts.workerUnit'), dataIndex: 'workerUnitName', key: 'unit' },
        ]
      : []),
    {
      title: t('contracts.seq'),
      dataIndex: 'seq',
      key: 'seq',
      render: (seq: number) => t('contracts.seqValue', { seq }),
    },
    {
      title: t('contracts.type'),
      dataIndex: 'type',
      key: 'type',
      render: (v: LaborContractView['type']) => t(`contracts.types.${v}`),
    },
    {
      title: t('contracts.period'),
      key: 'period',
      render: (_: unknown, c) => `${c.startDate} ~ ${c.endDate ?? '—'}`,
    },
    {
      title: t('contracts.probation'),
      key: 'probation',
      render: (_: unknown, c) =>
        c.probationMonths > 0
          ? t('contracts.probationValue', { months: c.probationMonths, end: c.probationEnd })
          : t('contracts.noProbation'),
    },
    {
      title: t('contracts.status'),
      dataIndex: 'status',
      key: 'status',
      render: (v: LaborContractView['status'], c) => (
        <Tooltip
          title={
            c.status === 'terminated'
              ? `${c.terminationDate ?? ''} ${c.terminationReason ?? ''}`
              : undefined
          }
        >
          <Tag color={STATUS_COLOR[v]}>{t(`contracts.statuses.${v}`)}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t('contracts.daysToExpiry'),
      dataIndex: 'daysToExpiry',
      key: 'days',
      render: (d: number | null) => <ExpiryTag days={d} />,
    },
    { title: t('contracts.signingUnit'), dataIndex: 'signingUnitName', key: 'signing' },
    {
      title: t('contracts.rule'),
      key: 'rule',
      render: (_: unknown, c) =>
        c.ruleSet
          ? t('contracts.ruleValue', { name: c.ruleSet.name, version: c.ruleSet.versionNo })
          : '—',
    },
  ];
  if (canManage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, c) =>
        c.status === 'active' ? (
          <Space size={0}>
            {c.type === 'fixed_term' ? (
              <Button type="link" size="small" onClick={() => onRenew(c)}>
                {t('contracts.renew')}
              </Button>
            ) : null}
            <Button type="link" size="small" danger onClick={() => onTerminate(c)}>
              {t('contracts.terminate')}
            </Button>
          </Space>
        ) : null,
    });
  return (
    <Table<LaborContractView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading ?? false}
      scroll={{ x: true }}
      locale={{ emptyText: t('contracts.noContracts') }}
      pagination={
        pagination === undefined || pagination === false
          ? false
          : {
              current: pagination.current,
              pageSize: pagination.pageSize,
              total: pagination.total,
              showTotal: (total) =>
                pagination.totalCapped
                  ? t('common.totalCapped', { total })
                  : t('common.total', { total }),
              onChange: pagination.onChange,
            }
      }
      {...(selection
        ? {
            rowSelection: {
              selectedRowKeys: selection.keys,
              onChange: (keys) => selection.onChange(keys.map(Number)),
              getCheckboxProps: (c: LaborContractView) => ({
                disabled: c.status !== 'active' || c.type !== 'fixed_term',
              }),
            },
          }
        : {})}
    />
  );
}
