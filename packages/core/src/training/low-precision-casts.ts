// HBM traffic of quantizing GEMM operands for FP8/FP4 GEMMs: each linear layer's input in the
// forward pass and its output gradient in the backward pass, cast to row-wise and column-wise
// copies at the recipe's bytes per element (Transformer Engine recipes; efficiency.json
// lowPrecisionCastBytes). Weights are cast once per step and kept across microbatches (TE's
// is_first_microbatch weight caching), so they are not counted per microbatch.
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import type { Gpu } from '../catalog/gpus.js';
import type { Fp8Recipe, Precision } from '../scenario/schema.js';
import type { Gemm } from './gemm-shapes.js';

/**
 * Bytes per quantized element of a run's recipe (`recipe` as given, else the generation's
 * default); 0 when its GEMMs run in 16 bits or wider. fp4 is NVFP4.
 */
export function castBytesPerElement(
  eff: EfficiencyCatalog,
  precision: Precision,
  generation: Gpu['generation'],
  recipe?: Fp8Recipe,
): number {
  const bytes = eff.lowPrecisionCastBytes.value;
  if (precision === 'fp4') return bytes.nvfp4;
  if (precision !== 'fp8') return 0;
  return bytes[recipe ?? eff.lowPrecisionRecipe.value[generation] ?? 'current'];
}

/**
 * Operand elements quantized per microbatch of one layer on one GPU: forward inputs (m x k of each
 * GEMM) and backward output gradients (m x n). With sequence parallelism the hidden-width operands
 * of the attention and dense MLP GEMMs are quantized on each rank's 1/tp of the tokens before
 * they are gathered; the experts' dispatched tokens are local.
 */
export function quantizedElements(
  gemms: readonly Gemm[],
  hidden: number,
  shardedOver: number,
): { forward: number; backward: number } {
  let forward = 0;
  let backward = 0;
  for (const g of gemms) {
    const shard = (width: number) => (!g.routed && width === hidden ? shardedOver : 1);
    forward += (g.count * g.m * g.k) / shard(g.k);
    backward += (g.count * g.m * g.n) / shard(g.n);
  }
  return { forward, backward };
}
