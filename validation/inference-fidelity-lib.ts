// Inference fidelity: plan each published serving benchmark's scenario and compare the plan's
// throughput field with the published figure (validation/inference). A case the planner cannot
// express (the scenario does not validate, or the plan says the workload is infeasible) is still
// a row: its `notExpressible` names the first error (the metric column prints it), and
// fidelity-lib's per-family summary counts it as not expressed.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  formatIssue,
  parseScenario,
  planScenario,
  type InferenceResult,
  type ScenarioIssue,
} from '@aidc/core';
import type { Comparison } from './fidelity-lib.js';

export interface InferenceExpected {
  id: string;
  record: string;
  scenario: string;
  workload: string;
  family: string;
  metric: 'maxOutputTokensPerS' | 'capacityOutputTokensPerS';
  value: number;
  /** The record's source line (repository, path, commit, table), for the newer records. */
  source?: string;
}

/** A comparison row; `notExpressible` (with NaN predicted and error) when aidc cannot plan it. */
export type InferenceRow = Comparison;

export const INFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'inference');

export function loadInferenceCases(dir = INFERENCE_DIR): InferenceExpected[] {
  return parse(readFileSync(join(dir, 'expected.yaml'), 'utf8')) as InferenceExpected[];
}

type Planned =
  | { readonly ok: true; readonly plan: ReturnType<typeof planScenario> }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[]; readonly text: string };

const plans = new Map<string, Planned>();

function planFor(file: string): Planned {
  const cached = plans.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8');
  const parsed = parseScenario(text);
  const planned: Planned = parsed.ok
    ? { ok: true, plan: planScenario(parsed.scenario) }
    : { ok: false, issues: parsed.issues, text };
  plans.set(file, planned);
  return planned;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, '; ');

/** The first issue about this workload (by its index in the file), else the file's first. */
function firstIssue(p: Extract<Planned, { ok: false }>, file: string, workload: string): string {
  let index = -1;
  try {
    const raw = parse(p.text) as { workloads?: { name?: unknown }[] } | null;
    index = raw?.workloads?.findIndex((w) => w?.name === workload) ?? -1;
  } catch {
    // a syntax error: the file's first issue says where
  }
  const own = p.issues.find((i) => i.path[0] === 'workloads' && i.path[1] === index);
  const issue = own ?? p.issues[0];
  if (!issue) return 'the scenario does not validate';
  // The hint (often the whole list of known ids) stays in `aidc check`'s output.
  const text = formatIssue(issue, basename(file)).split('\n');
  return oneLine(text.filter((l) => !l.trimStart().startsWith('hint:')).join('\n'));
}

export function predictInference(r: InferenceResult, metric: InferenceExpected['metric']): number {
  return metric === 'maxOutputTokensPerS' ? r.maxOutputTokensPerS : r.capacityOutputTokensPerS;
}

function notExpressible(c: InferenceExpected, why: string): InferenceRow {
  return {
    id: c.id,
    family: c.family,
    kind: 'inference',
    // The row prints its reason where a planned row prints its metric.
    metric: `not expressible: ${why}`,
    published: c.value,
    predicted: Number.NaN,
    error: Number.NaN,
    notExpressible: why,
  };
}

export function runInferenceCase(c: InferenceExpected, dir = INFERENCE_DIR): InferenceRow {
  const file = join(dir, c.scenario);
  let planned: Planned;
  try {
    planned = planFor(file);
  } catch (e) {
    return notExpressible(c, `error: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!planned.ok) return notExpressible(c, firstIssue(planned, file, c.workload));
  const workload = planned.plan.workloads.find((w) => w.name === c.workload);
  if (!workload) return notExpressible(c, `no workload ${c.workload} in ${c.scenario}`);
  const result = workload.inference;
  if (!result) {
    const why = workload.infeasible
      ? `infeasible: ${oneLine(workload.infeasible.reason)}`
      : 'no inference result';
    return notExpressible(c, why);
  }
  const predicted = predictInference(result, c.metric);
  return {
    id: c.id,
    family: c.family,
    kind: 'inference',
    metric: c.metric,
    published: c.value,
    predicted,
    error: predicted / c.value - 1,
  };
}

export function inferenceRows(dir = INFERENCE_DIR): InferenceRow[] {
  return loadInferenceCases(dir).map((c) => runInferenceCase(c, dir));
}
