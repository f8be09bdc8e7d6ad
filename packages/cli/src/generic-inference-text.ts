// Terminal rendering of a generic (non-LLM) network's serving: batch, latency, samples/s, cost.
import type { PlannedGenericInference } from '@aidc/core';
import { pairs, serviceReliabilityRows, si, table, usd } from './format.js';
import { count } from './humanise.js';

const fixed = (x: number, digits = 1) => x.toFixed(digits);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** Three decimals, or three significant digits below 0.1 (never a non-zero 0.000). */
const energyText = (x: number) => (x > 0 && x < 0.1 ? x.toPrecision(3) : x.toFixed(3));

export function formatGenericInference(name: string, r: PlannedGenericInference): string {
  const s = r.serviceTimeBreakdownMs;
  const m = r.memoryPerGpuGB;
  const latency = `p${r.percentile}`;
  const rows: [string, number][] = [
    ['compute', s.computeMs],
    ['weights read', s.weightsMs],
    ['activation traffic', s.activationsMs],
    ['embedding gathers', s.embeddingsMs],
  ];
  return [
    `Inference "${name}" (${r.family}, ${r.mode}): ${count(r.gpus, 'GPU')}, one replica each, ${si(r.forwardFlopsPerSample, 'FLOP')} per sample`,
    pairs([
      [
        'replicas',
        r.mode === 'online'
          ? `${r.replicas} (${r.replicasForLoad} for the load, ${pct(r.loadFraction)} loaded), ${r.precision}`
          : `${r.replicas}, ${r.precision}`,
      ],
      [
        'batch per GPU',
        `${r.batchSize} samples, ${fixed(r.serviceTimeMs, 2)} ms a batch (${r.bound}-bound)`,
      ],
      [
        `latency (${latency})`,
        `${fixed(r.latencyMs, 2)} ms${r.sloLatencyMs !== undefined ? ` (SLO ${r.sloLatencyMs} ms)` : ''}`,
      ],
      [
        'samples/s',
        `${si(r.samplesPerS)} (${si(r.samplesPerSPerGpu)} per GPU at this batch, ${si(r.maxSamplesPerSPerGpu)} at most)`,
      ],
      ['TFLOP/s per GPU', `${fixed(r.tflopsPerGpu)} (MFU ${pct(r.mfu)})`],
      ['memory per GPU', `${fixed(m.total)} of ${fixed(r.memoryCapacityGB)} GB`],
      ...serviceReliabilityRows(r),
      ...(r.usdPerMillionSamples !== undefined
        ? ([
            [
              'cost and energy',
              `${usd(r.usdPerMillionSamples)} and ${energyText(r.kWhPerMillionSamples ?? 0)} kWh per million samples; ${si((r.energyMWhPerYear ?? 0) * 1e6, 'Wh')} a year`,
            ],
          ] as [string, string][])
        : []),
    ]),
    '',
    'Batch time by part (ms; compute overlaps the memory traffic):',
    table(rows.filter(([, v]) => v > 0).map(([a, v]) => ['  ' + a, fixed(v, 3)])),
  ].join('\n');
}
