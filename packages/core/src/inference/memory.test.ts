import { describe, expect, it } from 'vitest';
import { findGpu } from '../catalog/gpus.js';
import { shapeFromInput, shapeFromPreset } from '../training/model-shape.js';
import {
  cachedTokens,
  kvBytesPerToken,
  kvBytesPerTokenPerGpu,
  kvBytesPerTokenPerReplica,
  servingMemory,
  weightBytesPerGpu,
} from './memory.js';
import { defaultKvPrecision, precisionSupportIssue, weightBytes } from './precision.js';

const model = (id: string) => shapeFromPreset(id)!;
const gpu = (id: string) => findGpu(id)!;

describe('pipeline stages', () => {
  it('Llama 3.1 405B in bf16, tp 8 x pp 2: 63 layers and one vocabulary matrix per GPU', () => {
    const m = model('llama3.1-405b');
    const vocab = 128_256 * 16_384;
    const linear = m.params - 2 * vocab;
    expect(weightBytesPerGpu(m, 'bf16', 8, 2)).toBeCloseTo(((linear / 2) * 2 + vocab * 2) / 8, -3);
    // 126 layers over 3 stages: the busiest holds 42; 8 KV heads over tp 8, one per GPU.
    expect(kvBytesPerTokenPerGpu(m, 'bf16', 8, 3)).toBe(42 * 2 * 1 * 128 * 2);
    // One stage is the whole model.
    expect(weightBytesPerGpu(m, 'bf16', 8, 1)).toBe(weightBytesPerGpu(m, 'bf16', 8));
  });
});

describe('KV cache per token', () => {
  it('Llama 2 7B (MHA, fp16): 2 x 32 layers x 4096 x 2 B = 0.5 MiB (Kwon et al. 2023, vLLM, Sec. 3)', () => {
    expect(kvBytesPerToken(model('llama2-7b'), 'fp16')).toBe(524_288);
  });

  it('Llama 3.1 70B (GQA, 8 KV heads): 80 x 2 x 8 x 128 x 2 B = 320 KiB in bf16, half in fp8', () => {
    expect(kvBytesPerToken(model('llama3.1-70b'), 'bf16')).toBe(327_680);
    expect(kvBytesPerToken(model('llama3.1-70b'), 'fp8')).toBe(163_840);
  });

  it('DeepSeek-V3 (MLA): one 512 + 64 latent per layer (DeepSeek-V2 paper, Table 1: (dc + dhR) l)', () => {
    expect(kvBytesPerToken(model('deepseek-v3'), 'bf16')).toBe(61 * 576 * 2);
    // The latent is not split by tensor parallelism.
    expect(kvBytesPerTokenPerGpu(model('deepseek-v3'), 'bf16', 8)).toBe(61 * 576 * 2);
  });

  it('splits KV heads over TP and replicates them once tp exceeds the KV heads', () => {
    const m = model('llama3.1-70b');
    expect(kvBytesPerTokenPerGpu(m, 'bf16', 4)).toBe(327_680 / 4);
    expect(kvBytesPerTokenPerGpu(m, 'bf16', 8)).toBe(327_680 / 8);
    expect(kvBytesPerTokenPerGpu(m, 'bf16', 16)).toBe(327_680 / 8);
  });
});

describe('weights and the KV pool', () => {
  it('bytes per weight: fp8 1, int4 AWQ 4.156 bits, NVFP4 4.5 bits', () => {
    expect(weightBytes('bf16')).toBe(2);
    expect(weightBytes('fp8')).toBe(1);
    expect(weightBytes('int4')).toBeCloseTo(0.5195, 4);
    expect(weightBytes('fp4')).toBe(0.5625);
  });

  it('keeps embeddings and LM head in 16 bits: Llama 3.1 8B fp8 ~ 7.0 GB + 2 x 1.05 GB', () => {
    const m = model('llama3.1-8b');
    const embed = 128_256 * 4096;
    expect(weightBytesPerGpu(m, 'fp8', 1)).toBeCloseTo(m.params - 2 * embed + 4 * embed, -3);
    expect(weightBytesPerGpu(m, 'fp8', 1) / 1e9).toBeCloseTo(9.1, 1);
    expect(weightBytesPerGpu(m, 'bf16', 2)).toBeCloseTo(m.params, -3);
  });

  it('KV pool = (HBM - weights - reserve) x pool fraction; tokens = pool / bytes per token', () => {
    const mem = servingMemory(gpu('h100-sxm-80gb'), model('llama3.1-70b'), 'fp8', 'fp8', 2, 3, 0.9);
    const weights = weightBytesPerGpu(model('llama3.1-70b'), 'fp8', 2) / 1e9;
    expect(mem.weightsGB).toBeCloseTo(weights, 6);
    // The datasheet's 80 GB is 80 GiB (85.9 GB), as in training.
    expect(mem.kvCacheGB).toBeCloseTo((80 * 1.073741824 - weights - 3) * 0.9, 6);
    expect(mem.kvTokens).toBe(Math.floor((mem.kvCacheGB * 1e9) / (163_840 / 2)));
  });
});

describe('serving precisions', () => {
  it('default KV format is the 16-bit activation type unless the scenario quantises it', () => {
    expect(defaultKvPrecision(gpu('h100-sxm-80gb'), 'fp8')).toBe('bf16');
    expect(defaultKvPrecision(gpu('b200-sxm-180gb'), 'fp4')).toBe('bf16');
    expect(defaultKvPrecision(gpu('a100-sxm-80gb'), 'fp16')).toBe('fp16');
    expect(defaultKvPrecision(gpu('a100-sxm-80gb'), 'int4')).toBe('bf16');
    expect(defaultKvPrecision(gpu('v100-sxm2-32gb'), 'fp16')).toBe('fp16');
  });

  it('allows each precision only where the GPU has the path', () => {
    expect(precisionSupportIssue(gpu('b200-sxm-180gb'), 'fp4', 'weights')).toBeUndefined();
    expect(precisionSupportIssue(gpu('h100-sxm-80gb'), 'fp4', 'weights')?.hint).toContain(
      'Blackwell',
    );
    expect(precisionSupportIssue(gpu('a100-sxm-80gb'), 'fp8', 'weights')).toBeDefined();
    expect(precisionSupportIssue(gpu('a100-sxm-80gb'), 'int8', 'weights')).toBeUndefined();
    expect(precisionSupportIssue(gpu('a100-sxm-80gb'), 'int4', 'weights')).toBeUndefined();
    expect(precisionSupportIssue(gpu('v100-sxm2-32gb'), 'int4', 'weights')).toBeDefined();
    expect(precisionSupportIssue(gpu('v100-sxm2-32gb'), 'bf16', 'weights')?.hint).toContain('fp16');
  });
});

describe('multi-head latent attention (DeepSeek-V3)', () => {
  it('caches 70 kB per token in bf16: 61 layers x (512 latent + 64 rotary key) x 2 bytes', () => {
    // DeepSeek-V3: kv_lora_rank 512, qk_rope_head_dim 64, 61 layers; 70.272 kB per token
    // (Zhao et al. 2025, 'Insights into DeepSeek-V3', ISCA, Table 1: "70.272 KB").
    expect(kvBytesPerToken(model('deepseek-v3'), 'bf16')).toBe(61 * 576 * 2);
    expect(kvBytesPerToken(model('deepseek-v3'), 'bf16') / 1000).toBeCloseTo(70.272, 3);
  });
  it('an inline MLA shape caches the same as the preset', () => {
    const inline = shapeFromInput({
      layers: 61,
      hidden: 7168,
      heads: 128,
      vocab: 129280,
      ffnType: 'swiglu',
      ffnHidden: 18432,
      tiedEmbeddings: false,
      attention: {
        type: 'mla',
        kvLoraRank: 512,
        qLoraRank: 1536,
        ropeHeadDim: 64,
        qkNopeHeadDim: 128,
        vHeadDim: 128,
      },
    });
    expect(kvBytesPerToken(inline, 'bf16')).toBe(61 * 576 * 2);
  });
});

describe('expert parallelism and attention data parallelism (DeepSeek-V3/R1 fp8, 8 x H200)', () => {
  const m = model('deepseek-v3');
  const vocab = 129_280 * 7168;
  // 58 MoE layers x 256 routed experts x 3 SwiGLU matrices of 7168 x 2048.
  const routed = 58 * 256 * 3 * 7168 * 2048;
  const linear = m.params - 2 * vocab;

  it('tp 8, ep 8, dp 8: attention, dense layers and embeddings whole on every GPU, routed experts / 8', () => {
    // fp8 linear weights (1 byte), embedding and LM head in 16 bits.
    const replicated = (linear - routed) * 1 + 2 * vocab * 2;
    expect(weightBytesPerGpu(m, 'fp8', 8, 1, 8)).toBeCloseTo(replicated + routed / 8, -3);
    // ~15 GB of attention/dense/shared-expert weights + 3.7 GB of embeddings + 81.7 GB of experts.
    expect(weightBytesPerGpu(m, 'fp8', 8, 1, 8) / 1e9).toBeCloseTo(100.7, 1);
    // dp 1: every matrix split 8 ways, as before; ep does not change what a GPU holds.
    expect(weightBytesPerGpu(m, 'fp8', 8, 1, 1)).toBeCloseTo((linear + 2 * vocab * 2) / 8, -3);
    expect(weightBytesPerGpu(m, 'fp8', 8)).toBe(weightBytesPerGpu(m, 'fp8', 8, 1, 1));
    // dp 2: groups of 4 GPUs split the replicated part 4 ways.
    expect(weightBytesPerGpu(m, 'fp8', 8, 1, 2)).toBeCloseTo(
      (linear - routed + 2 * vocab * 2) / 4 + routed / 8,
      -3,
    );
  });

  it('dp 8: one request caches 61 x 576 x 2 bytes per token on its own GPU only; dp 1 replicates it 8 times', () => {
    const latent = 61 * 576 * 2;
    expect(kvBytesPerTokenPerGpu(m, 'bf16', 8, 1, 8)).toBe(latent);
    expect(kvBytesPerTokenPerReplica(m, 'bf16', 8, 8)).toBe(latent);
    // dp 1 (attention TP 8): the latent is on each of the 8 GPUs, as before.
    expect(kvBytesPerTokenPerGpu(m, 'bf16', 8, 1, 1)).toBe(latent);
    expect(kvBytesPerTokenPerReplica(m, 'bf16', 8, 1)).toBe(8 * latent);
    // dp 2: groups of 4, each holding the latent on its 4 GPUs.
    expect(kvBytesPerTokenPerReplica(m, 'bf16', 8, 2)).toBe(4 * latent);
  });

  it('the KV pool of each GPU holds its own group’s tokens: dp x as many per replica', () => {
    const h200 = gpu('h200-sxm-141gb');
    const one = servingMemory(h200, m, 'fp8', 'bf16', 8, 3, 0.9, 1, 1);
    const eight = servingMemory(h200, m, 'fp8', 'bf16', 8, 3, 0.9, 1, 8);
    expect(eight.weightsGB).toBeCloseTo(weightBytesPerGpu(m, 'fp8', 8, 1, 8) / 1e9, 9);
    expect(eight.kvCacheGB).toBeCloseTo((141 * 1.073741824 - eight.weightsGB - 3) * 0.9, 9);
    expect(eight.kvTokensPerGroup).toBe(Math.floor((eight.kvCacheGB * 1e9) / (61 * 576 * 2)));
    expect(eight.kvTokens).toBe(8 * eight.kvTokensPerGroup);
    expect(one.kvTokens).toBe(one.kvTokensPerGroup);
    // Less pool per GPU (more weights), yet ~5.5x the tokens: the cache is no longer replicated.
    expect(eight.kvCacheGB).toBeLessThan(one.kvCacheGB);
    expect(eight.kvTokens / one.kvTokens).toBeGreaterThan(5);
  });

  it('GQA: attention DP splits the KV heads over the group only', () => {
    const l = model('llama3.1-70b');
    // tp 8, dp 2: groups of 4 GPUs, 8 KV heads, 2 per GPU.
    expect(kvBytesPerTokenPerGpu(l, 'bf16', 8, 1, 2)).toBe(80 * 2 * 2 * 128 * 2);
    expect(kvBytesPerTokenPerReplica(l, 'bf16', 8, 2)).toBe(327_680);
    // tp 8, dp 8: one GPU per group holds all 8 heads; still one copy per replica.
    expect(kvBytesPerTokenPerReplica(l, 'bf16', 8, 8)).toBe(327_680);
  });
});

describe('sliding-window layers in the cache', () => {
  it('gpt-oss-120b: every second layer keeps at most its 128-token window', () => {
    const oss = model('gpt-oss-120b');
    expect(oss.slidingWindow?.window).toBe(128);
    // 36 layers, 18 local: a 10,000-token request caches 18 x 10,000 + 18 x 128 layer-tokens.
    expect(cachedTokens(oss, 10_000)).toBeCloseTo((18 * 10_000 + 18 * 128) / 36, 6);
    expect(cachedTokens(oss, 100)).toBe(100);
    expect(cachedTokens(model('llama3.1-8b'), 10_000)).toBe(10_000);
  });
});
