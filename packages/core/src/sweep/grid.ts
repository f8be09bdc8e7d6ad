// Sweeps: a grid of scenario variants from `--vary path=v1,v2,...` specifications, each applied to
// the raw scenario before validation, and the key figures of each plan as one flat row.
import { keyFigures } from '../key-figures.js';
import type { Plan } from '../plan-types.js';

export type PathStep = string | number;

export interface Vary {
  readonly spec: string;
  readonly path: readonly PathStep[];
  readonly values: readonly unknown[];
}

/** `workloads[0].parallelism.tp` -> ['workloads', 0, 'parallelism', 'tp']; undefined if malformed. */
export function parsePath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|(\.)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index !== last) return undefined;
    last = re.lastIndex;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
  }
  return last === text.length && steps.length > 0 && typeof steps[0] === 'string'
    ? steps
    : undefined;
}

/** A value as a scenario would hold it: number, boolean, or text. */
export function parseValue(text: string): unknown {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

export type VaryResult = { ok: true; vary: Vary } | { ok: false; message: string };

export function parseVary(spec: string): VaryResult {
  const eq = spec.indexOf('=');
  if (eq <= 0) return { ok: false, message: `--vary "${spec}": expected path=value1,value2,...` };
  const path = parsePath(spec.slice(0, eq).trim());
  if (!path) {
    return {
      ok: false,
      message: `--vary "${spec}": "${spec.slice(0, eq)}" is not a key path (e.g. cluster.gpus or workloads[0].precision)`,
    };
  }
  const values = spec
    .slice(eq + 1)
    .split(',')
    .filter((v) => v.trim() !== '')
    .map(parseValue);
  if (values.length === 0) return { ok: false, message: `--vary "${spec}": no values after "="` };
  return { ok: true, vary: { spec, path, values } };
}

/** Every combination of the varied values (the first --vary changes slowest). */
export function expandGrid(varies: readonly Vary[]): unknown[][] {
  return varies.reduce<unknown[][]>(
    (combos, v) => combos.flatMap((c) => v.values.map((value) => [...c, value])),
    [[]],
  );
}

/**
 * Why `path` cannot be varied in `input`, or undefined when it can: an index past the end of a
 * list (`workloads[5]` in a one-workload file) would pad the list with empty entries.
 */
export function varyPathProblem(input: unknown, path: readonly PathStep[]): string | undefined {
  let node: unknown = input;
  for (const [i, step] of path.entries()) {
    const where = path
      .slice(0, i)
      .map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? p : `.${p}`))
      .join('');
    if (typeof step === 'number') {
      if (!Array.isArray(node)) return `${where} is not a list`;
      if (step >= node.length)
        return `${where}[${step}] does not exist: the file has ${node.length} ${node.length === 1 ? 'entry' : 'entries'} (${where}[0]${node.length > 1 ? `..${where}[${node.length - 1}]` : ''})`;
    }
    if (node === null || typeof node !== 'object') return undefined; // created on the way
    node = (node as Record<PathStep, unknown>)[step];
  }
  return undefined;
}

/** A deep copy of `input` with `value` at `path`, creating mappings on the way. */
export function withValue(input: unknown, path: readonly PathStep[], value: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(input));
  let node = copy as Record<PathStep, unknown>;
  path.forEach((step, i) => {
    if (i === path.length - 1) {
      node[step] = value;
      return;
    }
    const next = node[step];
    if (next === null || typeof next !== 'object')
      node[step] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[step] as Record<PathStep, unknown>;
  });
  return copy;
}

/** The figures a sweep reports for one plan (first workload's; cluster-wide ones). */
export function sweepRow(plan: Plan): Record<string, number | string | boolean> {
  const w = plan.workloads[0];
  const t = w?.training;
  const r = w?.inference;
  const row: Record<string, number | string | boolean> = {
    feasible: plan.feasible,
    gpus: plan.cluster.gpus,
  };
  if (t) {
    Object.assign(row, {
      layout: `tp${t.parallelism.tp} pp${t.parallelism.pp} dp${t.parallelism.dp} cp${t.parallelism.cp}`,
      stepTimeS: t.stepTimeS,
      mfu: t.mfu,
      idealDays: t.idealDays,
      days: t.days,
      gpuHours: t.gpuHours,
      goodput: t.reliability?.goodput ?? 1,
      energyMWh: t.energyMWh ?? 0,
      tCO2e: t.tCO2e ?? 0,
      runCostUsd: t.costUsd ?? 0,
    });
  }
  const g = w?.genericTraining;
  if (g) {
    Object.assign(row, {
      layout: `dp${g.parallelism.dp} pp${g.parallelism.pp} mb${g.parallelism.microBatch}`,
      stepTimeS: g.stepTimeS,
      mfu: g.mfu,
      idealDays: g.idealDays,
      days: g.days,
      gpuHours: g.gpuHours,
      goodput: g.reliability?.goodput ?? 1,
      energyMWh: g.energyMWh ?? 0,
      tCO2e: g.tCO2e ?? 0,
      runCostUsd: g.costUsd ?? 0,
    });
  }
  if (r) {
    Object.assign(row, {
      layout: `tp${r.tp}${r.pp > 1 ? ` pp${r.pp}` : ''} x ${r.replicas}`,
      outputTokensPerS: r.outputTokensPerS,
      ttftMs: r.ttftMs,
      tpotMs: r.tpotMs,
      usdPerMillionOutputTokens: r.usdPerMillionOutputTokens ?? 0,
    });
  }
  const s = w?.genericInference;
  if (s) {
    Object.assign(row, {
      layout: `1 GPU x ${s.replicas} b${s.batchSize}`,
      samplesPerS: s.samplesPerS,
      samplesPerSPerGpu: s.samplesPerSPerGpu,
      batchSize: s.batchSize,
      latencyMs: s.latencyMs,
      mfu: s.mfu,
      usdPerMillionSamples: s.usdPerMillionSamples ?? 0,
    });
  }
  if (w?.infeasible) row['reason'] = w.infeasible.reason;
  // The plan as a whole: core's key figures (size, power, money, cash flows, carbon).
  for (const f of keyFigures(plan))
    if (
      (f.scope === 'plan' || f.scope === 'investment') &&
      f.value !== undefined &&
      !(f.key in row)
    )
      row[f.key] = f.value;
  return row;
}
