// One candidate way of running a training workload, and the context it is evaluated in.
import type { Gpu } from '../catalog/gpus.js';
import type { Fabric } from '../catalog/fabrics.js';
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import type { DataParallelOverlap, Precision, RecomputeMode } from '../scenario/schema.js';
import type { ModelShape } from './model-shape.js';

export interface ParallelConfig {
  readonly tp: number;
  readonly pp: number;
  readonly dp: number;
  readonly cp: number;
  readonly ep: number;
  readonly microBatch: number;
  readonly virtualStages: number;
  readonly recompute: RecomputeMode;
  readonly zeroStage: number;
}

export interface TrainingContext {
  readonly model: ModelShape;
  readonly gpu: Gpu;
  readonly fabric: Fabric | undefined;
  readonly precision: Precision;
  readonly seqLen: number;
  readonly globalBatchSequences: number;
  readonly gpus: number;
  readonly sequenceParallel: boolean;
  readonly flashAttention: boolean;
  readonly dataParallelOverlap: DataParallelOverlap;
  readonly hierarchicalDataParallel: boolean;
  readonly efficiency: EfficiencyCatalog;
}

/** Microbatches per optimizer step for each pipeline (gradient-accumulation steps). */
export function microbatchesPerStep(ctx: TrainingContext, c: ParallelConfig): number {
  return ctx.globalBatchSequences / (c.dp * c.microBatch);
}
