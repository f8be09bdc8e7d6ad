// Generic serving against hand-worked figures on a round-number accelerator: 100 TFLOP/s fp16 at a
// 50% GEMM fraction (50 TFLOP/s), 1 TB/s HBM at 80% (0.8 TB/s).
import { describe, expect, it } from 'vitest';
import { EFFICIENCY } from '../catalog/efficiency.js';
import { GENERIC_TRAINING } from '../catalog/generic-models.js';
import { findGpu, resolveGpu } from '../catalog/gpus.js';
import type { GenericInferenceWorkload } from '../scenario/schema.js';
import type { GenericModel } from './generic-model.js';
import { planGenericInference } from './plan-generic-inference.js';
import { servingBatchTime, servingMatmulRate } from './serve-time.js';
import { batchCandidates, batchedLatencyS, sustainedRate } from './serving-batch.js';

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

// 1 GFLOP and 1 MB of 16-bit activations a sample, 10M parameters.
const cnn: GenericModel = {
  name: 'pencil-cnn',
  family: 'cnn',
  forwardFlopsPerSample: 1e9,
  params: 10e6,
  activationBytesPerSample: 1e6,
  inputBytesPerSample: 1e5,
};

const timing = {
  model: cnn,
  gpu,
  precision: 'fp16' as const,
  efficiency: EFFICIENCY,
  constants: GENERIC_TRAINING,
};

const service = (extra: Partial<GenericInferenceWorkload> = {}): GenericInferenceWorkload => ({
  name: 'classifier',
  type: 'inference',
  model: 'pencil-cnn',
  precision: 'fp16',
  samplesPerSecond: 100_000,
  slo: { latencyMs: 5, percentile: 99 },
  spareReplicas: 0,
  ...extra,
});

describe('servingBatchTime', () => {
  it('is the larger of the matmuls and the HBM traffic', () => {
    // 100 samples: 100 GFLOP / 50 TFLOP/s = 2 ms of compute; 20 MB of weights and 100 x 1 MB x 2
    // passes of activations over 0.8 TB/s = 0.025 + 0.25 ms of traffic.
    const t = servingBatchTime(timing, 100);
    expect(t.computeS).toBeCloseTo(2e-3, 9);
    expect(t.weightsS).toBeCloseTo(25e-6, 9);
    expect(t.activationsS).toBeCloseTo(250e-6, 9);
    expect(t.totalS).toBeCloseTo(2e-3, 9);
    // One sample: 20 us of compute against 25 + 2.5 us of traffic.
    expect(servingBatchTime(timing, 1).totalS).toBeCloseTo(27.5e-6, 9);
  });

  it("moves a fused engine's activations where the model gives them", () => {
    // 100 x 0.25 MB x 2 passes / 0.8 TB/s = 62.5 us instead of 250.
    const fused = { ...timing, model: { ...cnn, servingActivationBytesPerSample: 0.25e6 } };
    expect(servingBatchTime(fused, 100).activationsS).toBeCloseTo(62.5e-6, 12);
  });

  it('times each listed GEMM as its own roofline and adds them', () => {
    // A thin GEMM (a 1x1 convolution, 1,000 x 64 x 64 a sample) and a wide one (10 x 4096 x 4096),
    // nothing else. At 100 samples the thin one computes 2 x 1e5 x 64 x 64 / 50 TFLOP/s = 16.4 us
    // but writes and reads 1e5 x 64 x 2 bytes (+ 8 kB of weights) over 0.8 TB/s: 32.0 us. The
    // wide one computes 3.36e10 / 50e12 = 671.1 us over 62.4 us of traffic. The batch is
    // 32.0 + 671.1 us, not one max of 687.5 us of compute over 94.4 us of traffic.
    const twoKernels: GenericModel = {
      ...cnn,
      forwardFlopsPerSample: 2 * 1000 * 64 * 64 + 2 * 10 * 4096 * 4096,
      params: 64 * 64 + 4096 * 4096,
      activationBytesPerSample: (1000 * 64 + 10 * 4096) * 2,
      gemms: [
        { rowsPerSample: 1000, n: 64, k: 64, count: 1 },
        { rowsPerSample: 10, n: 4096, k: 4096, count: 1 },
      ],
    };
    const t = servingBatchTime({ ...timing, model: twoKernels }, 100);
    expect(t.computeS).toBeCloseTo(687.47264e-6, 12);
    expect(t.totalS).toBeCloseTo(32.01024e-6 + 671.08864e-6, 12);
  });

  it('gathers embedding rows at the serving width', () => {
    const dlrm: GenericModel = {
      ...cnn,
      forwardFlopsPerSample: 1e6,
      activationBytesPerSample: 1e3,
      embedding: {
        tableBytes: 4e9,
        tables: 2,
        dim: 128,
        lookupsPerSample: 100,
        bytesPerElement: 4,
      },
    };
    // 1,000 samples x 100 rows x 128 x 2 bytes (fp16) = 25.6 MB at the random-row gather's 42%
    // of 1 TB/s: 60.95 us.
    const t = servingBatchTime({ ...timing, model: dlrm, precision: 'fp16' }, 1000);
    expect(t.embeddingsS).toBeCloseTo(25.6e6 / 0.42e12, 12);
    // 1 GFLOP / 50 TFLOP/s = 20 us of matmuls over 25 us of weights and 2.5 us of activations,
    // then the gather: 27.5 + 60.95 us.
    expect(t.totalS).toBeCloseTo(27.5e-6 + 25.6e6 / 0.42e12, 12);
  });
});

describe('the inference engine of a transformer encoder', () => {
  // BERT-large at 384 tokens (Devlin et al. 2019: 24 layers, hidden 1024, FFN 4096), as NVIDIA's
  // TensorRT demo/BERT benchmark runs it: every sequence padded to 384, batch 128.
  const s = 384;
  const bertLarge384: GenericModel = {
    name: 'bert-large-384',
    family: 'transformer-encoder',
    forwardFlopsPerSample: 2 * 302.4e6 * s + 4 * s * s * 1024 * 24,
    params: 335e6,
    activationBytesPerSample: 34 * s * 1024 * 24,
    servingActivationBytesPerSample: 12 * s * 1024 * 2 * 24,
    inputBytesPerSample: 3 * s * 4,
    gemms: [
      { rowsPerSample: s, n: 3072, k: 1024, count: 24 },
      { rowsPerSample: s, n: 1024, k: 1024, count: 24 },
      { rowsPerSample: s, n: 4096, k: 1024, count: 24 },
      { rowsPerSample: s, n: 1024, k: 4096, count: 24 },
    ],
  };
  const a100 = findGpu('a100-sxm-80gb');
  const h100 = findGpu('h100-sxm-80gb');
  if (!a100 || !h100) throw new Error('catalogue GPUs missing');
  const on = (gpu: typeof a100, precision: 'fp16' | 'int8', model = bertLarge384) => ({
    model,
    gpu,
    precision,
    efficiency: EFFICIENCY,
    constants: GENERIC_TRAINING,
  });

  it('runs its matmuls at the measured share of the large-GEMM rate', () => {
    // A100 fp16: the measured 271.2 TFLOPS large-GEMM rate x 0.74 = 200.7 TFLOPS.
    expect(servingMatmulRate(on(a100, 'fp16'))).toBeCloseTo(271.2e12 * 0.74, -9);
    // H100 int8: 1,978.9 T x 0.72 (the FP8 fraction int8 takes) x 0.74 = 1,054.4 T.
    expect(servingMatmulRate(on(h100, 'int8'))).toBeCloseTo(1978.9e12 * 0.72 * 0.74, -9);
    // A network of another family keeps the whole rate.
    expect(servingMatmulRate(on(a100, 'fp16', cnn))).toBeCloseTo(271.2e12, -9);
  });

  it("reproduces TensorRT's measured BERT-large batch on an A100", () => {
    // demo/BERT's A100 table, 384 tokens, batch 128: FP16 162.67 ms on average. The matmuls,
    // 128 x 246.7 GFLOP at 200.7 TFLOPS, take 157.4 ms in ideal waves; each GEMM is compute-bound.
    const t = servingBatchTime(on(a100, 'fp16'), 128);
    const ideal = (128 * bertLarge384.forwardFlopsPerSample) / (271.2e12 * 0.74);
    // In whole waves of output tiles on 108 SMs the two 1024-wide GEMMs a layer run at 0.948,
    // QKV at 0.992 and FC1 at 0.998: 2.4% more on the whole.
    expect(t.computeS / ideal).toBeCloseTo(1.024, 2);
    expect(t.totalS / 162.67e-3).toBeGreaterThan(0.97);
    expect(t.totalS / 162.67e-3).toBeLessThan(1.03);
  });
});

describe('dynamic batching', () => {
  it('waits up to one batch and is served in the next', () => {
    expect(batchedLatencyS(0.01, 99)).toBeCloseTo(0.0199, 12);
    expect(batchedLatencyS(0.01, 50)).toBeCloseTo(0.015, 12);
  });

  it('keeps the percentile of the arrivals within a batch', () => {
    // sqrt(m) = (-2.3263 + sqrt(2.3263^2 + 400)) / 2 = 8.9044, m = 79.287 per 10 ms.
    expect(sustainedRate(100, 0.01, 99)).toBeCloseTo(7928.6, 0);
    // At p50 the mean fills the batch.
    expect(sustainedRate(100, 0.01, 50)).toBeCloseTo(10_000, 6);
  });

  it('keeps more headroom when samples arrive several to a request', () => {
    // 4 samples a request: the count's variance is 4 m, so m + 2.3263 x 2 sqrt(m) = 100:
    // sqrt(m) = (-4.6526 + sqrt(4.6526^2 + 400)) / 2 = 7.9407, m = 63.055 per 10 ms.
    expect(sustainedRate(100, 0.01, 99, 4)).toBeCloseTo(6305.5, 0);
    expect(sustainedRate(100, 0.01, 99, 1)).toBeCloseTo(sustainedRate(100, 0.01, 99), 9);
    // An MLPerf DLRM-v2 query of 270 user-item pairs in a batch of 51,200 pairs: 84.5% of the
    // batch is the mean, against 99.1% for pairs arriving one by one.
    expect(sustainedRate(51_200, 1, 99, 270) / 51_200).toBeCloseTo(0.8447, 4);
    expect(sustainedRate(51_200, 1, 99) / 51_200).toBeCloseTo(0.9898, 3);
  });

  it('tries powers of two and three times them', () => {
    expect(batchCandidates(20)).toEqual([1, 2, 3, 4, 6, 8, 12, 16, 20]);
  });
});

describe('planGenericInference', () => {
  it('sizes the GPUs by the largest batch that meets the p99 target', () => {
    const out = planGenericInference({ workload: service(), model: cnn, gpu, gpus: undefined });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const r = out.result;
    // 1.99 x b x 20 us <= 5 ms: b <= 125, so batch 96 (128 takes 5.09 ms): 1.92 ms a batch,
    // 3.82 ms at p99; sqrt(m) = (-2.3263 + sqrt(2.3263^2 + 384)) / 2 = 8.7036, m = 75.753, so
    // 75.753 / 1.92 ms = 39,455 samples/s a GPU and 100,000 / 39,455 -> 3 GPUs.
    expect(r.batchSize).toBe(96);
    expect(r.serviceTimeMs).toBeCloseTo(1.92, 9);
    expect(r.latencyMs).toBeCloseTo(3.8208, 9);
    expect(r.samplesPerSPerGpu).toBeCloseTo(39_455, -1);
    expect(r.gpus).toBe(3);
    expect(r.bound).toBe('compute');
    expect(r.loadFraction).toBeCloseTo(100_000 / (3 * r.samplesPerSPerGpu), 9);
  });

  it('sizes for requests that bring several samples at once', () => {
    // 4 samples a request at batch 96: m + 2.3263 x 2 sqrt(m) = 96, sqrt(m) = 7.7440,
    // m = 59.970, so 59.970 / 1.92 ms = 31,234 samples/s a GPU and 100,000 / 31,234 -> 4 GPUs.
    const out = planGenericInference({
      workload: service({ samplesPerRequest: 4 }),
      model: cnn,
      gpu,
      gpus: undefined,
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.result.batchSize).toBe(96);
    expect(out.result.samplesPerSPerGpu).toBeCloseTo(31_234, -1);
    expect(out.result.gpus).toBe(4);
  });

  it('runs offline at the batch memory allows on the GPUs given', () => {
    const offline: GenericInferenceWorkload = {
      name: 'batch-classifier',
      type: 'inference',
      model: 'pencil-cnn',
      precision: 'fp16',
      spareReplicas: 0,
    };
    const out = planGenericInference({ workload: offline, model: cnn, gpu, gpus: 8 });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    // Compute-bound at any batch: 50 TFLOP/s / 1 GFLOP = 50,000 samples/s a GPU.
    expect(out.result.mode).toBe('offline');
    expect(out.result.maxSamplesPerSPerGpu).toBeCloseTo(50_000, 0);
    expect(out.result.samplesPerS).toBeCloseTo(400_000, -1);
  });

  it('says when even one sample misses the target', () => {
    const out = planGenericInference({
      workload: service({ slo: { latencyMs: 0.05, percentile: 99 } }),
      model: cnn,
      gpu,
      gpus: undefined,
    });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.reason).toContain('even a batch of 1');
  });

  it('rejects a load the GPUs given cannot carry', () => {
    const out = planGenericInference({
      workload: service({ gpus: 2 }),
      model: cnn,
      gpu,
      gpus: undefined,
    });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.fix).toContain('at least 3 gpus');
  });
});
