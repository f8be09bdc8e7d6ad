import { describe, expect, it } from 'vitest';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { castBytesPerElement, quantizedElements } from './low-precision-casts.js';
import { TrainingWorkloadSchema } from '../scenario/schema.js';

describe('FP8/FP4 operand quantization traffic (Transformer Engine recipes)', () => {
  it('bytes per element by recipe: current scaling pays an extra amax read over delayed', () => {
    expect(castBytesPerElement(EFFICIENCY, 'fp8', 'hopper', 'delayed')).toBe(4);
    expect(castBytesPerElement(EFFICIENCY, 'fp8', 'hopper', 'current')).toBe(6);
    // MXFP8: read 2, write 1 byte plus one E8M0 scale per 32 elements, row-wise and column-wise.
    expect(castBytesPerElement(EFFICIENCY, 'fp8', 'blackwell', 'mxfp8')).toBe(2 + 2 * (1 + 1 / 32));
    expect(castBytesPerElement(EFFICIENCY, 'fp4', 'blackwell')).toBe(2 + 2 + 2 * (0.5 + 1 / 16));
    expect(castBytesPerElement(EFFICIENCY, 'bf16', 'hopper')).toBe(0);
  });

  it('without a recipe, the generation default: current scaling on Hopper, MXFP8 on Blackwell', () => {
    expect(castBytesPerElement(EFFICIENCY, 'fp8', 'hopper')).toBe(6);
    expect(castBytesPerElement(EFFICIENCY, 'fp8', 'blackwell')).toBe(4.0625);
  });

  it('Llama 3 8B layer, tp 1: forward inputs m x k, backward output gradients m x n', () => {
    const m = 16384;
    const gemms = [
      { m, n: 6144, k: 4096, count: 1 }, // QKV
      { m, n: 4096, k: 4096, count: 1 }, // projection
      { m, n: 28672, k: 4096, count: 1 }, // gate + up
      { m, n: 4096, k: 14336, count: 1 }, // down
    ];
    const q = quantizedElements(gemms, 4096, 1);
    expect(q.forward).toBe(m * (4096 + 4096 + 4096 + 14336));
    expect(q.backward).toBe(m * (6144 + 4096 + 28672 + 4096));
  });

  it('sequence parallelism quantizes hidden-width operands on 1/tp of the tokens; experts are local', () => {
    const gemms = [
      { m: 8192, n: 1536, k: 4096, count: 1 }, // column-parallel: input h sharded, output split
      { m: 8192, n: 4096, k: 512, count: 1 }, // row-parallel: output h sharded
      { m: 2048, n: 2816, k: 4096, count: 8, routed: true }, // local experts
      { m: 4096, n: 2816, k: 4096, count: 1, routed: true }, // one expert per GPU: still local
    ];
    const q = quantizedElements(gemms, 4096, 4);
    expect(q.forward).toBe((8192 * 4096) / 4 + 8192 * 512 + 8 * 2048 * 4096 + 4096 * 4096);
    expect(q.backward).toBe(8192 * 1536 + (8192 * 4096) / 4 + 8 * 2048 * 2816 + 4096 * 2816);
  });
});

describe('fp8Recipe in a training workload', () => {
  const workload = {
    name: 'w',
    type: 'training',
    model: 'llama3.1-8b',
    tokens: 1e9,
    seqLen: 8192,
    globalBatchSequences: 128,
    precision: 'fp8',
  };
  it('takes a published recipe and names the ones it knows when the value is wrong', () => {
    expect(TrainingWorkloadSchema.parse({ ...workload, fp8Recipe: 'delayed' }).fp8Recipe).toBe(
      'delayed',
    );
    const bad = TrainingWorkloadSchema.safeParse({ ...workload, fp8Recipe: 'hybrid' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('mxfp8');
  });
});
