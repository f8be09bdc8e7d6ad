import { describe, expect, it } from 'vitest';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { findGpu } from '../catalog/gpus.js';
import { attentionTimesPerToken, flashAttentionFractions } from './attention-time.js';
import { attentionCoreFlops } from './flops.js';
import { shapeFromPreset } from './model-shape.js';

const H100_PEAK = 989.4;

describe('FlashAttention throughput (FlashAttention-3 Fig. 5-6, cuDNN on H100)', () => {
  it('reads the measured causal forward and scales the backward by the causal mask ratio', () => {
    // Head dim 128 at 4k: forward causal 518, forward 609, backward 499 TFLOP/s.
    const f = flashAttentionFractions(EFFICIENCY, 'hopper', 128, 4096);
    expect(f.forward).toBeCloseTo(518 / H100_PEAK, 6);
    expect(f.backward).toBeCloseTo((499 * (518 / 609)) / H100_PEAK, 6);
  });

  it('head dim 64 runs well below head dim 128 (363 against 518 TFLOP/s at 4k)', () => {
    const small = flashAttentionFractions(EFFICIENCY, 'hopper', 64, 4096);
    const large = flashAttentionFractions(EFFICIENCY, 'hopper', 128, 4096);
    expect(small.forward / large.forward).toBeCloseTo(363 / 518, 6);
  });

  it('interpolates between measured sequence lengths on a log scale and clamps outside', () => {
    // 2896 = 2^11.5: halfway between the 2k (484) and 4k (518) bars.
    expect(
      flashAttentionFractions(EFFICIENCY, 'hopper', 128, 2896.3).forward * H100_PEAK,
    ).toBeCloseTo(501, 0);
    expect(flashAttentionFractions(EFFICIENCY, 'hopper', 128, 128).forward * H100_PEAK).toBeCloseTo(
      315,
      6,
    );
  });

  it('B200 forward at head dim 64 is bound by the exponential unit: half the H100 fraction', () => {
    // 512 tensor FLOPs per exponential on B200 against 4 x 64 per score; H100 (256) is balanced.
    const b200 = flashAttentionFractions(EFFICIENCY, 'blackwell', 64, 4096);
    expect(b200.forward).toBeCloseTo(363 / H100_PEAK / 2, 6);
    // Head dim 128 (512 FLOPs per score) keeps up with the SFU on B200.
    const b200Large = flashAttentionFractions(EFFICIENCY, 'blackwell', 128, 4096);
    expect(b200Large.forward).toBeCloseTo(518 / H100_PEAK, 6);
    // The backward waits on shared memory, 1.25x its tensor time (FlashAttention-4's roofline).
    expect(b200Large.backward).toBeCloseTo((499 * (518 / 609)) / H100_PEAK / 1.25, 6);
    // Blackwell Ultra doubles the SFU rate: head dim 64 is balanced again.
    expect(flashAttentionFractions(EFFICIENCY, 'blackwell-ultra', 64, 4096).forward).toBeCloseTo(
      363 / H100_PEAK,
      6,
    );
  });

  it('times a Llama 2 70B layer on H100 from the measured rates, backward slower than 2.5x forward', () => {
    const model = shapeFromPreset('llama2-70b')!;
    const gpu = findGpu('h100-sxm-80gb')!;
    const t = attentionTimesPerToken(model, gpu, EFFICIENCY, H100_PEAK * 1e12, 4096, true, 8, 1);
    const flops = attentionCoreFlops(model, 4096) / 8;
    expect(t.forward).toBeCloseTo(flops / 518e12, 15);
    expect(t.backward).toBeCloseTo((2.5 * flops) / ((499 * 518) / 609) / 1e12, 15);
    expect(t.backward / t.forward).toBeGreaterThan(2.5);
  });

  it('sliding-window layers run at the efficiency of a short causal sequence', () => {
    const model = shapeFromPreset('gpt-oss-120b')!;
    const gpu = findGpu('h100-sxm-80gb')!;
    const t = attentionTimesPerToken(model, gpu, EFFICIENCY, H100_PEAK * 1e12, 4096, true, 1, 1);
    // Half the layers attend 128 keys at the 512-token rate (225), half 2048 keys at 363.
    const perKey = 2 * 64 * (64 + 64);
    const local = (perKey * (128 - (128 * 128) / (2 * 4096))) / 225e12;
    const global = (perKey * 2048) / 363e12;
    expect(t.forward).toBeCloseTo((local + global) / 2, 15);
  });

  it('without FlashAttention the full score square runs at attentionFraction, backward 2.5x', () => {
    const model = shapeFromPreset('llama2-70b')!;
    const gpu = findGpu('a100-sxm-80gb')!;
    const t = attentionTimesPerToken(model, gpu, EFFICIENCY, 312e12, 2048, false, 8, 1);
    const forward =
      attentionCoreFlops(model, 2048, false) / 8 / (312e12 * EFFICIENCY.attentionFraction.value);
    expect(t.forward).toBeCloseTo(forward, 15);
    expect(t.backward).toBeCloseTo(2.5 * forward, 15);
  });
});
