// The generic step against hand-worked figures: a round-number accelerator (inline GPU) so each
// term can be checked with a pencil, then the collectives against the ring formulas.
import { describe, expect, it } from 'vitest';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { GENERIC_TRAINING } from '../catalog/generic-models.js';
import { resolveGpu } from '../catalog/gpus.js';
import { resolveGenericModel, type GenericModel } from './generic-model.js';
import { genericForwardTime, genericMatmulS, genericStepTime } from './step-time.js';

// 100 TFLOP/s bf16 at a measured 50% GEMM fraction, 1 TB/s HBM (80% achievable: 0.8 TB/s),
// 8 GPUs per 100 GB/s scale-up domain, 100 Gb/s NICs.
const gpu = resolveGpu({
  id: 'pencil-gpu',
  bf16Tflops: 100,
  hbmGB: 80,
  hbmTBps: 1,
  scaleUpGBps: 100,
  scaleUpDomain: 8,
  nicGbps: 100,
  tdpW: 500,
  gemmFraction: 0.5,
  source: 'round numbers for a hand-checked test',
})!;

const cnn: GenericModel = {
  name: 'pencil-cnn',
  family: 'cnn',
  forwardFlopsPerSample: 1e9,
  params: 10e6,
  activationBytesPerSample: 1e6,
  inputBytesPerSample: 1e5,
};

const step = (model: GenericModel, dp: number, batch: number, overlap = true) =>
  genericStepTime({
    model,
    gpu,
    fabric: undefined,
    precision: 'bf16',
    globalBatchSamples: batch,
    layout: { dp, pp: 1, microBatch: batch / dp },
    dataParallelOverlap: overlap,
    efficiency: EFFICIENCY,
    constants: GENERIC_TRAINING,
  });

describe('generic training step', () => {
  it('one GPU: 3x forward FLOPs at the GEMM rate, 5 activation passes at 80% of HBM', () => {
    const s = step(cnn, 1, 100);
    // 100 samples x 3e9 FLOP / (100e12 x 0.5) = 6 ms.
    expect(s.computeS).toBeCloseTo(6e-3, 9);
    // 100 x 1 MB x 5 / 0.8 TB/s = 0.625 ms.
    expect(s.activationMemoryS).toBeCloseTo(0.625e-3, 9);
    // No peers: no all-reduce. The update: 2 x 10M x 16 B / 0.8 TB/s = 0.4 ms.
    expect(s.dataParallelExposedS).toBe(0);
    expect(s.optimizerS).toBeCloseTo(0.4e-3, 9);
    expect(s.totalS).toBeCloseTo(7.025e-3, 9);
  });

  it('8 GPUs in one domain: the ring all-reduce of 16-bit gradients, hidden behind backward', () => {
    const exposed = step(cnn, 8, 800, false).dataParallelExposedS;
    // 2 x 7/8 x 20 MB / (100 GB/s x 0.8) + 2 log2(8) x 5 us = 437.5 us + 30 us.
    expect(exposed).toBeCloseTo(437.5e-6 + 30e-6, 9);
    const hidden = step(cnn, 8, 800).dataParallelExposedS;
    // Overlapped: only the last 20 MB bucket (the whole gradient, under 25 MB) stays exposed.
    expect(hidden).toBeCloseTo(exposed, 9);
  });

  it('a recommender: row traffic on its table shard and the pooled all-to-all', () => {
    const rec: GenericModel = {
      ...cnn,
      family: 'recommender',
      embedding: {
        tableBytes: 64e9,
        tables: 8,
        dim: 128,
        lookupsPerSample: 10,
        bytesPerElement: 4,
      },
    };
    const s = step(rec, 8, 8000);
    // 8000 x 10 lookups / 8 GPUs x 512 B x 6 accesses at the random-row gather's 42% of
    // 1 TB/s: 30.72 MB / 0.42 TB/s = 73.14 us.
    expect(s.embeddingS).toBeCloseTo(30.72e6 / 0.42e12, 12);
    // Each GPU holds 8000 x 8 x 128 x 2 B / 8 = 2.048 MB of pooled vectors and sends 7/8 over
    // the 80 GB/s scale-up link, forward and backward: 2 x (22.4 us + 5 us latency).
    expect(s.embeddingAllToAllS).toBeCloseTo(2 * ((2.048e6 * (7 / 8)) / 80e9 + 5e-6), 12);
  });

  it('a forward pass reads the weights once and writes and reads each activation', () => {
    const s = genericForwardTime({
      model: cnn,
      gpu,
      fabric: undefined,
      precision: 'bf16',
      batch: 100,
      gpus: 1,
      efficiency: EFFICIENCY,
      constants: GENERIC_TRAINING,
    });
    // 100 x 1e9 / 50e12 = 2 ms; 100 x 1 MB x 2 / 0.8 TB/s = 0.25 ms; 20 MB / 0.8 TB/s = 25 us.
    expect(s).toBeCloseTo(2e-3 + 0.25e-3 + 25e-6, 9);
  });
});

describe('generic matmul time with listed GEMM shapes (wave and tile quantization)', () => {
  // One 3456 -> 1024 layer (DLRM-DCNv2's first top-MLP layer) at 2112 rows on an H100 SXM
  // (132 SMs, 256 x 128 tiles). Forward: 9 x 8 = 72 tiles in one wave of 132 slots, useful
  // 2112 x 1024 / (132 x 256 x 128) = 0.5. Data gradient (2112 x 3456 output): 9 x 27 = 243 tiles
  // in 2 waves, 2112 x 3456 / (264 x 32768) = 0.84375. Weight gradient (3456 x 1024 output,
  // inner 2112 split over the SMs): 128 x 256 tiles cover it exactly, 1.
  const h100 = resolveGpu('h100-sxm-80gb')!;
  const layer: GenericModel = {
    name: 'one top-MLP layer',
    family: 'recommender',
    forwardFlopsPerSample: 2 * 1024 * 3456,
    params: 1024 * 3456,
    activationBytesPerSample: 2048,
    inputBytesPerSample: 1,
    gemms: [{ rowsPerSample: 1, n: 1024, k: 3456, count: 1 }],
  };
  const rate = 800e12;
  const gemmS = (2112 * 2 * 1024 * 3456) / rate;

  it('charges each pass at its own quantization', () => {
    const t = genericMatmulS(layer, h100, 2112, rate);
    expect(t.forward).toBeCloseTo(gemmS / 0.5, 12);
    expect(t.backward).toBeCloseTo(gemmS / 0.84375 + gemmS, 12);
  });

  it('a network without shapes runs every FLOP at the rate (3x forward in training)', () => {
    const plain: GenericModel = {
      name: layer.name,
      family: layer.family,
      forwardFlopsPerSample: layer.forwardFlopsPerSample,
      params: layer.params,
      activationBytesPerSample: layer.activationBytesPerSample,
      inputBytesPerSample: layer.inputBytesPerSample,
    };
    const t = genericMatmulS(plain, h100, 2112, rate);
    expect(t.forward).toBeCloseTo(gemmS, 12);
    expect(t.backward).toBeCloseTo(2 * gemmS, 12);
  });

  it('FLOPs the list leaves out (attention scores) run at the plain rate', () => {
    const withRest = { ...layer, forwardFlopsPerSample: 2 * 2 * 1024 * 3456 };
    const t = genericMatmulS(withRest, h100, 2112, rate);
    expect(t.forward).toBeCloseTo(gemmS / 0.5 + gemmS, 12);
    expect(t.backward).toBeCloseTo(gemmS / 0.84375 + gemmS + 2 * gemmS, 12);
  });
});

describe('preset GEMM lists against their published FLOPs', () => {
  it('ResNet-50 v1.5 and DLRM-DCNv2 list every forward FLOP (2 per MAC), within 0.2%', () => {
    for (const id of ['resnet50', 'dlrm-dcnv2']) {
      const m = resolveGenericModel(id)!;
      const listed = m.gemms!.reduce((s, g) => s + 2 * g.rowsPerSample * g.n * g.k * g.count, 0);
      expect(Math.abs(listed / m.forwardFlopsPerSample - 1)).toBeLessThan(0.002);
    }
    // ResNet-50: 54 weight layers (stem, 16 bottlenecks of 3, 4 projections, classifier).
    const r = resolveGenericModel('resnet50')!;
    expect(r.gemms!.reduce((s, g) => s + g.count, 0)).toBe(54);
  });
});
