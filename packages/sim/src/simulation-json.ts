// The simulation's JSON document (interface.md §6), the same for `aidc simulate --json` and the
// service's simulation results.
import type { PlanSimulation } from './simulate-plan.js';

/** The `--json` document: the interface's keys, then the run's settings and failure counts. */
export function simulationJson(
  run: PlanSimulation,
  timing: { wallS: number } | undefined,
): Record<string, unknown> {
  const r = run.result;
  const s = run.settings;
  return {
    simulation: {
      events: r.events,
      simulatedDays: r.simulatedDays,
      // Wall-clock figures change from run to run; they are left out (null) unless --timing,
      // so that the same file and seed print byte-identical JSON.
      wallS: timing ? timing.wallS : null,
      eventsPerS: timing && timing.wallS > 0 ? r.events / timing.wallS : null,
      utilization: r.utilization,
      queueDelayS: r.queueDelayS,
      ...(r.queueDelayByPriorityS ? { queueDelayByPriorityS: r.queueDelayByPriorityS } : {}),
      ...(r.teams ? { teams: r.teams } : {}),
      jctS: r.jctS,
      slowdown: r.slowdown,
      goodput: r.goodput,
      fragmentation: r.fragmentation,
      jobs: r.jobs,
      energyMWh: r.energyMWh,
      itEnergyMWh: r.itEnergyMWh,
      energyPerDayMWh: r.energyPerDayMWh,
      peakPowerMW: r.peakPowerMW,
      powerCapMW: s.powerCapMW ?? null,
      ...(s.powerCapPolicy !== undefined ? { powerCapPolicy: s.powerCapPolicy } : {}),
      ...(r.powerThrottle ? { powerThrottle: r.powerThrottle } : {}),
      timeseries: r.timeseries,
      services: run.services.map(({ model: m, requests: q }, i) => {
        const replicas = r.services[i];
        return {
          workload: m.workload,
          sloAttainment: q.sloAttainment,
          replicas: replicas?.replicas ?? [],
          desiredReplicas: replicas?.desired ?? [],
          requests: q.requests,
          requestsSimulatedDays: q.simulatedS / 86_400,
          unserved: q.unserved,
          waitedShare: q.waitedShare,
          waitS: q.waitS,
          sloAttainmentByHour: q.sloAttainmentByHour,
          gpuHours: replicas?.gpuHours ?? 0,
          lentGpuHours: replicas?.lentGpuHours ?? 0,
          preemptions: replicas?.preemptions ?? 0,
          shortfallReplicaHours: replicas?.shortfallReplicaHours ?? 0,
          replica: {
            gpus: m.gpusPerReplica,
            capacityRequestsPerS: m.capacityPerReplica,
            slots: m.slots,
            holdS: m.holdS,
            waitBudgetS: m.waitBudgetS,
            minReplicas: m.minReplicas,
            maxReplicas: m.maxReplicas,
            intervalS: m.intervalS,
            startS: m.startS,
            balancer: m.balancer,
          },
        };
      }),
      failures: r.failures,
      placement: r.placement,
      settings: {
        days: s.days,
        seed: s.seed,
        policy: s.policy,
        placement: s.placement,
        failures: s.failures,
        includeWorkloads: s.includeWorkloads,
        ...(s.quotas ? { quotas: s.quotas } : {}),
      },
      skipped: run.skipped,
    },
  };
}
