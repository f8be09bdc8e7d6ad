import { describe, expect, it } from 'vitest';
import { findGpu } from '../catalog/gpus.js';
import { EFFICIENCY } from '../catalog/efficiency.js';
import type { ParallelConfig, TrainingContext } from './config.js';
import { activationBytesPerTokenPerLayer, memoryPerGpu } from './memory.js';
import { shapeFromInput } from './model-shape.js';

// GPT-3 175B shape from Korthikanti et al. 2022, Table 3.
const gpt3 = shapeFromInput({
  layers: 96,
  hidden: 12288,
  heads: 96,
  vocab: 51200,
  ffnType: 'gelu',
  tiedEmbeddings: true,
});
const ctx = (over: Partial<TrainingContext> = {}): TrainingContext => ({
  model: gpt3,
  gpu: findGpu('a100-sxm-80gb')!,
  fabric: undefined,
  precision: 'fp16',
  seqLen: 2048,
  globalBatchSequences: 64,
  gpus: 64,
  sequenceParallel: true,
  flashAttention: false,
  dataParallelOverlap: 'none',
  hierarchicalDataParallel: true,
  efficiency: EFFICIENCY,
  ...over,
});
const cfg = (over: Partial<ParallelConfig> = {}): ParallelConfig => ({
  tp: 8,
  pp: 8,
  dp: 1,
  cp: 1,
  ep: 1,
  microBatch: 1,
  virtualStages: 1,
  recompute: 'none',
  zeroStage: 0,
  ...over,
});

describe('activation memory (Korthikanti et al. 2022, Table 2)', () => {
  const h = 12288;
  const a = 96;
  const s = 2048;
  const t = 8;
  it('tensor parallel without SP: sbh (10 + 24/t + 5as/(ht))', () => {
    const bytes = activationBytesPerTokenPerLayer(ctx({ sequenceParallel: false }), cfg());
    expect(bytes / h).toBeCloseTo(10 + 24 / t + (5 * a * s) / (h * t), 6);
  });
  it('tensor + sequence parallel: sbh (34/t + 5as/(ht))', () => {
    const bytes = activationBytesPerTokenPerLayer(ctx(), cfg());
    expect(bytes / h).toBeCloseTo(34 / t + (5 * a * s) / (h * t), 6);
  });
  it('selective recompute (or FlashAttention): sbh 34/t', () => {
    expect(activationBytesPerTokenPerLayer(ctx(), cfg({ recompute: 'selective' })) / h).toBeCloseTo(
      34 / t,
      6,
    );
    expect(activationBytesPerTokenPerLayer(ctx({ flashAttention: true }), cfg()) / h).toBeCloseTo(
      34 / t,
      6,
    );
  });
  it('full recompute keeps only the layer input: 2sbh/t', () => {
    expect(activationBytesPerTokenPerLayer(ctx(), cfg({ recompute: 'full' })) / h).toBeCloseTo(
      2 / t,
      6,
    );
  });
});

describe('model-state memory (Rajbhandari et al. 2020, ZeRO, Figure 1: 7.5B params, 64 GPUs)', () => {
  // A 7.5B dense model on one pipeline stage, no tensor parallelism: 2+2+12 = 16 bytes/param (fp16).
  const m = shapeFromInput({
    layers: 32,
    hidden: 4096,
    heads: 32,
    vocab: 51200,
    ffnType: 'gelu',
    tiedEmbeddings: true,
    params: 7.5e9,
  });
  const psi = (cfgZero: number) => {
    const memory = memoryPerGpu(
      ctx({ model: m }),
      cfg({ tp: 1, pp: 1, dp: 64, zeroStage: cfgZero }),
      1,
    );
    return memory.weights + memory.gradients + memory.optimizer;
  };
  const params = (32 * (4 * 4096 ** 2 + 8 * 4096 ** 2) + 51200 * 4096) / 1e9; // what the shape holds (GB-params)
  it('stage 0: 16 bytes per parameter', () => expect(psi(0)).toBeCloseTo(16 * params, 6));
  it('stage 1: 4 + 12/Nd', () => expect(psi(1)).toBeCloseTo((4 + 12 / 64) * params, 6));
  it('stage 2: 2 + 14/Nd', () => expect(psi(2)).toBeCloseTo((2 + 14 / 64) * params, 6));
  it('stage 3: 16/Nd', () => expect(psi(3)).toBeCloseTo((16 / 64) * params, 6));
  it('the worked example: 120 GB at stage 0 falls to 1.9 GB at stage 3 for 7.5B params', () => {
    expect(16 * 7.5).toBeCloseTo(120);
    expect(psi(3) / psi(0)).toBeCloseTo(1 / 64, 6);
  });
});
