// A synthetic job stream: Poisson arrivals (exponential gaps), sizes drawn from a discrete
// distribution, run times exponential, lognormal or fixed; optionally a priority and a team for
// each job, drawn from their own shares (each from its own random stream, so adding them leaves
// the arrivals, sizes and run times as they were).
/* eslint-disable @typescript-eslint/no-non-null-assertion -- k is within the pairs, j within the table. */
import { deriveSeed, exponential, lognormal, seededRandom } from '../random.js';
import { emptyJobTable, teamIndexer, type JobTable, type SimJob } from './job.js';

const SUM_TOLERANCE = 1e-6;

export type DurationDistribution =
  | { readonly distribution: 'exponential'; readonly mean: number }
  | { readonly distribution: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly distribution: 'fixed'; readonly value: number }
  /** Each job's run time one of these, uniformly at random (a bootstrap of a trace's run times). */
  | { readonly distribution: 'empirical'; readonly hours: readonly number[] };

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

/** Jobs arriving in [0, horizonS), from a seed (the same seed, the same jobs), as a table. */
export function syntheticJobTable(mix: SyntheticMix, horizonS: number, seed: number): JobTable {
  if (!(mix.arrivalsPerDay > 0)) throw new Error('arrivalsPerDay must be above 0');
  if (mix.durationHours.distribution === 'empirical' && mix.durationHours.hours.length === 0)
    throw new Error('an empirical run-time distribution needs at least one run time');
  if (mix.gpus.length === 0) throw new Error('gpus needs at least one [GPUs, probability] pair');
  const total = mix.gpus.reduce((s, [, p]) => s + p, 0);
  if (Math.abs(total - 1) > SUM_TOLERANCE)
    throw new Error(`the gpus probabilities sum to ${total}, not 1`);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, p] of mix.gpus) cumulative.push((acc += p));
  const meanGapS = 86_400 / mix.arrivalsPerDay;
  // The arrival times first (their own stream), so the columns are allocated once.
  const arrivals = seededRandom(deriveSeed(seed, 1));
  let times = new Float64Array(Math.max(16, Math.min(1 << 20, Math.ceil(horizonS / meanGapS))));
  let count = 0;
  for (
    let t = exponential(arrivals, meanGapS);
    t < horizonS;
    t += exponential(arrivals, meanGapS)
  ) {
    if (count >= times.length) {
      const grown = new Float64Array(times.length * 2);
      grown.set(times);
      times = grown;
    }
    times[count++] = t;
  }
  const sizes = seededRandom(deriveSeed(seed, 2));
  const durations = seededRandom(deriveSeed(seed, 3));
  const d = mix.durationHours;
  const drawHours = (): number => {
    switch (d.distribution) {
      case 'exponential':
        return exponential(durations, d.mean);
      case 'lognormal':
        return lognormal(durations, d.median, d.sigma);
      case 'fixed':
        return d.value;
      case 'empirical':
        return d.hours[Math.min(d.hours.length - 1, Math.floor(durations() * d.hours.length))]!;
    }
  };
  const drawPriority = mix.priorities ? discrete(mix.priorities, 'priorities') : undefined;
  const drawTeam = mix.teams ? discrete(mix.teams, 'teams') : undefined;
  const priorities = seededRandom(deriveSeed(seed, 4));
  const teamDraws = seededRandom(deriveSeed(seed, 5));
  const table = emptyJobTable(count, (j) => `job-${j + 1}`);
  table.submitS.set(times.subarray(0, count));
  const tau = mix.checkpointIntervalMin !== undefined ? mix.checkpointIntervalMin * 60 : 0;
  const teamOf = teamIndexer(table.teams);
  for (let j = 0; j < count; j++) {
    const u = sizes();
    const k = cumulative.findIndex((c) => u < c);
    table.gpus[j] = mix.gpus[k < 0 ? mix.gpus.length - 1 : k]![0];
    table.durationS[j] = drawHours() * 3600;
    table.checkpointIntervalS[j] = tau;
    if (drawPriority) table.priority[j] = drawPriority(priorities());
    if (drawTeam) table.team[j] = teamOf(drawTeam(teamDraws()));
  }
  return table;
}

/** The same jobs as `syntheticJobTable`, as objects. */
export function syntheticJobs(mix: SyntheticMix, horizonS: number, seed: number): SimJob[] {
  const table = syntheticJobTable(mix, horizonS, seed);
  const jobs: SimJob[] = [];
  for (let j = 0; j < table.count; j++) {
    const team = table.team[j]!;
    jobs.push({
      id: table.id(j),
      submitS: table.submitS[j]!,
      gpus: table.gpus[j]!,
      gpuMilli: 1000,
      durationS: table.durationS[j]!,
      ...(mix.checkpointIntervalMin !== undefined
        ? { checkpointIntervalS: table.checkpointIntervalS[j]! }
        : {}),
      ...(mix.priorities ? { priority: table.priority[j]! } : {}),
      ...(mix.teams ? { team: table.teams[team]! } : {}),
    });
  }
  return jobs;
}

/**
 * Priorities and teams drawn for jobs that carry none (a trace's), each from its own stream as
 * for a synthetic mix; jobs keep every other field.
 */
export function withDrawnShares(
  jobs: readonly SimJob[],
  shares: Pick<SyntheticMix, 'priorities' | 'teams'>,
  seed: number,
): SimJob[] {
  const drawPriority = shares.priorities ? discrete(shares.priorities, 'priorities') : undefined;
  const drawTeam = shares.teams ? discrete(shares.teams, 'teams') : undefined;
  if (!drawPriority && !drawTeam) return [...jobs];
  const priorities = seededRandom(deriveSeed(seed, 4));
  const teams = seededRandom(deriveSeed(seed, 5));
  return jobs.map((job) => ({
    ...job,
    ...(drawPriority ? { priority: drawPriority(priorities()) } : {}),
    ...(drawTeam ? { team: drawTeam(teams()) } : {}),
  }));
}
