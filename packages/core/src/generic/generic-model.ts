// A generic (non-LLM) network as the planner reads it: a preset's sourced figures or the
// scenario's inline ones, with the tensor path its precision runs on.
import {
  findGenericPreset,
  GENERIC_MODEL_PRESETS,
  type GenericFamily,
  type GenericPreset,
} from '../catalog/generic-models.js';
import type { Gpu, TensorPrecision } from '../catalog/gpus.js';
import { peakFlops } from '../catalog/gpus.js';
import type {
  GenericModelInput,
  GenericPrecision,
  GenericTrainingWorkload,
} from '../scenario/schema.js';

export interface EmbeddingTables {
  /** All tables together, bytes at bytesPerElement. */
  readonly tableBytes: number;
  readonly tables: number;
  readonly dim: number;
  readonly lookupsPerSample: number;
  readonly bytesPerElement: number;
}

/** One weight GEMM shape of the forward pass: rows per sample x n, inner k, `count` layers. */
export interface GenericGemm {
  readonly rowsPerSample: number;
  readonly n: number;
  readonly k: number;
  readonly count: number;
}

export interface GenericModel {
  readonly name: string;
  readonly family: GenericFamily;
  readonly forwardFlopsPerSample: number;
  /** Dense parameters, replicated on every data-parallel rank. */
  readonly params: number;
  readonly activationBytesPerSample: number;
  /** What a fused inference engine writes per sample, when it differs from the training graph. */
  readonly servingActivationBytesPerSample?: number;
  readonly inputBytesPerSample: number;
  readonly embedding?: EmbeddingTables;
  readonly boundaryBytesPerSample?: number;
  readonly samplesPerEpoch?: number;
  readonly gemms?: readonly GenericGemm[];
}

/** The model of a generic training workload, or undefined for an unknown preset id. */
export function resolveGenericModel(
  model: GenericTrainingWorkload['model'],
  presets: readonly GenericPreset[] = GENERIC_MODEL_PRESETS,
): GenericModel | undefined {
  if (typeof model !== 'string') return fromInput(model);
  const p = findGenericPreset(model, presets);
  if (!p) return undefined;
  return {
    name: p.id,
    family: p.family,
    forwardFlopsPerSample: p.forwardFlopsPerSample.value,
    params: p.params.value,
    activationBytesPerSample: p.activationBytesPerSample.value,
    inputBytesPerSample: p.inputBytesPerSample.value,
    ...(p.servingActivationBytesPerSample
      ? { servingActivationBytesPerSample: p.servingActivationBytesPerSample.value }
      : {}),
    ...(p.embedding ? { embedding: p.embedding.value } : {}),
    ...(p.samplesPerEpoch ? { samplesPerEpoch: p.samplesPerEpoch.value } : {}),
    ...(p.gemms ? { gemms: p.gemms.value } : {}),
  };
}

function fromInput(m: GenericModelInput): GenericModel {
  return {
    name: m.name ?? 'custom network',
    family: m.family,
    forwardFlopsPerSample: m.forwardFlopsPerSample,
    params: m.params,
    activationBytesPerSample: m.activationBytesPerSample,
    inputBytesPerSample: m.inputBytesPerSample,
    ...(m.servingActivationBytesPerSample !== undefined
      ? { servingActivationBytesPerSample: m.servingActivationBytesPerSample }
      : {}),
    ...(m.embedding ? { embedding: m.embedding } : {}),
    ...(m.boundaryBytesPerSample !== undefined
      ? { boundaryBytesPerSample: m.boundaryBytesPerSample }
      : {}),
    ...(m.samplesPerEpoch !== undefined ? { samplesPerEpoch: m.samplesPerEpoch } : {}),
    ...(m.gemms !== undefined ? { gemms: m.gemms } : {}),
  };
}

/** The tensor-core path a training precision runs its matmuls on (fp32 as TF32 where there is
 *  one, as NVIDIA's frameworks default to), undefined when the GPU has none. */
export function genericTensorPath(
  gpu: Gpu,
  precision: GenericPrecision,
): TensorPrecision | undefined {
  const order: Record<GenericPrecision, readonly TensorPrecision[]> = {
    fp32: ['tf32', 'fp32'],
    fp16: ['fp16', 'bf16'],
    bf16: ['bf16', 'fp16'],
    fp8: ['fp8'],
  };
  return order[precision].find((t) => peakFlops(gpu, t) !== undefined);
}

/** Bytes per activation element at a precision: the per-sample figures are at 16 bits. */
export function activationScale(precision: GenericPrecision): number {
  return precision === 'fp32' ? 2 : 1;
}
