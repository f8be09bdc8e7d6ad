import { describe, expect, it } from 'vitest';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { resolveFramework } from '../catalog/frameworks.js';
import { findGpu } from '../catalog/gpus.js';
import { shapeFromPreset } from '../training/model-shape.js';
import { exposedHostS, hostStepS } from './engine-host-time.js';
import { iterationCost, type ServingContext } from './step-cost.js';

const trtllmHostS = (resolveFramework('trtllm')?.hostUsPerRequest?.value ?? NaN) * 1e-6;

describe('the serving engine host time', () => {
  it('reproduces its measurement: 1,536 requests on a rank take 45.11 ms (TensorRT-LLM PR #10273)', () => {
    expect(hostStepS(1536, trtllmHostS) * 1e3).toBeCloseTo(45.11, 1);
    expect(hostStepS(0, trtllmHostS)).toBe(0);
  });

  it('is hidden behind the GPUs up to their own time by the overlap scheduler (pp 1)', () => {
    expect(exposedHostS(0.05, 0.045, 1)).toBe(0);
    expect(exposedHostS(0.03, 0.045, 1)).toBeCloseTo(0.015, 12);
  });

  it('belongs to the PyTorch executor: the C++ executor profile has the same caps and none', () => {
    const cpp = resolveFramework('trtllm-tensorrt');
    const pytorch = resolveFramework('trtllm');
    expect(cpp?.hostUsPerRequest).toBeUndefined();
    expect(pytorch?.maxBatchSize?.value).toBe(cpp?.maxBatchSize?.value);
    expect(pytorch?.kvCacheReservation?.value).toBe('full');
  });

  it('adds whole to the GPU time in the blocking pipeline loop (pp > 1)', () => {
    expect(exposedHostS(0.05, 0.045, 8)).toBeCloseTo(0.045, 12);
    expect(exposedHostS(0.05, 0, 8)).toBe(0);
  });
});

describe('an iteration with the engine host time', () => {
  const b200 = findGpu('b200-sxm-180gb')!;
  const qwen30b = shapeFromPreset('qwen3-30b-a3b')!;
  const ctx = (over: Partial<ServingContext> = {}): ServingContext => ({
    model: qwen30b,
    gpu: b200,
    precision: 'fp4',
    kvPrecision: 'fp8',
    tp: 1,
    efficiency: EFFICIENCY,
    hostSPerRequest: trtllmHostS,
    ...over,
  });
  // A 3B-active MoE on one B200 at 4,096 sequences of 128/128: 4,064 decoding, 32 prompts.
  const load = { decodeSeqs: 4064, decodeContext: 192, prefillRequests: 32, promptTokens: 128 };

  it('waits for the host when a small model runs a large batch on one scheduler rank', () => {
    const gpuOnly = iterationCost(ctx({ hostSPerRequest: 0 }), load);
    const withHost = iterationCost(ctx(), load);
    // 4,096 requests x 29.37 us = 120.3 ms of host work against ~32 ms of GPU work.
    expect(gpuOnly.totalS).toBeLessThan(0.06);
    expect(withHost.totalS).toBeCloseTo(4096 * trtllmHostS, 6);
    expect(withHost.hostS).toBeCloseTo(withHost.totalS - gpuOnly.totalS, 9);
  });

  it('splits the host work over the attention-DP ranks, each scheduling its own requests', () => {
    const dp = iterationCost(
      ctx({ model: shapeFromPreset('qwen3-235b-a22b')!, tp: 8, dp: 8 }),
      load,
    );
    // 512 requests per rank: 15 ms of host work, hidden behind the GPUs.
    expect(512 * trtllmHostS).toBeLessThan(dp.totalS - dp.hostS);
    expect(dp.hostS).toBe(0);
  });

  it('adds each rank host work to a pipeline stage, all micro-batches of it', () => {
    const llama70b = shapeFromPreset('llama3.3-70b')!;
    const pipelined = { ...ctx({ model: llama70b }), pp: 8 };
    const batch = { decodeSeqs: 2000, decodeContext: 1150, prefillRequests: 1, promptTokens: 128 };
    const gpuOnly = iterationCost({ ...pipelined, hostSPerRequest: 0 }, batch);
    const withHost = iterationCost(pipelined, batch);
    expect(withHost.hostS).toBeCloseTo(2001 * trtllmHostS, 9);
    expect(withHost.totalS).toBeCloseTo(gpuOnly.totalS + 2001 * trtllmHostS, 9);
  });
});
