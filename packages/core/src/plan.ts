// The planning pipeline: a validated scenario in, a plan (plain data) out (architecture.md).
import { findFabric } from './catalog/fabrics.js';
import { resolveGpu } from './catalog/gpus.js';
import { FACILITY } from './catalog/facility.js';
import { findServer } from './catalog/servers.js';
import {
  clusterServer,
  clusterStorage,
  planCluster,
  type ClusterBuild,
  type FacilityPlan,
  type WorkloadFootprint,
} from './cluster/plan-cluster.js';
import { checkpointGBOf, datasetBytesPerToken } from './cluster/storage.js';
import { weightBytes } from './inference/precision.js';
import {
  planReliability,
  planServiceReliability,
  type ReliabilityResult,
} from './reliability/plan-reliability.js';
import { powerAt, runEnergy } from './energy/plan-energy.js';
import { facilityChecks } from './facility/operating-checks.js';
import { pueFix, pueFixText } from './facility/pue.js';
import { siteClimate } from './facility/site-climate.js';
import {
  planFootprint,
  type Assumption,
  type CarbonPlan,
  type CostPlan,
  type SimulatedUtilization,
} from './footprint.js';
import { compareSites, type SiteComparison } from './sites/compare-sites.js';
import { planInference, type InferenceResult } from './inference/plan-inference.js';
import { poolSpares, type SpareNeed } from './reliability/spare-pool.js';
import {
  isGenericTraining,
  isGenericInference,
  type GenericInferenceWorkload,
  type GenericTrainingWorkload,
  type InferenceWorkload,
  type Scenario,
  type TrainingWorkload,
  type Workload,
} from './scenario/schema.js';
import { genericCheckpointGB, genericDatasetTB } from './generic/generic-storage.js';
import { resolveGenericModel } from './generic/generic-model.js';
import {
  planGenericTraining,
  type GenericTrainingResult,
} from './generic/plan-generic-training.js';
import { sizeGenericForDeadline } from './generic/size-for-deadline.js';
import {
  planGenericInference,
  type GenericInferenceOutcome,
  type GenericInferenceResult,
} from './generic/plan-generic-inference.js';
import { servingMemoryGB } from './generic/serve-time.js';
import { shapeFromInput, shapeFromPreset, type ModelShape } from './training/model-shape.js';
import { planTraining, type TrainingResult } from './training/plan-training.js';
import { underWorkload, warning, type PlanWarning } from './warnings.js';
import { grouped } from './util/grouped.js';

export const AIDC_VERSION = '0.1.0';

/** Goodput below which a plan warns that interruptions dominate the run. */
const LOW_GOODPUT = 0.8;

export interface WorkloadPlan {
  readonly name: string;
  readonly type: 'training' | 'inference';
  readonly model: {
    readonly name: string;
    readonly params: number;
    readonly activeParams: number;
    /** `generic`: a non-LLM network planned by samples (its result is `genericTraining`). */
    readonly kind?: 'generic';
  };
  readonly training?: TrainingResult;
  /** A generic (non-LLM) network's training: layout, step, samples/s, memory, days. */
  readonly genericTraining?: GenericTrainingResult;
  readonly inference?: InferenceResult;
  /** A generic (non-LLM) network's serving: batch, latency, samples/s, GPUs. */
  readonly genericInference?: GenericInferenceResult;
  readonly infeasible?: { readonly reason: string; readonly fix: string };
}

/** The plan JSON's contract version (interface.md §5): bumped when a field changes meaning or
 *  goes away; new optional fields keep it. */
export const PLAN_SCHEMA_VERSION = '0.2' as const;

export interface Plan {
  readonly schemaVersion: typeof PLAN_SCHEMA_VERSION;
  readonly aidcVersion: string;
  readonly scenario: Scenario;
  readonly workloads: readonly WorkloadPlan[];
  readonly cluster: {
    readonly gpu: string;
    readonly gpus: number;
    readonly servers: number;
    readonly gpusPerServer: number;
  } & Partial<ClusterBuild>;
  /** The building: power, cooling, redundancy, floor (absent when no server platform is known). */
  readonly facility?: FacilityPlan;
  readonly cost?: CostPlan;
  readonly carbon?: CarbonPlan;
  /** Candidate sites ranked (when the scenario lists `sites`). */
  readonly sites?: SiteComparison;
  /** Defaults and catalog figures the energy, carbon and cost figures rest on. */
  readonly assumptions?: readonly Assumption[];
  readonly feasible: boolean;
  /** What the reader should know: each with a code, a severity and the key it concerns. */
  readonly warnings: readonly PlanWarning[];
}

export function resolveModel(w: Pick<TrainingWorkload | InferenceWorkload, 'model'>): ModelShape {
  if (typeof w.model !== 'string') return shapeFromInput(w.model);
  const preset = shapeFromPreset(w.model);
  if (!preset) throw new Error(`unknown model preset ${w.model} (validate the scenario first)`);
  return preset;
}

export interface PlanOptions {
  /** Run the Monte Carlo simulations (finish time, NPV/TCO); default true. */
  readonly monteCarlo?: boolean;
  /** For economics.utilization: simulated, the utilisation a simulation of this scenario
   *  measured (core cannot simulate: the shells run packages/sim and plan again with it). */
  readonly simulatedUtilization?: SimulatedUtilization;
}

/**
 * A training run on its share of the cluster, or, when its batch divides no layout of the share,
 * on the largest smaller count of whole servers one fits (with a share-reduced warning).
 */
function withinShare<T extends { readonly ok: boolean }>(
  first: T,
  trainOn: (gpus: number) => T,
  w: { name: string; index: number; share: number | undefined; gpusPerServer: number },
  warnings: PlanWarning[],
): T {
  if (first.ok || w.share === undefined) return first;
  for (const servers of smoothCountsBelow(Math.floor(w.share / w.gpusPerServer))) {
    const tried = trainOn(servers * w.gpusPerServer);
    if (!tried.ok) continue;
    warnings.push(
      warning(
        'share-reduced',
        `${w.name}: ${servers * w.gpusPerServer} of the ${w.share} GPUs the other workloads leave (the largest count a layout of its batch divides)`,
        `workloads[${w.index}]`,
      ),
    );
    return tried;
  }
  return first;
}

/** Plan a validated scenario (from parseScenario). Pure: same scenario, same plan. */
export function planScenario(scenario: Scenario, options: PlanOptions = {}): Plan {
  const monteCarlo = options.monteCarlo ?? true;
  const gpu = resolveGpu(scenario.cluster.gpu);
  if (!gpu)
    throw new Error(`unknown GPU ${String(scenario.cluster.gpu)} (validate the scenario first)`);
  const fabric =
    scenario.cluster.fabric !== undefined ? findFabric(scenario.cluster.fabric) : undefined;
  const retained = FACILITY.storage.checkpointsRetained.value;
  let checkpointGB = 0;
  let checkpointsTB = 0;
  let datasetTB = 0;
  let artefactsTB = 0;
  for (const w of scenario.workloads) {
    if (isGenericTraining(w)) {
      const generic = resolveGenericModel(w.model);
      if (!generic) continue;
      const gb = genericCheckpointGB(generic);
      checkpointGB = Math.max(checkpointGB, gb);
      checkpointsTB += (gb * retained) / 1000;
      datasetTB += genericDatasetTB(generic, w.samples);
      continue;
    }
    if (isGenericInference(w)) {
      const generic = resolveGenericModel(w.model);
      // The served network at its precision, plus the 16-bit original it was made from.
      if (generic)
        artefactsTB +=
          (servingMemoryGB(generic, w.precision, 0).total + (generic.params * 2) / 1e9) / 1000;
      continue;
    }
    const model = resolveModel(w);
    if (w.type === 'training') {
      const gb = checkpointGBOf(model.params);
      checkpointGB = Math.max(checkpointGB, gb);
      checkpointsTB += (gb * retained) / 1000;
      datasetTB += (w.tokens * datasetBytesPerToken(model.vocab)) / 1e12;
    } else {
      // The served checkpoint at its precision, plus the 16-bit original it was made from.
      artefactsTB += (model.params * (weightBytes(w.precision) + 2)) / 1e12;
    }
  }
  const storageDemand = { checkpointGB, checkpointsTB, datasetTB, artefactsTB };
  const server = clusterServer(scenario, gpu);
  const gpusPerServer = scenario.cluster.gpusPerServer ?? gpu.gpusPerServer.value;
  // Interruptions of a training job on `gpus`: checkpoints go to the storage planned for the
  // cluster at its write bandwidth. Deadline sizing calls this for each candidate size.
  const r = scenario.reliability;
  const storageFor = (clusterGpus: number) =>
    server.ok && clusterGpus > 0 ? clusterStorage(scenario, clusterGpus, storageDemand) : undefined;
  const interruptions = (
    job: { gpus: number; idealDays: number; params: number; checkpointGB?: number },
    clusterGpus: number,
    withMonteCarlo: boolean,
  ): ReliabilityResult => {
    const { gpus, idealDays, params } = job;
    return planReliability({
      gpus,
      gpusPerHost: gpu.gpusPerServer.value,
      gpusPerServer,
      scaleUpDomainGpus: gpu.scaleUpDomainGpus.value,
      idealHours: idealDays * 24,
      checkpointGB: job.checkpointGB ?? checkpointGBOf(params),
      writeGBps:
        storageFor(clusterGpus)?.writeGBps ??
        r?.checkpointWriteGBps ??
        clusterGpus * FACILITY.storage.writeGBpsPerGpu.value[scenario.cluster.storagePerformance],
      intervalMin: r && r.checkpointIntervalMin !== 'auto' ? r.checkpointIntervalMin : undefined,
      checkpointSave: r?.checkpointSave,
      repairHours: r?.repairHours,
      restartMin: r?.restartMin,
      failuresPer1000NodeDays: r?.failuresPer1000NodeDays,
      failureShares: r?.failureShares,
      spareConfidence: r?.spareConfidence,
      seed: r?.seed,
      trials: r?.trials,
      monteCarlo: withMonteCarlo,
    });
  };
  const warnings: PlanWarning[] = [];
  // An online service sizes itself to its load: planned once, for the shares and for the plan.
  const sizedOnline = new Map<Workload, ReturnType<typeof planInference>>();
  const sizeOnline = (w: InferenceWorkload) => {
    const known = sizedOnline.get(w);
    if (known) return known;
    const outcome = planInference({
      workload: w,
      model: resolveModel(w),
      gpu,
      clusterGpus: undefined,
    });
    sizedOnline.set(w, outcome);
    return outcome;
  };
  // A generic service sized to its samples/s, planned once for the shares and for the plan.
  const sizedGeneric = new Map<Workload, GenericInferenceOutcome>();
  const serveGeneric = (w: GenericInferenceWorkload, gpus: number | undefined) => {
    const key = w.samplesPerSecond !== undefined && w.gpus === undefined;
    const known = key ? sizedGeneric.get(w) : undefined;
    if (known) return known;
    const model = resolveGenericModel(w.model);
    if (!model)
      throw new Error(`unknown generic model ${String(w.model)} (validate the scenario first)`);
    const outcome = planGenericInference({ workload: w, model, gpu, gpus });
    if (key) sizedGeneric.set(w, outcome);
    return outcome;
  };
  const shares = defaultShares(scenario, gpusPerServer, sizeOnline, (w) =>
    serveGeneric(w, undefined),
  );
  const workloads: WorkloadPlan[] = scenario.workloads.map((w, index) => {
    if (isGenericTraining(w)) {
      const generic = resolveGenericModel(w.model);
      const wallDays = (n: number, idealDays: number) =>
        interruptions(
          {
            gpus: n,
            idealDays,
            params: generic?.params ?? 0,
            ...(generic ? { checkpointGB: genericCheckpointGB(generic) } : {}),
          },
          Math.max(scenario.cluster.gpus ?? 0, n),
          false,
        ).days;
      const planned = planGeneric(
        w,
        index,
        shares.get(index),
        scenario,
        gpu,
        fabric,
        gpusPerServer,
        wallDays,
      );
      warnings.push(...planned.warnings);
      return planned.plan;
    }
    if (isGenericInference(w)) {
      const generic = resolveGenericModel(w.model);
      const base = {
        name: w.name,
        type: 'inference' as const,
        model: {
          name: generic?.name ?? String(w.model),
          params: generic?.params ?? 0,
          activeParams: generic?.params ?? 0,
          kind: 'generic' as const,
        },
      };
      const share = shares.get(index);
      if (share !== undefined && share < 1)
        return {
          ...base,
          infeasible: {
            reason: `the other workloads use all ${scenario.cluster.gpus} GPUs of the cluster, leaving none for this one`,
            fix: `give cluster.gpus more GPUs, or this workload its own gpus and the others fewer`,
          },
        };
      const outcome = serveGeneric(w, w.gpus ?? share ?? scenario.cluster.gpus);
      warnings.push(...outcome.warnings.map((x) => underWorkload(x, index)));
      if (!outcome.ok) return { ...base, infeasible: { reason: outcome.reason, fix: outcome.fix } };
      return { ...base, genericInference: outcome.result };
    }
    const model = resolveModel(w);
    const share = shares.get(index);
    if (share !== undefined && share < 1) {
      return {
        name: w.name,
        model: { name: model.name, params: model.params, activeParams: model.activeParams },
        type: w.type,
        infeasible: {
          reason: `the other workloads use all ${scenario.cluster.gpus} GPUs of the cluster, leaving none for this one`,
          fix: `give cluster.gpus more GPUs, or this workload its own gpus and the others fewer`,
        },
      };
    }
    const base = {
      name: w.name,
      model: { name: model.name, params: model.params, activeParams: model.activeParams },
    };
    if (w.type === 'inference') {
      const outcome =
        w.gpus === undefined && w.requestsPerSecond !== undefined
          ? sizeOnline(w)
          : planInference({ workload: w, model, gpu, clusterGpus: share ?? scenario.cluster.gpus });
      warnings.push(...outcome.warnings.map((x) => underWorkload(x, index)));
      const kind = { ...base, type: 'inference' as const };
      if (!outcome.ok) return { ...kind, infeasible: { reason: outcome.reason, fix: outcome.fix } };
      return { ...kind, inference: outcome.result };
    }
    // A training plan depends only on the workload, the cluster and reliability: variants of a
    // sweep that change the site or the money reuse it.
    const trainOn = (gpus: number | undefined) =>
      trainingMemo(JSON.stringify([w, scenario.cluster, r ?? null, gpus ?? null]), () =>
        planTraining({
          workload: w,
          model,
          gpu,
          fabric,
          gpus,
          // Size by the wall time including interruptions, with the storage such a cluster gets.
          wallDays: (n, idealDays) =>
            interruptions(
              { gpus: n, idealDays, params: model.params },
              Math.max(scenario.cluster.gpus ?? 0, n),
              false,
            ).days,
        }),
      );
    const outcome = withinShare(
      trainOn(w.gpus ?? share ?? scenario.cluster.gpus),
      trainOn,
      { name: w.name, index, share: w.gpus === undefined ? share : undefined, gpusPerServer },
      warnings,
    );
    warnings.push(...outcome.warnings.map((x) => underWorkload(x, index)));
    const kind = { ...base, type: 'training' as const };
    if (!outcome.ok) return { ...kind, infeasible: { reason: outcome.reason, fix: outcome.fix } };
    return { ...kind, training: outcome.result };
  });
  const workloadGpus = workloads.reduce(
    (sum, w) =>
      sum +
      (w.training?.gpus ??
        w.genericTraining?.gpus ??
        w.inference?.gpus ??
        w.genericInference?.gpus ??
        0),
    0,
  );
  const gpus = Math.max(scenario.cluster.gpus ?? 0, workloadGpus);
  if (scenario.cluster.gpus !== undefined && workloadGpus > scenario.cluster.gpus) {
    warnings.push(
      warning(
        'over-cluster-gpus',
        `the workloads use ${workloadGpus} GPUs, more than the cluster's ${scenario.cluster.gpus}`,
        'cluster.gpus',
      ),
    );
  }
  const footprints: WorkloadFootprint[] = workloads.flatMap((w): WorkloadFootprint[] =>
    w.training
      ? [{ type: 'training', gpus: w.training.gpus }]
      : w.genericTraining
        ? [{ type: 'training', gpus: w.genericTraining.gpus }]
        : w.inference
          ? [{ type: 'inference', gpus: w.inference.gpus }]
          : w.genericInference
            ? [{ type: 'inference', gpus: w.genericInference.gpus }]
            : [],
  );
  const base = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    aidcVersion: AIDC_VERSION,
    scenario,
    workloads,
    feasible: workloads.every((w) => w.infeasible === undefined),
    warnings,
  };
  // Storage does not depend on the servers: plan it first, for the checkpoint write bandwidth.
  const storagePlan = storageFor(gpus);
  // One pool of hot spares serves every workload of the cluster.
  const spareNeeds: SpareNeed[] = [];
  const planned: WorkloadPlan[] = workloads.map((w, index) => {
    const t = w.training;
    const served = w.inference;
    if (served) {
      const reliability = planServiceReliability({
        gpus: served.gpus,
        replicaGpus: served.tp * served.pp,
        headroomReplicas:
          served.mode === 'online' ? served.replicas - served.replicasForLoad : undefined,
        // A repair takes out a host (a DGX server, a GB200 tray), whatever the cluster's servers.
        gpusPerHost: gpu.gpusPerServer.value,
        gpusPerServer: gpu.gpusPerServer.value,
        scaleUpDomainGpus: gpu.scaleUpDomainGpus.value,
        repairHours: r?.repairHours,
        restartMin: r?.restartMin,
        spareConfidence: r?.spareConfidence,
        failuresPer1000NodeDays: r?.failuresPer1000NodeDays,
        failureShares: r?.failureShares,
      });
      spareNeeds.push({
        kind: served.mode,
        meanServersInRepair: reliability.meanServersInRepair,
        headroomServers: reliability.headroomServers,
      });
      return { ...w, inference: { ...served, reliability } };
    }
    const servedGeneric = w.genericInference;
    if (servedGeneric) {
      const reliability = planServiceReliability({
        gpus: servedGeneric.gpus,
        replicaGpus: 1,
        headroomReplicas:
          servedGeneric.mode === 'online'
            ? servedGeneric.replicas - servedGeneric.replicasForLoad
            : undefined,
        gpusPerHost: gpu.gpusPerServer.value,
        gpusPerServer: gpu.gpusPerServer.value,
        scaleUpDomainGpus: gpu.scaleUpDomainGpus.value,
        repairHours: r?.repairHours,
        restartMin: r?.restartMin,
        spareConfidence: r?.spareConfidence,
        failuresPer1000NodeDays: r?.failuresPer1000NodeDays,
        failureShares: r?.failureShares,
      });
      spareNeeds.push({
        kind: servedGeneric.mode,
        meanServersInRepair: reliability.meanServersInRepair,
        headroomServers: reliability.headroomServers,
      });
      return { ...w, genericInference: { ...servedGeneric, reliability } };
    }
    const g = w.genericTraining;
    if (g) {
      const generic = scenario.workloads[index];
      const model =
        generic && isGenericTraining(generic) ? resolveGenericModel(generic.model) : undefined;
      const reliability = interruptions(
        {
          gpus: g.gpus,
          idealDays: g.idealDays,
          params: w.model.params,
          ...(model ? { checkpointGB: genericCheckpointGB(model) } : {}),
        },
        gpus,
        monteCarlo,
      );
      spareNeeds.push({
        kind: 'training',
        meanServersInRepair: reliability.meanServersInRepair,
        headroomServers: 0,
      });
      const spec = generic && isGenericTraining(generic) ? generic : undefined;
      const sizedByDeadline = spec?.gpus === undefined && scenario.cluster.gpus === undefined;
      if (
        spec?.deadlineDays !== undefined &&
        !sizedByDeadline &&
        reliability.days > spec.deadlineDays
      ) {
        warnings.push(
          warning(
            'deadline-missed',
            `${w.name}: takes ${reliability.days.toFixed(3)} days with expected interruptions (${g.idealDays.toFixed(3)} at steady speed), past the ${spec.deadlineDays}-day deadline`,
            `workloads[${index}].deadlineDays`,
          ),
        );
      }
      return {
        ...w,
        genericTraining: {
          ...g,
          days: reliability.days,
          gpuHours: reliability.days * 24 * g.gpus,
          reliability,
        },
      };
    }
    if (!t) return w;
    const reliability = interruptions(
      { gpus: t.gpus, idealDays: t.idealDays, params: w.model.params },
      gpus,
      monteCarlo,
    );
    spareNeeds.push({
      kind: 'training',
      meanServersInRepair: reliability.meanServersInRepair,
      headroomServers: 0,
    });
    const scenarioWorkload = scenario.workloads.find((sw) => sw.name === w.name);
    const deadline =
      scenarioWorkload?.type === 'training' && !isGenericTraining(scenarioWorkload)
        ? scenarioWorkload.deadlineDays
        : undefined;
    // A size chosen for the deadline already says whether it meets it with interruptions.
    const sizedByDeadline =
      scenarioWorkload?.type === 'training' &&
      (scenarioWorkload.gpus ?? scenario.cluster.gpus) === undefined;
    if (
      deadline !== undefined &&
      !sizedByDeadline &&
      reliability.days > deadline &&
      t.idealDays <= deadline
    ) {
      warnings.push(
        warning(
          'deadline-missed',
          `${w.name}: meets the ${deadline}-day deadline at steady speed (${t.idealDays.toFixed(1)} days) but not with expected interruptions (${reliability.days.toFixed(1)} days, goodput ${(reliability.goodput * 100).toFixed(1)}%)`,
          `workloads[${index}].deadlineDays`,
        ),
      );
    }
    if (reliability.mtbfHours * 60 < reliability.restartMin) {
      // Restarts are themselves cut short: e^(R/M) attempts before one succeeds.
      const attempts = Math.exp(reliability.restartMin / (reliability.mtbfHours * 60));
      warnings.push(
        warning(
          'restart-loop',
          `${w.name}: the job fails every ${(reliability.mtbfHours * 60).toFixed(1)} min, sooner than its ${reliability.restartMin.toFixed(1)}-min restart: about ${attempts < 1e6 ? grouped(Math.round(attempts)) : attempts.toExponential(1)} restarts fail for each that succeeds, so the run never finishes in useful time; fewer GPUs per job, a faster restart (reliability.restartMin) or a more reliable fleet (reliability.failuresPer1000NodeDays) is needed`,
          `workloads[${index}]`,
        ),
      );
    } else if (reliability.goodput < LOW_GOODPUT) {
      // Well below the "higher than 90%" Meta reports for Llama 3 405B on 16k GPUs: say so.
      warnings.push(
        warning(
          'low-goodput',
          `${w.name}: interruptions and checkpoints take ${((1 - reliability.goodput) * 100).toFixed(0)}% of the run (goodput ${(reliability.goodput * 100).toFixed(1)}%, MTBF ${reliability.mtbfHours.toFixed(1)} h, ${reliability.restartMin.toFixed(1)} min per restart); fewer GPUs per job, faster detection and restart (reliability.restartMin) or a more reliable fleet would recover it`,
          `workloads[${index}]`,
        ),
      );
    }
    return {
      ...w,
      training: {
        ...t,
        days: reliability.days,
        gpuHours: reliability.days * 24 * t.gpus,
        reliability,
      },
    };
  });
  // Spares are counted in the unit a failure takes out (a host: a DGX server, a GB200 compute
  // tray) and built in the cluster's servers (a GB200 NVL72 rack holds 18 trays).
  const spareHosts = poolSpares(spareNeeds, r?.spareConfidence ?? 0.99);
  const built =
    gpus > 0
      ? planCluster({
          scenario,
          gpu,
          gpus,
          workloads: footprints,
          storage: storageDemand,
          spareHosts,
          ...(storagePlan ? { storagePlan } : {}),
        })
      : undefined;
  if (built && !built.ok) warnings.push(warning('cluster-not-built', built.reason, 'cluster.gpu'));
  const final = built?.ok ? built : undefined;
  if (final) warnings.push(...final.warnings);
  const result = { ...base, workloads: planned };
  if (!final) {
    return {
      ...result,
      cluster: { gpu: gpu.id, gpus, servers: Math.ceil(gpus / gpusPerServer), gpusPerServer },
    };
  }
  // The facility against how the cluster runs: the power swing of the largest training job, and
  // what the tier buys beside what failures cost the run.
  const checks = facilityChecks(
    final.facility,
    planned.flatMap((w) => {
      const run = w.training ?? w.genericTraining;
      return run?.reliability ? [{ gpus: run.gpus, ...run.reliability }] : [];
    }),
    findServer(final.cluster.server)?.maxPowerKW.value ?? 0,
    final.cluster.gpusPerServer,
  );
  warnings.push(...checks.warnings);
  const facility = checks.powerSwing
    ? { ...final.facility, powerSwing: checks.powerSwing }
    : final.facility;
  const footprint = planFootprint({
    scenario,
    gpu,
    gpus,
    cluster: final.cluster,
    facility: final.facility,
    monteCarlo,
    ...(options.simulatedUtilization ? { simulatedUtilization: options.simulatedUtilization } : {}),
    // The share of GPU time failures take: a training run's lost goodput, a service's restarts.
    failureDowntime: Math.max(
      0,
      ...planned.map((w) => {
        const run = w.training ?? w.genericTraining;
        return run?.reliability
          ? 1 - run.reliability.goodput
          : (w.inference?.reliability?.downtimeFraction ??
              w.genericInference?.reliability?.downtimeFraction ??
              0);
      }),
    ),
  });
  const { rates, cost } = footprint;
  warnings.push(...footprint.warnings);
  const grid = footprint.carbon.gridGCO2PerKWh;
  const renewable = footprint.carbon.renewableShare;
  const market = footprint.carbon.marketGCO2PerKWh * (1 - renewable);
  // A training run's energy, carbon and cost: busy for the goodput share of the wall time
  // (detection and restarts leave GPUs idle).
  const runFootprint = (t: {
    gpus: number;
    days: number;
    gpuHours: number;
    reliability?: { goodput: number };
  }) => {
    const kw = powerAt(rates, rates.trainingKWPerGpu, t.reliability?.goodput ?? 1);
    const energy = runEnergy(rates, kw, t.gpus, t.days * 24);
    return {
      energyMWh: energy.energyMWh,
      itEnergyMWh: energy.itEnergyMWh,
      nameplateEnergyMWh: energy.nameplateEnergyMWh,
      kWhPerGpuHour: energy.kWhPerGpuHour,
      tCO2e: (energy.energyMWh * grid) / 1000,
      tCO2eMarket: (energy.energyMWh * market) / 1000,
      costUsd: t.gpuHours * cost.usdPerGpuHour,
    };
  };
  // A service's year: busy in proportion to the load against what the replicas sustain
  // (offline: always), and its energy and cost per million units (tokens or samples) served.
  const serviceYear = (gpus: number, online: boolean, loadFraction: number, unitsPerS: number) => {
    const hoursPerYear = 8760;
    const kw = powerAt(rates, rates.inferenceKWPerGpu, online ? loadFraction : 1);
    const energy = runEnergy(rates, kw, gpus, hoursPerYear);
    const unitsPerYear = unitsPerS * 3600 * hoursPerYear;
    const perMillion = unitsPerYear > 0 ? 1e6 / unitsPerYear : 0;
    return {
      energyMWhPerYear: energy.energyMWh,
      tCO2ePerYear: (energy.energyMWh * grid) / 1000,
      kWhPerMillion: energy.energyMWh * 1000 * perMillion,
      usdPerMillion: gpus * hoursPerYear * cost.usdPerGpuHour * perMillion,
    };
  };
  const withEnergy: WorkloadPlan[] = planned.map((w) => {
    if (w.genericTraining)
      return {
        ...w,
        genericTraining: { ...w.genericTraining, ...runFootprint(w.genericTraining) },
      };
    if (w.training) return { ...w, training: { ...w.training, ...runFootprint(w.training) } };
    if (w.inference) {
      const r = w.inference;
      const y = serviceYear(r.gpus, r.mode === 'online', r.loadFraction, r.outputTokensPerS);
      return {
        ...w,
        inference: {
          ...r,
          energyMWhPerYear: y.energyMWhPerYear,
          tCO2ePerYear: y.tCO2ePerYear,
          kWhPerMillionOutputTokens: y.kWhPerMillion,
          usdPerMillionOutputTokens: y.usdPerMillion,
        },
      };
    }
    if (w.genericInference) {
      const r = w.genericInference;
      const y = serviceYear(r.gpus, r.mode === 'online', r.loadFraction, r.samplesPerS);
      return {
        ...w,
        genericInference: {
          ...r,
          energyMWhPerYear: y.energyMWhPerYear,
          tCO2ePerYear: y.tCO2ePerYear,
          kWhPerMillionSamples: y.kWhPerMillion,
          usdPerMillionSamples: y.usdPerMillion,
        },
      };
    }
    return w;
  });
  const sites =
    scenario.sites !== undefined
      ? compareSites({
          scenario,
          gpu,
          gpus,
          cluster: final.cluster,
          facility: final.facility,
          ...(options.simulatedUtilization
            ? { simulatedUtilization: options.simulatedUtilization }
            : {}),
        })
      : undefined;
  // A candidate whose design PUE breaks the site's limit for new data centres cannot be built
  // as planned there.
  const siteWarnings = (sites?.rows ?? []).flatMap((r, i) => {
    if (!r.pueLimit || r.pueLimit.meets) return [];
    const climate = siteClimate(scenario.sites?.[i], FACILITY);
    const fix = pueFix(r.pueLimit, final.facility.cooling, climate, FACILITY);
    return [
      warning(
        'site-pue-above-limit',
        `candidate site ${r.name}: design PUE ${r.pue.toFixed(2)} is above the ${r.pueLimit.maxPue} limit for ${r.pueLimit.scope} (${r.pueLimit.document}); it is ranked at ${r.pue.toFixed(2)}, but a build there needs a design that meets the limit (liquid cooling, economisers, warm-water heat rejection, or give the site's pue)${pueFixText(fix)}`,
        'sites',
      ),
    ];
  });
  return {
    ...result,
    ...(siteWarnings.length > 0 ? { warnings: [...result.warnings, ...siteWarnings] } : {}),
    workloads: withEnergy,
    cluster: { gpu: gpu.id, gpus, ...final.cluster },
    facility,
    cost: footprint.cost,
    carbon: footprint.carbon,
    ...(sites ? { sites } : {}),
    assumptions: footprint.assumptions,
  };
}

/** A generic network's training workload as planned, on its GPUs or the share the others leave
 *  (the largest smaller count of whole servers its batch divides, when the share does not). */
function planGeneric(
  w: GenericTrainingWorkload,
  index: number,
  share: number | undefined,
  scenario: Scenario,
  gpu: NonNullable<ReturnType<typeof resolveGpu>>,
  fabric: ReturnType<typeof findFabric>,
  gpusPerServer: number,
  wallDays: (gpus: number, idealDays: number) => number,
): { plan: WorkloadPlan; warnings: PlanWarning[] } {
  const model = resolveGenericModel(w.model);
  if (!model)
    throw new Error(`unknown generic model ${String(w.model)} (validate the scenario first)`);
  const base = {
    name: w.name,
    type: 'training' as const,
    model: {
      name: model.name,
      params: model.params,
      activeParams: model.params,
      kind: 'generic' as const,
    },
  };
  const warnings: PlanWarning[] = [];
  if (share !== undefined && share < 1) {
    return {
      plan: {
        ...base,
        infeasible: {
          reason: `the other workloads use all ${scenario.cluster.gpus} GPUs of the cluster, leaving none for this one`,
          fix: `give cluster.gpus more GPUs, or this workload its own gpus and the others fewer`,
        },
      },
      warnings,
    };
  }
  const trainOn = (gpus: number | undefined) =>
    planGenericTraining({ workload: w, model, gpu, fabric, gpus });
  let gpus = w.gpus ?? share ?? scenario.cluster.gpus;
  if (gpus === undefined && w.deadlineDays !== undefined) {
    const sized = sizeGenericForDeadline(trainOn, w.deadlineDays, gpusPerServer, wallDays);
    if (sized) {
      gpus = sized.gpus;
      warnings.push(
        sized.meetsDeadline
          ? warning(
              'deadline-sized',
              `${w.name}: sized to ${gpus} GPUs to finish within ${w.deadlineDays} days, expected interruptions included`,
              `workloads[${index}].deadlineDays`,
            )
          : warning(
              'deadline-unreachable',
              `${w.name}: no size up to 65,536 GPUs finishes within ${w.deadlineDays} days; the fastest, ${gpus} GPUs, takes ${sized.days.toFixed(3)} days (a larger globalBatchSamples allows more data parallelism)`,
              `workloads[${index}].deadlineDays`,
            ),
      );
    }
  }
  const outcome = withinShare(
    trainOn(gpus),
    trainOn,
    { name: w.name, index, share: w.gpus === undefined ? share : undefined, gpusPerServer },
    warnings,
  );
  warnings.push(...outcome.warnings.map((x) => underWorkload(x, index)));
  if (!outcome.ok)
    return {
      plan: { ...base, infeasible: { reason: outcome.reason, fix: outcome.fix } },
      warnings,
    };
  return { plan: { ...base, genericTraining: outcome.result }, warnings };
}

/**
 * What each workload without its own `gpus` gets of `cluster.gpus` when other workloads share
 * the cluster: what the others leave (their own `gpus`, and what online services size themselves
 * to), split evenly among them in whole servers. Keyed by workload index; empty when the cluster
 * size is not given or a single workload has it all.
 */
function defaultShares(
  scenario: Scenario,
  gpusPerServer: number,
  sizeOnline: (w: InferenceWorkload) => {
    ok: boolean;
    result?: { gpus: number };
  },
  sizeGeneric: (w: GenericInferenceWorkload) => { ok: boolean; result?: { gpus: number } },
): Map<number, number> {
  const total = scenario.cluster.gpus;
  const shares = new Map<number, number>();
  if (total === undefined || scenario.workloads.length < 2) return shares;
  let used = 0;
  const defaulting: number[] = [];
  scenario.workloads.forEach((w, i) => {
    if (w.gpus !== undefined) used += w.gpus;
    else if (isGenericInference(w) && w.samplesPerSecond !== undefined) {
      const sized = sizeGeneric(w);
      used += sized.ok ? (sized.result?.gpus ?? 0) : 0;
    } else if (
      w.type === 'inference' &&
      !isGenericInference(w) &&
      w.requestsPerSecond !== undefined
    ) {
      const sized = sizeOnline(w);
      used += sized.ok ? (sized.result?.gpus ?? 0) : 0;
    } else defaulting.push(i);
  });
  if (defaulting.length === 0) return shares;
  const each = Math.floor((total - used) / defaulting.length / gpusPerServer) * gpusPerServer;
  for (const i of defaulting) shares.set(i, Math.max(0, each));
  return shares;
}

/** Server counts below `n` made of the factors 2 and 3 (the counts parallel layouts divide),
 *  largest first. */
function smoothCountsBelow(n: number): number[] {
  const out: number[] = [];
  for (let a = 1; a < n; a *= 2) for (let b = a; b < n; b *= 3) out.push(b);
  return out.sort((x, y) => y - x);
}

/** Training plans by their inputs, the most recent 256 kept (plans are immutable data). */
const trainingPlans = new Map<string, ReturnType<typeof planTraining>>();

/** Forget the cached training plans (a benchmark times a plan from scratch with it). */
export function clearPlanCaches(): void {
  trainingPlans.clear();
}
function trainingMemo(
  key: string,
  compute: () => ReturnType<typeof planTraining>,
): ReturnType<typeof planTraining> {
  const hit = trainingPlans.get(key);
  if (hit) return hit;
  const value = compute();
  if (trainingPlans.size >= 256) {
    const oldest = trainingPlans.keys().next().value;
    if (oldest !== undefined) trainingPlans.delete(oldest);
  }
  trainingPlans.set(key, value);
  return value;
}
