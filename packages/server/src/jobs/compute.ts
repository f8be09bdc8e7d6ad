// What a job computes: a sweep's rows or a simulation's document, from the stored scenario text
// and the job's request. The same functions run in the server's own runner and, with a queue,
// on workers.
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import {
  parseScenario,
  parseVaries,
  planScenario,
  planVariant,
  prepareSweep,
  rowColumns,
  type SweepRow,
} from '@aidc/core';
import { simulatePlan, simulationJson } from '@aidc/sim';
import { z } from 'zod';

export const SweepRequest = z.strictObject({
  scenarioId: z.string().min(1),
  version: z.int().positive().optional(),
  vary: z
    .array(z.string().min(3).max(10_000))
    .min(1)
    .max(8)
    .describe('path=v1,v2,…, as `aidc sweep --vary`'),
  monteCarlo: z.boolean().optional().describe('run the reliability Monte Carlo for each variant'),
});
export type SweepRequest = z.infer<typeof SweepRequest>;

export const SimulationRequest = z.strictObject({
  scenarioId: z.string().min(1),
  version: z.int().positive().optional(),
  days: z.number().positive().max(3650).optional(),
  seed: z.int().nonnegative().optional(),
  policy: z.enum(['fifo', 'sjf', 'backfill']).optional(),
  traceText: z
    .string()
    .max(20_000_000)
    .optional()
    .describe("the trace file's text, when the scenario's simulation.jobs names a trace"),
});
export type SimulationRequest = z.infer<typeof SimulationRequest>;

/** The most variants one sweep may have (a sweep past this is several sweeps, or a queue). */
export const MAX_SWEEP_VARIANTS = 20_000;

export interface SweepOutcome {
  readonly columns: string[];
  readonly rows: SweepRow[];
  readonly failures: number;
}

/** A sweep's size, or why it cannot run (a bad --vary). */
export function sweepSize(yaml: string, request: SweepRequest): number {
  const parsed = parseVaries(request.vary);
  if (!parsed.ok) throw new RequestProblem(parsed.message);
  const size = prepareSweep(yaml, parsed.varies).size;
  if (size > MAX_SWEEP_VARIANTS)
    throw new RequestProblem(
      `the sweep has ${size} variants; at most ${MAX_SWEEP_VARIANTS} run as one job`,
    );
  return size;
}

/** A request that cannot run, with the reason for the caller (a 400). */
export class RequestProblem extends Error {}

/**
 * Plan every variant, yielding to the event loop between variants so that the server keeps
 * answering; `progress` after each, `cancelled` checked before each.
 */
export async function computeSweep(
  yaml: string,
  request: SweepRequest,
  hooks: { progress(done: number, total: number): void; cancelled(): boolean },
): Promise<SweepOutcome | 'cancelled'> {
  const parsed = parseVaries(request.vary);
  if (!parsed.ok) throw new RequestProblem(parsed.message);
  const sweep = prepareSweep(yaml, parsed.varies);
  const rows: SweepRow[] = [];
  let failures = 0;
  for (let n = 0; n < sweep.size; n++) {
    if (hooks.cancelled()) return 'cancelled';
    const r = planVariant(sweep, n, request.monteCarlo ?? false);
    if (r.failed) failures++;
    rows.push(r.row);
    hooks.progress(n + 1, sweep.size);
    await yieldToEvents();
  }
  return { columns: rowColumns(rows), rows, failures };
}

/** Why a scenario cannot be simulated by the service, or undefined if it can. */
export function simulationProblem(yaml: string, request: SimulationRequest): string | undefined {
  const parsed = parseScenario(yaml);
  if (!parsed.ok) return 'the scenario is not valid';
  const sim = parsed.scenario.simulation;
  if (!sim) return 'the scenario has no simulation section';
  if (sim.jobs && 'trace' in sim.jobs && request.traceText === undefined)
    return `the scenario's simulation reads the trace ${sim.jobs.trace}: send its text as traceText`;
  return undefined;
}

/** The simulation's JSON document, as `aidc simulate --json` prints it (without timing). */
export function computeSimulation(yaml: string, request: SimulationRequest): unknown {
  const parsed = parseScenario(yaml);
  if (!parsed.ok) throw new RequestProblem('the scenario is not valid');
  const plan = planScenario(parsed.scenario);
  const run = simulatePlan(plan, {
    traceText: request.traceText,
    days: request.days,
    seed: request.seed,
    policy: request.policy,
  });
  return simulationJson(run, undefined);
}
