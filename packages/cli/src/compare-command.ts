// `aidc compare A.yaml B.yaml ...`: the key figures of each plan side by side, each later column
// marked with its difference from the first.
import { keyFigures as coreKeyFigures, type KeyFigure, type Plan } from '@aidc/core';
import { compact, csvLine } from './humanise.js';

export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: number | undefined;
  readonly text: string;
}

/** Compacted to k/M/B; a fraction too small to show two significant digits at `digits` keeps
 *  two (never "$0.00" or "$0.01" for a price of a cent or less). */
const num = (x: number, digits = 1) =>
  !Number.isInteger(x) && Math.abs(x) < 10 ** (1 - digits) ? x.toPrecision(2) : compact(x, digits);

/** A key figure as `plan --json` carries it (`value`: fractions stay fractions) and as the
 *  table shows it (`text`: fractions in percent). */
function shown(f: KeyFigure): Figure {
  const { key, label, value, unit, digits } = f;
  const text =
    value === undefined
      ? '-'
      : unit === 'usd'
        ? `${value < 0 ? '-' : ''}$${num(Math.abs(value), digits)}`
        : unit === 'fraction'
          ? `${num(value * 100, digits)}%`
          : num(value, digits);
  return { key, label, value, text };
}

/** The figures a planner compares: core's key figures, in its order. */
export function keyFigures(plan: Plan): Figure[] {
  return coreKeyFigures(plan).map(shown);
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
