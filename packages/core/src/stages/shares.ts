// How workloads share a cluster of a given size: the GPUs each one without its own gets, and a
// training run fitted into its share when its batch divides no layout of the whole share.
import {
  isGenericInference,
  type GenericInferenceWorkload,
  type InferenceWorkload,
  type Scenario,
} from '../scenario/schema.js';
import { warning, type PlanWarning } from '../warnings.js';

type Sized = { readonly ok: boolean; readonly result?: { readonly gpus: number } };

/**
 * What each workload without its own `gpus` gets of `cluster.gpus` when other workloads share
 * the cluster: what the others leave (their own `gpus`, and what online services size themselves
 * to), split evenly among them in whole servers. Keyed by workload index; empty when the cluster
 * size is not given or a single workload has it all.
 */
export function defaultShares(
  scenario: Scenario,
  gpusPerServer: number,
  sizeOnline: (w: InferenceWorkload) => Sized,
  sizeGeneric: (w: GenericInferenceWorkload) => Sized,
): Map<number, number> {
  const total = scenario.cluster.gpus;
  const shares = new Map<number, number>();
  if (total === undefined || scenario.workloads.length < 2) return shares;
  let used = 0;
  const defaulting: number[] = [];
  const gpusOf = (sized: Sized) => (sized.ok ? (sized.result?.gpus ?? 0) : 0);
  scenario.workloads.forEach((w, i) => {
    if (w.gpus !== undefined) used += w.gpus;
    else if (isGenericInference(w) && w.samplesPerSecond !== undefined)
      used += gpusOf(sizeGeneric(w));
    else if (w.type === 'inference' && !isGenericInference(w) && w.requestsPerSecond !== undefined)
      used += gpusOf(sizeOnline(w));
    else defaulting.push(i);
  });
  if (defaulting.length === 0) return shares;
  const each = Math.floor((total - used) / defaulting.length / gpusPerServer) * gpusPerServer;
  for (const i of defaulting) shares.set(i, Math.max(0, each));
  return shares;
}

/** Why a workload whose share is empty cannot be planned, and what would fix it. */
export function noGpusLeft(scenario: Scenario): { reason: string; fix: string } {
  return {
    reason: `the other workloads use all ${scenario.cluster.gpus} GPUs of the cluster, leaving none for this one`,
    fix: `give cluster.gpus more GPUs, or this workload its own gpus and the others fewer`,
  };
}

/**
 * A training run on its share of the cluster, or, when its batch divides no layout of the share,
 * on the largest smaller count of whole servers one fits (with a share-reduced warning).
 */
export function withinShare<T extends { readonly ok: boolean }>(
  first: T,
  trainOn: (gpus: number) => T,
  w: { name: string; index: number; share: number | undefined; gpusPerServer: number },
  warnings: PlanWarning[],
): T {
  if (first.ok || w.share === undefined) return first;
  for (const servers of smoothCountsBelow(Math.floor(w.share / w.gpusPerServer))) {
    const tried = trainOn(servers * w.gpusPerServer);
    if (!tried.ok) continue;
    warnings.push(
      warning(
        'share-reduced',
        `${w.name}: ${servers * w.gpusPerServer} of the ${w.share} GPUs the other workloads leave (the largest count a layout of its batch divides)`,
        `workloads[${w.index}]`,
      ),
    );
    return tried;
  }
  return first;
}

/** Server counts below `n` made of the factors 2 and 3 (the counts parallel layouts divide),
 *  largest first. */
function smoothCountsBelow(n: number): number[] {
  const out: number[] = [];
  for (let a = 1; a < n; a *= 2) for (let b = a; b < n; b *= 3) out.push(b);
  return out.sort((x, y) => y - x);
}
