// Software-stack profiles (data/frameworks.json): the defaults a training framework or serving
// engine brings (attention kernels, sequence parallelism, overlaps, gradient buckets and reduction
// precision, batch limits), each with its source. A workload's explicit keys override its profile.
import { z } from 'zod';
import frameworksData from './data/frameworks.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const ProfileSchema = z.strictObject({
    name: z.string(),
    kind: z.enum(['training', 'inference']),
    extends: z.string().optional(),
    source: z.string().min(8).optional(),
    flashAttention: sourced(z.boolean()).optional(),
    sequenceParallel: sourced(z.boolean()).optional(),
    dataParallelOverlap: sourced(z.enum(['full', 'forward', 'none'])).optional(),
    hierarchicalDataParallel: sourced(z.boolean()).optional(),
    gradientBucket: sourced(
      z.strictObject({ minParams: z.number().positive(), paramsPerDpRank: z.number().min(0) }),
    ).optional(),
    gradReduceBytes: sourced(z.union([z.literal(2), z.literal(4)])).optional(),
    expertAllToAllOverlap: sourced(z.boolean()).optional(),
    maxBatchSize: sourced(z.number().int().positive()).optional(),
    maxNumTokens: sourced(z.number().int().positive()).optional(),
    kvCacheReservation: sourced(z.enum(['full', 'incremental'])).optional(),
    kvPoolBasis: sourced(z.enum(['free', 'total'])).optional(),
    /** Serving engines: host (CPU) microseconds per iteration per request a scheduler rank holds. */
    hostUsPerRequest: sourced(z.number().min(0)).optional(),
  });

  return { ProfileSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type FrameworkProfile = z.output<Schemas['ProfileSchema']>;

export const FRAMEWORKS: Readonly<Record<string, FrameworkProfile>> = loadCatalog(
  'frameworks.json',
  () => {
    const { ProfileSchema } = catalogSchemas();
    return z.record(z.string(), ProfileSchema);
  },
  frameworksData,
);

/** A training profile with every default filled (its own keys over the profile it extends). */
export interface TrainingFramework {
  readonly id: string;
  readonly flashAttention: boolean;
  readonly sequenceParallel: boolean;
  readonly dataParallelOverlap: 'full' | 'forward' | 'none';
  readonly hierarchicalDataParallel: boolean;
  readonly gradientBucket: { readonly minParams: number; readonly paramsPerDpRank: number };
  readonly gradReduceBytes: 2 | 4;
  /** MoE token dispatch/combine all-to-alls hidden behind another microbatch's computation. */
  readonly expertAllToAllOverlap: boolean;
}

/** The profile `id` merged over the profiles it extends; undefined when unknown. */
export function resolveFramework(id: string): FrameworkProfile | undefined {
  const profile = FRAMEWORKS[id];
  if (!profile) return undefined;
  const base = profile.extends !== undefined ? resolveFramework(profile.extends) : undefined;
  return base ? { ...base, ...profile } : profile;
}

/** The training defaults of `id` over Megatron-Core's (megatron-core when unknown: the parser
 *  reports unknown ids). */
export function trainingFramework(id: string): TrainingFramework {
  const p = { ...resolveFramework('megatron-core'), ...resolveFramework(id) };
  return {
    id: FRAMEWORKS[id] ? id : 'megatron-core',
    flashAttention: p.flashAttention?.value ?? true,
    sequenceParallel: p.sequenceParallel?.value ?? true,
    dataParallelOverlap: p.dataParallelOverlap?.value ?? 'full',
    hierarchicalDataParallel: p.hierarchicalDataParallel?.value ?? true,
    gradientBucket: p.gradientBucket?.value ?? { minParams: 40e6, paramsPerDpRank: 1e6 },
    gradReduceBytes: p.gradReduceBytes?.value ?? 2,
    expertAllToAllOverlap: p.expertAllToAllOverlap?.value ?? false,
  };
}

/** Ids of the profiles of one kind, for messages and `aidc catalog frameworks`. */
export function frameworkIds(kind: 'training' | 'inference'): string[] {
  return Object.entries(FRAMEWORKS)
    .filter(([, p]) => p.kind === kind)
    .map(([id]) => id);
}
