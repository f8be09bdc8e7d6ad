import { describe, expect, it } from 'vitest';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { findGpu } from '../catalog/gpus.js';
import { shapeFromPreset } from '../training/model-shape.js';
import { weightBytesPerGpu } from './memory.js';
import {
  busiestRankExpertFraction,
  busiestRankRoutedLoad,
  elementwiseBytesPerTokenPerLayer,
  busiestGroupPrefill,
  expectedMaxBinomial,
  expectedMaxStandardNormal,
  expertRanksPerToken,
  expertsTouchedFraction,
  iterationCost,
  scaleUpCommunication,
  servingMatmulFlopsPerS,
  stageTransferS,
  type ServingContext,
} from './step-cost.js';

const h100 = findGpu('h100-sxm-80gb')!;
const llama8b = shapeFromPreset('llama3.1-8b')!;
const ctx = (over: Partial<ServingContext> = {}): ServingContext => ({
  model: llama8b,
  gpu: h100,
  precision: 'bf16',
  kvPrecision: 'bf16',
  tp: 1,
  efficiency: EFFICIENCY,
  ...over,
});
const hbm = 3.35e12 * EFFICIENCY.serving.hbmFraction.value;
const decode = (seqs: number, context = 1000) => ({
  decodeSeqs: seqs,
  decodeContext: context,
  prefillRequests: 0,
  promptTokens: 0,
});

describe('a pipelined iteration', () => {
  const llama70b = shapeFromPreset('llama3.1-70b')!;
  const load = { decodeSeqs: 64, decodeContext: 1500, prefillRequests: 0.5, promptTokens: 1024 };

  it('is pp micro-batches through the busiest stage plus each hand-over', () => {
    const one = iterationCost(ctx({ model: llama70b, tp: 8 }), load);
    const two = iterationCost(ctx({ model: llama70b, tp: 8, pp: 2 }), load);
    // Per-token work splits over the stages: each micro-batch carries half the tokens through
    // half the layers, twice per iteration, so compute and KV reads halve; the LM head stays
    // whole on the last stage.
    expect(two.decodeAttentionS).toBeCloseTo(one.decodeAttentionS / 2, 9);
    expect(two.prefillAttentionS).toBeCloseTo(one.prefillAttentionS / 2, 9);
    // Each stage reads its half of the weights once per micro-batch: the same bytes per iteration
    // less the input embedding the first stage keeps, plus nothing for the LM head (last stage).
    expect(two.weightReadS).toBeGreaterThan(one.weightReadS * 0.95);
    expect(two.weightReadS).toBeLessThan(one.weightReadS * 1.05);
    // The stage boundary spans two servers: a micro-batch of 32 decode + 0.25 x 1024 prompt
    // tokens, 8192 x 2 B each, every TP rank sending its 1/8 over its 400 Gb/s NIC, plus the
    // scale-out latency; two micro-batches per iteration.
    const nic = (400 / 8) * 1e9 * EFFICIENCY.scaleOutBusFraction.value;
    const expected =
      EFFICIENCY.collectiveLatencyUs.value.scaleOut * 1e-6 + (288 * 8192 * 2) / 8 / nic;
    expect(stageTransferS(ctx({ model: llama70b, tp: 8, pp: 2 }), 288)).toBeCloseTo(expected, 12);
    expect(two.pipelineTransferS).toBeCloseTo(2 * expected, 12);
    expect(one.pipelineTransferS).toBe(0);
    const parts =
      two.linearComputeS +
      two.weightReadS +
      two.elementwiseS +
      two.prefillAttentionS +
      two.decodeAttentionS +
      two.tensorParallelS +
      two.pipelineTransferS;
    expect(two.totalS).toBeCloseTo(parts, 12);
  });
});

describe('one serving iteration', () => {
  it('batch-1 decode streams the weights once: (weights - embedding table) / achievable HBM rate', () => {
    const c = iterationCost(ctx(), decode(1));
    const embedding = 128_256 * 4096 * 2;
    expect(c.weightReadS).toBeCloseTo((weightBytesPerGpu(llama8b, 'bf16', 1) - embedding) / hbm, 9);
    // ~15 GB at ~2.7 TB/s: about 5.6 ms, the familiar bandwidth floor of an 8B model on one H100.
    expect(c.weightReadS * 1e3).toBeGreaterThan(5);
    expect(c.weightReadS * 1e3).toBeLessThan(6.5);
  });

  it('decode attention reads every sequence KV cache: seqs x context x bytes per token', () => {
    const c = iterationCost(ctx(), decode(64, 2048));
    const kvBytes = 64 * 2048 * (32 * 2 * 8 * 128 * 2);
    expect(c.decodeAttentionS).toBeCloseTo(kvBytes / hbm, 9);
  });

  it('matmul time: the useful FLOPs at the measured rates (blocks on fp8, LM head on bf16), plus what activation traffic adds', () => {
    const fp8 = ctx({ precision: 'fp8', kvPrecision: 'fp8' });
    // H100's own MAMF measurements (gemm-efficiency.json), not Hopper's generation fraction.
    const rate = servingMatmulFlopsPerS(fp8);
    expect(rate).toBeCloseTo(1402.6e12, -6);
    const c = iterationCost(fp8, decode(256));
    const linear = llama8b.params - 2 * 128_256 * 4096;
    const useful = (2 * linear * 256) / rate + (2 * 128_256 * 4096 * 256) / 794.5e12;
    // 256 rows fill whole tiles; each GEMM also streams its inputs and outputs (a few % at 256).
    expect(c.linearComputeS).toBeGreaterThan(useful * 0.99);
    expect(c.linearComputeS).toBeLessThan(useful * 1.2);
  });

  it('charges compute plus weight reads, so time grows with batch from the bandwidth floor', () => {
    const small = iterationCost(ctx(), decode(1)).totalS;
    const large = iterationCost(ctx(), decode(512)).totalS;
    expect(large).toBeGreaterThan(small);
    // Throughput per iteration still rises steeply with batch: the weights are shared.
    expect(512 / large).toBeGreaterThan(50 / small);
  });

  it('causal prefill attention: 2 S^2 (heads x headDim) FLOPs per layer', () => {
    const c = iterationCost(ctx(), {
      decodeSeqs: 0,
      decodeContext: 0,
      prefillRequests: 1,
      promptTokens: 8192,
    });
    const flops = 2 * 8192 ** 2 * 4096 * 32;
    // At the measured cuDNN causal forward rate for head dim 128 at 8k: 529 TFLOP/s on H100
    // (FlashAttention-3 Fig. 5, efficiency.json flashAttention).
    expect(c.prefillAttentionS).toBeCloseTo(flops / 529e12, 9);
  });

  it('tensor parallelism: 2 all-reduces per layer, each at least the per-call latency', () => {
    const one = iterationCost(ctx({ tp: 1 }), decode(8));
    const eight = iterationCost(ctx({ tp: 8 }), decode(8));
    expect(one.tensorParallelS).toBe(0);
    const latency = EFFICIENCY.serving.allReduceLatencyUs.value * 1e-6;
    expect(eight.tensorParallelS).toBeGreaterThan(2 * 32 * latency);
    expect(eight.tensorParallelS).toBeLessThan(2 * 32 * latency * 1.1);
  });

  it('elementwise bytes per token per layer: 16h replicated plus (6f + 4(h + 2kv)) / tp', () => {
    expect(elementwiseBytesPerTokenPerLayer(llama8b, 1)).toBe(
      16 * 4096 + 6 * 14336 + 4 * (4096 + 2 * 1024),
    );
    expect(elementwiseBytesPerTokenPerLayer(llama8b, 4)).toBe(
      16 * 4096 + (6 * 14336 + 4 * (4096 + 2 * 1024)) / 4,
    );
  });

  it('MoE: a batch reads only the experts it routes to: 1 - (1 - k/E)^tokens', () => {
    const mixtral = shapeFromPreset('mixtral-8x7b')!;
    expect(expertsTouchedFraction(mixtral, 1)).toBeCloseTo(2 / 8, 9);
    expect(expertsTouchedFraction(mixtral, 2)).toBeCloseTo(1 - (6 / 8) ** 2, 9);
    expect(expertsTouchedFraction(mixtral, 64)).toBeGreaterThan(0.9999);
    const m = ctx({ model: mixtral });
    expect(iterationCost(m, decode(1)).weightReadS).toBeLessThan(
      iterationCost(m, decode(64)).weightReadS / 2,
    );
  });

  it('MLA decode attention: every head works over the cached latent, which TP replicates', () => {
    const dsv3 = shapeFromPreset('deepseek-v3')!;
    const peak = 989.4e12 * EFFICIENCY.serving.attentionFraction.value;
    // One GPU holding all 128 heads: 4 x context x 128 x 576 FLOPs per token per layer outrun the
    // latent reads (compute-bound).
    const one = iterationCost(ctx({ model: dsv3, precision: 'fp8', tp: 1 }), decode(128, 4096));
    expect(one.decodeAttentionS).toBeCloseTo((128 * 4 * 4096 * 128 * 576 * 61) / peak, 9);
    // At tp 8 each GPU computes 16 heads but still reads the whole latent: bandwidth-bound.
    const eight = iterationCost(ctx({ model: dsv3, precision: 'fp8', tp: 8 }), decode(128, 4096));
    expect(eight.decodeAttentionS).toBeCloseTo((128 * 4096 * 61 * 576 * 2) / hbm, 9);
  });

  it('MLA prefill runs as ordinary attention with (192 + 128) / 2 head dims', () => {
    const dsv3 = shapeFromPreset('deepseek-v3')!;
    expect(dsv3.mlaPrefillHeadDim).toBe(160);
    const c = iterationCost(ctx({ model: dsv3, precision: 'fp8', tp: 8 }), {
      decodeSeqs: 0,
      decodeContext: 0,
      prefillRequests: 1,
      promptTokens: 32_768,
    });
    const flops = (2 * 32_768 ** 2 * 128 * 160 * 61) / 8;
    // Head dim 160 between the measured 128 (539 TFLOP/s) and 256 (509) at the table's longest
    // sequence, 16k, on a log2 scale: 539 + log2(160 / 128) x (509 - 539).
    const rate = (539 + Math.log2(160 / 128) * (509 - 539)) * 1e12;
    expect(c.prefillAttentionS).toBeCloseTo(flops / rate, 9);
  });

  it('a tied embedding is streamed every step as the LM head', () => {
    const tied = { ...llama8b, tiedEmbeddings: true, params: llama8b.params - 128_256 * 4096 };
    const c = iterationCost(ctx({ model: tied }), decode(1));
    expect(c.weightReadS).toBeCloseTo(weightBytesPerGpu(tied, 'bf16', 1) / hbm, 9);
  });
});

describe('expert parallelism and attention data parallelism in an iteration', () => {
  const dsv3 = shapeFromPreset('deepseek-v3')!;
  const h200 = findGpu('h200-sxm-141gb')!;
  const hbm200 = 4.8e12 * EFFICIENCY.serving.hbmFraction.value;
  const bus = 450e9 * EFFICIENCY.scaleUpBusFraction.value;
  const latency = EFFICIENCY.serving.allReduceLatencyUs.value * 1e-6;
  const ds = (over: Partial<ServingContext> = {}) =>
    ctx({ model: dsv3, gpu: h200, precision: 'fp8', tp: 8, ...over });
  const load = { decodeSeqs: 1024, decodeContext: 2048, prefillRequests: 0.5, promptTokens: 1024 };

  it('ep 1 and dp 1 are the plain tensor-parallel iteration', () => {
    expect(iterationCost(ds({ ep: 1, dp: 1 }), load)).toEqual(iterationCost(ds(), load));
  });

  it('dp 8: each GPU reads only its 128 sequences’ latents; attention FLOPs per GPU are unchanged', () => {
    const tp = iterationCost(ds(), decode(1024, 2048));
    const dp = iterationCost(ds({ dp: 8, ep: 8 }), decode(1024, 2048));
    const latents = 128 * 2048 * 61 * 576 * 2;
    const flops = (128 * 4 * 2048 * 128 * 576 * 61) / (989.4e12 * 0.5);
    // tp 8: all 1024 sequences' latents on every GPU (bandwidth-bound); dp 8: an eighth of them,
    // and the same FLOPs (all 128 heads of 128 sequences vs 16 heads of 1024): compute-bound.
    expect(tp.decodeAttentionS).toBeCloseTo((8 * latents) / hbm200, 9);
    expect(dp.decodeAttentionS).toBeCloseTo(Math.max(latents / hbm200, flops), 9);
    // Each GPU streams the whole attention and dense part, not an eighth of it.
    expect(dp.weightReadS).toBeGreaterThan(tp.weightReadS * 1.15);
  });

  it('dp 8, ep 8: no all-reduce; per MoE layer an all-gather of every GPU’s tokens and a reduce-scatter back', () => {
    // TensorRT-LLM's CutlassFusedMoE with attention DP: the quantized inputs (fp8: 1 byte) with
    // each token's 8 expert ids and weights (8 x 8 bytes) go to the 7 other GPUs; the 16-bit
    // partial outputs come back from them.
    const c = scaleUpCommunication(ds({ dp: 8, ep: 8 }), 1536, 192, 61);
    expect(c.allReduceS).toBe(0);
    const gather = latency + (192 * 7 * (7168 * 1 + 64)) / bus;
    const scatter = latency + (192 * 7 * 7168 * 2) / bus;
    expect(c.dispatchCombineS).toBeCloseTo(58 * (gather + scatter), 12);
    // A token's 8 experts fall on 8 (1 - C(224, 8) / C(256, 8)) of the 8 ranks (the expert
    // reads and routing), though the all-gather sends it to all of them.
    let none = 1;
    for (let i = 0; i < 8; i++) none *= (224 - i) / (256 - i);
    expect(expertRanksPerToken(dsv3, 8)).toBeCloseTo(8 * (1 - none), 12);
  });

  it('dp 8, ep 1: the same all-gather and reduce-scatter, whatever ep; NVFP4 gathers 4.5 bits', () => {
    const one = scaleUpCommunication(ds({ dp: 8 }), 1536, 192, 61);
    expect(one).toEqual(scaleUpCommunication(ds({ dp: 8, ep: 8 }), 1536, 192, 61));
    const fp4 = scaleUpCommunication(ds({ dp: 8, precision: 'fp4' }), 1536, 192, 61);
    const gather = latency + (192 * 7 * (7168 * (4.5 / 8) + 64)) / bus;
    const scatter = latency + (192 * 7 * 7168 * 2) / bus;
    expect(fp4.dispatchCombineS).toBeCloseTo(58 * (gather + scatter), 12);
  });

  it('dp 2: all-reduces over each group of 4 GPUs for the group’s tokens', () => {
    const c = scaleUpCommunication(ds({ dp: 2, ep: 8 }), 1536, 768, 61);
    const groupAllReduce = latency + (2 * 3 * 768 * 7168 * 2) / (4 * bus);
    expect(c.allReduceS).toBeCloseTo(2 * 61 * groupAllReduce, 12);
    expect(c.dispatchCombineS).toBeGreaterThan(0);
  });

  it('dp 1: with ep 8 the combine is still the tensor-parallel all-reduce (every rank holds every token)', () => {
    const tp = scaleUpCommunication(ds(), 1536, 1536, 61);
    expect(scaleUpCommunication(ds({ ep: 8 }), 1536, 1536, 61)).toEqual(tp);
    expect(tp.dispatchCombineS).toBe(0);
  });

  it('ep: the busiest rank’s experts set the pace at small batches, and even out at large ones', () => {
    // Batch 1: 8 experts over 8 ranks of 32; the busiest rank reads ~2.5 of its experts, while a
    // 1/8 slice of every expert (ep 1) reads the equivalent of one.
    const one = busiestRankExpertFraction(dsv3, 1, 8) * 32;
    expect(one).toBeGreaterThan(2);
    expect(one).toBeLessThan(3);
    expect(busiestRankExpertFraction(dsv3, 1, 1) * 256).toBeCloseTo(8, 9);
    expect(iterationCost(ds({ ep: 8 }), decode(1)).weightReadS).toBeGreaterThan(
      iterationCost(ds(), decode(1)).weightReadS * 1.5,
    );
    // 1536 tokens touch every expert on every rank.
    expect(busiestRankExpertFraction(dsv3, 1536, 8)).toBeCloseTo(1, 6);
    // Routed work: 12,288 token-expert pairs, 1536 a rank on average, the busiest ~3.4% more.
    const load8 = busiestRankRoutedLoad(dsv3, 1536, 8);
    expect(load8).toBeCloseTo(1 + (Math.sqrt(12_288 * (1 / 8) * (7 / 8)) * 1.4236) / 1536, 3);
    expect(busiestRankRoutedLoad(dsv3, 1536, 1)).toBe(1);
  });

  it('order statistics: binomial and normal maxima', () => {
    expect(expectedMaxBinomial(1, 0.5, 2)).toBeCloseTo(0.75, 12);
    expect(expectedMaxBinomial(10, 0.3, 1)).toBeCloseTo(3, 12);
    expect(expectedMaxStandardNormal(2)).toBeCloseTo(1 / Math.sqrt(Math.PI), 4);
    expect(expectedMaxStandardNormal(8)).toBeCloseTo(1.4236, 3);
  });

  it('online, a lone prompt is prefilled by one attention group while the others wait', () => {
    // A full queue: each of the 8 groups of 128 sequences starts Binomial(128, 1/2048) prompts and
    // the iteration waits for the busiest (busiestGroupPrefill); online, the half prompt of the
    // mean load falls on one group.
    const full = iterationCost(ds({ dp: 8, ep: 8 }), load);
    const lone = iterationCost(ds({ dp: 8, ep: 8, arrivals: 'poisson' }), load);
    const busiest = expectedMaxBinomial(128, 1 / 2048, 8);
    expect(lone.prefillAttentionS).toBeCloseTo((full.prefillAttentionS * 0.5) / busiest, 9);
    expect(lone.totalS).toBeGreaterThan(full.totalS);
    // Without attention DP the two are the same.
    expect(iterationCost(ds({ arrivals: 'poisson' }), load)).toEqual(iterationCost(ds(), load));
  });
});

describe('attention-DP ranks run at the pace of the busiest (order statistics of their prefill)', () => {
  it('a rank cap of one prompt: the chance that at least one of dp ranks starts one', () => {
    // DeepSeek-R1 on 8 H200 (the TensorRT-LLM DeepSeek-R1 blog's max-throughput run): 128
    // sequences a rank, 2,048 output tokens, so each sequence is replaced in an iteration with
    // probability 1/2048; one 1,024-token prompt fits a rank's iteration. 1 - (1 - 1/2048)^1024.
    const anyRank = 1 - Math.pow(1 - 1 / 2048, 128 * 8);
    expect(anyRank).toBeCloseTo(0.3935, 4);
    expect(expectedMaxBinomial(128, 1 / 2048, 8, 1)).toBeCloseTo(anyRank, 12);
    // The mean a rank prefills is 128 / 2048 = 0.0625 prompts: the busiest carries 6.3 times it.
    expect(busiestGroupPrefill(128, 0.0625, 1024, 8, 2048 - 128)).toEqual({
      unitTokens: 1024,
      units: expectedMaxBinomial(128, 1 / 2048, 8, 1),
    });
  });

  it('a prompt longer than the room the decode tokens leave is prefilled in chunks of it', () => {
    // max_num_tokens 1151 a rank, 127.94 decode tokens: 1023.06 tokens of room, a 1,024-token
    // prompt is one chunk; a rank prefills a chunk with probability 64 / 1023.06 per iteration.
    const room = 1151 - 128 * (1 - 1 / 2048);
    const p = (0.0625 * 1024) / room;
    const b = busiestGroupPrefill(128, 0.0625, 1024, 8, room);
    expect(b.unitTokens).toBeCloseTo(room, 9);
    expect(b.units).toBeCloseTo(1 - Math.pow(1 - p, 8), 12);
    expect(b.units * b.unitTokens).toBeCloseTo(413, 0);
  });

  it('the ADP Balance blog’s baseline: rare contexts on different ranks each hold an iteration', () => {
    // Contexts arriving one at a time on one of N ranks make N iterations each as long as a
    // context: with a small chance per rank the busiest carries ~dp times the mean.
    const b = busiestGroupPrefill(1000, 0.001, 1000, 8);
    expect(b.units / 0.001).toBeGreaterThan(7.9);
    expect(b.units / 0.001).toBeLessThan(8);
  });

  it('many prompts a rank even out, one rank is the mean, and a cap holds the count', () => {
    // 4,096 sequences a rank, 400 prompts each iteration on average: the busiest of 8 ~1.4 sigma
    // (sqrt(400) = 20) above.
    const many = busiestGroupPrefill(4096, 400, 128, 8);
    expect(many.units / 400).toBeGreaterThan(1.06);
    expect(many.units / 400).toBeLessThan(1.08);
    expect(busiestGroupPrefill(128, 0.0625, 1024, 1)).toEqual({ unitTokens: 1024, units: 0.0625 });
    // Room for 300 prompts of 128 tokens: E[min(max, 300)].
    expect(busiestGroupPrefill(4096, 400, 128, 8, 300 * 128).units).toBe(300);
    expect(expectedMaxBinomial(10, 0.3, 1, 2)).toBeCloseTo(
      1 - Math.pow(0.7, 10) + (1 - Math.pow(0.7, 10) - 10 * 0.3 * Math.pow(0.7, 9)),
      12,
    );
  });
});
