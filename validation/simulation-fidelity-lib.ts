// Simulation fidelity: packages/sim against queueing theory and the plan's own reliability model.
// - Erlang C (Erlang 1917; Cooper 1981): one-GPU jobs, Poisson arrivals, exponential run times on
//   4 GPUs under FIFO are an M/M/4 queue; the simulated mean wait and utilisation against the
//   formula's (at load 0.95 against Erlang C at each run's realised rates, see erlang-c.test.ts).
// - Failures: the Llama 3.1 405B example's job alone on its planned cluster, its simulated goodput
//   against the plan's analytic goodput (Daly 2006) and its interruptions against the Poisson mean.
// - Real traces: the openb trace replayed on its own node list (trace-replay-fidelity-lib.ts).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, planScenario } from '@aidc/core';
import { loneJobRuns, runMmc } from '@aidc/sim';
import { simulationComparison, type Comparison } from './fidelity-lib.js';
import { traceReplayComparisons } from './trace-replay-fidelity-lib.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const GPUS = 4;

const row = simulationComparison;

function mmc(load: number, jobsPerRun: number, seeds: readonly number[]): Comparison[] {
  let simulated = 0;
  let formula = 0;
  let utilization = 0;
  for (const seed of seeds) {
    const run = runMmc(GPUS, load, jobsPerRun, seed);
    simulated += run.result.queueDelayS.mean / seeds.length;
    formula += (load >= 0.9 ? run.realisedWaitS : run.nominalWaitS) / seeds.length;
    utilization += run.result.utilization / seeds.length;
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
  if (!reliability) throw new Error('the 405B example has no planned training job');
  const r = loneJobRuns(plan, runs);
  const id = 'lone-llama3.1-405b-16k-h100';
  return [
    row(id, 'goodput (plan: Daly)', reliability.goodput, r.goodput),
    row(id, 'interruptions (Poisson mean)', r.expectedInterruptions / runs, r.interruptions / runs),
  ];
}

export function simulationComparisons(): Comparison[] {
  return [
    ...mmc(0.5, 2_000_000, [11]),
    ...mmc(0.8, 4_000_000, [12]),
    ...mmc(0.95, 2_500_000, [21, 22, 23, 24]),
    ...loneTrainingJob(20),
    ...traceReplayComparisons(),
  ];
}
