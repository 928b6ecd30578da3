// /payroll/budget: the annual budget of a unit's current workforce month by month under the pay
// table in force each month (chart and table, per component), and the what-if comparing two
// pay-table versions (total cost under each, counts up/down and the largest per-worker changes).
import type { BudgetForecast, RuleSetSummary, WhatIfResult } from '@cwp/contracts';
import {
  Button,
  Card,
  Col,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { payrollApi } from './api';
import { BudgetChart } from './components/BudgetChart';
import { yuan } from './components/money';

const COMPONENTS = [
  'basePay',
  'performancePay',
  'allowance',
  'grossPay',
  'employeeTotal',
  'employerTotal',
  'totalCost',
] as const;

type MonthRow = BudgetForecast['months'][number];

export function PayrollBudgetPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const onError = useRequestError();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>(user?.orgUnit.id);
  const [year, setYear] = useState(dayjs().year());
  const [forecast, setForecast] = useState<BudgetForecast | null>(null);
  const [tables, setTables] = useState<RuleSetSummary[]>([]);
  const [base, setBase] = useState<number | undefined>();
  const [alt, setAlt] = useState<number | undefined>();
  const [whatIf, setWhatIf] = useState<WhatIfResult | null>(null);
  const [busy, setBusy] = useState<'forecast' | 'whatIf' | null>(null);

  useEffect(() => {
    payrollApi
      .payTables()
      .then((p) => setTables(p.items.filter((r) => r.status !== 'withdrawn')))
      .catch(onError);
  }, [onError]);

  const runForecast = async () => {
    if (!orgUnitId) return;
    setBusy('forecast');
    try {
      setForecast(await payrollApi.budget(orgUnitId, year));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(null);
    }
  };
  const runWhatIf = async () => {
    if (!orgUnitId || !base || !alt) return;
    setBusy('whatIf');
    try {
      setWhatIf(await payrollApi.whatIf(orgUnitId, base, alt));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(null);
    }
  };

  const ruleOptions = tables.map((r) => ({
    value: r.id,
    label: `${r.orgUnitName} · ${t('payroll.ruleVersion', { name: r.name, version: r.versionNo })} · ${r.effectiveFrom}`,
  }));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4}>{t('payroll.budgetTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('payroll.budgetIntro')}</Typography.Paragraph>
        <Space wrap>
          <OrgUnitTreeSelect
            value={orgUnitId ?? null}
            onChange={setOrgUnitId}
            placeholder={t('payroll.chooseUnit')}
            style={{ width: 280 }}
          />
        </Space>
      </Card>
      <Card title={t('payroll.forecast')}>
        <Space wrap style={{ marginBottom: 16 }}>
          <span>{t('payroll.year')}</span>
          <InputNumber min={2000} max={2099} value={year} onChange={(v) => v && setYear(v)} />
          <Button
            type="primary"
            loading={busy === 'forecast'}
            disabled={!orgUnitId}
            onClick={() => void runForecast()}
            data-testid="payroll-forecast"
          >
            {t('payroll.run')}
          </Button>
        </Space>
        {forecast && (
          <>
            <Typography.Paragraph>
              {forecast.orgUnitName} {forecast.year} ·{' '}
              {t('payroll.forecastWorkers', {
                workers: forecast.workers,
                skipped: forecast.skipped,
              })}
            </Typography.Paragraph>
            <BudgetChart forecast={forecast} />
            <Table<MonthRow>
              rowKey="month"
              size="small"
              pagination={false}
              dataSource={forecast.months}
              scroll={{ x: 1300 }}
              columns={[
                { title: t('payroll.monthCol'), dataIndex: 'month', width: 100, fixed: 'left' },
                { title: t('payroll.workers'), dataIndex: 'workers', width: 70, align: 'right' },
                ...COMPONENTS.map((c) => ({
                  title: t(`payroll.components.${c}`),
                  key: c,
                  align: 'right' as const,
                  render: (_: unknown, m: MonthRow) => yuan(m.components[c]),
                })),
                {
                  title: t('payroll.rule'),
                  key: 'rules',
                  render: (_: unknown, m: MonthRow) =>
                    m.rules.map((r) => (
                      <Tag key={r.ruleSetId}>
                        {r.name} v{r.versionNo}
                      </Tag>
                    )),
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <b>{t('payroll.forecastTotal')}</b>
                  </Table.Summary.Cell>
                  {COMPONENTS.map((c, i) => (
                    <Table.Summary.Cell key={c} index={i + 2} align="right">
                      <b data-testid={`payroll-forecast-total-${c}`}>{yuan(forecast.total[c])}</b>
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={COMPONENTS.length + 2} />
                </Table.Summary.Row>
              )}
            />
          </>
        )}
      </Card>
      <Card title={t('payroll.whatIf')}>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            style={{ width: 360 }}
            placeholder={t('payroll.baseRule')}
            options={ruleOptions}
            value={base}
            onChange={setBase}
          />
          <Select
            style={{ width: 360 }}
            placeholder={t('payroll.altRule')}
            options={ruleOptions}
            value={alt}
            onChange={setAlt}
          />
          <Button
            type="primary"
            disabled={!orgUnitId || !base || !alt}
            loading={busy === 'whatIf'}
            onClick={() => void runWhatIf()}
          >
            {t('payroll.compare')}
          </Button>
        </Space>
        {whatIf && <WhatIfView result={whatIf} />}
      </Card>
    </Space>
  );
}

function WhatIfView({ result }: { result: WhatIfResult }) {
  const { t } = useTranslation();
  const masked = t('payroll.masked');
  return (
    <>
      <Row gutter={16}>
        <Col span={6}>
          <Statistic
            title={`${t('payroll.baseRule')} · ${t('payroll.monthlyCost')}`}
            value={yuan(result.base.monthly.totalCost)}
          />
        </Col>
        <Col span={6}>
          <Statistic
            title={`${t('payroll.altRule')} · ${t('payroll.monthlyCost')}`}
            value={yuan(result.alt.monthly.totalCost)}
          />
        </Col>
        <Col span={6}>
          <Statistic
            title={t('payroll.monthlyDifference')}
            value={yuan(result.monthlyDifference)}
          />
        </Col>
        <Col span={6}>
          <Statistic title={t('payroll.annualDifference')} value={yuan(result.annualDifference)} />
        </Col>
      </Row>
      <Space style={{ margin: '12px 0' }}>
        <Tag color="red">{t('payroll.increased', { count: result.increased })}</Tag>
        <Tag color="green">{t('payroll.decreased', { count: result.decreased })}</Tag>
        <Tag>{t('payroll.unchanged', { count: result.unchanged })}</Tag>
      </Space>
      <Typography.Title level={5}>{t('payroll.topChanges')}</Typography.Title>
      <Table
        rowKey="workerId"
        size="small"
        dataSource={result.changes}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: t('payroll.worker'), dataIndex: 'name' },
          { title: t('payroll.community'), dataIndex: 'orgUnitName' },
          { title: t('payroll.grade'), dataIndex: 'grade', align: 'right' },
          {
            title: t('payroll.baseGross'),
            dataIndex: 'base',
            align: 'right',
            render: (v: number | null) => yuan(v, masked),
          },
          {
            title: t('payroll.altGross'),
            dataIndex: 'alt',
            align: 'right',
            render: (v: number | null) => yuan(v, masked),
          },
          {
            title: t('payroll.difference'),
            dataIndex: 'difference',
            align: 'right',
            render: (v: number | null) => <b>{yuan(v, masked)}</b>,
          },
        ]}
      />
    </>
  );
}
