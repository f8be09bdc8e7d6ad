// The HTML report's part for a generic (non-LLM) network's training: a summary line, then the
// layout, the step by part and the memory per GPU.
import type { PlannedGenericTraining } from '@aidc/core';
import { compact } from '../humanise.js';
import { esc, grid, kv, pct } from './html-parts.js';

const n = (x: number, digits = 1) => compact(x, digits, true);
const ms = (s: number) => (s * 1000).toFixed(2);

export function genericTrainingSummary(name: string, g: PlannedGenericTraining): [string, string] {
  return [
    name,
    `${(g.days * 24).toFixed(2)} hours on ${n(g.gpus, 0)} GPUs, ${n(g.samplesPerS)} samples/s (${g.bound}-bound), MFU ${pct(g.mfu)}${g.costUsd !== undefined ? `; run cost $${n(g.costUsd)}` : ''}`,
  ];
}

export function genericTrainingSection(name: string, g: PlannedGenericTraining): string {
  const s = g.stepTimeBreakdownS;
  const m = g.memoryPerGpuGB;
  const parts: [string, number][] = [
    ['compute (3x forward FLOPs)', s.computeS],
    ['activation traffic', s.activationMemoryS],
    ['embedding lookups and updates', s.embeddingS],
    ['embedding all-to-all', s.embeddingAllToAllS],
    ['pipeline bubble', s.pipelineBubbleS],
    ['pipeline transfers', s.pipelineP2pS],
    ['exposed gradient all-reduce', s.dataParallelExposedS],
    ['optimizer step', s.optimizerS],
  ];
  return [
    `<h3>${esc(name)} (training, ${g.family}, ${g.gpus} GPUs)</h3>`,
    kv([
      [
        'parallelism',
        `dp ${g.parallelism.dp} × pp ${g.parallelism.pp}, microbatch ${g.parallelism.microBatch}, ${g.precision}`,
      ],
      [
        'step time',
        `${ms(g.stepTimeS)} ms for ${n(g.globalBatchSamples, 0)} samples (${g.bound}-bound)`,
      ],
      ['throughput', `${n(g.samplesPerS)} samples/s, ${n(g.samplesPerSPerGpu)} per GPU`],
      ['model FLOP/s per GPU', `${n(g.tflopsPerGpu)} TFLOP/s, MFU ${pct(g.mfu)}`],
      ['input read', `${g.inputGBpsPerGpu.toFixed(2)} GB/s per GPU`],
      ['memory per GPU', `${m.total.toFixed(1)} of ${g.memoryCapacityGB.toFixed(1)} GB`],
      [
        'run',
        `${n(g.steps, 0)} steps, ${(g.days * 24).toFixed(2)} hours, ${n(g.gpuHours)} GPU-hours`,
      ],
    ]),
    grid(
      ['step part', 'ms', 'share'],
      parts.filter(([, v]) => v > 0).map(([label, v]) => [label, ms(v), pct(v / s.totalS)]),
    ),
    grid(
      ['memory per GPU', 'GB'],
      (
        [
          ['weights', m.weights],
          ['gradients', m.gradients],
          ['optimizer state', m.optimizer],
          ['embedding shard', m.embeddings],
          ['activations', m.activations],
          ['reserve', m.reserve],
        ] as [string, number][]
      ).map(([label, v]) => [label, v.toFixed(2)]),
    ),
  ].join('');
}
