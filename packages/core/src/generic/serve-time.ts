// One batch of a generic network's forward pass on one serving GPU: a roofline (Williams et al.
// 2009, "Roofline") of its matmuls at the measured GEMM rate with their wave quantization
// (genericMatmulS, as training times them) against the HBM traffic they carry, which overlaps
// them: the weights read once, each activation written and read once. The kernels of a batch
// run one after another on the GPU, so each listed GEMM is its own roofline: its FLOPs at the
// sustained rate against its own weights and its output's write and read, and the batch takes
// the sum of these (a small-channel convolution, at a few dozen FLOPs per byte, waits on HBM while
// a wide one leaves HBM idle: one aggregate max would let the two hide each other). The FLOPs and
// traffic the list leaves out (attention scores, pooling, norms) form one more such kernel. A
// recommender first
// gathers every looked-up embedding row (Gupta et al. 2020, "The Architectural Implications of
// Facebook's DNN-based Personalized Recommendation", HPCA: its inference is dominated by these
// irregular reads) in a kernel of its own whose pooled vectors the feature interaction and top MLP
// consume (Naumov et al. 2019, "Deep Learning Recommendation Model", Sec. 2), so the gather adds
// to the batch's time instead of hiding under its matmuls. A row of dim x bytes is whole 32-byte
// sectors for the presets' dims (NVIDIA CUDA C++ Best Practices Guide, "Coalesced Access to
// Global Memory"), so a gather moves no wasted bytes, but its rows are random: each misses the
// DRAM row buffer, and the gather runs at the measured random-access share of HBM bandwidth
// (embeddingGatherRate), not the streaming one. The matmuls run at the measured large-GEMM rate
// times the share of it the family's inference engine was measured to sustain (servingMatmulRate).
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import { gemmFraction } from '../catalog/gemm-measurements.js';
import type { GenericTrainingConstants } from '../catalog/generic-models.js';
import { peakFlops, type Gpu, type TensorPrecision } from '../catalog/gpus.js';
import type { GenericServingPrecision } from '../scenario/schema.js';
import type { GenericModel } from './generic-model.js';
import { GEMM_TILING } from '../catalog/gemm-tiling.js';
import { waveEfficiency } from '../training/gemm-shapes.js';
import { embeddingGatherRate, genericMatmulS, hbmRate } from './step-time.js';

/** The tensor path a serving precision runs on (fp32 as TF32), undefined when the GPU has none. */
export function servingTensorPath(
  gpu: Gpu,
  precision: GenericServingPrecision,
): TensorPrecision | undefined {
  const order: Record<GenericServingPrecision, readonly TensorPrecision[]> = {
    fp32: ['tf32', 'fp32'],
    fp16: ['fp16', 'bf16'],
    bf16: ['bf16', 'fp16'],
    fp8: ['fp8'],
    int8: ['int8'],
  };
  return order[precision].find((t) => peakFlops(gpu, t) !== undefined);
}

/** Bytes of one weight, activation or embedding element at a serving precision. */
export function servingBytesPerElement(precision: GenericServingPrecision): number {
  return precision === 'fp32' ? 4 : precision === 'fp8' || precision === 'int8' ? 1 : 2;
}

/** 16-bit activation bytes a serving engine writes per sample: its fused graph's where the model
 *  gives them, else the training graph's (an upper bound). */
export function servingActivationBytes(model: GenericModel): number {
  return model.servingActivationBytesPerSample ?? model.activationBytesPerSample;
}

export interface ServingBatchTime {
  readonly computeS: number;
  readonly weightsS: number;
  readonly activationsS: number;
  readonly embeddingsS: number;
  /** The dense kernels' time, each max(its compute, its traffic) (one aggregate max for a model
   *  without a GEMM list), plus the embeddings: the gather runs before them. */
  readonly totalS: number;
}

export interface ServingTimeInputs {
  readonly model: GenericModel;
  readonly gpu: Gpu;
  readonly precision: GenericServingPrecision;
  readonly efficiency: EfficiencyCatalog;
  readonly constants: GenericTrainingConstants;
}

/**
 * Sustained FLOP/s of a serving batch's matmuls: the GPU's measured large-GEMM rate on the
 * precision's tensor path, times the share of it the family's inference engine sustains at its
 * layers' shapes (servingEngineFraction: 0.74 for a transformer encoder, measured on TensorRT's
 * BERT-large engine; 1 where no engine measurement is catalogued).
 *
 * @example BERT-large int8 on H100 SXM: 1,978.9 T x 0.72 (the FP8 MAMF fraction) x 0.74 = 1,054 T
 */
export function servingMatmulRate(x: ServingTimeInputs): number {
  const tensor = servingTensorPath(x.gpu, x.precision);
  if (tensor === undefined) return 0;
  const engine = x.constants.servingEngineFraction.value[x.model.family] ?? 1;
  return (
    (peakFlops(x.gpu, tensor) ?? 0) * (gemmFraction(x.gpu, tensor, x.efficiency) ?? 0) * engine
  );
}

/** Seconds of one batch of `batch` samples on one GPU. */
export function servingBatchTime(x: ServingTimeInputs, batch: number): ServingBatchTime {
  const { model, gpu, efficiency: eff, constants: k } = x;
  const rate = servingMatmulRate(x);
  const hbm = hbmRate(gpu, eff);
  const bytes = servingBytesPerElement(x.precision);
  const computeS = genericMatmulS(model, gpu, batch, rate).forward;
  const weightsS = (model.params * bytes) / hbm;
  // The per-sample activation figures are at 16 bits.
  const activationsS =
    (batch *
      servingActivationBytes(model) *
      (bytes / 2) *
      k.activationTrafficPasses.value.forward) /
    hbm;
  const e = model.embedding;
  const embeddingsS = e
    ? (batch * e.lookupsPerSample * e.dim * bytes * k.embeddingRowAccesses.value.forward) /
      embeddingGatherRate(gpu, k)
    : 0;
  const denseS =
    model.gemms && rate > 0
      ? perKernelS(x, batch, rate, hbm, bytes)
      : Math.max(computeS, weightsS + activationsS);
  const totalS = denseS + embeddingsS;
  return { computeS, weightsS, activationsS, embeddingsS, totalS };
}

/**
 * Seconds of a batch's dense kernels, one roofline per listed GEMM (Williams et al. 2009): its
 * forward time in whole waves of output tiles (as genericMatmulS) against its weights read once
 * and its output written and read once (activationTrafficPasses.forward); then the remainder (the
 * FLOPs, weights and activation bytes the list does not cover) as one kernel of its own.
 */
function perKernelS(
  x: ServingTimeInputs,
  batch: number,
  rate: number,
  hbm: number,
  bytes: number,
): number {
  const { model, gpu, constants: k } = x;
  const passes = k.activationTrafficPasses.value.forward;
  const sms = GEMM_TILING.sms.value[gpu.id];
  let total = 0;
  let flops = 0;
  let weights = 0;
  let outputs = 0;
  for (const g of model.gemms ?? []) {
    const m = g.rowsPerSample * batch;
    const f = 2 * m * g.n * g.k * g.count;
    const computeS = f / rate / waveEfficiency(m, g.n, sms);
    const w = g.n * g.k * g.count * bytes;
    const out = m * g.n * g.count * bytes * passes;
    total += Math.max(computeS, (w + out) / hbm);
    flops += f;
    weights += w;
    outputs += out;
  }
  const restFlops = Math.max(0, batch * model.forwardFlopsPerSample - flops);
  const restWeights = Math.max(0, model.params * bytes - weights);
  const restActivations = Math.max(
    0,
    batch * servingActivationBytes(model) * (bytes / 2) * passes - outputs,
  );
  return total + Math.max(restFlops / rate, (restWeights + restActivations) / hbm);
}

/** GB one serving GPU holds: the weights, the whole embedding tables (each GPU serves whole
 *  samples), and the activations of one batch in flight. */
export function servingMemoryGB(
  model: GenericModel,
  precision: GenericServingPrecision,
  batch: number,
): { weights: number; embeddings: number; activations: number; total: number } {
  const bytes = servingBytesPerElement(precision);
  const weights = (model.params * bytes) / 1e9;
  const e = model.embedding;
  const embeddings = e ? ((e.tableBytes / e.bytesPerElement) * bytes) / 1e9 : 0;
  const activations = (batch * servingActivationBytes(model) * (bytes / 2)) / 1e9;
  return { weights, embeddings, activations, total: weights + embeddings + activations };
}
