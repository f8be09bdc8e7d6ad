// Power capping by throttling (`powerCapPolicy: throttle`): when the cluster's draw would exceed
// the facility's cap, every busy GPU is capped to the share of its full draw that fits, and the
// jobs run at the throughput a measured curve gives for that share. Below the curve's lowest
// point a GPU is not capped further: work beyond it waits for headroom, as under `defer`.
import { WHOLE } from './cluster/allocation.js';

/** A GPU's draw as a share of its uncapped draw, and its throughput as a share of uncapped. */
export interface ThroughputPoint {
  readonly powerFraction: number;
  readonly throughput: number;
}

/** Throughput at draw share `fraction`: linear between the curve's points (lowest draw first),
 *  1 at or above the top point, the lowest point's below it. */
export function throughputAt(curve: readonly ThroughputPoint[], fraction: number): number {
  const first = curve[0];
  const top = curve[curve.length - 1];
  if (!first || !top) throw new Error('the throughput curve has no points');
  if (fraction >= top.powerFraction) return Math.min(1, top.throughput);
  if (fraction <= first.powerFraction) return first.throughput;
  let lo = first;
  for (const hi of curve) {
    if (hi.powerFraction >= fraction) {
      const t = (fraction - lo.powerFraction) / (hi.powerFraction - lo.powerFraction);
      return lo.throughput + t * (hi.throughput - lo.throughput);
    }
    lo = hi;
  }
  return top.throughput;
}

export interface ThrottleLimits {
  /** The lowest share of its full draw a busy GPU is capped to (the curve's floor, and never
   *  below the idle draw). */
  readonly floorFraction: number;
  /** The most GPU capacity (thousandths of a GPU) that may be busy, every busy GPU at the floor. */
  readonly maxBusyMilli: number;
}

/** The floor and the most busy capacity a cap of `capKW` allows when busy GPUs are throttled. */
export function throttleLimits(
  curve: readonly ThroughputPoint[],
  capKW: number,
  totalGpus: number,
  busyKWPerGpu: number,
  idleKWPerGpu: number,
): ThrottleLimits {
  const first = curve[0];
  if (!first) throw new Error('the throughput curve has no points');
  const floorFraction = Math.min(1, Math.max(first.powerFraction, idleKWPerGpu / busyKWPerGpu));
  const floorKW = floorFraction * busyKWPerGpu;
  const maxBusyMilli =
    floorKW <= idleKWPerGpu
      ? Infinity
      : Math.floor(((capKW - totalGpus * idleKWPerGpu) / (floorKW - idleKWPerGpu)) * WHOLE + 1e-6);
  return { floorFraction, maxBusyMilli };
}

/** The share of its full draw each of `busyGpus` busy GPUs may draw so that the cluster stays
 *  within `capKW` (1 when the uncapped draw fits). */
export function throttledFraction(
  capKW: number,
  totalGpus: number,
  busyGpus: number,
  busyKWPerGpu: number,
  idleKWPerGpu: number,
): number {
  if (busyGpus <= 0) return 1;
  const idleKW = (totalGpus - busyGpus) * idleKWPerGpu;
  const uncappedKW = busyGpus * busyKWPerGpu + idleKW;
  if (uncappedKW <= capKW) return 1;
  return Math.max(0, (capKW - idleKW) / (busyGpus * busyKWPerGpu));
}
