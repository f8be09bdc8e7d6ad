// The simulation's inputs from a plan: the cluster's places, each server's failure rate and
// repair time, the power a GPU draws busy and idle, and the scenario's training workloads as jobs.
import { FAILURE_RATES, interruptionRates, ratesWith, type Plan } from '@aidc/core';
import { buildCluster, clusterShapeFromPlan, type SimCluster } from './cluster/cluster.js';
import type { SimJob } from './jobs/job.js';
import type { FailureModel, PowerModel } from './simulate.js';

export function clusterFromPlan(plan: Plan): SimCluster {
  return buildCluster(clusterShapeFromPlan(plan));
}

/**
 * Per-server failures from the reliability catalog (Meta RSC's job-stopping rate, Llama 3's
 * causes), or the scenario's own `reliability.failuresPer1000NodeDays`, counted for a job spanning
 * the whole cluster (so the fabric's causes count) and shared out per server; the same rates the
 * plan's reliability stage gives a multi-server training job; the scenario's own
 * `reliability.failureShares` split them by cause when given. Software faults restart jobs but
 * leave the server up; the rest take it out for `reliability.repairHours` (or the catalog's).
 */
export function failuresFromPlan(plan: Plan, cluster: SimCluster): FailureModel {
  const r = plan.scenario.reliability;
  const rates = ratesWith(FAILURE_RATES, r?.failuresPer1000NodeDays, r?.failureShares);
  const byCause = interruptionRates(cluster.totalGpus, cluster.gpusPerServer, rates, 0);
  const total = Object.values(byCause).reduce((a, b) => a + b, 0);
  const restartMin =
    r?.restartMin ?? FAILURE_RATES.detectionMin.value + FAILURE_RATES.restartMin.value;
  return {
    perServerPerDay: total / cluster.servers.length,
    hardwareShare: total > 0 ? (total - byCause.software) / total : 0,
    repairS: (r?.repairHours ?? FAILURE_RATES.repairHours.value) * 3600,
    restartS: restartMin * 60,
  };
}

/** Facility kW per GPU busy and idle: the plan's busy and idle facility power over its GPUs
 *  (its servers at the training load or idle, their share of network and storage, times the
 *  PUE), and the plan's PUE, which turns them back into IT power. */
export function powerFromPlan(plan: Plan): PowerModel {
  const inputs = plan.cost?.inputs;
  if (!inputs || inputs.gpus <= 0)
    throw new Error('the plan has no power figures (its server platform is unknown)');
  return {
    busyKWPerGpu: (inputs.busyFacilityMW * 1000) / inputs.gpus,
    idleKWPerGpu: (inputs.idleFacilityMW * 1000) / inputs.gpus,
    pue: plan.facility?.pue ?? 1,
  };
}

/**
 * The scenario's training workloads as jobs submitted at time 0: the plan's GPUs and failure-free
 * run time (ideal days), checkpointing at the plan's interval with its stall, and, when saves are
 * asynchronous, the rest of the write in flight after the stall.
 */
export function trainingJobsFromPlan(plan: Plan): SimJob[] {
  const jobs: SimJob[] = [];
  for (const w of plan.workloads) {
    const t = w.training;
    if (!t || w.infeasible) continue;
    const rel = t.reliability;
    jobs.push({
      id: w.name,
      submitS: 0,
      gpus: t.gpus,
      gpuMilli: 1000,
      durationS: t.idealDays * 86_400,
      ...(rel
        ? {
            checkpointIntervalS: rel.checkpointIntervalMin * 60,
            checkpointStallS: rel.checkpointStallS,
            checkpointInFlightS:
              rel.checkpointSave === 'async' ? rel.checkpointWriteS - rel.checkpointStallS : 0,
          }
        : {}),
    });
  }
  return jobs;
}
