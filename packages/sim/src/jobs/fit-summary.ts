// A synthetic job mix fitted to a published trace summary (data/trace-summaries.json: Acme's
// cluster_summary.csv for Seren, Kalos, Philly and Helios, and the Helios artifact's per-cluster
// summary for Venus, Earth, Saturn and Uranus), where only the mean and the median
// of run time and job size are published:
// - run times lognormal with the published median (e^mu) and the sigma that gives the published
//   mean: mean = median * e^(sigma^2 / 2), so sigma = sqrt(2 ln(mean / median));
// - sizes on powers of two from 1 GPU to the largest published job, P(2^k) proportional to r^k
//   (a geometric law in log2 of the size), r chosen so the mean size is the published one. When
//   that leaves fewer than half the jobs on 1 GPU although the published median is 1 (Kalos:
//   mean 26.8 GPUs), 1 GPU gets exactly half and r is chosen again for the rest. Both published
//   figures then hold; the shape between them is an assumption (confidence: estimate).
import summaries from './data/trace-summaries.json' with { type: 'json' };
import type { DurationDistribution } from './synthetic.js';

export const TRACE_SUMMARIES = Object.keys(summaries.traces) as readonly TraceSummaryId[];
export type TraceSummaryId = keyof typeof summaries.traces;

export interface FittedMix {
  readonly gpus: [number, number][];
  readonly durationHours: DurationDistribution;
}

/** Shares of 2^from .. 2^to proportional to r^k, and their mean size. */
function geometric(r: number, from: number, to: number): { shares: number[]; mean: number } {
  const w: number[] = [];
  for (let k = from; k <= to; k++) w.push(r ** (k - from));
  const total = w.reduce((s, x) => s + x, 0);
  const shares = w.map((x) => x / total);
  return { shares, mean: shares.reduce((s, p, i) => s + p * 2 ** (from + i), 0) };
}

/** r in (0, 64) with the given mean size over 2^from .. 2^to (the mean rises with r). */
function solveRatio(mean: number, from: number, to: number): number {
  let lo = 1e-9;
  let hi = 64;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (geometric(mid, from, to).mean < mean) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function fitToSummary(id: TraceSummaryId): FittedMix {
  const t = summaries.traces[id];
  const sigma = Math.sqrt(2 * Math.log(t.meanRunS / t.medianRunS));
  const top = Math.round(Math.log2(t.maxGpus));
  let gpus: [number, number][];
  const whole = geometric(solveRatio(t.meanGpus, 0, top), 0, top);
  if (t.medianGpus === 1 && (whole.shares[0] ?? 0) < 0.5) {
    // Half the jobs on 1 GPU; the other half's mean makes up the rest of the published mean.
    const rest = geometric(solveRatio(2 * t.meanGpus - 1, 1, top), 1, top);
    gpus = [[1, 0.5], ...rest.shares.map((p, i): [number, number] => [2 ** (i + 1), p / 2])];
  } else gpus = whole.shares.map((p, i): [number, number] => [2 ** i, p]);
  return {
    gpus,
    durationHours: { distribution: 'lognormal', median: t.medianRunS / 3600, sigma },
  };
}
