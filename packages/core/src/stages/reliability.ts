// The reliability stage: failures against each planned run and service. A training run's wall
// time with interruptions, its goodput and the spares the pool keeps; a service's downtime and
// the headroom that covers repairs. Returns new workload plans (days after interruptions).
import type { Catalogs } from '../catalog/catalogs.js';
import { genericCheckpointGB } from '../generic/generic-storage.js';
import {
  planServiceReliability,
  type ReliabilityResult,
  type ServiceReliabilityResult,
} from '../reliability/plan-reliability.js';
import { poolSpares, type SpareNeed } from '../reliability/spare-pool.js';
import { isGenericTraining, type Workload } from '../scenario/schema.js';
import { grouped } from '../util/grouped.js';
import { warning, type PlanWarning } from '../warnings.js';
import type { SteadyWorkloadPlan, WorkloadPlan } from '../plan-types.js';
import { genericModelOf } from './models.js';
import type { PlanContext } from './context.js';
import type { InterruptionModel } from './interruptions.js';

/** Goodput below which a plan warns that interruptions dominate the run. */
const LOW_GOODPUT = 0.8;

export interface ReliabilityStage {
  readonly workloads: readonly WorkloadPlan[];
  /** Hot spares the one pool keeps for every workload, in hosts (the unit a failure takes out). */
  readonly spareHosts: number;
  readonly warnings: readonly PlanWarning[];
}

export function planWorkloadReliability(
  ctx: PlanContext,
  workloads: readonly SteadyWorkloadPlan[],
  clusterGpus: number,
  interruptions: InterruptionModel,
  monteCarlo: boolean,
): ReliabilityStage {
  const needs: SpareNeed[] = [];
  const warnings: PlanWarning[] = [];
  const planned = workloads.map((w, index): WorkloadPlan => {
    if (w.kind === 'infeasible') return w;
    if (w.kind === 'inference') {
      const reliability = serviceReliability(ctx, w.inference, w.inference.tp * w.inference.pp);
      needs.push(spareNeed(w.inference.mode, reliability));
      return { ...w, inference: { ...w.inference, reliability } };
    }
    if (w.kind === 'generic-inference') {
      const reliability = serviceReliability(ctx, w.genericInference, 1);
      needs.push(spareNeed(w.genericInference.mode, reliability));
      return { ...w, genericInference: { ...w.genericInference, reliability } };
    }
    const run = w.kind === 'training' ? w.training : w.genericTraining;
    const spec = ctx.scenario.workloads[index];
    const reliability = interruptions.of(
      {
        gpus: run.gpus,
        idealDays: run.idealDays,
        params: w.model.params,
        ...(spec ? genericCheckpoint(ctx.catalogs, spec) : {}),
      },
      clusterGpus,
      monteCarlo,
    );
    needs.push({
      kind: 'training',
      meanServersInRepair: reliability.meanServersInRepair,
      headroomServers: 0,
    });
    if (spec) warnings.push(...runWarnings(ctx, w.name, index, spec, run.idealDays, reliability));
    // The run's wall-clock figures are this stage's: the workload stage's stay at steady speed.
    const afterInterruptions = {
      days: reliability.days,
      gpuHours: reliability.days * 24 * run.gpus,
      reliability,
    };
    return w.kind === 'training'
      ? { ...w, training: { ...w.training, ...afterInterruptions } }
      : { ...w, genericTraining: { ...w.genericTraining, ...afterInterruptions } };
  });
  // Spares are counted in the unit a failure takes out (a host: a DGX server, a GB200 compute
  // tray) and built in the cluster's servers (a GB200 NVL72 rack holds 18 trays).
  const spareHosts = poolSpares(needs, ctx.scenario.reliability?.spareConfidence ?? 0.99);
  return { workloads: planned, spareHosts, warnings };
}

function spareNeed(kind: SpareNeed['kind'], r: ServiceReliabilityResult): SpareNeed {
  return {
    kind,
    meanServersInRepair: r.meanServersInRepair,
    headroomServers: r.headroomServers,
  };
}

/** A generic network's checkpoint size (an LLM's follows from its parameters). */
function genericCheckpoint(catalogs: Catalogs, spec: Workload): { checkpointGB?: number } {
  const model = isGenericTraining(spec) ? genericModelOf(catalogs, spec) : undefined;
  return model ? { checkpointGB: genericCheckpointGB(model) } : {};
}

function serviceReliability(
  ctx: PlanContext,
  served: { gpus: number; mode: string; replicas: number; replicasForLoad: number },
  replicaGpus: number,
): ServiceReliabilityResult {
  const { gpu } = ctx;
  const r = ctx.scenario.reliability;
  return planServiceReliability({
    gpus: served.gpus,
    replicaGpus,
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
}

/** A run's deadline missed through interruptions, a restart loop, or a low goodput. */
function runWarnings(
  ctx: PlanContext,
  name: string,
  index: number,
  spec: Workload,
  idealDays: number,
  reliability: ReliabilityResult,
): PlanWarning[] {
  const deadline = spec.type === 'training' ? spec.deadlineDays : undefined;
  // A size chosen for the deadline already says whether it meets it with interruptions.
  const sizedByDeadline = (spec.gpus ?? ctx.scenario.cluster.gpus) === undefined;
  const out: PlanWarning[] = [];
  if (deadline !== undefined && !sizedByDeadline && reliability.days > deadline) {
    const path = `workloads[${index}].deadlineDays`;
    if (isGenericTraining(spec))
      out.push(
        warning(
          'deadline-missed',
          `${name}: takes ${reliability.days.toFixed(3)} days with expected interruptions (${idealDays.toFixed(3)} at steady speed), past the ${deadline}-day deadline`,
          path,
        ),
      );
    else if (idealDays <= deadline)
      out.push(
        warning(
          'deadline-missed',
          `${name}: meets the ${deadline}-day deadline at steady speed (${idealDays.toFixed(1)} days) but not with expected interruptions (${reliability.days.toFixed(1)} days, goodput ${(reliability.goodput * 100).toFixed(1)}%)`,
          path,
        ),
      );
  }
  const mtbfMin = reliability.mtbfHours * 60;
  if (mtbfMin < reliability.restartMin) {
    // Restarts are themselves cut short: e^(R/M) attempts before one succeeds.
    const attempts = Math.exp(reliability.restartMin / mtbfMin);
    out.push(
      warning(
        'restart-loop',
        `${name}: the job fails every ${mtbfMin.toFixed(1)} min, sooner than its ${reliability.restartMin.toFixed(1)}-min restart: about ${attempts < 1e6 ? grouped(Math.round(attempts)) : attempts.toExponential(1)} restarts fail for each that succeeds, so the run never finishes in useful time; fewer GPUs per job, a faster restart (reliability.restartMin) or a more reliable fleet (reliability.failuresPer1000NodeDays) is needed`,
        `workloads[${index}]`,
      ),
    );
  } else if (reliability.goodput < LOW_GOODPUT) {
    // Well below the "higher than 90%" Meta reports for Llama 3 405B on 16k GPUs: say so.
    out.push(
      warning(
        'low-goodput',
        `${name}: interruptions and checkpoints take ${((1 - reliability.goodput) * 100).toFixed(0)}% of the run (goodput ${(reliability.goodput * 100).toFixed(1)}%, MTBF ${reliability.mtbfHours.toFixed(1)} h, ${reliability.restartMin.toFixed(1)} min per restart); fewer GPUs per job, faster detection and restart (reliability.restartMin) or a more reliable fleet would recover it`,
        `workloads[${index}]`,
      ),
    );
  }
  return out;
}
