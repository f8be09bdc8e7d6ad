// The plan's curves: an inference service's latency against throughput with its operating point,
// a training job's memory per GPU against the GPU's capacity, and the tornado of what moves the
// investment figure most. Each draws figures core already computed.
import type { Plan } from '@aidc/core';
import { useI18n } from '../i18n/index.js';
import { Chart } from './Chart.js';

export function LatencyCurve({ plan }: { plan: Plan }) {
  const i = useI18n();
  const { t } = i;
  const services = plan.workloads.filter((w) => w.inference?.latencyCurve?.length);
  if (services.length === 0) return null;
  return (
    <section>
      <h3>{t('plan.latencyCurve')}</h3>
      {services.map((w) => {
        const r = w.inference;
        if (!r) return null;
        const curve = r.latencyCurve ?? [];
        const perReplica = r.outputTokensPerS / Math.max(r.replicas, 1);
        return (
          <Chart
            key={w.name}
            label={`${t('plan.latencyCurve')}: ${w.name}`}
            option={{
              title: { text: w.name, textStyle: { fontSize: 12 } },
              legend: { top: 0, right: 0 },
              tooltip: { trigger: 'item' },
              grid: { left: 60, right: 20, top: 40, bottom: 40 },
              xAxis: {
                type: 'value',
                name: t('plan.throughput'),
                nameLocation: 'middle',
                nameGap: 25,
              },
              yAxis: { type: 'value', name: t('plan.tpot') },
              series: [
                {
                  type: 'line',
                  name: t('plan.tpot'),
                  showSymbol: false,
                  data: curve.map((p) => [p.outputTokensPerS, p.tpotMs]),
                },
                {
                  type: 'scatter',
                  name: t('plan.operatingPoint'),
                  symbolSize: 12,
                  data: [[perReplica, r.tpotMs]],
                },
              ],
            }}
          />
        );
      })}
    </section>
  );
}

export function TrainingMemory({ plan }: { plan: Plan }) {
  const i = useI18n();
  const { t } = i;
  const jobs = plan.workloads.filter((w) => w.training);
  if (jobs.length === 0) return null;
  const parts = ['weights', 'gradients', 'optimizer', 'activations', 'reserve'] as const;
  return (
    <section>
      <h3>{t('plan.memory')}</h3>
      <Chart
        label={t('plan.memory')}
        height={90 + jobs.length * 40}
        option={{
          legend: { top: 0 },
          tooltip: { valueFormatter: (v: number) => `${i.num(v, 1)} GB` },
          grid: { left: 100, right: 30, top: 40, bottom: 30 },
          xAxis: {
            type: 'value',
            name: 'GB',
            max: Math.ceil(Math.max(...jobs.map((w) => w.training?.memoryCapacityGB ?? 0))),
          },
          yAxis: { type: 'category', data: jobs.map((w) => w.name) },
          series: parts.map((part) => ({
            type: 'bar',
            stack: 'memory',
            name: part,
            data: jobs.map((w) => Number((w.training?.memoryPerGpuGB[part] ?? 0).toFixed(2))),
          })),
        }}
      />
    </section>
  );
}

export function Tornado({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const s = plan.cost?.sensitivity;
  if (!s || s.bars.length === 0) return null;
  const holders = [plan.cost?.investment, plan.cost] as unknown as Record<string, unknown>[];
  const base = holders.map((h) => h?.[s.metric]).find((v): v is number => typeof v === 'number');
  if (base === undefined) return null;
  return (
    <SensitivityChart
      title={t('plan.sensitivity', { metric: s.metric })}
      base={base}
      bars={s.bars}
    />
  );
}

/** A tornado: each input's low and high as the change from the plan's own value. */
export function SensitivityChart({
  title,
  base,
  bars: ranked,
}: {
  title: string;
  base: number;
  bars: readonly { label: string; low: number; high: number }[];
}) {
  const i = useI18n();
  const { t } = i;
  if (ranked.length === 0) return null;
  const bars = [...ranked].reverse();
  // Bars are drawn as the change from the plan's own value, so each input's low and high sit on
  // either side of the centre line (the classic tornado).
  return (
    <section>
      <h3>{title}</h3>
      <Chart
        label={title}
        height={60 + bars.length * 28}
        option={{
          legend: { top: 0 },
          tooltip: { valueFormatter: (v: number) => i.usd(v) },
          grid: { left: 150, right: 30, top: 30, bottom: 40 },
          xAxis: {
            type: 'value',
            name: t('plan.changeFrom', { value: i.usd(base) }),
            nameLocation: 'middle',
            nameGap: 25,
            axisLabel: { formatter: (v: number) => i.usd(v) },
          },
          yAxis: { type: 'category', data: bars.map((b) => b.label) },
          series: [
            {
              type: 'bar',
              name: t('plan.low'),
              stack: 'swing',
              data: bars.map((b) => b.low - base),
            },
            {
              type: 'bar',
              name: t('plan.high'),
              stack: 'swing',
              data: bars.map((b) => b.high - base),
            },
          ],
        }}
      />
    </section>
  );
}
