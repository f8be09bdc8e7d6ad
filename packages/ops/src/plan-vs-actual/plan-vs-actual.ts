// The facility against its plan: measured IT power, GPU utilisation, tensor-pipe activity,
// failure rate and throughput beside the figures the plan predicted, each with its gap.
import { FAILURE_RATES, type Plan } from '@aidc/core';
import { z } from 'zod';
import { measuredFailureRate } from './failure-rate.js';

const fraction = z.number().finite().min(0).max(1);

/** What the facility measured over one window (means over the window unless said). */
export const MeasuredOperationSchema = z
  .strictObject({
    windowStartMs: z.number().int(),
    windowEndMs: z.number().int(),
    /** Mean IT power (kW): the sum of the hosts' and network's wall power; absent: not measured. */
    itPowerKW: z.number().finite().nonnegative().optional(),
    /** In-service servers that reported, of all of them, when only some did (the rest estimated). */
    powerCoverage: z
      .strictObject({ measured: z.number().int().nonnegative(), of: z.number().int().positive() })
      .optional(),
    /** Mean DCGM_FI_DEV_GPU_UTIL as a fraction: time a kernel was running. */
    gpuUtil: fraction.optional(),
    /** Mean DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: cycles the tensor pipe was busy. */
    tensorActive: fraction.optional(),
    /** Node-days of exposure in the window (nodes in service × days). */
    nodeDays: z.number().finite().positive(),
    /** Job-stopping node failures in the window. */
    failures: z.number().int().nonnegative(),
    /** Training tokens per second, wall-clock mean (or output tokens per second for serving). */
    tokensPerS: z.number().finite().nonnegative().optional(),
  })
  .refine((m) => m.windowEndMs > m.windowStartMs, {
    message: 'the window ends after it starts',
    path: ['windowEndMs'],
  });
export type MeasuredOperation = z.input<typeof MeasuredOperationSchema>;

export type PlanFigure =
  'itPower' | 'gpuUtilisation' | 'tensorActive' | 'failureRate' | 'throughput';

export interface PlanVsActualRow {
  readonly figure: PlanFigure;
  readonly label: string;
  readonly unit: string;
  /** null when the plan has no such figure. */
  readonly planned: number | null;
  /** null when the measurement was not given. */
  readonly actual: number | null;
  /** actual / planned − 1; null when either is missing or the plan's is 0. */
  readonly gap: number | null;
  /** The measured figure's confidence interval, where it has one (the failure rate's 90 %). */
  readonly interval?: {
    readonly lower: number;
    readonly upper: number;
    readonly confidence: number;
  };
  readonly note: string;
}

const gapOf = (planned: number | null, actual: number | null) =>
  planned === null || actual === null || planned === 0 ? null : actual / planned - 1;

/** The IT power the plan expects on average: busy at its utilisation, idle the rest. */
function plannedMeanItKW(plan: Plan): { kw: number | null; note: string } {
  const inputs = plan.cost?.inputs;
  const pue = plan.facility?.pue;
  if (inputs && pue !== undefined && pue > 0) {
    const u = Math.min(1, Math.max(0, inputs.utilization));
    const kw = ((inputs.busyFacilityMW * u + inputs.idleFacilityMW * (1 - u)) / pue) * 1000;
    return {
      kw,
      note: `the plan's mean IT power: busy ${((inputs.busyFacilityMW / pue) * 1000).toFixed(0)} kW for ${(u * 100).toFixed(0)} % of the hours, idle ${((inputs.idleFacilityMW / pue) * 1000).toFixed(0)} kW the rest (cost inputs ÷ PUE ${pue})`,
    };
  }
  if (plan.facility)
    return {
      kw: plan.facility.itPowerMW * 1000,
      note: "the plan's IT power with the servers busy (no cost inputs to weigh idle hours)",
    };
  return { kw: null, note: 'the plan has no facility (no server platform known)' };
}

/** The plan's MFU over its training workloads, weighted by their GPUs. */
function plannedMfu(plan: Plan): number | null {
  let gpus = 0;
  let weighted = 0;
  for (const w of plan.workloads) {
    if (!w.training) continue;
    gpus += w.training.gpus;
    weighted += w.training.gpus * w.training.mfu;
  }
  return gpus > 0 ? weighted / gpus : null;
}

/** Tokens per second the plan expects on the wall clock: training at its goodput, else serving. */
function plannedTokensPerS(plan: Plan): { value: number | null; what: string } {
  const training = plan.workloads.flatMap((w) => (w.training ? [w.training] : []));
  if (training.length > 0)
    return {
      value: training.reduce((s, t) => s + t.tokensPerS * (t.reliability?.goodput ?? 1), 0),
      what: 'training tokens/s × the plan’s goodput (interruptions and checkpoints taken out)',
    };
  const serving = plan.workloads.flatMap((w) => (w.inference ? [w.inference] : []));
  if (serving.length > 0)
    return {
      value: serving.reduce((s, i) => s + i.outputTokensPerS, 0),
      what: 'output tokens/s of the inference workloads at their planned load',
    };
  return { value: null, what: 'the plan has no feasible workload' };
}

/**
 * The measured facility beside its plan, one row per figure.
 *
 * @example
 * planVsActual(plan, { windowStartMs, windowEndMs, itPowerKW: 18_000, gpuUtil: 0.9, tensorActive: 0.55, nodeDays: 61_890, failures: 300 })
 */
export function planVsActual(plan: Plan, measuredInput: MeasuredOperation): PlanVsActualRow[] {
  const measured = MeasuredOperationSchema.parse(measuredInput);
  const rows: PlanVsActualRow[] = [];

  const power = plannedMeanItKW(plan);
  rows.push({
    figure: 'itPower',
    label: 'IT power',
    unit: 'kW',
    planned: power.kw,
    actual: measured.itPowerKW ?? null,
    gap: gapOf(power.kw, measured.itPowerKW ?? null),
    note:
      measured.itPowerKW !== undefined &&
      measured.powerCoverage !== undefined &&
      measured.powerCoverage.measured < measured.powerCoverage.of
        ? `${power.note}; measured on ${measured.powerCoverage.measured} of ${measured.powerCoverage.of} in-service servers, the rest counted at their mean`
        : power.note,
  });

  // The utilisation the plan's money used (the scenario's, or a simulated one).
  const util = plan.cost?.inputs.utilization ?? null;
  rows.push({
    figure: 'gpuUtilisation',
    label: 'GPU utilisation',
    unit: 'fraction',
    planned: util,
    actual: measured.gpuUtil ?? null,
    gap: gapOf(util, measured.gpuUtil ?? null),
    note: 'planned: the share of GPU-hours in use (economics.utilization); measured: DCGM_FI_DEV_GPU_UTIL, the time a kernel was running, which reads near 1 on any busy GPU whatever its efficiency',
  });

  const mfu = plannedMfu(plan);
  rows.push({
    figure: 'tensorActive',
    label: 'Tensor-pipe activity vs planned MFU',
    unit: 'fraction',
    planned: mfu,
    actual: measured.tensorActive ?? null,
    gap: gapOf(mfu, measured.tensorActive ?? null),
    note:
      mfu === null
        ? 'the plan has no training workload, so no MFU to compare'
        : 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE is the MFU proxy: it counts the cycles the tensor pipe is busy, not useful FLOPs, so it reads above MFU (recomputed activations, attention, partly filled tiles and a pipe busy below its peak rate all count); a positive gap is expected, a negative one means the run is slower than planned',
  });

  const plannedRate =
    plan.scenario.reliability?.failuresPer1000NodeDays ??
    FAILURE_RATES.nodeFailuresPer1000NodeDays.value;
  const rate = measuredFailureRate(measured.failures, measured.nodeDays, 0.9);
  const inside = plannedRate >= rate.lower && plannedRate <= rate.upper;
  rows.push({
    figure: 'failureRate',
    label: 'Failures per 1,000 node-days',
    unit: 'per 1,000 node-days',
    planned: plannedRate,
    actual: rate.per1000NodeDays,
    gap: gapOf(plannedRate, rate.per1000NodeDays),
    interval: { lower: rate.lower, upper: rate.upper, confidence: 0.9 },
    note: `${measured.failures} failures in ${measured.nodeDays} node-days; the plan's ${plannedRate} is ${inside ? 'inside' : 'outside'} the exact 90 % Poisson interval ${rate.lower.toFixed(2)}–${rate.upper.toFixed(2)}${inside ? '' : ': feed the measured rate back (feedbackToScenario)'}`,
  });

  const tokens = plannedTokensPerS(plan);
  const actualTokens = measured.tokensPerS ?? null;
  rows.push({
    figure: 'throughput',
    label: 'Throughput',
    unit: 'tokens/s',
    planned: tokens.value,
    actual: actualTokens,
    gap: gapOf(tokens.value, actualTokens),
    note:
      actualTokens === null ? `not measured; planned: ${tokens.what}` : `planned: ${tokens.what}`,
  });
  return rows;
}
