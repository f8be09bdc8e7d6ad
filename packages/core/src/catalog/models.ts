// Model presets: published architectures of well-known LLMs (data/models.json, sources inline).
import { z } from 'zod';
import modelsData from './data/models.json' with { type: 'json' };
import { loadCatalog } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const ModelPresetSchema = z.object({
    id: z.string(),
    name: z.string(),
    shape: z.object({
      layers: z.number().int().positive(),
      hidden: z.number().int().positive(),
      heads: z.number().int().positive(),
      kvHeads: z.number().int().positive(),
      ffnHidden: z.number().int().positive(),
      ffnType: z.enum(['gelu', 'swiglu']),
      vocab: z.number().int().positive(),
      tiedEmbeddings: z.boolean(),
      maxSeqLen: z.number().int().positive(),
      moe: z
        .object({
          experts: z.number().int().positive(),
          activeExperts: z.number().int().positive(),
          sharedExperts: z.number().int().min(0),
          expertFfnHidden: z.number().int().positive(),
          denseLayers: z.number().int().min(0),
        })
        .optional(),
      attention: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      /** Per-head dimension when it is not hidden / heads (Qwen3, GPT-OSS). */
      headDim: z.number().int().positive().optional(),
      /** Local attention with a `window`-token band on every `everyNth` layer (GPT-OSS: 128, 2). */
      slidingWindow: z
        .strictObject({
          window: z.number().int().positive(),
          everyNth: z.number().int().positive(),
        })
        .optional(),
      /** Multi-token-prediction modules trained beside the main model (DeepSeek-V3: 1). */
      mtpDepth: z.number().int().min(0).optional(),
      /** Trained with dropout (OPT, BLOOM); false for Llama, Mixtral, DeepSeek, Qwen, Nemotron-4. */
      dropout: z.boolean().optional(),
    }),
    params: z.number().positive(),
    activeParams: z.number().positive().optional(),
    source: z.string().min(8),
  });

  return { ModelPresetSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type ModelPreset = z.output<Schemas['ModelPresetSchema']>;

export const MODEL_PRESETS: readonly ModelPreset[] = loadCatalog(
  'models.json',
  () => {
    const { ModelPresetSchema } = catalogSchemas();
    return z.array(ModelPresetSchema);
  },
  modelsData,
);

export function findModelPreset(
  id: string,
  presets: readonly ModelPreset[] = MODEL_PRESETS,
): ModelPreset | undefined {
  return presets.find((m) => m.id === id);
}
