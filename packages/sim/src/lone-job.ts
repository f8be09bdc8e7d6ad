// A plan's first training job alone on its planned cluster with failures, over several seeded
// runs: the simulated wall time and interruptions, for comparison with the plan's analytic
// goodput (Daly 2006) and the Poisson mean of its failure rate.
import type { Plan } from '@aidc/core';
import {
  clusterFromPlan,
  failuresFromPlan,
  powerFromPlan,
  trainingJobsFromPlan,
} from './from-plan.js';
import { simulate } from './simulate.js';

export interface LoneJobRuns {
  readonly runs: number;
  /** Runs whose job finished within the horizon (1.5x the plan's expected wall time). */
  readonly finished: number;
  /** Work over wall time, summed over the runs. */
  readonly goodput: number;
  readonly interruptions: number;
  /** The plan's rate over the runs' own wall time: the Poisson mean of `interruptions`. */
  readonly expectedInterruptions: number;
}

export function loneJobRuns(plan: Plan, runs: number): LoneJobRuns {
  const reliability = plan.workloads[0]?.training?.reliability;
  const [job] = trainingJobsFromPlan(plan);
  if (!reliability || !job) throw new Error('the plan has no training job with its reliability');
  const cluster = clusterFromPlan(plan);
  const failures = failuresFromPlan(plan, cluster);
  const horizonS = reliability.days * 86_400 * 1.5;
  let wallS = 0;
  let interruptions = 0;
  let finished = 0;
  for (let seed = 1; seed <= runs; seed++) {
    const { outcomes } = simulate({
      cluster,
      jobs: [job],
      horizonS,
      seed,
      policy: 'fifo',
      placement: 'topology',
      failures,
      power: powerFromPlan(plan),
      sampleEveryS: horizonS,
    });
    const finish = outcomes.finishS[0] ?? NaN;
    if (!Number.isNaN(finish)) finished++;
    wallS += finish - (outcomes.firstStartS[0] ?? NaN);
    interruptions += outcomes.interruptions[0] ?? 0;
  }
  return {
    runs,
    finished,
    goodput: (job.durationS * runs) / wallS,
    interruptions,
    expectedInterruptions: (reliability.interruptionsPerDay * wallS) / 86_400,
  };
}
