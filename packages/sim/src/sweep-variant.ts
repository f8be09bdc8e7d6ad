// A sweep over simulation keys (`aidc sweep FILE --vary simulation.policy=fifo,sjf,backfill
// --vary cluster.gpus=256,512`): each variant is planned, then its cluster simulated, and its row
// carries the plan's figures followed by the simulation's.
import { planScenario, sweepRow, variantScenario, type Sweep, type SweepRow } from '@aidc/core';
import { simulatePlan, type PlanSimulation } from './simulate-plan.js';

/** The simulation's figures in a sweep row, in this order after the plan's. */
export const SIMULATION_COLUMNS = [
  'simUtilization',
  'simGoodput',
  'simFragmentation',
  'simQueueDelayMeanH',
  'simQueueDelayP99H',
  'simJctMeanH',
  'simSlowdownMean',
  'simSlowdownP99',
  'simJobsCompleted',
  'simJobsPending',
  'simEnergyMWh',
  'simPeakPowerMW',
  'simSloAttainment',
] as const;

/** A simulated run's figures as sweep cells (hours for times; the services' least SLO share). */
export function simulationRow(run: PlanSimulation): SweepRow {
  const r = run.result;
  const row: SweepRow = {
    simUtilization: r.utilization,
    simGoodput: r.goodput,
    simFragmentation: r.fragmentation,
    simQueueDelayMeanH: r.queueDelayS.mean / 3600,
    simQueueDelayP99H: r.queueDelayS.p99 / 3600,
    simJctMeanH: r.jctS.mean / 3600,
    simSlowdownMean: r.slowdown.mean,
    simSlowdownP99: r.slowdown.p99,
    simJobsCompleted: r.jobs.completed,
    simJobsPending: r.jobs.pending,
    simEnergyMWh: r.energyMWh,
    simPeakPowerMW: r.peakPowerMW,
  };
  if (run.services.length > 0)
    row['simSloAttainment'] = Math.min(...run.services.map((s) => s.requests.sloAttainment));
  return row;
}

/**
 * Variant `index` planned and simulated. `traces` holds the text of every trace file the variants
 * name, by `simulation.jobs.trace` as written (the shell reads them). An invalid variant, one
 * without a simulation section, an infeasible plan or a simulation that cannot run (a power cap
 * below the idle draw, say) becomes a row with the reason.
 */
export function simulateVariant(
  sweep: Sweep,
  index: number,
  traces: Readonly<Record<string, string>>,
): { row: SweepRow; failed: boolean } {
  const variant = variantScenario(sweep, index);
  if ('invalid' in variant)
    return { row: { ...variant.row, feasible: false, reason: variant.invalid }, failed: true };
  const { scenario } = variant;
  const plan = planScenario(scenario, { monteCarlo: false });
  const row = { ...variant.row, ...sweepRow(plan) };
  const fail = (reason: string) => ({ row: { ...row, reason }, failed: true });
  if (!plan.feasible) return { row, failed: true };
  const settings = scenario.simulation;
  if (!settings) return fail('simulation: missing; the variant has no simulation section');
  const trace = settings.jobs && 'trace' in settings.jobs ? settings.jobs.trace : undefined;
  const traceText = trace !== undefined ? traces[trace] : undefined;
  if (trace !== undefined && traceText === undefined)
    return fail(`simulation.jobs.trace: ${trace} was not read`);
  let run: PlanSimulation;
  try {
    run = simulatePlan(plan, { traceText });
  } catch (error) {
    return fail(`simulation: ${(error as Error).message}`);
  }
  return { row: { ...row, ...simulationRow(run) }, failed: false };
}

/** The trace files the variants of a sweep name (`simulation.jobs.trace` of the base and of
 *  every value a --vary gives it), each once. */
export function sweepTraces(sweep: Sweep): string[] {
  const base = (sweep.base as { simulation?: { jobs?: { trace?: unknown } } } | null)?.simulation;
  const traces = new Set<string>();
  if (typeof base?.jobs?.trace === 'string') traces.add(base.jobs.trace);
  for (const v of sweep.varies)
    if (v.path.join('.') === 'simulation.jobs.trace')
      for (const value of v.values) if (typeof value === 'string') traces.add(value);
  return [...traces];
}
