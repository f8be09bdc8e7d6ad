// The fewest GPUs (in whole servers) on which a generic network's training finishes by its
// deadline, interruptions included when a wall-time model is given; else the fastest size.
import type { GenericTrainingOutcome } from './plan-generic-training.js';

export interface GenericSized {
  readonly gpus: number;
  readonly days: number;
  readonly meetsDeadline: boolean;
}

/** Server counts made of the factors 2 and 3 (the counts a batch's data parallelism divides),
 *  smallest first, up to `maxServers`. */
export function smoothServerCounts(maxServers: number): number[] {
  const out: number[] = [];
  for (let a = 1; a <= maxServers; a *= 2) for (let b = a; b <= maxServers; b *= 3) out.push(b);
  return out.sort((x, y) => x - y);
}

export function sizeGenericForDeadline(
  plan: (gpus: number) => GenericTrainingOutcome,
  deadlineDays: number,
  gpusPerServer: number,
  wallDays: (gpus: number, idealDays: number) => number = (_, d) => d,
  maxGpus = 65_536,
): GenericSized | undefined {
  let fastest: GenericSized | undefined;
  for (const servers of smoothServerCounts(Math.floor(maxGpus / gpusPerServer))) {
    const gpus = servers * gpusPerServer;
    const outcome = plan(gpus);
    if (!outcome.ok) continue;
    const days = wallDays(gpus, outcome.result.idealDays);
    if (days <= deadlineDays) return { gpus, days, meetsDeadline: true };
    if (!fastest || days < fastest.days) fastest = { gpus, days, meetsDeadline: false };
  }
  return fastest;
}
