// An ECharts chart drawn as SVG, sized to its box, disposed with the component.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  TitleComponent,
  VisualMapComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  TitleComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export function Chart({
  option,
  height = 260,
  label,
  onClick,
  testId,
}: {
  option: unknown;
  height?: number;
  label: string;
  /** Called with the clicked item's data (a bar, a heat map cell). */
  onClick?: (data: unknown) => void;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  useEffect(() => {
    click.current = onClick;
  });
  useEffect(() => {
    if (!host.current) return;
    const c = echarts.init(host.current, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => click.current?.((p as { data?: unknown }).data));
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
  return (
    <div
      ref={host}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height }}
    />
  );
}
