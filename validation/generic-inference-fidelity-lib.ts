// Generic-network serving fidelity: MLPerf Inference v4.0 datacenter closed results (ResNet-50,
// BERT-99, DLRM-v2-99; Offline and Server) against the plan of the same system
// (validation/generic-inference/expected.yaml). Offline: the plan's samples/s on the GPUs.
// Server: the plan's per-GPU sustained rate at the log's p99 target, times the GPUs.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { formatIssue, parseScenario, planScenario } from '@aidc/core';
import type { Comparison } from './fidelity-lib.js';

export interface GenericInferenceCase {
  id: string;
  scenario: string;
  family: string;
  metric: 'samplesPerS';
  mode: 'offline' | 'server';
  gpus: number;
  value: number;
  /** aidc samples (user-item pairs) per MLPerf sample; 1 when absent. */
  itemsPerSample?: number;
  source: string;
}

export const GENERIC_INFERENCE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  'generic-inference',
);

export function loadGenericInferenceCases(dir = GENERIC_INFERENCE_DIR): GenericInferenceCase[] {
  return parse(readFileSync(join(dir, 'expected.yaml'), 'utf8')) as GenericInferenceCase[];
}

/** Predicted MLPerf samples/s of a case. */
export function predictGenericInferenceCase(
  c: GenericInferenceCase,
  dir = GENERIC_INFERENCE_DIR,
): number {
  const parsed = parseScenario(readFileSync(join(dir, c.scenario), 'utf8'));
  if (!parsed.ok)
    throw new Error(`${c.id}: ${parsed.issues.map((i) => formatIssue(i, c.scenario)).join('; ')}`);
  const plan = planScenario(parsed.scenario, { monteCarlo: false });
  const r = plan.workloads[0]?.genericInference;
  if (!r)
    throw new Error(
      `${c.id}: ${plan.workloads[0]?.infeasible?.reason ?? 'no generic inference plan'}`,
    );
  const items = c.itemsPerSample ?? 1;
  return (c.mode === 'offline' ? r.samplesPerS : r.samplesPerSPerGpu * c.gpus) / items;
}

export function genericInferenceComparisons(dir = GENERIC_INFERENCE_DIR): Comparison[] {
  return loadGenericInferenceCases(dir).map((c) => {
    const predicted = predictGenericInferenceCase(c, dir);
    return {
      id: c.id,
      family: c.family,
      kind: 'inference',
      metric: c.metric,
      published: c.value,
      predicted,
      error: predicted / c.value - 1,
    };
  });
}
