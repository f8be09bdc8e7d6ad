// `aidc simulate FILE --html report.html`: the simulated cluster in operation on one
// self-contained, printable page: the run's settings and headline figures, GPUs busy and jobs
// waiting over time, facility and IT power against the cap, energy per day, the queueing-delay,
// completion-time and slowdown distributions, failures and placement, and each service's replicas
// and SLO attainment over the day. Charts are inline SVG (ECharts SSR); no script, nothing loaded.
import { grouped } from '@aidc/core';
import type { PlanSimulation } from '@aidc/sim';
import { bars, lines } from './charts.js';
import { esc, figure, grid, htmlPage, kv, pct } from './html-parts.js';
import { throttleText } from '../throttle-text.js';

/** Points a time-series chart draws at most: longer series are averaged over equal windows. */
export const MAX_CHART_POINTS = 1500;

/** `values` averaged over windows so that at most `max` points remain (x: each window's first). */
export function downsample(
  x: readonly number[],
  series: readonly (readonly number[])[],
  max = MAX_CHART_POINTS,
): { x: number[]; series: number[][] } {
  if (x.length <= max) return { x: [...x], series: series.map((s) => [...s]) };
  const window = Math.ceil(x.length / max);
  const outX: number[] = [];
  const out = series.map(() => [] as number[]);
  for (let start = 0; start < x.length; start += window) {
    const end = Math.min(x.length, start + window);
    outX.push(x[start] ?? 0);
    series.forEach((s, k) => {
      let sum = 0;
      for (let i = start; i < end; i++) sum += s[i] ?? 0;
      out[k]?.push(sum / (end - start));
    });
  }
  return { x: outX, series: out };
}

/** A duration in the unit that shows it: seconds under a minute, minutes under an hour, else
 *  hours (a 20-second wait is not "0.00 h"). */
const hours = (s: number) =>
  s === 0
    ? '0 h'
    : s < 60
      ? `${s < 10 ? s.toPrecision(2) : s.toFixed(0)} s`
      : s < 3600
        ? `${(s / 60).toFixed(1)} min`
        : `${(s / 3600).toFixed(s < 36_000 ? 2 : 1)} h`;
const round = (xs: readonly number[], digits: number) => xs.map((v) => Number(v.toFixed(digits)));

export function renderSimulationReport(title: string, file: string, run: PlanSimulation): string {
  const r = run.result;
  const s = run.settings;
  const out: string[] = [];

  out.push(
    `<section id="summary"><h2>Summary</h2>${kv([
      ['scenario file', file],
      [
        'run',
        `${grouped(r.simulatedDays, 2)} days, policy ${s.policy}, placement ${s.placement}, failures ${s.failures ? 'on' : 'off'}, seed ${s.seed}`,
      ],
      ['GPU utilisation', pct(r.utilization)],
      ['goodput (useful work / GPU time allocated)', pct(r.goodput)],
      ['fragmentation (free GPUs on partly used servers)', pct(r.fragmentation)],
      [
        'jobs',
        `${grouped(r.jobs.submitted)} submitted, ${grouped(r.jobs.completed)} completed, ${grouped(r.jobs.running)} running and ${grouped(r.jobs.pending)} waiting at the end, ${grouped(r.jobs.failed)} interrupted by failures, ${grouped(r.jobs.preempted)} preempted${r.jobs.rejected > 0 ? `, ${grouped(r.jobs.rejected)} larger than the cluster` : ''}`,
      ],
      [
        'energy',
        `${grouped(r.energyMWh, 1)} MWh facility (IT ${grouped(r.itEnergyMWh, 1)} MWh), ${grouped(r.energyMWh / r.simulatedDays, 2)} MWh a day`,
      ],
      [
        'power',
        `peak ${grouped(r.peakPowerMW, 3)} MW facility${s.powerCapMW !== undefined ? `, cap ${grouped(s.powerCapMW, 3)} MW` : ', no cap'}`,
      ],
      ...(r.powerThrottle
        ? [['power cap policy', `throttle: ${throttleText(r.powerThrottle)}`] as [string, string]]
        : []),
      ['events simulated', grouped(r.events)],
    ])}</section>`,
  );

  const ts = r.timeseries;
  const use = downsample(ts.tHours, [ts.busyGpus, ts.pendingJobs]);
  const power = downsample(ts.tHours, [ts.powerMW, ts.itPowerMW]);
  out.push(
    `<section id="timeline"><h2>The cluster over time</h2>${figure(
      'busy-gpus',
      lines(
        'GPUs busy and jobs waiting',
        'hours',
        round(use.x, 2),
        { name: 'busy', unit: 'GPUs', series: [['busy GPUs', round(use.series[0] ?? [], 1)]] },
        {
          name: 'waiting',
          unit: 'jobs',
          series: [['jobs waiting', round(use.series[1] ?? [], 1)]],
        },
      ),
      `Sampled every ${ts.tHours.length > 1 ? grouped((ts.tHours[1] ?? 0) - (ts.tHours[0] ?? 0), 2) : '–'} h${use.x.length < ts.tHours.length ? `, averaged over windows of ${Math.ceil(ts.tHours.length / use.x.length)} samples` : ''}.`,
    )}${figure(
      'power',
      lines(
        'Power drawn',
        'hours',
        round(power.x, 2),
        {
          name: 'power',
          unit: 'MW',
          series: [
            ['facility', round(power.series[0] ?? [], 4)],
            ['IT', round(power.series[1] ?? [], 4)],
          ],
        },
        undefined,
        s.powerCapMW !== undefined ? { y: [{ value: s.powerCapMW, label: 'cap' }] } : {},
      ),
      'Facility power is IT power times the plan’s PUE; IT power follows the GPUs busy, from each server’s idle to its loaded draw.',
    )}${figure(
      'energy-per-day',
      bars(
        'Facility energy per day',
        'MWh',
        r.energyPerDayMWh.map((e, i) => [`day ${i + 1}`, Number(e.toFixed(2))] as [string, number]),
      ),
      'The last day is partial when the simulated days are.',
    )}</section>`,
  );

  const dist = (name: string, d: PlanSimulation['result']['jctS'], f: (x: number) => string) => [
    name,
    f(d.mean),
    f(d.p50),
    f(d.p90),
    f(d.p99),
  ];
  out.push(
    `<section id="queueing"><h2>Waiting and completion</h2>${grid(
      ['', 'mean', 'p50', 'p90', 'p99'],
      [
        dist('queue delay', r.queueDelayS, hours),
        dist('job completion time', r.jctS, hours),
        dist('bounded slowdown', r.slowdown, (x) => x.toFixed(2)),
      ],
    )}${figure(
      'queue-delay',
      bars('Queue delay', 'hours', [
        ['mean', Number((r.queueDelayS.mean / 3600).toFixed(3))],
        ['p50', Number((r.queueDelayS.p50 / 3600).toFixed(3))],
        ['p90', Number((r.queueDelayS.p90 / 3600).toFixed(3))],
        ['p99', Number((r.queueDelayS.p99 / 3600).toFixed(3))],
      ]),
      'From submission to first start, over the jobs that started.',
    )}${
      r.queueDelayByPriorityS
        ? `<h3>Queue delay by priority</h3>${grid(
            ['priority', 'mean', 'p50', 'p90', 'p99'],
            Object.entries(r.queueDelayByPriorityS).map(([p, d]) => dist(p, d, hours)),
          )}`
        : ''
    }${
      r.teams
        ? `<h3>Teams</h3>${grid(
            ['team', 'jobs', 'GPU-hours', 'quota', 'use of quota', 'queue delay mean', 'p99'],
            Object.entries(r.teams).map(([name, t]) => [
              name,
              grouped(t.jobs),
              grouped(Math.round(t.gpuHours)),
              t.quotaGpus !== undefined ? `${grouped(t.quotaGpus)} GPUs` : '–',
              t.quotaUse !== undefined ? pct(t.quotaUse) : '–',
              hours(t.queueDelayS.mean),
              hours(t.queueDelayS.p99),
            ]),
          )}`
        : ''
    }</section>`,
  );

  out.push(
    `<section id="failures"><h2>Failures and placement</h2>${kv([
      ['server failures', grouped(r.failures.serverFailures)],
      ['job interruptions', grouped(r.failures.jobInterruptions)],
      ['repairs finished', grouped(r.failures.repairs)],
      ['multi-server jobs', grouped(r.placement.multiServerJobs)],
      [
        'span of a multi-server job',
        r.placement.multiServerJobs > 0
          ? `${r.placement.meanLeafGroups.toFixed(2)} leaf groups, ${r.placement.meanDomains.toFixed(2)} scale-up domains on average`
          : '–',
      ],
    ])}</section>`,
  );

  if (run.services.length > 0) {
    const parts: string[] = [];
    const rows: string[][] = [];
    for (const [i, { model: m, requests: q }] of run.services.entries()) {
      const replicas = r.services[i];
      const counts = replicas?.replicas ?? [];
      rows.push([
        m.workload,
        pct(q.sloAttainment),
        grouped(q.requests),
        `${q.waitS.p99.toFixed(2)} s`,
        counts.length > 0 ? `${Math.min(...counts)}–${Math.max(...counts)}` : '–',
        `${m.gpusPerReplica} GPUs, ${m.capacityPerReplica.toFixed(2)} req/s`,
        grouped(replicas?.lentGpuHours ?? 0, 0),
      ]);
      const intervalH = m.intervalS / 3600;
      if (counts.length > 0) {
        // Sampled with the cluster's time series (ServiceReplicas: one count per sample).
        const x = counts.map((_, k) => Number((ts.tHours[k] ?? 0).toFixed(2)));
        const desired = replicas?.desired ?? [];
        const view = downsample(x, [counts, desired.length === counts.length ? desired : counts]);
        parts.push(
          figure(
            `replicas-${m.workload}`,
            lines('Replicas of ' + m.workload, 'hours', view.x, {
              name: 'replicas',
              unit: 'replicas',
              series: [
                ['running', round(view.series[0] ?? [], 2)],
                ['wanted by the load', round(view.series[1] ?? [], 2)],
              ],
            }),
            `Autoscaled between ${m.minReplicas} and ${m.maxReplicas} replicas every ${grouped(intervalH, 2)} h from the load profile and the planner’s capacity per replica.`,
          ),
        );
      }
      if (q.sloAttainmentByHour.length > 0)
        parts.push(
          figure(
            `slo-${m.workload}`,
            bars(
              'Requests within the SLO by hour of day, ' + m.workload,
              '%',
              q.sloAttainmentByHour.map(
                (v, h) => [`${h}:00`, Number((v * 100).toFixed(2))] as [string, number],
              ),
            ),
            'Share of the hour’s requests whose wait met the latency budget.',
          ),
        );
    }
    out.push(
      `<section id="services"><h2>Services</h2>${grid(
        [
          'service',
          'within SLO',
          'requests',
          'wait p99',
          'replicas',
          'per replica',
          'GPU-h lent to jobs',
        ],
        rows,
      )}${parts.join('')}</section>`,
    );
  }

  const skipped = Object.entries(run.skipped).filter(([, n]) => n > 0);
  if (skipped.length > 0)
    out.push(
      `<section id="trace"><h2>Trace rows skipped</h2>${kv(skipped.map(([why, n]) => [why, grouped(n)]))}</section>`,
    );

  return htmlPage(
    `${title} — aidc simulation`,
    `<h1>${esc(title)}</h1>\n<p class="meta">aidc simulation of the planned cluster — same file and seed, same page</p>\n${out.join('\n')}`,
  );
}
