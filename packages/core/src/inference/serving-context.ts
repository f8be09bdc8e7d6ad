// What one serving engine replica is: the model, the GPU, the precisions, the layout (tp, pp,
// ep, attention dp), how requests arrive, the efficiency catalog and the engine's host time.
// The step cost (step-cost.ts) and the GEMM cost (gemm-cost.ts) both read it.
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import type { Gpu } from '../catalog/gpus.js';
import type { InferencePrecision, KvCachePrecision } from '../scenario/schema.js';
import type { ModelShape } from '../training/model-shape.js';

export interface ServingContext {
  readonly model: ModelShape;
  readonly gpu: Gpu;
  readonly precision: InferencePrecision;
  readonly kvPrecision: KvCachePrecision;
  readonly tp: number;
  /** Pipeline stages (default 1). */
  readonly pp?: number;
  /** Expert-parallel ranks of the MoE layers within each stage's tp GPUs (default 1). */
  readonly ep?: number;
  /** Attention data-parallel groups within each stage's tp GPUs (default 1). */
  readonly dp?: number;
  /**
   * How requests arrive, which decides how prompts fall on attention-DP groups. 'uniform' (the
   * default; offline, a full queue of like requests): requests finish and are replaced together,
   * so every group prefills its share at once: spread evenly. 'poisson' (online): prompts arrive
   * one by one and each is prefilled whole by the group that will hold its KV cache.
   */
  readonly arrivals?: 'uniform' | 'poisson';
  readonly efficiency: EfficiencyCatalog;
  /**
   * The engine's host (CPU) seconds per iteration for each request a scheduler rank holds
   * (engine-host-time.ts; 0 or absent: not modelled).
   */
  readonly hostSPerRequest?: number;
}
