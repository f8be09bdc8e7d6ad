// Non-LLM model presets (CNN, encoder transformers, diffusion U-Net, recommender, RNN) described
// by their per-sample cost (data/generic-models.json), and the constants their training step
// rests on (data/generic-training.json); every figure with its source.
import { z } from 'zod';
import modelsData from './data/generic-models.json' with { type: 'json' };
import trainingData from './data/generic-training.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

const positive = z.number().positive();

export const GENERIC_FAMILIES = [
  'cnn',
  'transformer-encoder',
  'diffusion-unet',
  'recommender',
  'rnn',
  'custom',
] as const;
export type GenericFamily = (typeof GENERIC_FAMILIES)[number];

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
  inputBytesPerSample: sourced(positive),
  embedding: sourced(EmbeddingSchema).optional(),
  samplesPerEpoch: sourced(positive).optional(),
});

export type GenericPreset = z.output<typeof GenericPresetSchema>;

export const GENERIC_MODEL_PRESETS: readonly GenericPreset[] = loadCatalog(
  'generic-models.json',
  z.array(GenericPresetSchema),
  modelsData,
);

export function findGenericPreset(id: string): GenericPreset | undefined {
  return GENERIC_MODEL_PRESETS.find((m) => m.id === id);
}

const GenericTrainingSchema = z.strictObject({
  activationTrafficPasses: sourced(z.strictObject({ training: positive, forward: positive })),
  embeddingRowAccesses: sourced(z.strictObject({ training: positive, forward: positive })),
  optimizerBytesPerParam: sourced(positive),
  embeddingStateBytesPerByte: sourced(positive),
  gradientBytes: sourced(positive),
  gradientBucketMB: sourced(positive),
  embeddingOutputBytesPerElement: sourced(positive),
});

export type GenericTrainingConstants = z.output<typeof GenericTrainingSchema>;

export const GENERIC_TRAINING: GenericTrainingConstants = loadCatalog(
  'generic-training.json',
  GenericTrainingSchema,
  trainingData,
);
