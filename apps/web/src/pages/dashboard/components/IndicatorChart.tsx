// One indicator as stacked bars (categories) over its rows (sub-units or months), with lines
// (e.g. the quota) on top. A click on a unit name drills down; a click on a bar opens the roster.
// Export as PNG (ECharts getDataURL) and the data as .xlsx; a plain table gives the same figures
// and links to keyboards and screen readers.
import { DownloadOutlined, FileImageOutlined, TableOutlined } from '@ant-design/icons';
import type { IndicatorView } from '@cwp/contracts';
import { Button, Card, Descriptions, Empty, Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { drawInTurn } from './drawQueue';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { drillTarget, rosterLink } from '../drill';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

interface Props {
  view: IndicatorView;
  onDrill: (orgUnitId: number) => void;
  onOpen: (link: string) => void;
  onExport: () => void;
}

export function IndicatorChart({ view, onDrill, onOpen, onExport }: Props) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const [table, setTable] = useState(false);
  const title = en ? view.indicator.titleEn : view.indicator.titleZh;
  const label = (x: { labelZh: string; labelEn: string }) => (en ? x.labelEn : x.labelZh);
  const empty =
    view.totals.every((v) => v === 0) && view.lines.every((l) => l.values.every((v) => !v));

  // Charts are drawn one per task, in page order (see drawInTurn), so the first ones appear
  // while the rest wait their turn instead of all blocking the page in one long task.
  const [turn, setTurn] = useState(false);
  useEffect(() => (empty ? undefined : drawInTurn(() => setTurn(true))), [empty]);

  useEffect(() => {
    const el = ref.current;
    if (!el || empty || !turn) return;
    const chart = echarts.init(el);
    chartRef.current = chart;
    // Ratio lines (a percentage, an average) are not counts: they get a second axis.
    const ratioUnit = view.lines.find((l) => l.unit)?.unit;
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 48, right: ratioUnit ? 48 : 16, top: 36, bottom: 60 },
      xAxis: {
        type: 'category',
        triggerEvent: true,
        data: view.rows.map((r) => r.label),
        axisLabel: { interval: 0, rotate: view.rows.length > 6 ? 30 : 0 },
      },
      yAxis: [
        { type: 'value', minInterval: 1 },
        ...(ratioUnit
          ? [
              {
                type: 'value',
                splitLine: { show: false },
                ...(ratioUnit === 'percent'
                  ? { min: 0, max: 100, axisLabel: { formatter: '{value}%' } }
                  : {}),
              },
            ]
          : []),
      ],
      series: [
        ...view.categories.map((c, i) => ({
          name: label(c),
          type: 'bar',
          stack: 'n',
          emphasis: { focus: 'series' },
          cursor: c.roster ? 'pointer' : 'default',
          data: view.rows.map((r) => r.values[i] ?? 0),
        })),
        ...view.lines.map((l) => ({
          name: label(l),
          type: 'line',
          yAxisIndex: l.unit ? 1 : 0,
          data: l.values,
          connectNulls: false,
        })),
      ],
    });
    chart.on('click', (p) => {
      const params = p as {
        componentType: string;
        seriesIndex?: number;
        dataIndex?: number;
        value?: unknown;
      };
      if (params.componentType === 'xAxis') {
        const idx = view.rows.findIndex((r) => r.label === params.value);
        const target = drillTarget(view, idx);
        if (target !== null) onDrill(target);
        return;
      }
      if (params.componentType === 'series' && params.seriesIndex !== undefined) {
        const link = rosterLink(view, params.dataIndex ?? -1, params.seriesIndex);
        if (link) onOpen(link);
      }
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
      chartRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- label depends on the language only
  }, [view, en, empty, turn, onDrill, onOpen]);

  const exportPng = () => {
    const chart = chartRef.current;
    if (!chart) return;
    const a = document.createElement('a');
    a.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    a.download = `${title}-${view.unit.name}.png`;
    a.click();
  };

  const source =
    view.source === 'live'
      ? t('dashboard.sourceLive')
      : t('dashboard.sourceSnapshot', { time: dayjs(view.asOf).format('YYYY-MM-DD HH:mm') });

  return (
    <Card
      size="small"
      title={title}
      data-testid={`indicator-${view.indicator.key}`}
      extra={
        <Space size={4}>
          <Tag color={view.source === 'live' ? 'green' : 'blue'}>{source}</Tag>
          <Tooltip title={t('dashboard.exportPng')}>
            <Button
              size="small"
              icon={<FileImageOutlined />}
              aria-label={t('dashboard.exportPng')}
              data-testid={`export-png-${view.indicator.key}`}
              onClick={exportPng}
              disabled={empty}
            />
          </Tooltip>
          <Tooltip title={t('dashboard.exportXlsx')}>
            <Button
              size="small"
              icon={<DownloadOutlined />}
              aria-label={t('dashboard.exportXlsx')}
              data-testid={`export-${view.indicator.key}`}
              onClick={onExport}
            />
          </Tooltip>
          <Tooltip title={table ? t('dashboard.hideTable') : t('dashboard.showTable')}>
            <Button
              size="small"
              type={table ? 'primary' : 'default'}
              icon={<TableOutlined />}
              aria-label={t('dashboard.showTable')}
              data-testid={`table-${view.indicator.key}`}
              onClick={() => setTable((v) => !v)}
            />
          </Tooltip>
        </Space>
      }
    >
      {view.summary.length > 0 && (
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={view.summary.map((s) => ({
            key: s.key,
            label: label(s),
            children: <span data-testid={`summary-${s.key}`}>{s.value ?? '—'}</span>,
          }))}
        />
      )}
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.empty')} />
      ) : (
        <div ref={ref} style={{ width: '100%', height: 300 }} role="img" aria-label={title} />
      )}
      {table && <DataTable view={view} onDrill={onDrill} en={en} />}
    </Card>
  );
}

function DataTable({
  view,
  onDrill,
  en,
}: {
  view: IndicatorView;
  onDrill: (id: number) => void;
  en: boolean;
}) {
  const { t } = useTranslation();
  const label = (x: { labelZh: string; labelEn: string }) => (en ? x.labelEn : x.labelZh);
  return (
    <div style={{ overflowX: 'auto', marginTop: 8 }}>
      <table
        className="cwp-dashboard-table"
        style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}
        data-testid={`data-${view.indicator.key}`}
      >
        <thead>
          <tr>
            <th>{view.indicator.axis === 'month' ? t('dashboard.month') : t('dashboard.unit')}</th>
            {view.categories.map((c) => (
              <th key={c.key}>{label(c)}</th>
            ))}
            {view.lines.map((l) => (
              <th key={l.key}>{label(l)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r, ri) => {
            const target = drillTarget(view, ri);
            return (
              <tr key={`${r.orgUnitId ?? 'own'}-${r.label}`}>
                <td>
                  {target !== null ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => onDrill(target)}
                    >
                      {r.label}
                    </Button>
                  ) : (
                    r.label
                  )}
                </td>
                {view.categories.map((c, ci) => {
                  const link = rosterLink(view, ri, ci);
                  const v = r.values[ci] ?? 0;
                  return (
                    <td key={c.key} style={{ textAlign: 'right' }}>
                      {link && v > 0 ? (
                        <Link to={link} data-testid={`roster-${view.indicator.key}-${ri}-${ci}`}>
                          {v}
                        </Link>
                      ) : (
                        v
                      )}
                    </td>
                  );
                })}
                {view.lines.map((l) => (
                  <td key={l.key} style={{ textAlign: 'right' }}>
                    {l.values[ri] ?? '—'}
                  </td>
                ))}
              </tr>
            );
          })}
          <tr>
            <th>{t('dashboard.total')}</th>
            {view.totals.map((v, i) => (
              <th key={view.categories[i]?.key ?? i} style={{ textAlign: 'right' }}>
                {v}
              </th>
            ))}
            {view.lines.map((l) => (
              <th key={l.key} />
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
