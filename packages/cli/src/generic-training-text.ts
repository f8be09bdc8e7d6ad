// Terminal rendering of a generic (non-LLM) network's training: layout, step by part, memory.
import type { PlannedGenericTraining } from '@aidc/core';
import { pairs, reliabilityRows, si, table } from './format.js';
import { count } from './humanise.js';

const fixed = (x: number, digits = 1) => x.toFixed(digits);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (s: number) => (s * 1000).toFixed(2);

export function formatGenericTraining(name: string, t: PlannedGenericTraining): string {
  const s = t.stepTimeBreakdownS;
  const m = t.memoryPerGpuGB;
  const p = t.parallelism;
  const rows: [string, number][] = [
    ['compute', s.computeS],
    ['activation traffic', s.activationMemoryS],
    ['embedding lookups', s.embeddingS],
    ['embedding all-to-all', s.embeddingAllToAllS],
    ['pipeline bubble', s.pipelineBubbleS],
    ['pipeline p2p', s.pipelineP2pS],
    ['data-parallel (exposed)', s.dataParallelExposedS],
    ['optimizer', s.optimizerS],
  ];
  return [
    `Training "${name}" (${t.family}): ${count(t.gpus, 'GPU')}, ${si(t.forwardFlopsPerSample, 'FLOP')} forward per sample`,
    pairs([
      ['parallelism', `dp=${p.dp} pp=${p.pp} mb=${p.microBatch}, ${t.precision}`],
      [
        'global batch',
        `${t.globalBatchSamples} samples, ${fixed(t.microbatchesPerStep, 0)} microbatches per step`,
      ],
      ['step time', `${ms(t.stepTimeS)} ms (${t.bound}-bound)`],
      ['throughput', `${si(t.samplesPerS)} samples/s (${si(t.samplesPerSPerGpu)} per GPU)`],
      ['TFLOP/s per GPU', `${fixed(t.tflopsPerGpu)} model (MFU ${pct(t.mfu)})`],
      ['input read', `${fixed(t.inputGBpsPerGpu, 2)} GB/s per GPU`],
      ['memory per GPU', `${fixed(m.total)} of ${fixed(t.memoryCapacityGB)} GB`],
      [
        'ideal duration',
        `${fixed(t.idealDays * 24, 2)} hours, ${si(t.idealGpuHours)} GPU-hours (${si(t.steps)} steps)`,
      ],
      ...reliabilityRows(t),
    ]),
    '',
    'Step time by part (ms):',
    table(
      [...rows.filter(([, v]) => v > 0), ['total', s.totalS] as [string, number]].map(([a, v]) => [
        '  ' + a,
        ms(v),
      ]),
    ),
    '',
    'Memory per GPU (GB):',
    table(
      (
        [
          ['weights', m.weights],
          ['gradients', m.gradients],
          ['optimizer', m.optimizer],
          ['embedding shard', m.embeddings],
          ['activations', m.activations],
          ['reserve', m.reserve],
          ['total', m.total],
        ] as [string, number][]
      ).map(([a, v]) => ['  ' + a, fixed(v, 2)]),
    ),
  ].join('\n');
}
