// Serving memory per GPU: weights (linear layers at the serving precision, embeddings and LM head
// kept in 16 bits) and the KV cache (GQA/MQA/MLA aware), and what is left for the cache.
//
// A replica is tp x pp GPUs. Inside each pipeline stage its tp GPUs may be regrouped two ways
// (TensorRT-LLM's Mapping, docs/source/features/parallel-strategy.md 'Module-level Parallelism'):
//  - attention data parallelism (dp, `enable_attention_dp`): dp groups of tp/dp GPUs. Each group
//    holds the attention, the dense layers' MLPs, the shared experts and the embeddings, split
//    tp/dp ways, and serves its own requests, so their KV cache lives on that group only ('All GEMM
//    weights are replicated on every GPU. The KV-cache is partitioned');
//  - expert parallelism (ep, `moe_expert_parallel_size`): the routed experts are dealt out to ep
//    ranks and each expert split over tp/ep GPUs (`moe_tensor_parallel_size`), so every GPU keeps
//    1/tp of the routed-expert weights whatever ep is; ep changes who computes which token.
import { hbmCapacityGB } from '../catalog/gpus.js';
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
  /** Routed-expert weights one token uses (its k experts). */
  readonly routedActive: number;
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
  const routed = Math.min(routedExperts, linear);
  return {
    linear,
    activeLinear,
    routedExperts: routed,
    routedActive: model.moe
      ? Math.min(activeLinear, (routed * model.moe.activeExperts) / model.moe.experts)
      : 0,
    embedding,
    lmHead,
  };
}

/** Transformer layers on the busiest stage when `pp` pipeline stages split the model. */
export function layersPerStage(model: ModelShape, pp: number): number {
  return Math.ceil(model.layers / pp);
}

/**
 * Tokens of cache a request holding `context` tokens occupies, counted in whole-model tokens:
 * local (sliding-window) layers keep at most their window of keys and values (GPT-OSS: 128 on
 * every second layer), the others all of them.
 */
export function cachedTokens(model: ModelShape, context: number): number {
  const w = model.slidingWindow;
  if (!w) return context;
  const localShare = Math.floor(model.layers / w.everyNth) / model.layers;
  return (1 - localShare) * context + localShare * Math.min(context, w.window);
}

/** GPUs one attention group spans: tp / dp (each group holds the attention, split that many ways). */
export function attentionTp(tp: number, dp = 1): number {
  return Math.max(1, tp / dp);
}

/**
 * Weight bytes on each GPU of a tensor-parallel group of `tp`: every matrix is split tp ways
 * (Megatron-style column/row parallel; the vocabulary too). Embedding and LM head stay in 16 bits
 * (TensorRT Model Optimizer and AWQ leave `lm_head` unquantised by default); fp32 keeps 4 bytes.
 * With `pp` pipeline stages a GPU holds its stage's layers; the first stage holds the input
 * embedding and the last the LM head (a tied one is kept on both), so the busiest stage carries
 * one vocabulary matrix. With `dp` attention groups everything but the routed experts (attention,
 * dense MLPs, shared experts, router, embeddings) is held once per group, split tp/dp ways; the
 * routed experts stay split over all tp GPUs (ep ranks x tp/ep shards).
 */
export function weightBytesPerGpu(
  model: ModelShape,
  precision: InferencePrecision,
  tp: number,
  pp = 1,
  dp = 1,
) {
  const p = paramSplit(model);
  const embeddingBytes = precision === 'fp32' ? 4 : 2;
  const stageShare = layersPerStage(model, pp) / model.layers;
  const vocabulary = pp > 1 ? p.embedding : p.embedding + p.lmHead;
  const perGroup = attentionTp(tp, dp);
  const dense = (p.linear - p.routedExperts) * stageShare * weightBytes(precision);
  // The busiest stage is one of MoE layers when there are enough of them (the dense layers come
  // first): it holds their routed experts in full.
  const moeLayers = model.moe ? model.layers - model.moe.denseLayers : 0;
  const moeOnStage = Math.min(layersPerStage(model, pp), moeLayers);
  const routed =
    moeLayers > 0 ? (p.routedExperts * moeOnStage * weightBytes(precision)) / moeLayers : 0;
  return (dense + vocabulary * embeddingBytes) / perGroup + routed / tp;
}

/**
 * KV-cache bytes per token on each GPU that caches it. K and V per layer: kvHeads x headDim each;
 * the GPUs of an attention group (tp / dp of them) split the KV heads, and when they outnumber
 * them each GPU keeps the one head its queries use (so MQA/GQA caches are replicated). MLA caches
 * one latent vector per layer on every GPU of the group. With `pp` stages each GPU caches its
 * stage's layers only. With attention DP a token is cached by its own group alone: the other
 * dp - 1 groups hold none of it (so MLA at dp = tp keeps one copy per replica, not tp).
 */
export function kvBytesPerTokenPerGpu(
  model: ModelShape,
  precision: KvCachePrecision,
  tp: number,
  pp = 1,
  dp = 1,
): number {
  const bytes = kvElementBytes(precision);
  const layers = layersPerStage(model, pp);
  if (model.mlaKvDim !== undefined) return layers * model.mlaKvDim * bytes;
  const headsPerGpu = Math.max(1, model.kvHeads / attentionTp(tp, dp));
  return layers * 2 * headsPerGpu * model.headDim * bytes;
}

/**
 * KV-cache bytes one token takes on its replica, every copy counted: the tp / dp GPUs of its
 * attention group each hold their share (or a replica of a head or latent) of every layer.
 */
export function kvBytesPerTokenPerReplica(
  model: ModelShape,
  precision: KvCachePrecision,
  tp: number,
  dp = 1,
): number {
  return kvBytesPerTokenPerGpu(model, precision, tp, 1, dp) * attentionTp(tp, dp);
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
  /**
   * Tokens the pool holds per replica: every GPU of an attention group holds its share of each
   * of the group's tokens, and the dp groups hold different tokens (dp x kvTokensPerGroup).
   */
  readonly kvTokens: number;
  /** Tokens one attention-DP group holds (the whole replica when dp = 1). */
  readonly kvTokensPerGroup: number;
  /** Attention data-parallel groups (dp). */
  readonly attentionGroups: number;
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
  dp = 1,
  poolBasis: 'free' | 'total' = 'free',
): ServingMemory {
  const capacityGB = hbmCapacityGB(gpu);
  const weightsGB = weightBytesPerGpu(model, precision, tp, pp, dp) / 1e9;
  // 'free': a fraction of the memory left after weights and workspace (TensorRT-LLM
  // free_gpu_memory_fraction); 'total': the engine may use that fraction of the whole GPU, and the
  // cache gets what weights and workspace leave of it (vLLM gpu_memory_utilization).
  const kvCacheGB = Math.max(
    0,
    poolBasis === 'total'
      ? capacityGB * kvPoolFraction - weightsGB - reserveGB
      : (capacityGB - weightsGB - reserveGB) * kvPoolFraction,
  );
  const kvTokensPerGroup = Math.floor(
    (kvCacheGB * 1e9) / kvBytesPerTokenPerGpu(model, kvPrecision, tp, pp, dp),
  );
  return {
    capacityGB,
    weightsGB,
    reserveGB,
    kvCacheGB,
    kvTokens: kvTokensPerGroup * dp,
    kvTokensPerGroup,
    attentionGroups: dp,
  };
}
