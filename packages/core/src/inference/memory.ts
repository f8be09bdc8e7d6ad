// Serving memory per GPU: weights (linear layers at the serving precision, embeddings and LM head
// kept in 16 bits) and the KV cache (GQA/MQA/MLA aware), and what is left for the cache.
import type { Gpu } from '../catalog/gpus.js';
import type { InferencePrecision, KvCachePrecision } from '../scenario/schema.js';
import { mlpMatrices, type ModelShape } from '../training/model-shape.js';
import { kvElementBytes, weightBytes } from './precision.js';

/** Parameters of a model by role; embeddings/LM head are excluded from quantisation. */
export interface ParamSplit {
  /** Linear weights of the transformer blocks, all experts. */
  readonly linear: number;
  /** Linear weights touched by one token (active experts only). */
  readonly activeLinear: number;
  /** Routed-expert weights (a subset of linear): read only for the experts a batch selects. */
  readonly routedExperts: number;
  readonly embedding: number;
  /** Output projection to the vocabulary (0 when tied to the embedding, which it then reuses). */
  readonly lmHead: number;
}

export function paramSplit(model: ModelShape): ParamSplit {
  const embedding = model.vocab * model.hidden;
  const lmHead = model.tiedEmbeddings ? 0 : embedding;
  const embeddings = embedding + lmHead;
  const linear = Math.max(0, model.params - embeddings);
  const activeLinear = Math.max(0, model.activeParams - embeddings);
  const routedExperts = model.moe
    ? (model.layers - model.moe.denseLayers) *
      model.moe.experts *
      mlpMatrices(model.ffnType) *
      model.hidden *
      model.moe.expertFfnHidden
    : 0;
  return {
    linear,
    activeLinear,
    routedExperts: Math.min(routedExperts, linear),
    embedding,
    lmHead,
  };
}

/** Transformer layers on the busiest stage when `pp` pipeline stages split the model. */
export function layersPerStage(model: ModelShape, pp: number): number {
  return Math.ceil(model.layers / pp);
}

/**
 * Weight bytes on each GPU of a tensor-parallel group of `tp`: every matrix is split tp ways
 * (Megatron-style column/row parallel; the vocabulary too). Embedding and LM head stay in 16 bits
 * (TensorRT Model Optimizer and AWQ leave `lm_head` unquantised by default); fp32 keeps 4 bytes.
 * With `pp` pipeline stages a GPU holds its stage's layers; the first stage holds the input
 * embedding and the last the LM head (a tied one is kept on both), so the busiest stage carries
 * one vocabulary matrix.
 */
export function weightBytesPerGpu(
  model: ModelShape,
  precision: InferencePrecision,
  tp: number,
  pp = 1,
) {
  const p = paramSplit(model);
  const embeddingBytes = precision === 'fp32' ? 4 : 2;
  const stageShare = layersPerStage(model, pp) / model.layers;
  const vocabulary = pp > 1 ? p.embedding : p.embedding + p.lmHead;
  return (p.linear * stageShare * weightBytes(precision) + vocabulary * embeddingBytes) / tp;
}

/**
 * KV-cache bytes per token on each GPU. K and V per layer: kvHeads x headDim each; a TP group
 * splits the KV heads, and when tp exceeds them each GPU keeps the one head its queries use
 * (so MQA/GQA caches are replicated). MLA caches one latent vector per layer on every GPU.
 * With `pp` stages each GPU caches its stage's layers only.
 */
export function kvBytesPerTokenPerGpu(
  model: ModelShape,
  precision: KvCachePrecision,
  tp: number,
  pp = 1,
): number {
  const bytes = kvElementBytes(precision);
  const layers = layersPerStage(model, pp);
  if (model.mlaKvDim !== undefined) return layers * model.mlaKvDim * bytes;
  const headsPerGpu = Math.max(1, model.kvHeads / tp);
  return layers * 2 * headsPerGpu * model.headDim * bytes;
}

/** KV-cache bytes per token of the whole model (one copy, no replication). */
export function kvBytesPerToken(model: ModelShape, precision: KvCachePrecision): number {
  return kvBytesPerTokenPerGpu(model, precision, 1);
}

export interface ServingMemory {
  readonly capacityGB: number;
  readonly weightsGB: number;
  /** CUDA context, communication buffers, activation workspace. */
  readonly reserveGB: number;
  /** KV-cache pool per GPU after weights and reserve, at the engine's pool fraction. */
  readonly kvCacheGB: number;
  /** Tokens the pool holds (per replica: every GPU holds its share of each token's layers). */
  readonly kvTokens: number;
}

export function servingMemory(
  gpu: Gpu,
  model: ModelShape,
  precision: InferencePrecision,
  kvPrecision: KvCachePrecision,
  tp: number,
  reserveGB: number,
  kvPoolFraction: number,
  pp = 1,
): ServingMemory {
  const capacityGB = gpu.hbmGB.value;
  const weightsGB = weightBytesPerGpu(model, precision, tp, pp) / 1e9;
  const kvCacheGB = Math.max(0, (capacityGB - weightsGB - reserveGB) * kvPoolFraction);
  const kvTokens = Math.floor(
    (kvCacheGB * 1e9) / kvBytesPerTokenPerGpu(model, kvPrecision, tp, pp),
  );
  return { capacityGB, weightsGB, reserveGB, kvCacheGB, kvTokens };
}
