// Reliability fidelity: aidc's interruption model against published failure observations of
// large GPU clusters (the "kind": "reliability" records and the Llama 3 census).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dalyInterval,
  expectedWallTime,
  interruptionRates,
  parseScenario,
  planScenario,
} from '@aidc/core';
import type { Comparison } from './fidelity-lib.js';

const perDay = (gpus: number) =>
  Object.values(interruptionRates(gpus, 8)).reduce((a, b) => a + b, 0);
const mttfHours = (gpus: number) => 24 / perDay(gpus);

/**
 * Goodput (RSC's ETTR) of a job on `nodes` servers failing at `rf` per 1000 node-days, with
 * aidc's formula: Daly's optimal interval and expected wall time for a `writeMin` checkpoint and
 * a `restartMin` restart.
 */
function ettr(nodes: number, rf: number, writeMin: number, restartMin: number): number {
  const mtbfH = 24 / ((nodes * rf) / 1000);
  const writeH = writeMin / 60;
  const work = 1000;
  return work / expectedWallTime(work, dalyInterval(writeH, mtbfH), writeH, restartMin / 60, mtbfH);
}

/** The x in [lo, hi] where a monotone f crosses `target` (bisection). */
function solve(f: (x: number) => number, target: number, lo: number, hi: number): number {
  const rising = f(hi) > f(lo);
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target === rising) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Goodput aidc plans for Llama 3.1 405B on 16,384 H100 (the example scenario of that run). */
function llama3Goodput(): number {
  const here = dirname(fileURLToPath(import.meta.url));
  const file = join(here, '..', 'examples', 'llama3.1-405b-16k-h100.yaml');
  const parsed = parseScenario(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  const goodput = planScenario(parsed.scenario, { monteCarlo: false }).workloads[0]?.training
    ?.reliability?.goodput;
  if (goodput === undefined) throw new Error(`${file}: no goodput planned`);
  return goodput;
}

const row = (
  id: string,
  metric: string,
  published: number,
  predicted: number,
  bound?: 'lower',
): Comparison => ({
  id,
  family: 'reliability',
  kind: 'reliability',
  metric: bound ? `${metric} (published: a lower bound)` : metric,
  published,
  predicted,
  // Against a lower bound only a shortfall is an error.
  error: bound ? Math.min(0, predicted / published - 1) : predicted / published - 1,
});

/**
 * Meta RSC (Kokolis et al. 2024, record reliability-meta-rsc1-rsc2): job MTTF falls inversely
 * with job size, 47.7 days at 8 GPUs and 7.9 h at 1,024 measured. aidc scales with the job's
 * servers, and a one-server job has no scale-out fabric to lose (its MTTF is 1/0.9 of pure 1/N).
 * The paper's model, MTTF = 1/(nodes x r_f) with RSC-1's r_f, projects 1.8 h at 16,384 GPUs and
 * 0.23 h at 131,072; the same model gives 28.8 h at 1,024 GPUs, so the measured points imply
 * ~24 failures per 1000 node-days, 3.6x r_f, which the material within reach leaves
 * unexplained. The level rows stay here to show that gap; the ratio row tests the scaling.
 * RSC's ETTR model (same paper; its stated assumptions: 5-minute checkpoint writes and 5-minute
 * restarts) says a 12,000-GPU job reaches ETTR 0.9 only if r_f falls from 6.50 to about 1 per
 * 1000 node-days, or the checkpoint write falls to about 10 s (as read in a public digest of the
 * paper; "about" and "on the order of" are the paper's precision). aidc's goodput formula with
 * the same inputs is solved for each.
 * Llama 3 405B (Dubey et al. 2024, Sec. 3.3.4): 419 unexpected interruptions in 54 days on
 * 16,384 H100, and "higher than 90% effective training time" (a lower bound, compared as 0.90
 * with aidc's goodput for the same run, examples/llama3.1-405b-16k-h100.yaml).
 * Acme: infrastructure failures counted against the clusters' GPU-hours.
 */
export function reliabilityComparisons(): Comparison[] {
  return [
    row(
      'rsc:mttf-8-over-1024-gpus',
      'mttfRatio',
      (47.7 * 24) / 7.9,
      mttfHours(8) / mttfHours(1024),
    ),
    row('rsc:mttf-1024-gpus', 'mttfHours', 7.9, mttfHours(1024)),
    row('rsc:mttf-8-gpus', 'mttfHours', 47.7 * 24, mttfHours(8)),
    row('rsc:projected-mttf-16384-gpus', 'mttfHours', 1.8, mttfHours(16_384)),
    row('rsc:projected-mttf-131072-gpus', 'mttfHours', 0.23, mttfHours(131_072)),
    row(
      'rsc:rf-for-ettr-0.9-at-12000-gpus',
      'failuresPer1000NodeDays',
      1,
      solve((rf) => ettr(1500, rf, 5, 5), 0.9, 0.01, 10),
    ),
    row(
      'rsc:checkpoint-write-for-ettr-0.9-at-12000-gpus',
      'writeSeconds',
      10,
      60 * solve((writeMin) => ettr(1500, 6.5, writeMin, 5), 0.9, 1e-4, 5),
    ),
    row('llama3-405b:effective-training-time', 'goodput', 0.9, llama3Goodput(), 'lower'),
    row('llama3-405b:unexpected-interruptions-54-days', 'interruptions', 419, perDay(16_384) * 54),
    // Acme (Hu et al. NSDI'24, Table 3 as transcribed in reading notes): 281 infrastructure failures
    // over Seren + Kalos in six months; the clusters' GPU time from the authors' trace summary
    // (../shared/traces/acme/cluster_summary.csv: 21.51e9 + 5.33e9 GPU-seconds).
    row(
      'acme:infrastructure-failures-6-months',
      'failures',
      281,
      // Per GPU-hour of a multi-server job: pre-training, 69.5% and 94% of the two clusters' GPU
      // time, spans many servers, and single-server jobs do not see fabric failures.
      (perDay(1024) / 1024 / 24) * ((21.51e9 + 5.333e9) / 3600),
    ),
  ];
}
