// A thread of `aidc worker`: runs the jobs its worker hands it (a sweep chunk's variants, a
// simulation) with core and sim, and answers with the rows or the document. The worker's main
// thread keeps the queue's locks alive meanwhile. It runs the built code (dist).
import { parentPort, workerData } from 'node:worker_threads';
import {
  parseScenario,
  parseVaries,
  planScenario,
  planVariant,
  prepareSweep,
  type Sweep,
  type SweepRow,
} from '@aidc/core';
import { simulatePlan, simulationJson } from '@aidc/sim';
import type { JobData } from './jobs.js';

export interface ThreadTask {
  readonly task: number;
  readonly data: JobData;
}

export type ThreadReply =
  | { readonly task: number; readonly progress: number }
  | { readonly task: number; readonly rows: SweepRow[]; readonly failures: number }
  | { readonly task: number; readonly document: unknown }
  | { readonly task: number; readonly aborted: true }
  | { readonly task: number; readonly error: string };

/** workerData: the task to stop, written by the main thread (0: none). */
export interface ThreadData {
  readonly abort: SharedArrayBuffer;
}

const port = parentPort;
if (!port) throw new Error('plan-thread runs as a worker thread of aidc worker');
const abort = new Int32Array((workerData as ThreadData).abort);

/** Prepared sweeps by id: a worker runs many chunks of the same sweep. */
const sweeps = new Map<string, Sweep>();
const PROGRESS_MS = 200;

function prepared(sweepId: string, yaml: string, vary: readonly string[]): Sweep {
  const known = sweeps.get(sweepId);
  if (known) return known;
  const varies = parseVaries(vary);
  if (!varies.ok) throw new Error(varies.message);
  const sweep = prepareSweep(yaml, varies.varies);
  if (sweeps.size >= 4) sweeps.delete(sweeps.keys().next().value as string);
  sweeps.set(sweepId, sweep);
  return sweep;
}

function run({ task, data }: ThreadTask): ThreadReply {
  if (data.kind === 'simulation') {
    const parsed = parseScenario(data.yaml);
    if (!parsed.ok) throw new Error('the scenario is not valid');
    const simulation = simulatePlan(planScenario(parsed.scenario), {
      traceText: data.traceText,
      days: data.days,
      seed: data.seed,
      policy: data.policy,
    });
    return { task, document: simulationJson(simulation, undefined) };
  }
  const sweep = prepared(data.sweepId, data.yaml, data.vary);
  if (data.end > sweep.size)
    throw new Error(`the sweep has ${sweep.size} variants, not ${data.end}`);
  const rows: SweepRow[] = [];
  let failures = 0;
  let reported = Date.now();
  for (let i = data.start; i < data.end; i++) {
    if (Atomics.load(abort, 0) === task) return { task, aborted: true };
    const r = planVariant(sweep, i, data.monteCarlo);
    if (r.failed) failures++;
    rows.push(r.row);
    if (Date.now() - reported >= PROGRESS_MS) {
      reported = Date.now();
      port?.postMessage({ task, progress: rows.length } satisfies ThreadReply);
    }
  }
  return { task, rows, failures };
}

port.on('message', (message: ThreadTask) => {
  let reply: ThreadReply;
  try {
    reply = run(message);
  } catch (error) {
    reply = { task: message.task, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
