// A synthetic job stream: Poisson arrivals (exponential gaps), sizes drawn from a discrete
// distribution, run times exponential, lognormal or fixed.
import { deriveSeed, exponential, lognormal, seededRandom } from '../random.js';
import type { SimJob } from './job.js';

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
}

const SUM_TOLERANCE = 1e-6;

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
    });
    t += exponential(arrivals, meanGapS);
  }
  return jobs;
}
