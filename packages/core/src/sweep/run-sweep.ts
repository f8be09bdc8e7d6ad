// Running a sweep: every combination of the varied values planned in grid order, one variant
// at a time (shells choose threads, queues or an event loop around `planVariant`).
import { parse } from 'yaml';
import { keyFigureKeys } from '../key-figures.js';
import { looksGeneric } from '../scenario/generic-issues.js';
import { formatIssue } from '../scenario/issues.js';
import { investmentKeys, wantsInvestmentCase } from '../scenario/investment-schema.js';
import { BUILT_IN_CATALOGS, type Catalogs } from '../catalog/catalogs.js';
import { parseScenario } from '../scenario/parse.js';
import { planScenario } from '../plan.js';
import type { Scenario } from '../scenario/schema.js';
import { parseVary, sweepRow, varyPathProblem, withValue, type Vary } from './grid.js';

export type SweepCell = number | string | boolean;
export type SweepRow = Record<string, SweepCell>;

export interface SweepResult {
  readonly columns: readonly string[];
  readonly rows: readonly SweepRow[];
  readonly failures: number;
}

export type VaryParse = { ok: true; varies: Vary[] } | { ok: false; message: string };

export function parseVaries(specs: readonly string[]): VaryParse {
  const varies: Vary[] = [];
  for (const spec of specs) {
    const r = parseVary(spec);
    if (!r.ok) return r;
    varies.push(r.vary);
  }
  return { ok: true, varies };
}

/** A --vary path the scenario cannot take, or a bad --jobs (a usage error, exit 2). */
export class VaryError extends Error {}

/** A sweep ready to run: the raw base scenario, the varied paths and the number of variants. */
export interface Sweep {
  readonly base: unknown;
  readonly varies: readonly Vary[];
  readonly size: number;
  /** The catalogs every variant is parsed and planned with (absent: the built-in ones). */
  readonly catalogs?: Catalogs;
}

/** The base scenario text parsed and every --vary path checked against it; the variants are
 *  planned with `catalogs` when given (a caller's own entries), else the built-in ones. */
export function prepareSweep(text: string, varies: readonly Vary[], catalogs?: Catalogs): Sweep {
  const base: unknown = parse(text);
  for (const v of varies) {
    const problem = varyPathProblem(base, v.path);
    if (problem) throw new VaryError(`--vary "${v.spec}": ${problem}`);
  }
  const size = varies.reduce((n, v) => n * v.values.length, 1);
  return { base, varies, size, ...(catalogs ? { catalogs } : {}) };
}

/**
 * The values of variant `index` in grid order (the first --vary changes slowest, as
 * `expandGrid`), computed from the index so that no grid is held in memory.
 */
export function gridValues(varies: readonly Vary[], index: number): unknown[] {
  const values: unknown[] = [];
  let rest = index;
  for (const { values: choices } of [...varies].reverse()) {
    values.unshift(choices[rest % choices.length]);
    rest = Math.floor(rest / choices.length);
  }
  return values;
}

const varyKey = (v: Vary): string => v.spec.slice(0, v.spec.indexOf('='));

/** Variant `index`: its varied values as the start of its row, and its scenario or, when the
 *  values make it invalid, the first problem in one line. */
export function variantScenario(
  sweep: Sweep,
  index: number,
): { row: SweepRow; scenario: Scenario } | { row: SweepRow; invalid: string } {
  const values = gridValues(sweep.varies, index);
  let input = sweep.base;
  sweep.varies.forEach((v, i) => (input = withValue(input, v.path, values[i])));
  const row: SweepRow = {};
  sweep.varies.forEach((v, i) => (row[varyKey(v)] = values[i] as SweepCell));
  const parsed = parseScenario(JSON.stringify(input), sweep.catalogs);
  if (parsed.ok) return { row, scenario: parsed.scenario };
  const first = parsed.issues[0];
  const invalid = first
    ? formatIssue(first, 'variant')
        .replace(/^variant(:\d+:\d+)?: /, '')
        .split('\n')
        .map((l) => l.trim())
        .join('; ')
    : 'invalid';
  return { row, invalid };
}

/** One variant planned: its row (the varied values, then the plan's figures or why it is invalid). */
export function planVariant(
  sweep: Sweep,
  index: number,
  monteCarlo: boolean,
): { row: SweepRow; failed: boolean } {
  const variant = variantScenario(sweep, index);
  if ('invalid' in variant)
    return { row: { ...variant.row, feasible: false, reason: variant.invalid }, failed: true };
  const plan = planScenario(variant.scenario, sweep.catalogs ?? BUILT_IN_CATALOGS, { monteCarlo });
  return { row: { ...variant.row, ...sweepRow(plan) }, failed: !plan.feasible };
}

/**
 * Plan each variant of the scenario text in this thread and hold every row. Invalid variants
 * become rows with the first problem; `onProgress(done, total)` is called after each plan.
 */
export function runSweep(
  text: string,
  varies: readonly Vary[],
  options: { monteCarlo?: boolean; onProgress?: (done: number, total: number) => void } = {},
): SweepResult {
  const sweep = prepareSweep(text, varies);
  const rows: SweepRow[] = [];
  let failures = 0;
  for (let n = 0; n < sweep.size; n++) {
    const r = planVariant(sweep, n, options.monteCarlo ?? false);
    if (r.failed) failures++;
    rows.push(r.row);
    options.onProgress?.(n + 1, sweep.size);
  }
  return { columns: rowColumns(rows), rows, failures };
}

/** Every key of the rows, in order of first appearance. */
export function rowColumns(rows: readonly SweepRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

const TRAINING_COLUMNS = [
  'stepTimeS',
  'mfu',
  'idealDays',
  'days',
  'gpuHours',
  'goodput',
  'energyMWh',
  'tCO2e',
  'runCostUsd',
];
const INFERENCE_COLUMNS = ['outputTokensPerS', 'ttftMs', 'tpotMs', 'usdPerMillionOutputTokens'];
/** A generic (non-LLM) network's serving: samples, not tokens. */
const GENERIC_INFERENCE_COLUMNS = [
  'samplesPerS',
  'samplesPerSPerGpu',
  'batchSize',
  'latencyMs',
  'mfu',
  'usdPerMillionSamples',
];
/** The plan as a whole: why it is infeasible, then core's key figures of the plan. */
const PLAN_COLUMNS = ['reason', ...keyFigureKeys('plan').filter((k) => k !== 'gpus')];
/** The investment case's figures, when the base scenario asks for the case. */
const INVESTMENT_COLUMNS = keyFigureKeys('investment');

/**
 * The columns of a streamed sweep, known before any plan: the varied keys, then every figure a
 * sweep reports for the first workload's type (both types when a --vary changes it), in a fixed
 * order; a plan without a figure leaves its cell empty.
 */
export function sweepColumns(sweep: Sweep): string[] {
  const first = (sweep.base as { workloads?: { type?: unknown }[] } | null)?.workloads?.[0];
  const economics = ((sweep.base as { economics?: unknown } | null)?.economics ?? {}) as Parameters<
    typeof wantsInvestmentCase
  >[0];
  const types = new Set<unknown>([first?.type]);
  // Whether the first workload is an LLM or a generic network, each way a --vary of its model
  // can take it.
  const kinds = new Set<boolean>([first ? looksGeneric(first) : false]);
  for (const v of sweep.varies) {
    if (v.path.length !== 3 || v.path[0] !== 'workloads' || v.path[1] !== 0) continue;
    if (v.path[2] === 'type') for (const t of v.values) types.add(t);
    if (v.path[2] === 'model')
      for (const m of v.values) kinds.add(looksGeneric({ ...first, model: m }));
  }
  return [
    ...new Set([
      ...sweep.varies.map(varyKey),
      'feasible',
      'gpus',
      'layout',
      ...(types.has('training') ? TRAINING_COLUMNS : []),
      ...(types.has('inference') && kinds.has(false) ? INFERENCE_COLUMNS : []),
      ...(types.has('inference') && kinds.has(true) ? GENERIC_INFERENCE_COLUMNS : []),
      ...PLAN_COLUMNS,
      ...(wantsInvestmentCase(economics) ||
      sweep.varies.some((v) => v.path[0] === 'economics' && String(v.path[1]) in investmentKeys)
        ? INVESTMENT_COLUMNS
        : []),
    ]),
  ];
}
