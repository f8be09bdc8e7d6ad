// One candidate way of running a training workload, and the context it is evaluated in.
import type { Gpu } from '../catalog/gpus.js';
import type { Fabric } from '../catalog/fabrics.js';
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import type { TrainingFramework } from '../catalog/frameworks.js';
import type {
  DataParallelOverlap,
  Fp8Recipe,
  Precision,
  RecomputeMode,
} from '../scenario/schema.js';
import type { ModelShape } from './model-shape.js';

export interface ParallelConfig {
  readonly tp: number;
  readonly pp: number;
  readonly dp: number;
  readonly cp: number;
  readonly ep: number;
  /** Expert tensor parallelism: ranks one expert's weights are split over (Megatron-Core MoE
   *  parallel folding); ep x etp divides tp x cp x dp. */
  readonly etp: number;
  readonly microBatch: number;
  readonly virtualStages: number;
  readonly recompute: RecomputeMode;
  /** With full recomputation: the layers of each stage recomputed (Megatron-Core
   *  --recompute-method block --recompute-num-layers); absent: all of them. */
  readonly recomputeLayers?: number;
  readonly zeroStage: number;
}

/** Share of the busiest stage's layers that full recomputation recomputes (1 when all are). */
export function recomputedShare(c: ParallelConfig, layersOnStage: number): number {
  if (c.recompute !== 'full') return 0;
  return c.recomputeLayers === undefined ? 1 : Math.min(1, c.recomputeLayers / layersOnStage);
}

export interface TrainingContext {
  readonly model: ModelShape;
  readonly gpu: Gpu;
  readonly fabric: Fabric | undefined;
  readonly precision: Precision;
  /** FP8 scaling recipe as given; absent: the GPU generation's default (efficiency.json). */
  readonly fp8Recipe?: Fp8Recipe;
  readonly seqLen: number;
  readonly globalBatchSequences: number;
  readonly gpus: number;
  readonly sequenceParallel: boolean;
  readonly flashAttention: boolean;
  readonly dataParallelOverlap: DataParallelOverlap;
  readonly hierarchicalDataParallel: boolean;
  /** The software stack's defaults that are not workload keys (buckets, reduction precision). */
  readonly framework: TrainingFramework;
  readonly efficiency: EfficiencyCatalog;
}

/** Microbatches per optimizer step for each pipeline (gradient-accumulation steps). */
export function microbatchesPerStep(ctx: TrainingContext, c: ParallelConfig): number {
  return ctx.globalBatchSequences / (c.dp * c.microBatch);
}

/** Data-parallel ranks of the expert weights: tp x cp x dp GPUs of a stage over ep x etp. */
export function expertDataParallel(c: ParallelConfig): number {
  return Math.max(1, (c.tp * c.cp * c.dp) / (c.ep * c.etp));
}

/**
 * Transformer layers on the busiest pipeline stage. Megatron-Core places ceil(L / (pp v)) layers
 * in each virtual chunk and lets the first and last stages hold fewer (Llama 3 405B: 126 layers
 * on 16 stages, one layer fewer on the first and last; Dubey et al. 2024 Sec. 3.3.2).
 */
export function layersOnBusiestStage(layers: number, pp: number, virtualStages: number): number {
  return Math.ceil(layers / (pp * virtualStages)) * virtualStages;
}

/**
 * Layers of the first, the middle and the last pipeline stages. Stages hold whole virtual chunks
 * of ceil(L / (pp v)) layers; when that overshoots L the first and last stages hold fewer (they
 * also carry the embedding and the LM head), as Llama 3 405B did with 126 layers on 16 stages:
 * 7, 8 x 14, 7 (Dubey et al. 2024 Sec. 3.3.2; Megatron-Core's
 * decoder_first/last_pipeline_num_layers).
 */
export function stageLayers(
  layers: number,
  pp: number,
  virtualStages: number,
): { first: number; middle: number; last: number } {
  const middle = layersOnBusiestStage(layers, pp, virtualStages);
  if (pp === 1) return { first: layers, middle: layers, last: layers };
  const deficit = pp * middle - layers;
  const first = Math.max(1, middle - Math.ceil(deficit / 2));
  const last = Math.max(1, middle - Math.floor(deficit / 2));
  return { first, middle, last };
}
