// A seeded Monte Carlo of a training run: failures arrive as a Poisson process; work advances in
// checkpoint intervals; a failure loses the work since the last checkpoint and costs a restart
// (which can itself be hit by a failure), the same semantics as Daly's expected-time formula.
import { exponential, seededRandom } from '../util/random.js';

export interface RunSimulation {
  readonly trials: number;
  readonly meanHours: number;
  readonly p10Hours: number;
  readonly p50Hours: number;
  readonly p90Hours: number;
  readonly meanFailures: number;
  /** How the spread was found: each failure simulated; the sum of simulated intervals taken as
   *  normal (many failures per run); or Daly's closed form alone (restarts that rarely succeed). */
  readonly method: 'events' | 'intervals' | 'closed-form';
}

export interface RunModel {
  readonly workHours: number;
  readonly intervalHours: number;
  readonly checkpointHours: number;
  readonly restartHours: number;
  readonly mtbfHours: number;
}

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))));
  return sorted[i] ?? 0;
}

/** Failures simulated event by event at most (over all trials); past it the sum of the run's
 *  intervals is taken as normal (central limit theorem) from a simulated sample of intervals. */
export const MAX_SIMULATED_FAILURES = 2_000_000;
/** Expected failures in one run from which its time is taken as normal instead of simulated
 *  failure by failure. The run's lost time is a sum over a Poisson number N of failures; at
 *  E[N] = 100 the count's skewness is 1/sqrt(100) = 0.1, which moves the P10 and P90 by
 *  (z^2 - 1) x 0.1 / 6 = 0.011 standard deviations (Cornish-Fisher), far inside the spread's own
 *  sampling error, while the per-event simulation would draw 100 x trials failures. */
export const NORMAL_FROM_FAILURES = 100;
const INTERVAL_SAMPLE = 4000;
/** Restarts fail e^(R/M) times on average before one succeeds; past e^8 (~3,000) a simulation
 *  would spin, and the expected-time formula is the answer. */
const MAX_RESTART_RATIO = 8;

/** One checkpoint interval of `segment` hours of work: its wall time and failures. */
function intervalTime(
  random: () => number,
  m: RunModel,
  segment: number,
): { hours: number; failures: number } {
  let hours = 0;
  let failures = 0;
  const need = segment + m.checkpointHours;
  for (;;) {
    const failure = exponential(random, m.mtbfHours);
    if (failure >= need) return { hours: hours + need, failures };
    hours += failure;
    failures++;
    let restart = exponential(random, m.mtbfHours);
    while (restart < m.restartHours) {
      hours += restart;
      failures++;
      restart = exponential(random, m.mtbfHours);
    }
    hours += m.restartHours;
  }
}

/** Expected wall time of one segment of `hours` (work plus its checkpoint) that a failure sends
 *  back to its start, after a restart a failure can interrupt too: M e^(R/M) (e^(T/M) - 1), exact
 *  for Poisson failures (Daly 2006, eq. 20, for one segment). */
function expectedSegmentHours(m: RunModel, hours: number): number {
  const M = m.mtbfHours;
  return M * Math.exp(m.restartHours / M) * Math.expm1(hours / M);
}

/** The run's expected wall time: its whole checkpoint intervals and the shorter last one. */
function expectedHours(m: RunModel): number {
  const whole = Math.floor(m.workHours / m.intervalHours + 1e-9);
  const rest = Math.max(0, m.workHours - whole * m.intervalHours);
  return (
    whole * expectedSegmentHours(m, m.intervalHours + m.checkpointHours) +
    (rest > 1e-9 ? expectedSegmentHours(m, rest + m.checkpointHours) : 0)
  );
}

const Z90 = 1.2815515655446004; // the standard normal's 90th percentile

/** Many failures per run: the run is N independent intervals, so its time is normal with the
 *  exact expected time as its mean and N times an interval's variance, from a simulated sample of
 *  intervals. */
export function simulateByIntervals(m: RunModel, trials: number, seed: number): RunSimulation {
  const mean = expectedHours(m);
  if (m.restartHours / m.mtbfHours > MAX_RESTART_RATIO || !Number.isFinite(m.mtbfHours)) {
    const failures = Number.isFinite(m.mtbfHours) ? mean / m.mtbfHours : 0;
    return {
      trials: 0,
      meanHours: mean,
      p10Hours: mean,
      p50Hours: mean,
      p90Hours: mean,
      meanFailures: failures,
      method: 'closed-form',
    };
  }
  const random = seededRandom(seed);
  let sum = 0;
  let sumSq = 0;
  for (let k = 0; k < INTERVAL_SAMPLE; k++) {
    const x = intervalTime(random, m, m.intervalHours).hours;
    sum += x;
    sumSq += x * x;
  }
  const sampleMean = sum / INTERVAL_SAMPLE;
  const variance = Math.max(0, sumSq / INTERVAL_SAMPLE - sampleMean * sampleMean);
  const n = m.workHours / m.intervalHours;
  const spread = Z90 * Math.sqrt(n * variance);
  return {
    trials,
    meanHours: mean,
    p10Hours: Math.max(m.workHours, mean - spread),
    p50Hours: mean,
    p90Hours: mean + spread,
    // Failures arrive at 1/M over the whole wall time, restarts included.
    meanFailures: mean / m.mtbfHours,
    method: 'intervals',
  };
}

export function simulateRun(m: RunModel, trials: number, seed: number): RunSimulation {
  // Failures a run and the work a per-event simulation would do (failures times trials).
  const expectedFailures = Number.isFinite(m.mtbfHours) ? expectedHours(m) / m.mtbfHours : 0;
  if (
    !(expectedFailures * trials <= MAX_SIMULATED_FAILURES) ||
    expectedFailures >= NORMAL_FROM_FAILURES ||
    m.restartHours / m.mtbfHours > MAX_RESTART_RATIO
  )
    return simulateByIntervals(m, trials, seed);
  return simulateByEvents(m, trials, seed);
}

/** Every failure of every trial simulated. */
export function simulateByEvents(m: RunModel, trials: number, seed: number): RunSimulation {
  const random = seededRandom(seed);
  const times: number[] = [];
  let failures = 0;
  for (let t = 0; t < trials; t++) {
    let clock = 0;
    let done = 0;
    let nextFailure = exponential(random, m.mtbfHours);
    const full = m.intervalHours + m.checkpointHours;
    while (done < m.workHours) {
      // Whole intervals that finish before the next failure, in one step (memoryless arrivals).
      const whole = Math.min(
        Math.floor(nextFailure / full),
        Math.floor((m.workHours - done) / m.intervalHours),
      );
      if (whole > 0) {
        clock += whole * full;
        nextFailure -= whole * full;
        done += whole * m.intervalHours;
        if (done >= m.workHours - 1e-12) break;
      }
      const segment = Math.min(m.intervalHours, m.workHours - done);
      const need = segment + m.checkpointHours;
      if (nextFailure >= need) {
        clock += need;
        nextFailure -= need;
        done += segment;
        continue;
      }
      // Lost: the time until the failure; then restart, which a failure can interrupt too.
      clock += nextFailure;
      failures++;
      nextFailure = exponential(random, m.mtbfHours);
      while (nextFailure < m.restartHours) {
        clock += nextFailure;
        failures++;
        nextFailure = exponential(random, m.mtbfHours);
      }
      clock += m.restartHours;
      nextFailure -= m.restartHours;
    }
    times.push(clock);
  }
  times.sort((a, b) => a - b);
  return {
    trials,
    meanHours: times.reduce((s, x) => s + x, 0) / trials,
    p10Hours: percentile(times, 0.1),
    p50Hours: percentile(times, 0.5),
    p90Hours: percentile(times, 0.9),
    meanFailures: failures / trials,
    method: 'events',
  };
}
