// Charts rendered to SVG strings on the server with Apache ECharts' SSR renderer: the report
// needs no script to show them.
import * as echarts from 'echarts';

type Option = Parameters<echarts.ECharts['setOption']>[0];

const PALETTE = [
  '#2f6fb0',
  '#e07b39',
  '#3a9c6b',
  '#c0504d',
  '#8064a2',
  '#4bacc6',
  '#9c8f3a',
  '#7f7f7f',
  '#d4a017',
  '#1b3f66',
  '#e377c2',
  '#5b8c2a',
];

export function renderChart(option: Option, width = 640, height = 300): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'sans-serif' },
    ...option,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** One horizontal bar split into named parts (e.g. a step's time). */
export function stackedBar(
  title: string,
  unit: string,
  parts: readonly [string, number][],
): string {
  return renderChart(
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0, left: 'center', width: 600 },
      grid: { left: 40, right: 30, top: 40, bottom: 80 },
      xAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 25 },
      yAxis: { type: 'category', data: [''], axisTick: { show: false } },
      series: parts.map(([name, value]) => ({
        name,
        type: 'bar',
        stack: 'all',
        data: [value],
        barWidth: 40,
      })),
    },
    640,
    240,
  );
}

/** Bars by category. */
export function bars(
  title: string,
  unit: string,
  parts: readonly [string, number][],
  horizontal = false,
): string {
  const cat = {
    type: 'category' as const,
    data: parts.map(([n]) => n),
    axisLabel: { interval: 0 },
  };
  const val = { type: 'value' as const, name: unit };
  return renderChart({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: horizontal ? 150 : 60, right: 30, top: 40, bottom: horizontal ? 40 : 70 },
    xAxis: horizontal ? val : { ...cat, axisLabel: { interval: 0, rotate: 25 } },
    yAxis: horizontal ? cat : val,
    series: [{ type: 'bar', data: parts.map(([, v]) => v), label: { show: false } }],
  });
}

/** Lines over a shared x axis; the second series group may use a right-hand axis. */
export function lines(
  title: string,
  xName: string,
  x: readonly number[],
  left: { name: string; unit: string; series: readonly [string, readonly number[]][] },
  right?: { name: string; unit: string; series: readonly [string, readonly number[]][] },
  marks: {
    /** A vertical line at this x (the nearest point on the axis), e.g. the operating point. */
    readonly x?: { readonly value: number; readonly label: string };
    /** Horizontal lines on the left axis, e.g. latency targets. */
    readonly y?: readonly { readonly value: number; readonly label: string }[];
  } = {},
): string {
  const mark = marks.x;
  const nearest =
    mark !== undefined
      ? x.reduce(
          (best, v) => (Math.abs(v - mark.value) < Math.abs(best - mark.value) ? v : best),
          x[0] ?? 0,
        )
      : undefined;
  const markLine =
    nearest !== undefined || (marks.y?.length ?? 0) > 0
      ? {
          symbol: 'none',
          lineStyle: { type: 'dotted' as const, color: '#333' },
          label: { formatter: '{b}', fontSize: 10 },
          data: [
            ...(mark !== undefined && nearest !== undefined
              ? [{ name: mark.label, xAxis: String(nearest) }]
              : []),
            ...(marks.y ?? []).map((m) => ({ name: m.label, yAxis: m.value })),
          ],
        }
      : undefined;
  const yAxis = [{ type: 'value' as const, name: `${left.name} (${left.unit})` }];
  if (right) yAxis.push({ type: 'value' as const, name: `${right.name} (${right.unit})` });
  return renderChart({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 70, right: right ? 80 : 30, top: 75, bottom: 60 },
    xAxis: { type: 'category', name: xName, data: x.map(String) },
    yAxis,
    series: [
      ...left.series.map(([name, data], i) => ({
        name,
        type: 'line' as const,
        data: [...data],
        yAxisIndex: 0,
        ...(i === 0 && markLine ? { markLine } : {}),
      })),
      ...(right?.series ?? []).map(([name, data]) => ({
        name,
        type: 'line' as const,
        data: [...data],
        yAxisIndex: 1,
        lineStyle: { type: 'dashed' as const },
      })),
    ],
  });
}

/** A tornado: each input's low and high outcome around the base value. */
export function tornadoChart(
  title: string,
  base: number,
  barsIn: readonly { label: string; low: number; high: number }[],
): string {
  const labels = barsIn.map((b) => b.label).reverse();
  const lo = barsIn.map((b) => Math.min(b.low, b.high) - base).reverse();
  const hi = barsIn.map((b) => Math.max(b.low, b.high) - base).reverse();
  return renderChart(
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      grid: { left: 170, right: 40, top: 40, bottom: 40 },
      xAxis: {
        type: 'value',
        name: 'change ($M)',
        axisLabel: { formatter: (v: number) => (v / 1e6).toFixed(0) },
      },
      yAxis: { type: 'category', data: labels },
      series: [
        {
          name: 'lower outcome',
          type: 'bar',
          stack: 't',
          data: lo,
          itemStyle: { color: '#c0504d' },
        },
        {
          name: 'higher outcome',
          type: 'bar',
          stack: 't',
          data: hi,
          itemStyle: { color: '#3a9c6b' },
        },
      ],
    },
    640,
    Math.max(220, 40 + barsIn.length * 28),
  );
}
