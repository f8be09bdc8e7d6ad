// A transformer's shape, resolved from a preset or the scenario, and its parameter counts.
import { findModelPreset, MODEL_PRESETS, type ModelPreset } from '../catalog/models.js';
import type { ModelShapeInput } from '../scenario/schema.js';

export interface MoeShape {
  readonly experts: number;
  readonly activeExperts: number;
  readonly sharedExperts: number;
  readonly expertFfnHidden: number;
  readonly denseLayers: number;
}

/** Multi-head latent attention dimensions (DeepSeek-V2/V3 config.json names in comments). */
export interface MlaShape {
  /** kv_lora_rank: the compressed latent cached per token. */
  readonly kvLoraRank: number;
  /** q_lora_rank (0: queries projected from the hidden state directly). */
  readonly qLoraRank: number;
  /** qk_rope_head_dim: the decoupled rotary key, shared by all heads and cached. */
  readonly ropeHeadDim: number;
  /** qk_nope_head_dim. */
  readonly qkNopeHeadDim: number;
  /** v_head_dim. */
  readonly vHeadDim: number;
}

export interface SlidingWindow {
  readonly window: number;
  /** Every n-th layer is local (GPT-OSS, Gemma 2: 2, alternating with full attention). */
  readonly everyNth: number;
}

export interface ModelShape {
  readonly name: string;
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly ffnHidden: number;
  readonly ffnType: 'gelu' | 'swiglu';
  readonly vocab: number;
  readonly tiedEmbeddings: boolean;
  readonly moe?: MoeShape;
  readonly mla?: MlaShape;
  readonly slidingWindow?: SlidingWindow;
  /** Multi-token-prediction modules after the last layer (DeepSeek-V3: 1). */
  readonly mtpDepth: number;
  /** Trained with dropout: masks are stored and applied (GPT-3-era models only). */
  readonly dropout: boolean;
  /** Multi-head latent attention (DeepSeek-V2/V3): KV-cache elements per token per layer
   *  (compressed KV rank + decoupled RoPE key dim), shared by all heads. */
  readonly mlaKvDim?: number;
  /** MLA prefill runs as ordinary attention: mean of the QK head dim (nope + rope) and V head dim. */
  readonly mlaPrefillHeadDim?: number;
  /** Longest context the model was trained for (presets only). */
  readonly maxSeqLen?: number;
  /** Total parameters (all experts). */
  readonly params: number;
  /** Parameters touched per token (active experts only). */
  readonly activeParams: number;
}

/** Weight matrices in one MLP: 2 for GELU/ReLU (up, down), 3 for SwiGLU (gate, up, down). */
export function mlpMatrices(ffnType: 'gelu' | 'swiglu'): number {
  return ffnType === 'swiglu' ? 3 : 2;
}

/** What the attention parameter and FLOP counts need of a shape. */
export interface AttentionShape {
  readonly hidden: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly mla?: MlaShape | undefined;
}

/**
 * Attention weights of one layer. Grouped-query: Q and output h x (heads headDim) each, K and V
 * h x (kvHeads headDim) each. MLA (DeepSeek-V2 Sec. 2.1.2, arXiv:2405.04434): query down/up
 * projections, the joint KV down-projection to the latent plus the rotary key, the latent's up-
 * projection to per-head keys and values, and the output projection.
 */
export function attentionParams(s: AttentionShape): number {
  const h = s.hidden;
  if (s.mla) {
    const a = s.mla;
    const qHead = a.qkNopeHeadDim + a.ropeHeadDim;
    const q =
      a.qLoraRank > 0 ? h * a.qLoraRank + a.qLoraRank * s.heads * qHead : h * s.heads * qHead;
    const kv =
      h * (a.kvLoraRank + a.ropeHeadDim) + a.kvLoraRank * s.heads * (a.qkNopeHeadDim + a.vHeadDim);
    return q + kv + s.heads * a.vHeadDim * h;
  }
  return 2 * h * s.heads * s.headDim + 2 * h * s.kvHeads * s.headDim;
}

/** Query-key and value widths of one head: the score and context products' inner dimensions. */
export function headDims(s: AttentionShape): { qk: number; v: number } {
  if (s.mla) return { qk: s.mla.qkNopeHeadDim + s.mla.ropeHeadDim, v: s.mla.vHeadDim };
  return { qk: s.headDim, v: s.headDim };
}

/** KV-cache (and context-parallel K/V exchange) elements per token per layer on one full model:
 *  MLA caches the latent and the rotary key once for all heads. */
export function kvElementsPerToken(s: AttentionShape): number {
  if (s.mla) return s.mla.kvLoraRank + s.mla.ropeHeadDim;
  return 2 * s.kvHeads * s.headDim;
}

interface ShapeCore {
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  mla?: MlaShape | undefined;
  mtpDepth?: number | undefined;
  headDim: number;
  ffnHidden: number;
  ffnType: 'gelu' | 'swiglu';
  vocab: number;
  tiedEmbeddings: boolean;
  moe?: MoeShape | undefined;
}

/** Parameter counts (total, active) from the shape; norms and biases are below 0.1% and left out. */
export function countParams(s: ShapeCore): { total: number; active: number } {
  const attention = attentionParams(s);
  const matrices = mlpMatrices(s.ffnType);
  const denseMlp = matrices * s.hidden * s.ffnHidden;
  const embeddings = s.vocab * s.hidden * (s.tiedEmbeddings ? 1 : 2);
  // Each MTP module: one more transformer layer (of the last layer's kind) and the 2h x h
  // projection of [hidden; next-token embedding]; embeddings and head are shared (DeepSeek-V3 Sec. 2.2).
  const mtp = s.mtpDepth ?? 0;
  if (!s.moe) {
    const perLayer = attention + denseMlp;
    const total = (s.layers + mtp) * perLayer + mtp * 2 * s.hidden * s.hidden + embeddings;
    return { total, active: total };
  }
  const expert = matrices * s.hidden * s.moe.expertFfnHidden;
  const router = s.hidden * s.moe.experts;
  const moeLayers = s.layers - s.moe.denseLayers;
  const moeTotal = (s.moe.experts + s.moe.sharedExperts) * expert + router;
  const moeActive = (s.moe.activeExperts + s.moe.sharedExperts) * expert + router;
  const dense = s.moe.denseLayers * (attention + denseMlp);
  const mtpExtra = mtp * 2 * s.hidden * s.hidden;
  return {
    total: dense + (moeLayers + mtp) * (attention + moeTotal) + mtpExtra + embeddings,
    active: dense + (moeLayers + mtp) * (attention + moeActive) + mtpExtra + embeddings,
  };
}

/** Resolve the scenario's model (an inline shape) into a full shape with defaults filled. */
export function shapeFromInput(
  input: Omit<ModelShapeInput, 'mtpDepth' | 'dropout'> & { mtpDepth?: number; dropout?: boolean },
  name = 'custom',
): ModelShape {
  const kvHeads = input.kvHeads ?? input.heads;
  const headDim = input.headDim ?? input.hidden / input.heads;
  const ffnHidden = input.ffnHidden ?? 4 * input.hidden;
  const a = input.attention;
  const mla: MlaShape | undefined = a
    ? {
        kvLoraRank: a.kvLoraRank,
        qLoraRank: a.qLoraRank,
        ropeHeadDim: a.ropeHeadDim,
        qkNopeHeadDim: a.qkNopeHeadDim,
        vHeadDim: a.vHeadDim,
      }
    : undefined;
  const core: ShapeCore = {
    layers: input.layers,
    hidden: input.hidden,
    heads: input.heads,
    kvHeads,
    mla,
    mtpDepth: input.mtpDepth,
    headDim,
    ffnHidden,
    ffnType: input.ffnType,
    vocab: input.vocab,
    tiedEmbeddings: input.tiedEmbeddings,
    moe: input.moe,
  };
  const counted = countParams(core);
  const params = input.params ?? counted.total;
  const activeParams = input.moe ? counted.active * (params / counted.total) : params;
  const shape: ModelShape = {
    name,
    layers: core.layers,
    hidden: core.hidden,
    heads: core.heads,
    kvHeads,
    headDim,
    ffnHidden,
    ffnType: core.ffnType,
    vocab: core.vocab,
    tiedEmbeddings: core.tiedEmbeddings,
    ...(input.moe ? { moe: input.moe } : {}),
    ...(input.slidingWindow ? { slidingWindow: input.slidingWindow } : {}),
    mtpDepth: input.mtpDepth ?? 0,
    dropout: input.dropout ?? false,
    params,
    activeParams,
  };
  if (!mla) return shape;
  // Serving: the cache holds the latent + rotary key; prefill attends at the mean of the QK and V
  // head widths (the attention runs per head on the up-projected keys and values).
  const dims = headDims({ ...shape, mla });
  return {
    ...shape,
    mla,
    mlaKvDim: kvElementsPerToken({ ...shape, mla }),
    mlaPrefillHeadDim: (dims.qk + dims.v) / 2,
  };
}

/** Read an optional number / object out of a preset's shape (newer keys are optional there). */
function presetNumber(o: Record<string, unknown> | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === 'number' ? v : undefined;
}

/** Resolve a preset id; undefined when the id is unknown (the scenario check reports it). */
export function shapeFromPreset(
  id: string,
  presets: readonly ModelPreset[] = MODEL_PRESETS,
): ModelShape | undefined {
  const preset = findModelPreset(id, presets);
  if (!preset) return undefined;
  const s = preset.shape as typeof preset.shape & Record<string, unknown>;
  const a = s.attention as Record<string, unknown> | undefined;
  const kvLoraRank = presetNumber(a, 'kvLoraRank');
  const attention =
    a?.['type'] === 'mla' && kvLoraRank !== undefined
      ? {
          type: 'mla' as const,
          kvLoraRank,
          qLoraRank: presetNumber(a, 'qLoraRank') ?? 0,
          ropeHeadDim: presetNumber(a, 'qkRopeHeadDim') ?? presetNumber(a, 'ropeHeadDim') ?? 64,
          qkNopeHeadDim: presetNumber(a, 'qkNopeHeadDim') ?? 128,
          vHeadDim: presetNumber(a, 'vHeadDim') ?? 128,
        }
      : undefined;
  const window = s['slidingWindow'] as Record<string, unknown> | undefined;
  const windowSize = presetNumber(window, 'window');
  const headDim = presetNumber(s, 'headDim');
  const shape = shapeFromInput(
    {
      layers: s.layers,
      hidden: s.hidden,
      heads: s.heads,
      kvHeads: s.kvHeads,
      ffnHidden: s.ffnHidden,
      ffnType: s.ffnType,
      vocab: s.vocab,
      params: preset.params,
      tiedEmbeddings: s.tiedEmbeddings,
      ...(s.moe ? { moe: s.moe } : {}),
      ...(headDim !== undefined ? { headDim } : {}),
      ...(attention ? { attention } : {}),
      ...(windowSize !== undefined
        ? { slidingWindow: { window: windowSize, everyNth: presetNumber(window, 'everyNth') ?? 2 } }
        : {}),
      mtpDepth: presetNumber(s, 'mtpDepth') ?? 0,
      dropout: s['dropout'] === true,
    },
    preset.name,
  );
  return { ...shape, maxSeqLen: s.maxSeqLen };
}

/** A validated workload's model: its own shape, or the preset it names. */
export function resolveModel(
  w: { readonly model: string | ModelShapeInput },
  presets: readonly ModelPreset[] = MODEL_PRESETS,
): ModelShape {
  if (typeof w.model !== 'string') return shapeFromInput(w.model);
  const preset = shapeFromPreset(w.model, presets);
  if (!preset) throw new Error(`unknown model preset ${w.model} (validate the scenario first)`);
  return preset;
}
