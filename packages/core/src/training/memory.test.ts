import { describe, expect, it } from 'vitest';
import { findGpu } from '../catalog/gpus.js';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { trainingFramework } from '../catalog/frameworks.js';
import { stageLayers, type ParallelConfig, type TrainingContext } from './config.js';
import { activationBytesPerTokenPerLayer, memoryPerGpu } from './memory.js';
import { shapeFromInput, shapeFromPreset } from './model-shape.js';

// GPT-3 175B shape from Korthikanti et al. 2022, Table 3.
const gpt3 = shapeFromInput({
  layers: 96,
  hidden: 12288,
  heads: 96,
  vocab: 51200,
  ffnType: 'gelu',
  tiedEmbeddings: true,
  dropout: true,
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
  framework: trainingFramework('megatron-2021'),
  efficiency: EFFICIENCY,
  ...over,
});
const cfg = (over: Partial<ParallelConfig> = {}): ParallelConfig => ({
  tp: 8,
  pp: 8,
  dp: 1,
  cp: 1,
  ep: 1,
  etp: 8,
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

describe('activation memory without dropout (modern LLMs)', () => {
  it('drops the two residual dropout masks and the score-dropout bytes: sbh (32/t + 2as/(ht))', () => {
    const noDropout = { ...gpt3, dropout: false };
    const bytes = activationBytesPerTokenPerLayer(ctx({ model: noDropout }), cfg());
    expect(bytes / 12288).toBeCloseTo(32 / 8 + (2 * 96 * 2048) / (12288 * 8), 6);
  });
});

describe('uneven pipeline stages (Llama 3 405B, Dubey et al. 2024 Sec. 3.3.2)', () => {
  it('126 layers on 16 stages: one layer fewer on the first and the last', () => {
    expect(stageLayers(126, 16, 1)).toEqual({ first: 7, middle: 8, last: 7 });
    expect(stageLayers(96, 8, 6)).toEqual({ first: 12, middle: 12, last: 12 });
    expect(stageLayers(32, 1, 1)).toEqual({ first: 32, middle: 32, last: 32 });
  });
});

describe('Llama 3 405B, Dubey et al. 2024 Table 4 layout (8,192 H100: tp 8, pp 16, dp 64)', () => {
  // 8k sequences, one sequence per microbatch, 32 microbatches per data-parallel rank (16M-token
  // batch), no recomputation, gradients and optimizer state sharded over data parallelism.
  const llama = shapeFromPreset('llama3.1-405b')!;
  const c = cfg({ tp: 8, pp: 16, dp: 64, microBatch: 1, recompute: 'none', zeroStage: 2 });
  const memory = memoryPerGpu(
    ctx({
      model: llama,
      gpu: findGpu('h100-sxm-80gb')!,
      precision: 'bf16',
      seqLen: 8192,
      globalBatchSequences: 2048,
      gpus: 8192,
      flashAttention: true,
      framework: trainingFramework('megatron-core'),
    }),
    c,
    32,
  );
  it('fits in the 80 GiB of an H100', () => {
    expect(memory.total).toBeLessThan(80 * 2 ** 30 * 1e-9);
  });
  it('by part: 16-bit weights of 8 layers, sharded gradients and optimizer, 15 x 8 layers of activations', () => {
    // Weights: (8 layers x 3.24B / 8 + 128256 x 16384 embedding / 8) x 2 bytes.
    expect(memory.weights).toBeCloseTo(6.86, 1);
    expect(memory.gradients).toBeCloseTo(memory.weights / 64, 3);
    expect(memory.optimizer).toBeCloseTo((memory.weights / 2) * (12 / 64), 2);
    // The second stage (8 layers, 15 microbatches in flight) outweighs the first (7 x 16).
    expect(memory.activations).toBeCloseTo(63.9, 0);
    expect(memory.total).toBeCloseTo(81.2, 0);
  });
});
