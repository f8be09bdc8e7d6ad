// One run of the simulator as an M/M/c queue: one-GPU jobs with Poisson arrivals and exponential
// run times (mean 1 h) on c GPUs of one server under FIFO, with Erlang C's mean wait at the
// nominal rates and at the rates the run realised (its own arrivals and run times).
import { buildCluster } from '../cluster/cluster.js';
import { syntheticJobTable } from '../jobs/synthetic.js';
import { simulate, type SimulationResult } from '../simulate.js';
import { erlangCMeanWait } from './erlang-c.js';

export interface MmcRun {
  readonly result: SimulationResult;
  /** Erlang C mean wait at the offered load, s. */
  readonly nominalWaitS: number;
  /** Erlang C mean wait at the run's realised arrival and service rates, s. */
  readonly realisedWaitS: number;
}

export function runMmc(gpus: number, load: number, jobsPerRun: number, seed: number): MmcRun {
  const cluster = buildCluster({
    gpu: 'M/M/c',
    servers: 1,
    gpusPerServer: gpus,
    serversPerDomain: 1,
    serversPerLeafGroup: 1,
    serversPerRack: 1,
  });
  const lambdaPerHour = load * gpus;
  const horizonS = (jobsPerRun / lambdaPerHour) * 3600;
  const jobs = syntheticJobTable(
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
    power: { busyKWPerGpu: 1, idleKWPerGpu: 0.2 },
    sampleEveryS: horizonS,
  });
  const lambda = jobs.count / (horizonS / 3600);
  const mu = jobs.count / (jobs.durationS.reduce((s, d) => s + d, 0) / 3600);
  return {
    result,
    nominalWaitS: erlangCMeanWait(gpus, lambdaPerHour, 1) * 3600,
    realisedWaitS: erlangCMeanWait(gpus, lambda, mu) * 3600,
  };
}
