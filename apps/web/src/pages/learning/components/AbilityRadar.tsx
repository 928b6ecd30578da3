// The competency profile: credit hours per ability area (seven abilities plus political and
// policy education) as an ECharts radar.
import { RadarChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLearningLabels } from './labels';

echarts.use([RadarChart, LegendComponent, TooltipComponent, CanvasRenderer]);

export function AbilityRadar({ data }: { data: { ability: string; hours: number }[] }) {
  const { t } = useTranslation();
  const labels = useLearningLabels();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el);
    const max = Math.max(8, ...data.map((d) => d.hours));
    chart.setOption({
      tooltip: {},
      radar: {
        indicator: data.map((d) => ({ name: labels.ability(d.ability), max })),
        radius: '65%',
      },
      series: [
        {
          type: 'radar',
          name: t('learning.me.radar'),
          data: [{ value: data.map((d) => d.hours), name: t('learning.me.hours') }],
          areaStyle: { opacity: 0.25 },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [data, labels, t]);

  return (
    <div
      ref={ref}
      style={{ width: '100%', height: 320 }}
      role="img"
      aria-label={t('learning.me.radar')}
      data-testid="ability-radar"
    />
  );
}
