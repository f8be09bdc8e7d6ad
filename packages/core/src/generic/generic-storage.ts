// What a generic network's training keeps on storage: its checkpoint (the dense model state as
// an LLM's, plus the embedding tables and their optimizer state) and its dataset.
import { GENERIC_TRAINING } from '../catalog/generic-models.js';
import { checkpointGBOf } from '../training/checkpoint-size.js';
import type { GenericModel } from './generic-model.js';

/** One checkpoint, GB: 14 bytes per dense parameter (storage.ts) and the tables with their state. */
export function genericCheckpointGB(model: GenericModel): number {
  const tables = model.embedding
    ? (model.embedding.tableBytes * GENERIC_TRAINING.embeddingStateBytesPerByte.value) / 1e9
    : 0;
  return checkpointGBOf(model.params) + tables;
}

/** The training set, TB: one epoch of encoded inputs (the run reads it `samples / epoch` times),
 *  or the samples seen when the model gives no epoch size. */
export function genericDatasetTB(model: GenericModel, samples: number): number {
  const stored = Math.min(samples, model.samplesPerEpoch ?? samples);
  return (stored * model.inputBytesPerSample) / 1e12;
}
