// A scenario's `simulation` section run on its plan: the cluster, failures and power from the
// plan, jobs from a trace (its text, read by the caller), a synthetic mix or the scenario's own
// training workloads.
import { powerCapThroughputCurve, type Plan, type Scenario } from '@aidc/core';
import { readAidcCsv } from './jobs/aidc-csv.js';
import { readAlibabaOpenb } from './jobs/alibaba-openb.js';
import { readGavelTrace } from './jobs/gavel.js';
import {
  bySubmitTime,
  jobTable,
  mergeJobs,
  type JobSource,
  type JobTable,
  type SimJob,
} from './jobs/job.js';
import { readPhillyRuntimes } from './jobs/philly-runtime.js';
import { readPolluxTrace } from './jobs/pollux.js';
import { fitToSummary } from './jobs/fit-summary.js';
import { syntheticJobTable, withDrawnShares, type SyntheticMix } from './jobs/synthetic.js';
import { readTiresiasTrace } from './jobs/tiresias.js';
import {
  clusterFromPlan,
  failuresFromPlan,
  powerFromPlan,
  trainingJobsFromPlan,
} from './from-plan.js';
import { simulateRequests, type RequestOutcome } from './services/requests.js';
import { serviceModelFromPlan, type ServiceModel } from './services/service-model.js';
import { deriveSeed } from './random.js';
import { simulate, type SimulationRun } from './simulate.js';

export type SimulationSettings = NonNullable<Scenario['simulation']>;

export interface SimulatePlanOptions {
  /** The trace file's text when the settings name a trace. */
  readonly traceText?: string | undefined;
  readonly days?: number | undefined;
  readonly seed?: number | undefined;
  readonly policy?: SimulationSettings['policy'] | undefined;
}

/** A service over the simulated days: its model from the plan and its requests' outcome. */
export interface ServiceOutcome {
  readonly model: ServiceModel;
  readonly requests: RequestOutcome;
}

export interface PlanSimulation extends SimulationRun {
  readonly settings: SimulationSettings;
  readonly services: readonly ServiceOutcome[];
  /** Rows the trace reader skipped, by reason. */
  readonly skipped: Readonly<Record<string, number>>;
}

/** A synthetic mix's sizes and run times: those given, else fitted to the named trace summary. */
function mixOf(
  given: Extract<NonNullable<SimulationSettings['jobs']>, { synthetic: unknown }>['synthetic'],
): SyntheticMix {
  const fitted = given.fitTo !== undefined ? fitToSummary(given.fitTo) : undefined;
  const gpus = given.gpus ?? fitted?.gpus;
  const durationHours = given.durationHours ?? fitted?.durationHours;
  if (!gpus || !durationHours)
    throw new Error('simulation.jobs.synthetic: give gpus and durationHours, or fitTo');
  return { ...given, gpus, durationHours };
}

type TraceSource = Extract<NonNullable<SimulationSettings['jobs']>, { trace: string }>;

/** The jobs of a trace in the format its settings name. */
function readTrace(source: TraceSource, text: string): JobSource {
  switch (source.format) {
    case 'alibaba-openb':
      return readAlibabaOpenb(text);
    case 'gavel':
      return readGavelTrace(text, { stepsPerSecond: source.stepsPerSecond ?? {} });
    case 'tiresias':
      return readTiresiasTrace(text);
    case 'pollux':
      return readPolluxTrace(text, { runSeconds: source.runSeconds ?? {} });
    case 'aidc-csv':
      return readAidcCsv(text);
    case 'philly-runtime':
      throw new Error('a philly-runtime trace is drawn as a synthetic mix (jobsFor)');
  }
}

export function jobsFor(
  plan: Plan,
  settings: SimulationSettings,
  traceText: string | undefined,
  horizonS: number,
  seed: number,
): { jobs: JobTable; skipped: Record<string, number> } {
  const jobs: SimJob[] = settings.includeWorkloads ? trainingJobsFromPlan(plan) : [];
  let skipped: Record<string, number> = {};
  const source = settings.jobs;
  if (source && 'synthetic' in source) {
    // A generated stream stays a table (millions of jobs); the plan's own jobs merge into it.
    return {
      jobs: mergeJobs(jobs, syntheticJobTable(mixOf(source.synthetic), horizonS, seed)),
      skipped,
    };
  } else if (source) {
    if (traceText === undefined)
      throw new Error(`simulation.jobs.trace: ${source.trace} was not read`);
    if (source.format === 'philly-runtime') {
      // Run times only: arrivals and sizes drawn as for a synthetic mix, run times from the file.
      const mix: SyntheticMix = {
        arrivalsPerDay: source.arrivalsPerDay ?? 0,
        gpus: source.gpus ?? [[1, 1]],
        durationHours: { distribution: 'empirical', hours: readPhillyRuntimes(traceText) },
        checkpointIntervalMin: source.checkpointIntervalMin,
        priorities: source.priorities,
        teams: source.teams,
      };
      return { jobs: mergeJobs(jobs, syntheticJobTable(mix, horizonS, seed)), skipped };
    }
    const read = readTrace(source, traceText);
    const tau = source.checkpointIntervalMin !== undefined ? source.checkpointIntervalMin * 60 : 0;
    for (const job of withDrawnShares(read.jobs, source, seed))
      jobs.push(
        tau > 0 && job.checkpointIntervalS === undefined
          ? { ...job, checkpointIntervalS: tau }
          : job,
      );
    skipped = { ...read.skipped };
  }
  if (jobs.length === 0)
    throw new Error(
      'simulation: no jobs (give simulation.jobs, or includeWorkloads: true with a training workload)',
    );
  return { jobs: jobTable(bySubmitTime(jobs)), skipped };
}

export function simulatePlan(plan: Plan, options: SimulatePlanOptions = {}): PlanSimulation {
  const given = plan.scenario.simulation;
  if (!given) throw new Error('the scenario has no simulation section');
  const settings: SimulationSettings = {
    ...given,
    ...(options.days !== undefined ? { days: options.days } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
  };
  const horizonS = settings.days * 86_400;
  const cluster = clusterFromPlan(plan);
  const power = powerFromPlan(plan);
  const idleMW = (cluster.totalGpus * power.idleKWPerGpu) / 1000;
  if (settings.powerCapMW !== undefined && settings.powerCapMW < idleMW)
    throw new Error(
      `simulation.powerCapMW: expected at least ${idleMW.toFixed(3)} MW, the planned cluster's idle draw (${cluster.totalGpus} GPUs with their share of network, storage and cooling), found ${settings.powerCapMW}; hint: the cluster at full load draws ${((cluster.totalGpus * power.busyKWPerGpu) / 1000).toFixed(3)} MW`,
    );
  const models = (settings.services ?? []).map((svc, i) => serviceModelFromPlan(plan, svc, i));
  const { jobs, skipped } =
    models.length > 0 && !settings.jobs && !settings.includeWorkloads
      ? { jobs: [] as SimJob[], skipped: {} }
      : jobsFor(plan, settings, options.traceText, horizonS, settings.seed);
  const run = simulate({
    cluster,
    jobs,
    horizonS,
    seed: settings.seed,
    policy: settings.policy,
    placement: settings.placement,
    failures: settings.failures ? failuresFromPlan(plan, cluster) : undefined,
    power: {
      ...power,
      capMW: settings.powerCapMW,
      ...(settings.powerCapPolicy === 'throttle'
        ? { capPolicy: 'throttle' as const, throughputCurve: powerCapThroughputCurve() }
        : {}),
    },
    services: models,
    quotas: settings.quotas,
  });
  const services = models.map((model, i) => ({
    model,
    requests: simulateRequests(
      model,
      run.result.services[i]?.changes ?? [],
      horizonS,
      deriveSeed(settings.seed, 100 + i),
    ),
  }));
  return { ...run, settings, skipped, services };
}
