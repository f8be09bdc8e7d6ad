// Simulation fidelity: packages/sim against queueing theory and the plan's own reliability model.
// - Erlang C (Erlang 1917; Cooper 1981): one-GPU jobs, Poisson arrivals, exponential run times on
//   4 GPUs under FIFO are an M/M/4 queue; the simulated mean wait and utilisation against the
//   formula's (at load 0.95 against Erlang C at each run's realised rates, see erlang-c.test.ts).
// - Failures: the Llama 3.1 405B example's job alone on its planned cluster, its simulated goodput
//   against the plan's analytic goodput (Daly 2006) and its interruptions against the Poisson mean.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, planScenario } from '@aidc/core';
import {
  buildCluster,
  clusterFromPlan,
  erlangCMeanWait,
  failuresFromPlan,
  powerFromPlan,
  simulate,
  syntheticJobs,
  trainingJobsFromPlan,
} from '@aidc/sim';
import type { Comparison } from './fidelity-lib.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const GPUS = 4;
const power = { busyKWPerGpu: 1, idleKWPerGpu: 0.2 };

function row(id: string, metric: string, published: number, predicted: number): Comparison {
  // The comparison kinds have no simulation member yet; these rows sit with reliability's.
  return {
    id,
    family: 'simulation',
    kind: 'reliability',
    metric,
    published,
    predicted,
    error: predicted / published - 1,
  };
}

function mmc(load: number, jobsPerRun: number, seeds: readonly number[]): Comparison[] {
  const cluster = buildCluster({
    gpu: 'M/M/c',
    servers: 1,
    gpusPerServer: GPUS,
    serversPerDomain: 1,
    serversPerLeafGroup: 1,
    serversPerRack: 1,
  });
  const lambdaPerHour = load * GPUS;
  const horizonS = (jobsPerRun / lambdaPerHour) * 3600;
  let simulated = 0;
  let formula = 0;
  let utilization = 0;
  for (const seed of seeds) {
    const jobs = syntheticJobs(
      {
        arrivalsPerDay: lambdaPerHour * 24,
        gpus: [[1, 1]],
        durationHours: { distribution: 'exponential', mean: 1 },
      },
      horizonS,
      seed,
    );
    const { result } = simulate({
      cluster,
      jobs,
      horizonS,
      seed,
      policy: 'fifo',
      placement: 'pack',
      power,
      sampleEveryS: horizonS,
    });
    const realised = load >= 0.9;
    const lambda = realised ? jobs.length / (horizonS / 3600) : lambdaPerHour;
    const mu = realised ? jobs.length / (jobs.reduce((s, j) => s + j.durationS, 0) / 3600) : 1;
    simulated += result.queueDelayS.mean / seeds.length;
    formula += (erlangCMeanWait(GPUS, lambda, mu) * 3600) / seeds.length;
    utilization += result.utilization / seeds.length;
  }
  const id = `mm${GPUS}-fifo-load-${load}`;
  return [
    row(
      id,
      `mean wait, s (Erlang C${load >= 0.9 ? ' at realised rates' : ''})`,
      formula,
      simulated,
    ),
    row(id, 'utilisation (offered load)', load, utilization),
  ];
}

function loneTrainingJob(runs: number): Comparison[] {
  const text = readFileSync(join(root, 'examples', 'llama3.1-405b-16k-h100.yaml'), 'utf8');
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error('examples/llama3.1-405b-16k-h100.yaml is invalid');
  const plan = planScenario(parsed.scenario, { monteCarlo: false });
  const reliability = plan.workloads[0]?.training?.reliability;
  const [job] = trainingJobsFromPlan(plan);
  if (!reliability || !job) throw new Error('the 405B example has no planned training job');
  const cluster = clusterFromPlan(plan);
  const failures = failuresFromPlan(plan, cluster);
  const horizonS = reliability.days * 86_400 * 1.5;
  let wallS = 0;
  let interruptions = 0;
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
    wallS += (outcomes.finishS[0] ?? NaN) - (outcomes.firstStartS[0] ?? NaN);
    interruptions += outcomes.interruptions[0] ?? 0;
  }
  const id = 'lone-llama3.1-405b-16k-h100';
  return [
    row(id, 'goodput (plan: Daly)', reliability.goodput, (job.durationS * runs) / wallS),
    row(
      id,
      'interruptions (Poisson mean)',
      (reliability.interruptionsPerDay * wallS) / 86_400 / runs,
      interruptions / runs,
    ),
  ];
}

export function simulationComparisons(): Comparison[] {
  return [
    ...mmc(0.5, 2_000_000, [11]),
    ...mmc(0.8, 4_000_000, [12]),
    ...mmc(0.95, 2_500_000, [21, 22, 23, 24]),
    ...loneTrainingJob(20),
  ];
}
