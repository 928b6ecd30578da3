// "What changes if this takes effect": the server's preview of a version as tables. Staffing
// standards compare quotas per unit, pay tables gross pay per grade, grade schemes starting grades;
// every kind lists the fields that differ from the rule it replaces.
import type { RuleSetPreview } from '@cwp/contracts';
import { Alert, Card, Descriptions, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { careerRulesZhCN } from '../../../i18n/career-rules.zh-CN';

type Preview = RuleSetPreview;
type PreviewKey = keyof (typeof careerRulesZhCN)['preview'];
type StaffingPreview = Extract<Preview, { kind: 'staffing_standard' }>;
type PayPreview = Extract<Preview, { kind: 'pay_table' }>;
type GradePreview = Extract<Preview, { kind: 'grade_scheme' }>;

function show(v: unknown): string {
  if (v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function signed(n: number | null): string {
  if (n === null) return '—';
  return n > 0 ? `+${n}` : String(n);
}

const money = (n: number | null) =>
  n === null
    ? '—'
    : n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function PreviewView({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const p = (k: PreviewKey, o?: Record<string, unknown>) => t(`careerRules.preview.${k}`, o ?? {});
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="rule-set-preview">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'date', label: p('date'), children: preview.date },
          {
            key: 'replaces',
            label: p('replaces'),
            children: preview.replaces ? (
              <Link to={`/rule-sets/${preview.replaces.ruleSetId}`}>
                {preview.replaces.name} · v{preview.replaces.versionNo} ·{' '}
                {preview.replaces.orgUnitName}
              </Link>
            ) : (
              p('replacesNone')
            ),
          },
        ]}
      />
      {preview.warnings.map((w) => (
        <Alert key={w} type="warning" showIcon message={w} />
      ))}
      {preview.kind === 'staffing_standard' && <StaffingPart preview={preview} />}
      {preview.kind === 'pay_table' && <PayPart preview={preview} />}
      {preview.kind === 'grade_scheme' && <GradePart preview={preview} />}
      <Card size="small" title={p('contentChanges', { count: preview.contentChanges.length })}>
        <Table
          size="small"
          rowKey="path"
          pagination={false}
          dataSource={preview.contentChanges}
          locale={{ emptyText: p('noContentChanges') }}
          columns={[
            { title: p('field'), dataIndex: 'path', width: 260 },
            {
              title: p('current'),
              dataIndex: 'current',
              render: (v: unknown) => <Typography.Text code>{show(v)}</Typography.Text>,
            },
            {
              title: p('proposed'),
              dataIndex: 'proposed',
              render: (v: unknown) => <Typography.Text code>{show(v)}</Typography.Text>,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function StaffingPart({ preview }: { preview: StaffingPreview }) {
  const { t } = useTranslation();
  const p = (k: PreviewKey, o?: Record<string, unknown>) => t(`careerRules.preview.${k}`, o ?? {});
  return (
    <Card size="small" title={p('staffingTitle')}>
      <Space size={32} wrap style={{ marginBottom: 16 }}>
        <Statistic title={p('units')} value={preview.units} />
        <Statistic title={p('governed')} value={preview.governed} />
        <Statistic title={p('changedCount')} value={preview.changedCount} />
        <Statistic title={p('missingInputs')} value={preview.missingInputs} />
        <Statistic title={p('totalCurrent')} value={preview.totals.current} />
        <Statistic
          title={p('totalProposed')}
          value={preview.totals.proposed}
          suffix={
            <Tag color={preview.totals.delta >= 0 ? 'green' : 'red'}>
              {signed(preview.totals.delta)}
            </Tag>
          }
        />
      </Space>
      <Table
        size="small"
        rowKey="orgUnitId"
        dataSource={preview.changes}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        data-testid="preview-changes"
        locale={{ emptyText: p('noChanges') }}
        columns={[
          { title: p('unit'), dataIndex: 'name', width: 180 },
          {
            title: p('level'),
            dataIndex: 'level',
            width: 80,
            render: (v: string) => t(`level.${v}`, { defaultValue: v }),
          },
          {
            title: p('currentQuota'),
            dataIndex: 'current',
            width: 90,
            render: (v: number | null) => v ?? '—',
          },
          {
            title: p('proposedQuota'),
            dataIndex: 'proposed',
            width: 90,
            render: (v: number | null) => v ?? '—',
          },
          { title: p('delta'), dataIndex: 'delta', width: 80, render: signed },
          {
            title: p('currentRule'),
            key: 'rule',
            width: 160,
            render: (_, c) =>
              c.currentRule ? `${c.currentRule.orgUnitName} v${c.currentRule.versionNo}` : '—',
          },
          { title: p('explanation'), dataIndex: 'explanation' },
        ]}
      />
      {preview.truncated && <Typography.Text type="secondary">{p('truncated')}</Typography.Text>}
    </Card>
  );
}

function PayPart({ preview }: { preview: PayPreview }) {
  const { t } = useTranslation();
  const p = (k: PreviewKey, o?: Record<string, unknown>) => t(`careerRules.preview.${k}`, o ?? {});
  return (
    <Card size="small" title={p('payTitle')}>
      <Space size={32} wrap style={{ marginBottom: 16 }}>
        <Statistic title={p('workers')} value={preview.workers} />
        <Statistic title={p('governed')} value={preview.governed} />
        <Statistic title={p('computed')} value={preview.computed} />
        <Statistic title={p('grossCurrent')} value={money(preview.totals.current)} />
        <Statistic title={p('grossProposed')} value={money(preview.totals.proposed)} />
        <Statistic title={p('delta')} value={money(preview.totals.delta)} />
      </Space>
      <SkippedList skipped={preview.skipped} />
      <Table
        size="small"
        rowKey="grade"
        pagination={false}
        dataSource={preview.byGrade}
        columns={[
          { title: p('grade'), dataIndex: 'grade', width: 80 },
          { title: p('workers'), dataIndex: 'workers', width: 90 },
          { title: p('grossCurrent'), dataIndex: 'currentGross', render: money },
          { title: p('grossProposed'), dataIndex: 'proposedGross', render: money },
          { title: p('delta'), dataIndex: 'delta', render: money },
        ]}
      />
    </Card>
  );
}

function GradePart({ preview }: { preview: GradePreview }) {
  const { t } = useTranslation();
  const p = (k: PreviewKey, o?: Record<string, unknown>) => t(`careerRules.preview.${k}`, o ?? {});
  return (
    <Card size="small" title={p('gradeTitle')}>
      <Space size={32} wrap style={{ marginBottom: 16 }}>
        <Statistic title={p('workers')} value={preview.workers} />
        <Statistic title={p('governed')} value={preview.governed} />
        <Statistic title={p('computed')} value={preview.computed} />
        <Statistic title={p('raised')} value={preview.raised} />
        <Statistic title={p('lowered')} value={preview.lowered} />
        <Statistic title={p('unchanged')} value={preview.unchanged} />
      </Space>
      <SkippedList skipped={preview.skipped} />
      <Table
        size="small"
        rowKey={(r) => `${r.post}:${r.from ?? 'none'}:${r.to}`}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        dataSource={preview.transitions}
        columns={[
          { title: p('post'), dataIndex: 'post' },
          { title: p('fromGrade'), dataIndex: 'from', render: (v: number | null) => v ?? '—' },
          { title: p('toGrade'), dataIndex: 'to' },
          { title: p('workers'), dataIndex: 'workers' },
        ]}
      />
    </Card>
  );
}

function SkippedList({ skipped }: { skipped: { reason: string; workers: number }[] }) {
  const { t } = useTranslation();
  if (skipped.length === 0) return null;
  return (
    <Alert
      type="info"
      style={{ marginBottom: 12 }}
      message={t('careerRules.preview.skipped')}
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {skipped.map((s) => (
            <li key={s.reason}>
              {s.reason}：{s.workers}
            </li>
          ))}
        </ul>
      }
    />
  );
}
