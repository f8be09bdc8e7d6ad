// A synthetic job stream: Poisson arrivals (exponential gaps), sizes drawn from a discrete
// distribution, run times exponential, lognormal or fixed; optionally a priority and a team for
// each job, drawn from their own shares (each from its own random stream, so adding them leaves
// the arrivals, sizes and run times as they were).
/* eslint-disable @typescript-eslint/no-non-null-assertion -- k is within the pairs. */
import { deriveSeed, exponential, lognormal, seededRandom } from '../random.js';
import type { SimJob } from './job.js';

const SUM_TOLERANCE = 1e-6;

export type DurationDistribution =
  | { readonly distribution: 'exponential'; readonly mean: number }
  | { readonly distribution: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly distribution: 'fixed'; readonly value: number };

export interface SyntheticMix {
  readonly arrivalsPerDay: number;
  /** [GPUs, probability] pairs; the probabilities sum to 1. */
  readonly gpus: readonly (readonly [number, number])[];
  readonly durationHours: DurationDistribution;
  /** Useful minutes between checkpoints (absent: jobs do not checkpoint). */
  readonly checkpointIntervalMin?: number | undefined;
  /** [priority, probability] pairs (higher runs first under the priority policy). */
  readonly priorities?: readonly (readonly [number, number])[] | undefined;
  /** [team, share] pairs: the team whose quota each job counts against. */
  readonly teams?: readonly (readonly [string, number])[] | undefined;
}

/** A draw from [value, probability] pairs summing to 1. */
function discrete<T>(pairs: readonly (readonly [T, number])[], name: string): (u: number) => T {
  if (pairs.length === 0) throw new Error(`${name} needs at least one [value, probability] pair`);
  const total = pairs.reduce((sum, [, p]) => sum + p, 0);
  if (Math.abs(total - 1) > SUM_TOLERANCE)
    throw new Error(`the ${name} probabilities sum to ${total}, not 1`);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, p] of pairs) cumulative.push((acc += p));
  return (u) => {
    const k = cumulative.findIndex((c) => u < c);
    return pairs[k < 0 ? pairs.length - 1 : k]![0];
  };
}

/** Jobs arriving in [0, horizonS), from a seed (the same seed, the same jobs). */
export function syntheticJobs(mix: SyntheticMix, horizonS: number, seed: number): SimJob[] {
  if (!(mix.arrivalsPerDay > 0)) throw new Error('arrivalsPerDay must be above 0');
  if (mix.gpus.length === 0) throw new Error('gpus needs at least one [GPUs, probability] pair');
  const total = mix.gpus.reduce((s, [, p]) => s + p, 0);
  if (Math.abs(total - 1) > SUM_TOLERANCE)
    throw new Error(`the gpus probabilities sum to ${total}, not 1`);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, p] of mix.gpus) cumulative.push((acc += p));
  const arrivals = seededRandom(deriveSeed(seed, 1));
  const sizes = seededRandom(deriveSeed(seed, 2));
  const durations = seededRandom(deriveSeed(seed, 3));
  const meanGapS = 86_400 / mix.arrivalsPerDay;
  const d = mix.durationHours;
  const drawHours = (): number => {
    switch (d.distribution) {
      case 'exponential':
        return exponential(durations, d.mean);
      case 'lognormal':
        return lognormal(durations, d.median, d.sigma);
      case 'fixed':
        return d.value;
    }
  };
  const drawPriority = mix.priorities ? discrete(mix.priorities, 'priorities') : undefined;
  const drawTeam = mix.teams ? discrete(mix.teams, 'teams') : undefined;
  const priorities = seededRandom(deriveSeed(seed, 4));
  const teams = seededRandom(deriveSeed(seed, 5));
  const checkpoint =
    mix.checkpointIntervalMin !== undefined
      ? { checkpointIntervalS: mix.checkpointIntervalMin * 60 }
      : {};
  const jobs: SimJob[] = [];
  let t = exponential(arrivals, meanGapS);
  while (t < horizonS) {
    const u = sizes();
    const k = cumulative.findIndex((c) => u < c);
    const [gpus] = mix.gpus[k < 0 ? mix.gpus.length - 1 : k] ?? [1];
    jobs.push({
      id: `job-${jobs.length + 1}`,
      submitS: t,
      gpus,
      gpuMilli: 1000,
      durationS: drawHours() * 3600,
      ...checkpoint,
      ...(drawPriority ? { priority: drawPriority(priorities()) } : {}),
      ...(drawTeam ? { team: drawTeam(teams()) } : {}),
    });
    t += exponential(arrivals, meanGapS);
  }
  return jobs;
}
