// `aidc compare A.yaml B.yaml ...`: the key figures of each plan side by side, each later column
// marked with its difference from the first.
import type { Plan } from '@aidc/core';
import { compact, csvLine } from './humanise.js';

export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: number | undefined;
  readonly text: string;
}

const num = (x: number, digits = 1) => compact(x, digits);

/** A figure as `plan --json` carries it (`value`: fractions stay fractions) and as the table
 *  shows it (`text`: fractions in percent). */
function figure(
  key: string,
  label: string,
  value: number | undefined,
  unit = '',
  digits = 1,
): Figure {
  const text =
    value === undefined
      ? '-'
      : unit === '$'
        ? `${value < 0 ? '-' : ''}$${num(Math.abs(value), digits)}`
        : unit === '%'
          ? `${num(value * 100, digits)}%`
          : `${num(value, digits)}${unit}`;
  return { key, label, value, text };
}

/** The figures a planner compares, in a fixed order (training and inference from the first of each). */
export function keyFigures(plan: Plan): Figure[] {
  const t = plan.workloads.find((w) => w.training)?.training;
  const r = plan.workloads.find((w) => w.inference)?.inference;
  const f = plan.facility;
  const c = plan.cost;
  const k = plan.carbon;
  return [
    figure('gpus', 'GPUs', plan.cluster.gpus, '', 0),
    figure('servers', 'servers', plan.cluster.servers, '', 0),
    figure('racks', 'racks', plan.cluster.racks, '', 0),
    figure('trainingDays', 'training days', t?.days),
    figure('mfu', 'MFU', t?.mfu, '%'),
    figure('goodput', 'goodput', t?.reliability?.goodput, '%'),
    figure('spareServers', 'hot spare servers', plan.cluster.spareServers, '', 0),
    figure('runCostUsd', 'run cost', t?.costUsd, '$'),
    figure('outputTokensPerS', 'output tokens/s', r?.outputTokensPerS, '', 0),
    figure(
      'usdPerMillionOutputTokens',
      '$ per M output tokens',
      r?.usdPerMillionOutputTokens,
      '$',
      2,
    ),
    figure('itPowerMW', 'IT power MW', f?.itPowerMW, '', 2),
    figure('pue', 'PUE', f?.pue, '', 2),
    figure('facilityPowerMW', 'facility power MW', f?.facilityPowerMW, '', 2),
    figure('capexUsd', 'capex', c?.capexUsd.total, '$'),
    figure('tcoUsd', 'TCO', c?.tcoUsd, '$'),
    figure('usdPerGpuHour', '$ per GPU-hour', c?.usdPerGpuHour, '$', 2),
    figure('npvUsd', 'NPV', c?.investment?.npvUsd, '$'),
    figure('firmNpvUsd', 'NPV of the cash flows', c?.cashFlows?.firm.npvUsd, '$'),
    figure('firmIrr', 'project IRR', c?.cashFlows?.firm.irr, '%'),
    figure('equityNpvUsd', 'equity NPV', c?.cashFlows?.equity.npvUsd, '$'),
    figure('equityIrr', 'equity IRR', c?.cashFlows?.equity.irr, '%'),
    figure('peakEquityUsd', 'peak equity in', c?.cashFlows?.equity.peakFundingUsd, '$'),
    figure('energyMWhPerYear', 'energy MWh/year', k?.energyMWhPerYear, '', 0),
    figure('tCO2ePerYear', 'tCO2e/year (market)', k?.marketTCO2ePerYear, '', 0),
    figure('embodiedTCO2e', 'embodied tCO2e', k?.embodiedTCO2e, '', 0),
  ];
}

export interface Comparison {
  readonly files: readonly string[];
  readonly rows: readonly {
    key: string;
    label: string;
    values: (number | undefined)[];
    texts: string[];
  }[];
}

export function comparePlans(plans: readonly { file: string; plan: Plan }[]): Comparison {
  const all = plans.map((p) => keyFigures(p.plan));
  const first = all[0] ?? [];
  const rows = first
    .map((f, i) => ({
      key: f.key,
      label: f.label,
      values: all.map((figs) => figs[i]?.value),
      texts: all.map((figs) => figs[i]?.text ?? '-'),
    }))
    .filter((row) => row.values.some((v) => v !== undefined));
  return { files: plans.map((p) => p.file), rows };
}

/** "+12.3%" against the first column, or '' when equal or not comparable. */
export function difference(base: number | undefined, value: number | undefined): string {
  if (base === undefined || value === undefined || base === value) return '';
  if (base === 0) return 'new';
  const d = (value / base - 1) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)}%`;
}

export function comparisonCsv(c: Comparison): string {
  const lines = [csvLine(['figure', ...c.files])];
  for (const r of c.rows) {
    lines.push(csvLine([r.key, ...r.values.map((v) => (v === undefined ? '' : String(v)))]));
  }
  return lines.join('\n') + '\n';
}
