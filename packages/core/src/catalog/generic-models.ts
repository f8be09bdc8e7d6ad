// Non-LLM model presets (CNN, encoder transformers, diffusion U-Net, recommender, RNN) described
// by their per-sample cost (data/generic-models.json), and the constants their training step
// rests on (data/generic-training.json); every figure with its source.
import { z } from 'zod';
import modelsData from './data/generic-models.json' with { type: 'json' };
import trainingData from './data/generic-training.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const positive = z.number().positive();

  const EmbeddingSchema = z.strictObject({
    tableBytes: positive,
    tables: z.number().int().positive(),
    dim: z.number().int().positive(),
    lookupsPerSample: positive,
    bytesPerElement: positive,
  });

  const GenericPresetSchema = z.strictObject({
    id: z.string().min(1),
    name: z.string().min(1),
    family: z.enum(GENERIC_FAMILIES),
    sample: z.string().min(1),
    forwardFlopsPerSample: sourced(positive),
    params: sourced(positive),
    activationBytesPerSample: sourced(positive),
    servingActivationBytesPerSample: sourced(positive).optional(),
    inputBytesPerSample: sourced(positive),
    embedding: sourced(EmbeddingSchema).optional(),
    samplesPerEpoch: sourced(positive).optional(),
    gemms: sourced(
      z
        .array(
          z.strictObject({
            rowsPerSample: positive,
            n: z.number().int().positive(),
            k: z.number().int().positive(),
            count: z.number().int().positive(),
          }),
        )
        .min(1),
    ).optional(),
  });

  const GenericTrainingSchema = z.strictObject({
    activationTrafficPasses: sourced(z.strictObject({ training: positive, forward: positive })),
    embeddingRowAccesses: sourced(z.strictObject({ training: positive, forward: positive })),
    embeddingGatherHbmFraction: sourced(positive.max(1)),
    optimizerBytesPerParam: sourced(positive),
    embeddingStateBytesPerByte: sourced(positive),
    gradientBytes: sourced(positive),
    gradientBucketMB: sourced(positive),
    embeddingOutputBytesPerElement: sourced(positive),
    servingEngineFraction: sourced(z.partialRecord(z.enum(GENERIC_FAMILIES), positive.max(1))),
  });

  return { EmbeddingSchema, GenericPresetSchema, GenericTrainingSchema, positive };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export const GENERIC_FAMILIES = [
  'cnn',
  'transformer-encoder',
  'diffusion-unet',
  'recommender',
  'rnn',
  'custom',
] as const;
export type GenericFamily = (typeof GENERIC_FAMILIES)[number];

export type GenericPreset = z.output<Schemas['GenericPresetSchema']>;

export const GENERIC_MODEL_PRESETS: readonly GenericPreset[] = loadCatalog(
  'generic-models.json',
  () => {
    const { GenericPresetSchema } = catalogSchemas();
    return z.array(GenericPresetSchema);
  },
  modelsData,
);

export function findGenericPreset(
  id: string,
  presets: readonly GenericPreset[] = GENERIC_MODEL_PRESETS,
): GenericPreset | undefined {
  return presets.find((m) => m.id === id);
}

export type GenericTrainingConstants = z.output<Schemas['GenericTrainingSchema']>;

export const GENERIC_TRAINING: GenericTrainingConstants = loadCatalog(
  'generic-training.json',
  () => {
    const { GenericTrainingSchema } = catalogSchemas();
    return GenericTrainingSchema;
  },
  trainingData,
);
