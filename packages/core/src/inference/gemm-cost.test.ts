import { describe, expect, it } from 'vitest';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { findGpu, type Gpu } from '../catalog/gpus.js';
import { shapeFromPreset, type ModelShape } from '../training/model-shape.js';
import {
  addLayerCharge,
  chargedTensorS,
  denseChargeS,
  denseGemmTimes,
  expertPick,
  expectedTiles,
  gemmFlopsPerS,
  groupedGemmTimes,
  layerShapes,
  lmHeadFlopsPerS,
  servingLayerGemms,
  servingTile,
  type GemmOperands,
} from './gemm-cost.js';
import { iterationCost, moeRoutingBytes, type ServingContext } from './step-cost.js';

const h100 = findGpu('h100-sxm-80gb')!;
const h200 = findGpu('h200-sxm-141gb')!;
const ctx = (model: ModelShape, gpu: Gpu, over: Partial<ServingContext> = {}): ServingContext => ({
  model,
  gpu,
  precision: 'fp8',
  kvPrecision: 'fp8',
  tp: 1,
  efficiency: EFFICIENCY,
  ...over,
});
const llama8b = shapeFromPreset('llama3.1-8b')!;
const tile = { m: 256, n: 128 };
/** FP8 weights and inputs on H100 (3.35 TB/s at the serving HBM fraction). */
const fp8: GemmOperands = {
  secondsPerByte: 1 / (3.35e12 * EFFICIENCY.serving.hbmFraction.value),
  weightBytes: 1,
  inputBytes: 1,
};

describe('GEMM rates', () => {
  it("each GPU's own measured large-GEMM fraction, else its generation's", () => {
    // H100 FP8: MAMF 1402.6 TFLOPS (70.9%), not Hopper's 0.72; H200 FP8 1453.4.
    expect(gemmFlopsPerS(ctx(llama8b, h100), 'fp8')).toBeCloseTo(1402.6e12, -6);
    expect(gemmFlopsPerS(ctx(llama8b, h200), 'fp8')).toBeCloseTo(1453.4e12, -6);
    // GB200 bf16: its own 1822 TFLOPS (0.73), not Blackwell's 0.78 of 2500.
    const gb200 = findGpu('gb200-nvl72')!;
    expect(gemmFlopsPerS(ctx(llama8b, gb200), 'bf16')).toBeCloseTo(1822e12, -6);
    // A100 has no int8 measurement: Ampere's int8 fraction of 624.
    const a100 = findGpu('a100-sxm-80gb')!;
    expect(gemmFlopsPerS(ctx(llama8b, a100), 'int8')).toBeCloseTo(
      624e12 * EFFICIENCY.int8GemmFraction.value['ampere']!,
      -6,
    );
  });

  it('the LM head (16-bit weights) multiplies on the 16-bit path', () => {
    expect(lmHeadFlopsPerS(ctx(llama8b, h100))).toBeCloseTo(794.5e12, -6);
    const v100 = findGpu('v100-sxm2-32gb')!;
    expect(lmHeadFlopsPerS(ctx(llama8b, v100, { precision: 'fp16' }))).toBeCloseTo(83e12, -6);
  });

  it('GPUs with a catalogued SM count tile their GEMMs; TPUs do not', () => {
    // The large tile's long side for many rows, the 64-row thin tile for few.
    expect(servingTile(ctx(llama8b, h100))).toEqual({ m: tile.m, n: 64 });
    expect(servingTile(ctx(llama8b, findGpu('tpu-v5p')!))).toBeUndefined();
  });
});

describe('expected row tiles of an expert', () => {
  /** E[ceil(r / tile)] for r ~ Binomial(n, p), summed over the exact distribution. */
  const exact = (n: number, p: number, t: number) => {
    let logPmf = n * Math.log1p(-p);
    let sum = 0;
    for (let r = 0; r <= n; r++) {
      sum += Math.exp(logPmf) * Math.ceil(r / t);
      logPmf += Math.log((n - r) / (r + 1)) + Math.log(p) - Math.log1p(-p);
    }
    return sum;
  };

  it('one tile for every expert some token picked while the rows fit one tile', () => {
    // DeepSeek-V3 decode on 8 ranks: 1024 tokens x 8 / 256 = 32 rows an expert, never 128.
    expect(expectedTiles(1024, 8 / 256, 128)).toBeCloseTo(1 - (1 - 8 / 256) ** 1024, 9);
    expect(expectedTiles(1, 0.25, 128)).toBeCloseTo(0.25, 12);
  });

  it('matches the exact binomial expectation across tile boundaries', () => {
    for (const [n, p, t] of [
      [8192, 1 / 16, 128], // 512 rows on average: 4 or 5 tiles
      [2000, 0.1, 128],
      [4096, 0.25, 256],
      [300, 0.5, 128],
    ] as const) {
      expect(expectedTiles(n, p, t)).toBeCloseTo(exact(n, p, t), 2);
    }
  });

  it('p = 1: every token, deterministic', () => {
    expect(expectedTiles(300, 1, 128)).toBe(3);
  });
});

describe('the tensor-core time charged to a GEMM', () => {
  const rate = 1402.6e12;

  it('no padding, weight-bound: the useful work alone (the serving sum with the weight reads)', () => {
    // 256 rows: whole tiles; FP8 weights 8192 x 8192 dominate the traffic.
    const t = denseGemmTimes({ m: 256, n: 8192, k: 8192 }, rate, tile, fp8);
    expect(t.tiledS).toBeCloseTo(t.usefulS, 15);
    expect(t.weightS).toBeGreaterThan(t.usefulS);
    const acts = (256 * 8192 + 256 * 8192 * 2) * fp8.secondsPerByte;
    expect(chargedTensorS(t)).toBeCloseTo(t.usefulS + acts, 15);
  });

  it('compute-bound: the padded tiles (1025 rows in 9 tiles of 128 rows: x 1152 / 1025)', () => {
    const t = denseGemmTimes({ m: 1025, n: 8192, k: 8192 }, rate, tile, fp8);
    expect(t.tiledS / t.usefulS).toBeCloseTo(1152 / 1025, 12);
    expect(chargedTensorS(t)).toBeCloseTo(t.tiledS, 15);
  });

  it('a padded expert that still waits for its weights pays nothing for the padding', () => {
    // 32 experts of DeepSeek-V3 on one of 8 ranks, 32 rows each padded to 128: the padded
    // intensity, 2 x 128 FLOPs per FP8 weight byte, is below the H200's ridge point.
    const operands = { ...fp8, secondsPerByte: 1 / (4.8e12 * 0.8) };
    const g = { experts: 32, tokens: 1024, pick: 8 / 256, touched: 1, n: 4096, k: 7168 };
    const t = groupedGemmTimes(g, 1453.4e12, tile, operands);
    expect(t.tiledS / t.usefulS).toBeGreaterThan(3.5);
    expect(t.tiledS).toBeLessThan(t.weightS);
    const acts = 32 * 1024 * (8 / 256) * (7168 + 4096 * 2) * operands.secondsPerByte;
    expect(chargedTensorS(t)).toBeCloseTo(t.usefulS + acts, 15);
  });

  it('an expert sharded thin waits for its 16-bit outputs (Qwen3-235B down projection at tp 8)', () => {
    // 128 experts of 1536 / 8 = 192 inner columns each, 4096-wide 16-bit output rows.
    const g = { experts: 128, tokens: 8192, pick: 8 / 128, touched: 1, n: 4096, k: 192 };
    const t = groupedGemmTimes(g, rate, tile, fp8);
    const rows = 128 * 8192 * (8 / 128);
    expect(t.trafficS - t.weightS).toBeCloseTo(rows * (192 + 4096 * 2) * fp8.secondsPerByte, 15);
    expect(t.trafficS).toBeGreaterThan(Math.max(t.usefulS, t.tiledS, t.weightS));
    // Its FLOPs outlast its weights, so the charge on top of them is the traffic's whole time.
    expect(t.usefulS).toBeGreaterThan(t.weightS);
    expect(chargedTensorS(t)).toBeCloseTo(t.trafficS, 15);
  });

  it('the planner’s one-pass sum is the charge of the listed GEMMs', () => {
    const moe = shapeFromPreset('qwen3-235b-a22b')!;
    for (const [model, over] of [
      [llama8b, { tp: 1 }],
      [moe, { tp: 8 }],
      [shapeFromPreset('deepseek-v3')!, { tp: 8, ep: 8, dp: 8 }],
    ] as const) {
      const c = ctx(model, h200, over);
      const t = { groupTokens: 700, tokens: 1300, routedLoad: 1.05, touched: 0.97 };
      for (const moeLayer of [false, true]) {
        const sum = { flops: 0, tensorS: 0 };
        const shapes = layerShapes(c, moeLayer);
        addLayerCharge(sum, 2, shapes, t, expertPick(model, t.routedLoad), rate, tile, fp8);
        const g = servingLayerGemms(c, moeLayer, t);
        let expected = 0;
        for (const d of g.dense) expected += chargedTensorS(denseGemmTimes(d, rate, tile, fp8));
        for (const r of g.routed) expected += chargedTensorS(groupedGemmTimes(r, rate, tile, fp8));
        expect(sum.tensorS).toBeCloseTo(2 * expected, 15);
      }
      expect(denseChargeS(700, 4096, 2048, rate, tile, fp8)).toBeCloseTo(
        chargedTensorS(denseGemmTimes({ m: 700, n: 4096, k: 2048 }, rate, tile, fp8)),
        15,
      );
    }
  });

  it('lists a grouped GEMM per routed matrix: E / ep experts, each split tp / ep ways', () => {
    const ds = shapeFromPreset('deepseek-v3')!;
    const g = servingLayerGemms(ctx(ds, h200, { tp: 8, ep: 4 }), true, {
      groupTokens: 100,
      tokens: 100,
      routedLoad: 1,
      touched: 1,
    });
    expect(g.routed.map((r) => [r.experts, r.n, r.k])).toEqual([
      [64, (2 * 2048) / 2, 7168],
      [64, 7168, 2048 / 2],
    ]);
    // MLA projections and the shared expert, over all 8 GPUs of the group.
    expect(g.dense.length).toBe(5 + 2);
  });
});

describe('MoE routing traffic and whole prompts in an iteration', () => {
  const qwen30b = shapeFromPreset('qwen3-30b-a3b')!;
  const b200 = findGpu('b200-sxm-180gb')!;

  it('permute and combine: each token read once, written into its k rows, k outputs read, one written; router logits', () => {
    const c = ctx(qwen30b, b200, { precision: 'fp4' });
    const h = 2048;
    // NVFP4 inputs: 4.5 bits an element.
    const perToken = 8 * h * (4.5 / 8 + 2) + 4 * h + 128 * 8;
    expect(moeRoutingBytes(c, 1000, 1000, 1)).toBeCloseTo(1000 * perToken, 6);
    // ep 8 of 8 GPUs: a rank expands only the pairs routed to it, combines the tokens present.
    const ep = ctx(qwen30b, b200, { precision: 'fp4', tp: 8, ep: 8 });
    expect(moeRoutingBytes(ep, 1000, 1000, 1)).toBeLessThan(moeRoutingBytes(c, 1000, 1000, 1) / 4);
    expect(moeRoutingBytes(ctx(llama8b, h100), 1000, 1000, 1)).toBe(0);
  });

  it('a fractional prompt count is the mean of the two whole counts around it', () => {
    // Llama 3.3 70B decode at 205 sequences and a 500-token prompt every ~10 iterations: 256.15
    // tokens on average, but an iteration runs 205 or 705, never 257 padded to 512.
    const llama70 = shapeFromPreset('llama3.3-70b')!;
    const c = ctx(llama70, h100, { tp: 2 });
    const at = (prompts: number) =>
      iterationCost(c, {
        decodeSeqs: 205,
        decodeContext: 1250,
        prefillRequests: prompts,
        promptTokens: 500,
      }).linearComputeS;
    expect(at(0.1025)).toBeCloseTo(0.8975 * at(0) + 0.1025 * at(1), 12);
  });

  it('routing traffic is part of the elementwise time of MoE layers only', () => {
    const c = ctx(qwen30b, b200, { precision: 'fp4' });
    const load = { decodeSeqs: 512, decodeContext: 1000, prefillRequests: 0, promptTokens: 0 };
    const withRouting = iterationCost(c, load).elementwiseS;
    const hbm = 8e12 * EFFICIENCY.serving.hbmFraction.value;
    expect(withRouting).toBeGreaterThan((48 * moeRoutingBytes(c, 512, 512, 1)) / hbm);
  });
});
