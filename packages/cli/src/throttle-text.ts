// What a throttling power cap did to a simulated run, in words (the terminal summary and the
// HTML report).
import type { PlanSimulation } from '@aidc/sim';

export type PowerThrottle = NonNullable<PlanSimulation['result']['powerThrottle']>;

/** What a throttling cap did: how long and how far it capped the GPUs, and when work waited. */
export function throttleText(t: PowerThrottle): string {
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  if (t.throttledHours === 0) return 'GPUs are throttled beyond it; the draw never reached it';
  return `GPUs throttled beyond it for ${t.throttledHours.toFixed(1)} h, down to ${pct(t.lowestPowerFraction)} of their draw, mean throughput ${t.meanThroughputFactor.toFixed(3)}; below ${pct(t.floorPowerFraction)} (throughput ${t.floorThroughput.toFixed(2)}) work waits instead (${t.deferringHours.toFixed(1)} h with no room for more)`;
}
