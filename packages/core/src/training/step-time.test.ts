import { describe, expect, it } from 'vitest';
import { allReduceS, reduceScatterS } from './collectives.js';
import { findGpu } from '../catalog/gpus.js';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { trainingFramework } from '../catalog/frameworks.js';
import type { ParallelConfig, TrainingContext } from './config.js';
import { attentionParams, shapeFromPreset } from './model-shape.js';
import { layerMatmulFlops } from './flops.js';
import { layerGemms, waveEfficiency, type Gemm } from './gemm-shapes.js';
import { expertAllToAllS, stepTime } from './step-time.js';
import { contextParallelCandidates, pipelineCandidates, searchParallelism } from './search.js';
import { batchSequencesFromTokens, candidateClusterSizes } from './plan-training.js';

const link = { bytesPerS: 100e9, latencyS: 10e-6 };

describe('collectives (alpha-beta model)', () => {
  it('ring all-reduce moves 2(n-1)/n of the buffer', () => {
    expect(allReduceS(8e9, 8, { ...link, latencyS: 0 })).toBeCloseTo(
      (2 * 7 * 8e9) / (8 * 100e9),
      9,
    );
  });
  it('reduce-scatter moves (n-1)/n and pays n-1 ring steps of latency per call', () => {
    expect(reduceScatterS(8e9, 8, link, 2)).toBeCloseTo((7 * 8e9) / (8 * 100e9) + 2 * 7 * 10e-6, 9);
  });
  it('a single rank communicates nothing', () => expect(allReduceS(1e9, 1, link)).toBe(0));
});

const ctx = (gpus: number, over: Partial<TrainingContext> = {}): TrainingContext => ({
  model: shapeFromPreset('llama2-70b')!,
  gpu: findGpu('h100-sxm-80gb')!,
  fabric: undefined,
  precision: 'bf16',
  seqLen: 4096,
  globalBatchSequences: 1024,
  gpus,
  sequenceParallel: true,
  flashAttention: true,
  dataParallelOverlap: 'full',
  hierarchicalDataParallel: true,
  framework: trainingFramework('megatron-core'),
  efficiency: EFFICIENCY,
  ...over,
});
const cfg: ParallelConfig = {
  tp: 8,
  pp: 4,
  dp: 16,
  cp: 1,
  ep: 1,
  etp: 8,
  microBatch: 1,
  virtualStages: 1,
  recompute: 'none',
  zeroStage: 1,
};

describe('step time', () => {
  it('reports the pipeline bubble fraction (p-1)/(m v) of Narayanan et al. 2021', () => {
    const step = stepTime(ctx(512), cfg);
    expect(step.bubbleFraction).toBeCloseTo(3 / 64, 12);
    const interleaved = stepTime(ctx(512), { ...cfg, virtualStages: 2 });
    expect(interleaved.bubbleFraction).toBeCloseTo(3 / 128, 12);
    expect(interleaved.pipelineBubbleS).toBeLessThan(step.pipelineBubbleS);
  });
  it('adds up its parts', () => {
    const s = stepTime(ctx(512), cfg);
    const pipelineS =
      s.totalS - s.pipelineP2pS - s.dataParallelExposedS - s.optimizerS - s.stragglerS;
    expect(pipelineS).toBeGreaterThanOrEqual(s.computeS / (1 + 1e-9) - 1e-9);
    expect(Number.isFinite(s.totalS)).toBe(true);
  });
  it('full recompute costs about one extra forward pass', () => {
    const none = stepTime(ctx(512), cfg).computeS;
    const full = stepTime(ctx(512), { ...cfg, recompute: 'full' }).computeS;
    expect(full / none).toBeGreaterThan(1.25);
    expect(full / none).toBeLessThan(1.4);
  });
  it('FP8 speeds up the matmuls only', () => {
    const bf16 = stepTime(ctx(512), cfg).computeS;
    const fp8 = stepTime(ctx(512, { precision: 'fp8' }), cfg).computeS;
    expect(bf16 / fp8).toBeGreaterThan(1.2);
    expect(bf16 / fp8).toBeLessThan(1.9);
  });
  it('synchronisation waits grow with the number of GPUs', () => {
    const small = stepTime(ctx(512), cfg);
    const large = stepTime(ctx(16384, { globalBatchSequences: 32768 }), { ...cfg, dp: 512 });
    expect(large.stragglerS / large.totalS).toBeGreaterThan(small.stragglerS / small.totalS);
  });
});

describe('parallelism search', () => {
  it('finds a layout that fits and respects fixed fields', () => {
    const found = searchParallelism(ctx(512), { fixed: { tp: 8 } });
    const best = found.ranked[0]!;
    expect(best.config.tp).toBe(8);
    expect(best.config.tp * best.config.pp * best.config.dp * best.config.cp).toBe(512);
    expect(best.memory.total).toBeLessThanOrEqual((80 * 2 ** 30) / 1e9);
    expect(found.rejectedForMemory).toBeGreaterThan(0);
    // Ranked fastest first.
    for (let i = 1; i < found.ranked.length; i++) {
      expect(found.ranked[i]!.step.totalS).toBeGreaterThanOrEqual(found.ranked[i - 1]!.step.totalS);
    }
  });
  it('finds nothing that fits a 70B model on 8 GPUs without sharding', () => {
    const found = searchParallelism(ctx(8), { fixed: {}, zeroStage: 0 });
    expect(found.ranked).toHaveLength(0);
    expect(found.leastMemory?.memory.total).toBeGreaterThan(80);
  });
});

describe('batch and cluster sizes', () => {
  it('rounds a nominal token batch to a power-of-two multiple of sequences', () => {
    expect(batchSequencesFromTokens(4e6 / 2048)).toBe(2048);
    expect(batchSequencesFromTokens(16e6 / 8192)).toBe(2048);
    expect(batchSequencesFromTokens(1536)).toBe(1536);
  });
  it('never rounds an exact whole number of sequences (MLPerf GPT-3: 2688 stays 2688)', () => {
    expect(batchSequencesFromTokens(2688)).toBe(2688);
    expect(batchSequencesFromTokens((2688 * 2048) / 2048)).toBe(2688);
    expect(batchSequencesFromTokens(1152)).toBe(1152);
    expect(batchSequencesFromTokens(3)).toBe(3);
  });
  it('tries whole servers in steps of at most a quarter', () => {
    expect(candidateClusterSizes(8, 128)).toEqual([
      8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128,
    ]);
  });
});

describe('data-parallel communication modes', () => {
  // ZeRO-3 over 64 GPUs without model parallelism: communication-heavy, so the modes differ.
  const zero3: ParallelConfig = { ...cfg, tp: 1, pp: 1, dp: 64, microBatch: 1, zeroStage: 3 };
  const exposed = (over: Partial<TrainingContext>) =>
    stepTime(ctx(64, { globalBatchSequences: 64, ...over }), zero3).dataParallelExposedS;

  it('overlap: full hides more than forward-only, which hides more than none', () => {
    const full = exposed({ dataParallelOverlap: 'full' });
    const forward = exposed({ dataParallelOverlap: 'forward' });
    const none = exposed({ dataParallelOverlap: 'none' });
    expect(full).toBeLessThan(forward);
    expect(forward).toBeLessThan(none);
  });
  it('without NIC pooling each GPU sends through its own NIC: slower for tp = 1', () => {
    const pooled = exposed({ dataParallelOverlap: 'none', hierarchicalDataParallel: true });
    const flat = exposed({ dataParallelOverlap: 'none', hierarchicalDataParallel: false });
    expect(flat / pooled).toBeGreaterThan(4);
  });
});

describe('layouts practitioners run', () => {
  it('pipeline stages split the layers evenly or leave the first and last a layer short', () => {
    const eighty = pipelineCandidates(80);
    expect(eighty).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 8, 10, 16, 20, 40]));
    expect(eighty).not.toContain(7);
    expect(eighty).not.toContain(25);
    expect(pipelineCandidates(126)).toContain(16); // Llama 3 405B: 7, 8 x 14, 7
  });
  it('context parallelism keeps at least 4096 tokens per rank', () => {
    expect(contextParallelCandidates(4096)).toEqual([1]);
    expect(contextParallelCandidates(8192)).toEqual([1, 2]);
    expect(contextParallelCandidates(131072)).toContain(16);
  });
});

describe('weight GEMMs shape by shape (gemm-shapes.ts)', () => {
  const flops = (gemms: readonly Gemm[]) =>
    gemms.reduce((sum, g) => sum + 2 * g.m * g.n * g.k * g.count, 0);
  it('list exactly the layer FLOPs of a dense model, split by tp', () => {
    const c8 = { ...cfg, tp: 8 };
    const model = ctx(64).model;
    expect(flops(layerGemms(ctx(64), c8, false, 4096))).toBeCloseTo(
      (layerMatmulFlops(model, false) * 4096) / 8,
      -3,
    );
  });
  it('MLA: the low-rank projections, with the down-projections replicated on the tp ranks', () => {
    const ds = shapeFromPreset('deepseek-v3')!;
    const c = { ...cfg, tp: 1, ep: 1, etp: 1 };
    // With tp 1 nothing is replicated: the listed attention GEMMs are the layer's attention FLOPs.
    const attention = layerGemms(ctx(64, { model: ds }), c, false, 1).slice(0, 5);
    expect(flops(attention)).toBeCloseTo(2 * attentionParams(ds), -3);
  });
  it('wave quantization: 108 SMs leave 11% of a 3-wave 256 x 128 GEMM idle; grouped experts share waves', () => {
    // 2048 x 4608 output: 8 x 36 = 288 tiles of 256 x 128 on 108 SMs = 2.67 waves, run as 3.
    expect(waveEfficiency(2048, 4608, 108)).toBeCloseTo(288 / 324, 6);
    expect(waveEfficiency(2048, 4608, undefined)).toBe(1);
    // 16 small expert GEMMs of 2 tiles each fill 32 of 132 SMs in one wave together.
    expect(waveEfficiency(256, 256, 132, 16)).toBeCloseTo(32 / 132, 6);
  });
});

describe('expert tensor parallelism (MoE parallel folding)', () => {
  it('etp > 1 adds the all-gather and reduce-scatter of the dispatched tokens', () => {
    const mixtral = shapeFromPreset('mixtral-8x7b')!;
    const moeCtx = ctx(64, { model: mixtral, seqLen: 4096, globalBatchSequences: 256 });
    const base = { ...cfg, tp: 4, pp: 1, dp: 16, ep: 8, microBatch: 1, virtualStages: 1 };
    const folded = stepTime(moeCtx, { ...base, etp: 1 });
    const split = stepTime(moeCtx, { ...base, etp: 2 });
    expect(split.expertParallelCommS).toBeGreaterThan(folded.expertParallelCommS);
  });
});

describe('expert all-to-all overlap (framework profile)', () => {
  const deepseek = (framework: string) =>
    ctx(1024, {
      model: shapeFromPreset('deepseek-v3')!,
      precision: 'fp8',
      globalBatchSequences: 8192,
      framework: trainingFramework(framework),
    });
  const layout: ParallelConfig = {
    ...cfg,
    tp: 2,
    pp: 8,
    dp: 64,
    ep: 64,
    etp: 1,
    virtualStages: 4,
  };
  it('hides the dispatch and combine behind the layer computation at the overlap fraction', () => {
    const plain = stepTime(deepseek('megatron-core'), layout);
    const overlapped = stepTime(deepseek('megatron-core-ep-overlap'), layout);
    // 16 H100 servers: the all-to-alls cross each GPU's NIC, most of the layer's compute time.
    expect(plain.expertParallelCommS).toBeGreaterThan(0.5 * plain.computeS);
    expect(overlapped.expertParallelCommS).toBeLessThan(plain.expertParallelCommS);
    // What stays exposed is the all-to-all time beyond 0.9 x the MoE layers' compute.
    expect(overlapped.expertParallelCommS).toBeGreaterThan(
      plain.expertParallelCommS - EFFICIENCY.overlapFraction.value * plain.computeS,
    );
    expect(overlapped.totalS).toBeLessThan(plain.totalS);
  });
});

describe('expert all-to-all on one NVLink domain (gpt-oss-120b, 8 x B200, ep 8)', () => {
  // One microbatch of 4 x 4096 tokens, top-4 of 128 experts, hidden 2880, bf16: each GPU sends
  // 16384 x 4 x 2880 x 2 = 377,487,360 bytes per dispatch and keeps 1/8 of it. The scale-up bus
  // rate is 900 GB/s x 0.8 = 720 GB/s, NCCL's own figure for Blackwell (src/graph/topo.h,
  // SM100_NVLINK_BW 40.1 GB/s x 18 links = 721.8 GB/s), plus one 5 us latency.
  it('moves 7/8 of the copies at the bus rate: 463.7 us', () => {
    const env = ctx(8, { gpu: findGpu('b200-sxm-180gb')! });
    const bytes = 16384 * 4 * 2880 * 2;
    expect(bytes).toBe(377_487_360);
    expect(expertAllToAllS(env, bytes, 8, 1) * 1e6).toBeCloseTo(458.74 + 5, 1);
  });
});
