// Monthly budget as stacked bars (gross pay and employer contributions), drawn with ECharts.
import type { BudgetForecast } from '@cwp/contracts';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function BudgetChart({ forecast }: { forecast: BudgetForecast }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el);
    const gross = t('payroll.components.grossPay');
    const employer = t('payroll.components.employerTotal');
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: [gross, employer], top: 0 },
      grid: { left: 90, right: 16, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: forecast.months.map((m) => m.month.slice(5)) },
      yAxis: { type: 'value' },
      series: [
        {
          name: gross,
          type: 'bar',
          stack: 'cost',
          data: forecast.months.map((m) => m.components.grossPay),
        },
        {
          name: employer,
          type: 'bar',
          stack: 'cost',
          data: forecast.months.map((m) => m.components.employerTotal),
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [forecast, t]);

  return <div ref={ref} style={{ width: '100%', height: 280 }} aria-label={t('payroll.chart')} />;
}
