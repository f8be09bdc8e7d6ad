// An ECharts chart drawn as SVG, sized to its box, disposed with the component.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
  SVGRenderer,
]);

export function Chart({
  option,
  height = 260,
  label,
}: {
  option: unknown;
  height?: number;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!host.current) return;
    const c = echarts.init(host.current, undefined, { renderer: 'svg' });
    chart.current = c;
    // The box's size comes from the page's grid, which can settle after the chart is made: follow
    // it, not only the window's.
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(host.current);
    return () => {
      observer.disconnect();
      c.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      { animation: false, ...(option as object) } as echarts.EChartsCoreOption,
      true,
    );
  }, [option]);
  return <div ref={host} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
