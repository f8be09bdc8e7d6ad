// Generic-network fidelity: MLPerf Training closed-division times to train (ResNet-50, BERT,
// DLRM-DCNv2) against the plan of the same system (validation/generic/expected.yaml): the
// plan's steady rate over the log's samples plus its evaluations' forward passes.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  EFFICIENCY,
  GENERIC_TRAINING,
  findFabric,
  formatIssue,
  genericForwardTime,
  isGenericTraining,
  parseScenario,
  planScenario,
  resolveGenericModel,
  resolveGpu,
} from '@aidc/core';
import type { Comparison } from './fidelity-lib.js';

export interface GenericCase {
  id: string;
  scenario: string;
  family: string;
  metric: 'timeToTrainS';
  value: number;
  evaluations: { count: number; samples: number };
  source: string;
}

export const GENERIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'generic');

export function loadGenericCases(dir = GENERIC_DIR): GenericCase[] {
  return parse(readFileSync(join(dir, 'expected.yaml'), 'utf8')) as GenericCase[];
}

/** Predicted seconds from run start to stop: training at the planned rate, then evaluations. */
export interface GenericPrediction {
  readonly trainS: number;
  readonly evaluationS: number;
  readonly totalS: number;
}

export function predictGenericCase(c: GenericCase, dir = GENERIC_DIR): GenericPrediction {
  const parsed = parseScenario(readFileSync(join(dir, c.scenario), 'utf8'));
  if (!parsed.ok)
    throw new Error(`${c.id}: ${parsed.issues.map((i) => formatIssue(i, c.scenario)).join('; ')}`);
  const plan = planScenario(parsed.scenario, { monteCarlo: false });
  const t = plan.workloads[0]?.genericTraining;
  const w = parsed.scenario.workloads[0];
  if (!t || !w || !isGenericTraining(w))
    throw new Error(
      `${c.id}: ${plan.workloads[0]?.infeasible?.reason ?? 'no generic training plan'}`,
    );
  const model = resolveGenericModel(w.model);
  const gpu = resolveGpu(parsed.scenario.cluster.gpu);
  if (!model || !gpu) throw new Error(`${c.id}: unknown model or GPU`);
  const fabric =
    parsed.scenario.cluster.fabric !== undefined
      ? findFabric(parsed.scenario.cluster.fabric)
      : undefined;
  const trainS = w.samples / t.samplesPerS;
  const oneEvaluationS = genericForwardTime({
    model,
    gpu,
    fabric,
    precision: w.precision,
    batch: c.evaluations.samples / t.gpus,
    gpus: t.gpus,
    efficiency: EFFICIENCY,
    constants: GENERIC_TRAINING,
  });
  const evaluationS = c.evaluations.count * oneEvaluationS;
  return { trainS, evaluationS, totalS: trainS + evaluationS };
}

export function genericComparisons(dir = GENERIC_DIR): Comparison[] {
  return loadGenericCases(dir).map((c) => {
    const predicted = predictGenericCase(c, dir).totalS;
    return {
      id: c.id,
      family: c.family,
      kind: 'whole-run',
      metric: c.metric,
      published: c.value,
      predicted,
      error: predicted / c.value - 1,
    };
  });
}
