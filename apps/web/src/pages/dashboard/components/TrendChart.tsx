// Headcount by status and the quota per month, read from the monthly snapshots.
import type { TrendView } from '@cwp/contracts';
import { Empty } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export function TrendChart({ trend }: { trend: TrendView }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const ref = useRef<HTMLDivElement>(null);
  const empty = trend.series.every((s) => s.values.every((v) => v === null));

  useEffect(() => {
    const el = ref.current;
    if (!el || empty) return;
    const chart = echarts.init(el);
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: trend.months },
      yAxis: { type: 'value', minInterval: 1 },
      series: trend.series.map((s) => ({
        name: en ? s.labelEn : s.labelZh,
        type: s.key === 'quota' ? 'line' : 'bar',
        ...(s.key === 'quota' ? {} : { stack: 'n' }),
        data: s.values,
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [trend, en, empty]);

  if (empty)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.trendEmpty')} />;
  return (
    <div
      ref={ref}
      style={{ width: '100%', height: 260 }}
      role="img"
      aria-label={t('dashboard.trend')}
    />
  );
}
