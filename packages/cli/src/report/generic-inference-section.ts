// The HTML report's part for a generic (non-LLM) network's serving: a summary line, then the
// replicas, batch, latency and samples/s, the batch time by part and the memory per GPU.
import type { PlannedGenericInference } from '@aidc/core';
import { compact } from '../humanise.js';
import { esc, grid, kv, pct } from './html-parts.js';

const n = (x: number, digits = 1) => compact(x, digits, true);

export function genericInferenceSummary(
  name: string,
  g: PlannedGenericInference,
): [string, string] {
  return [
    name,
    `${n(g.samplesPerS)} samples/s on ${n(g.gpus, 0)} GPUs (${g.mode}), p${g.percentile} ${g.latencyMs.toFixed(2)} ms${g.usdPerMillionSamples !== undefined ? `; $${g.usdPerMillionSamples.toPrecision(3)} per million samples` : ''}`,
  ];
}

export function genericInferenceSection(name: string, g: PlannedGenericInference): string {
  const s = g.serviceTimeBreakdownMs;
  const m = g.memoryPerGpuGB;
  const parts: [string, number][] = [
    ['matmuls', s.computeMs],
    ['weights read', s.weightsMs],
    ['activation traffic', s.activationsMs],
    ['embedding gathers', s.embeddingsMs],
  ];
  return [
    `<h3>${esc(name)} (inference, ${g.family}, ${g.gpus} GPUs, one replica each)</h3>`,
    kv([
      [
        'replicas',
        g.mode === 'online'
          ? `${g.replicas} (${g.replicasForLoad} for the load, ${pct(g.loadFraction)} loaded), ${g.precision}`
          : `${g.replicas} (offline), ${g.precision}`,
      ],
      [
        'batch per GPU',
        `${g.batchSize} samples, ${g.serviceTimeMs.toFixed(2)} ms a batch (${g.bound}-bound)`,
      ],
      [
        `latency (p${g.percentile})`,
        `${g.latencyMs.toFixed(2)} ms${g.sloLatencyMs !== undefined ? ` (SLO ${g.sloLatencyMs} ms)` : ''}`,
      ],
      [
        'throughput',
        `${n(g.samplesPerS)} samples/s; ${n(g.samplesPerSPerGpu)} per GPU at this batch, ${n(g.maxSamplesPerSPerGpu)} at most`,
      ],
      ['model FLOP/s per GPU', `${n(g.tflopsPerGpu)} TFLOP/s, MFU ${pct(g.mfu)}`],
      ['memory per GPU', `${m.total.toFixed(1)} of ${g.memoryCapacityGB.toFixed(1)} GB`],
    ]),
    grid(
      ['batch part (matmuls overlap their traffic)', 'ms'],
      parts.filter(([, v]) => v > 0).map(([label, v]) => [label, v.toFixed(3)]),
    ),
    grid(
      ['memory per GPU', 'GB'],
      (
        [
          ['weights', m.weights],
          ['embedding tables', m.embeddings],
          ['activations of a batch', m.activations],
        ] as [string, number][]
      ).map(([label, v]) => [label, v.toFixed(2)]),
    ),
  ].join('');
}
