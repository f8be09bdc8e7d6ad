// The key figures of a plan, in one fixed order: what `aidc compare` sets side by side, what a
// sweep row adds for the plan as a whole, and what the web app's headline picks from. Each is
// read from the plan as core computed it; no shell derives its own.
import type { Plan } from './plan-types.js';

/** How a figure reads: a count, a fraction shown in percent, dollars, or a plain quantity. */
export type FigureUnit = 'count' | 'fraction' | 'usd' | 'quantity';

/** What a figure describes: the cluster as a whole, its investment case (cash flows by year),
 *  its first training run, its first service. */
export type FigureScope = 'plan' | 'investment' | 'training' | 'service';

export interface KeyFigure {
  readonly key: string;
  readonly label: string;
  readonly scope: FigureScope;
  readonly unit: FigureUnit;
  /** Digits a table shows (after compacting to k/M/B). */
  readonly digits: number;
  /** Undefined when the plan has no such figure (no training run, no cost, no facility). */
  readonly value: number | undefined;
}

type Definition = Omit<KeyFigure, 'value'> & { readonly of: (p: PlanParts) => number | undefined };

interface PlanParts {
  readonly plan: Plan;
  readonly run: RunFigures | undefined;
  readonly service: ServiceFigures | undefined;
}

interface RunFigures {
  readonly days: number;
  readonly mfu: number;
  readonly goodput: number | undefined;
  readonly costUsd: number | undefined;
}

interface ServiceFigures {
  readonly outputTokensPerS?: number;
  readonly usdPerMillionOutputTokens?: number;
  readonly samplesPerS?: number;
  readonly usdPerMillionSamples?: number;
}

const fig = (
  key: string,
  label: string,
  scope: FigureScope,
  unit: FigureUnit,
  digits: number,
  of: Definition['of'],
): Definition => ({ key, label, scope, unit, digits, of });

/** The figures in the order a planner reads them: size, run, service, power, money, carbon. */
const DEFINITIONS: readonly Definition[] = [
  fig('gpus', 'GPUs', 'plan', 'count', 0, (p) => p.plan.cluster.gpus),
  fig('servers', 'servers', 'plan', 'count', 0, (p) => p.plan.cluster.servers),
  fig('racks', 'racks', 'plan', 'count', 0, (p) => p.plan.cluster.racks),
  fig('trainingDays', 'training days', 'training', 'quantity', 1, (p) => p.run?.days),
  fig('mfu', 'MFU', 'training', 'fraction', 1, (p) => p.run?.mfu),
  fig('goodput', 'goodput', 'training', 'fraction', 1, (p) => p.run?.goodput),
  fig('spareServers', 'hot spare servers', 'plan', 'count', 0, (p) => p.plan.cluster.spareServers),
  fig('runCostUsd', 'run cost', 'training', 'usd', 1, (p) => p.run?.costUsd),
  fig(
    'outputTokensPerS',
    'output tokens/s',
    'service',
    'quantity',
    0,
    (p) => p.service?.outputTokensPerS,
  ),
  fig(
    'usdPerMillionOutputTokens',
    '$ per M output tokens',
    'service',
    'usd',
    2,
    (p) => p.service?.usdPerMillionOutputTokens,
  ),
  fig('samplesPerS', 'samples/s', 'service', 'quantity', 0, (p) => p.service?.samplesPerS),
  fig(
    'usdPerMillionSamples',
    '$ per M samples',
    'service',
    'usd',
    2,
    (p) => p.service?.usdPerMillionSamples,
  ),
  fig('itPowerMW', 'IT power MW', 'plan', 'quantity', 2, (p) => p.plan.facility?.itPowerMW),
  fig('pue', 'PUE', 'plan', 'quantity', 2, (p) => p.plan.facility?.pue),
  fig(
    'facilityPowerMW',
    'facility power MW',
    'plan',
    'quantity',
    2,
    (p) => p.plan.facility?.facilityPowerMW,
  ),
  fig('capexUsd', 'capex', 'plan', 'usd', 1, (p) => p.plan.cost?.capexUsd.total),
  fig('tcoUsd', 'TCO', 'plan', 'usd', 1, (p) => p.plan.cost?.tcoUsd),
  fig('usdPerGpuHour', '$ per GPU-hour', 'plan', 'usd', 2, (p) => p.plan.cost?.usdPerGpuHour),
  fig('npvUsd', 'NPV', 'plan', 'usd', 1, (p) => p.plan.cost?.investment?.npvUsd),
  fig(
    'firmNpvUsd',
    'NPV of the cash flows',
    'investment',
    'usd',
    1,
    (p) => p.plan.cost?.cashFlows?.firm.npvUsd,
  ),
  fig(
    'firmIrr',
    'project IRR',
    'investment',
    'fraction',
    1,
    (p) => p.plan.cost?.cashFlows?.firm.irr,
  ),
  fig(
    'paybackYears',
    'payback years',
    'investment',
    'quantity',
    1,
    (p) => p.plan.cost?.cashFlows?.firm.paybackYears,
  ),
  fig(
    'equityNpvUsd',
    'equity NPV',
    'investment',
    'usd',
    1,
    (p) => p.plan.cost?.cashFlows?.equity.npvUsd,
  ),
  fig(
    'equityIrr',
    'equity IRR',
    'investment',
    'fraction',
    1,
    (p) => p.plan.cost?.cashFlows?.equity.irr,
  ),
  fig(
    'peakEquityUsd',
    'peak equity in',
    'investment',
    'usd',
    1,
    (p) => p.plan.cost?.cashFlows?.equity.peakFundingUsd,
  ),
  fig(
    'energyMWhPerYear',
    'energy MWh/year',
    'plan',
    'quantity',
    0,
    (p) => p.plan.carbon?.energyMWhPerYear,
  ),
  fig(
    'tCO2ePerYear',
    'tCO2e/year (market)',
    'plan',
    'quantity',
    0,
    (p) => p.plan.carbon?.marketTCO2ePerYear,
  ),
  fig(
    'locationTCO2ePerYear',
    'tCO2e/year (location)',
    'plan',
    'quantity',
    0,
    (p) => p.plan.carbon?.operationalTCO2ePerYear,
  ),
  fig(
    'embodiedTCO2e',
    'embodied tCO2e',
    'plan',
    'quantity',
    0,
    (p) => p.plan.carbon?.embodiedTCO2e,
  ),
];

/** Every key figure's key, in order (the columns of a comparison). */
export const KEY_FIGURE_KEYS: readonly string[] = DEFINITIONS.map((d) => d.key);

/** The keys of one scope's figures, in order. */
export function keyFigureKeys(scope: FigureScope): string[] {
  return DEFINITIONS.filter((d) => d.scope === scope).map((d) => d.key);
}

/** The plan's key figures, in order; training and service figures from the first of each. */
export function keyFigures(plan: Plan): KeyFigure[] {
  const parts: PlanParts = { plan, run: firstRun(plan), service: firstService(plan) };
  return DEFINITIONS.map(({ of, ...d }) => {
    const value = of(parts);
    return { ...d, value: value !== undefined && Number.isFinite(value) ? value : undefined };
  });
}

function firstRun(plan: Plan): RunFigures | undefined {
  for (const w of plan.workloads) {
    const t = w.training ?? w.genericTraining;
    if (t) return { days: t.days, mfu: t.mfu, goodput: t.reliability?.goodput, costUsd: t.costUsd };
  }
  return undefined;
}

function firstService(plan: Plan): ServiceFigures | undefined {
  for (const w of plan.workloads) {
    if (w.inference) {
      const r = w.inference;
      return {
        outputTokensPerS: r.outputTokensPerS,
        ...(r.usdPerMillionOutputTokens !== undefined
          ? { usdPerMillionOutputTokens: r.usdPerMillionOutputTokens }
          : {}),
      };
    }
    if (w.genericInference) {
      const s = w.genericInference;
      return {
        samplesPerS: s.samplesPerS,
        ...(s.usdPerMillionSamples !== undefined
          ? { usdPerMillionSamples: s.usdPerMillionSamples }
          : {}),
      };
    }
  }
  return undefined;
}
