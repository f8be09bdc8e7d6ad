// Software-stack profiles (data/frameworks.json): the defaults a training framework or serving
// engine brings (attention kernels, sequence parallelism, overlaps, gradient buckets and reduction
// precision, batch limits), each with its source. A workload's explicit keys override its profile.
import { z } from 'zod';
import frameworksData from './data/frameworks.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

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
  maxBatchSize: sourced(z.number().int().positive()).optional(),
  maxNumTokens: sourced(z.number().int().positive()).optional(),
  kvCacheReservation: sourced(z.enum(['full', 'incremental'])).optional(),
  kvPoolBasis: sourced(z.enum(['free', 'total'])).optional(),
});

export type FrameworkProfile = z.output<typeof ProfileSchema>;

export const FRAMEWORKS: Readonly<Record<string, FrameworkProfile>> = loadCatalog(
  'frameworks.json',
  z.record(z.string(), ProfileSchema),
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
}

/** The profile `id` merged over the chain of profiles it extends; undefined when unknown. */
export function resolveFramework(id: string): FrameworkProfile | undefined {
  const chain: FrameworkProfile[] = [];
  for (let at: string | undefined = id; at !== undefined && chain.length < 8;) {
    const profile: FrameworkProfile | undefined = FRAMEWORKS[at];
    if (!profile)
      return chain.length === 0 ? undefined : chain.reduceRight((a, b) => ({ ...a, ...b }));
    chain.push(profile);
    at = profile.extends;
  }
  return chain.reduceRight((base, over) => ({ ...base, ...over }));
}

/** The training defaults of `id` (megatron-core when unknown: the parser reports unknown ids). */
export function trainingFramework(id: string): TrainingFramework {
  const p = resolveFramework(id) ?? resolveFramework('megatron-core');
  const base = resolveFramework('megatron-core');
  const pick = <K extends keyof FrameworkProfile>(key: K) => p?.[key] ?? base?.[key];
  const value = <T>(s: { value: T } | undefined, fallback: T): T => s?.value ?? fallback;
  return {
    id: FRAMEWORKS[id] ? id : 'megatron-core',
    flashAttention: value(pick('flashAttention') as { value: boolean } | undefined, true),
    sequenceParallel: value(pick('sequenceParallel') as { value: boolean } | undefined, true),
    dataParallelOverlap: value(
      pick('dataParallelOverlap') as { value: 'full' | 'forward' | 'none' } | undefined,
      'full',
    ),
    hierarchicalDataParallel: value(
      pick('hierarchicalDataParallel') as { value: boolean } | undefined,
      true,
    ),
    gradientBucket: value(
      pick('gradientBucket') as
        { value: { minParams: number; paramsPerDpRank: number } } | undefined,
      { minParams: 40e6, paramsPerDpRank: 1e6 },
    ),
    gradReduceBytes: value(pick('gradReduceBytes') as { value: 2 | 4 } | undefined, 2),
  };
}

/** Ids of the profiles of one kind, for messages and `aidc catalog frameworks`. */
export function frameworkIds(kind: 'training' | 'inference'): string[] {
  return Object.entries(FRAMEWORKS)
    .filter(([, p]) => p.kind === kind)
    .map(([id]) => id);
}
