// GPU memory of a generic network's training: the replicated dense model state (ZeRO paper's 16
// bytes per parameter under mixed-precision Adam), this GPU's shard of the embedding tables and
// their optimizer state, the activations in flight, and the runtime's reserve.
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import type { GenericTrainingConstants } from '../catalog/generic-models.js';
import { hbmCapacityGB, type Gpu } from '../catalog/gpus.js';
import type { GenericPrecision } from '../scenario/schema.js';
import { activationScale, type GenericModel } from './generic-model.js';
import type { GenericLayout } from './step-time.js';

export interface GenericMemoryGB {
  readonly weights: number;
  readonly gradients: number;
  readonly optimizer: number;
  readonly embeddings: number;
  readonly activations: number;
  readonly reserve: number;
  readonly total: number;
}

export function genericMemoryGB(
  model: GenericModel,
  precision: GenericPrecision,
  layout: GenericLayout,
  globalBatchSamples: number,
  eff: EfficiencyCatalog,
  k: GenericTrainingConstants,
): GenericMemoryGB {
  const { dp, pp, microBatch } = layout;
  const params = model.params / pp;
  const scale = activationScale(precision);
  // fp32: 4-byte weights and gradients; 16-bit: 2 each; the rest of the 16 is optimizer state.
  const weights = (params * 2 * scale) / 1e9;
  const gradients = (params * 2 * scale) / 1e9;
  const optimizer = (params * (k.optimizerBytesPerParam.value - 4 * scale)) / 1e9;
  const embeddings = model.embedding
    ? (model.embedding.tableBytes * k.embeddingStateBytesPerByte.value) / (dp * pp) / 1e9
    : 0;
  // 1F1B keeps up to pp microbatches of the first stage in flight.
  const inFlight = Math.min(pp, globalBatchSamples / dp / microBatch);
  const activations = (microBatch * model.activationBytesPerSample * scale * inFlight) / pp / 1e9;
  const reserve = eff.memoryReserveGB.value;
  return {
    weights,
    gradients,
    optimizer,
    embeddings,
    activations,
    reserve,
    total: weights + gradients + optimizer + embeddings + activations + reserve,
  };
}

/** Memory a training job may fill: the HBM less the allocator's fragmentation. */
export function usableMemoryGB(gpu: Gpu, eff: EfficiencyCatalog): number {
  return hbmCapacityGB(gpu) * (1 - eff.memoryFragmentation.value);
}
