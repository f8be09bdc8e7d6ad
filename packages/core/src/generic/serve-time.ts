// One batch of a generic network's forward pass on one serving GPU: a roofline (Williams et al.
// 2009, "Roofline") of its matmuls at the measured GEMM rate with their wave quantization
// (genericMatmulS, as training times them) against the HBM traffic they carry, which overlaps
// them: the weights read once, each activation written and read once. A recommender first
// gathers every looked-up embedding row (Gupta et al. 2020, "The Architectural Implications of
// Facebook's DNN-based Personalized Recommendation", HPCA: its inference is dominated by these
// irregular reads) in a kernel of its own whose pooled vectors the feature interaction and top MLP
// consume (Naumov et al. 2019, "Deep Learning Recommendation Model", Sec. 2), so the gather adds
// to the batch's time instead of hiding under its matmuls. A row of dim x bytes is whole 32-byte
// sectors for the presets' dims (NVIDIA CUDA C++ Best Practices Guide, "Coalesced Access to
// Global Memory"), so a gather moves no wasted bytes and runs at the achievable HBM bandwidth.
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import { gemmFraction } from '../catalog/gemm-measurements.js';
import type { GenericTrainingConstants } from '../catalog/generic-models.js';
import { peakFlops, type Gpu, type TensorPrecision } from '../catalog/gpus.js';
import type { GenericServingPrecision } from '../scenario/schema.js';
import type { GenericModel } from './generic-model.js';
import { genericMatmulS, hbmRate } from './step-time.js';

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
  /** max(compute, weights + activations) + embeddings: matmuls overlap their own traffic; the
   *  gather runs before them. */
  readonly totalS: number;
}

export interface ServingTimeInputs {
  readonly model: GenericModel;
  readonly gpu: Gpu;
  readonly precision: GenericServingPrecision;
  readonly efficiency: EfficiencyCatalog;
  readonly constants: GenericTrainingConstants;
}

/** Seconds of one batch of `batch` samples on one GPU. */
export function servingBatchTime(x: ServingTimeInputs, batch: number): ServingBatchTime {
  const { model, gpu, efficiency: eff, constants: k } = x;
  const tensor = servingTensorPath(gpu, x.precision);
  const rate =
    tensor === undefined
      ? 0
      : (peakFlops(gpu, tensor) ?? 0) * (gemmFraction(gpu, tensor, eff) ?? 0);
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
    ? (batch * e.lookupsPerSample * e.dim * bytes * k.embeddingRowAccesses.value.forward) / hbm
    : 0;
  const totalS = Math.max(computeS, weightsS + activationsS) + embeddingsS;
  return { computeS, weightsS, activationsS, embeddingsS, totalS };
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
