// A fleet's measured failure rate per 1,000 node-days with its exact Poisson interval, and the
// value a planner puts back into a scenario's `reliability.failuresPer1000NodeDays` (core's
// scenario key: a positive number; the catalog's default is the Meta RSC mean, 4.42).
import { FAILURE_RATES } from '@aidc/core';
import { poissonInterval } from './poisson-interval.js';

export interface FailureRate {
  readonly events: number;
  readonly nodeDays: number;
  /** events / nodeDays × 1000. */
  readonly per1000NodeDays: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/**
 * The rate of `incidents` (each a job-stopping node failure, as the catalog's rate counts them)
 * over the fleet's exposure in node-days.
 *
 * @example
 * measuredFailureRate(10, 2000) // 5 per 1,000 node-days, 90 % interval 2.71 … 8.48
 */
export function measuredFailureRate(
  incidents: number | readonly unknown[],
  nodeDays: number,
  confidence = 0.9,
): FailureRate {
  const events = typeof incidents === 'number' ? incidents : incidents.length;
  if (!(nodeDays > 0) || !Number.isFinite(nodeDays))
    throw new RangeError(`nodeDays is ${nodeDays}: expected a positive exposure`);
  const ci = poissonInterval(events, confidence);
  const scale = 1000 / nodeDays;
  return {
    events,
    nodeDays,
    per1000NodeDays: events * scale,
    lower: ci.lower * scale,
    upper: ci.upper * scale,
    confidence,
  };
}

export const FAILURE_RATE_SCENARIO_KEY = 'reliability.failuresPer1000NodeDays' as const;

export interface ScenarioFeedback {
  readonly key: typeof FAILURE_RATE_SCENARIO_KEY;
  /** What to write at the key (positive, as the scenario schema asks). */
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  /** The same as a scenario fragment to merge. */
  readonly scenario: { readonly reliability: { readonly failuresPer1000NodeDays: number } };
  /** The catalog's default the value replaces, and whether it lies inside the interval. */
  readonly catalogDefault: number;
  readonly catalogInside: boolean;
  readonly note: string;
}

/**
 * The failure rate a planner can put back into a scenario. With no failures observed the point
 * rate (0) is not a valid scenario value; the interval's upper bound, the rate the fleet's record
 * does not rule out, is given instead.
 *
 * @example
 * feedbackToScenario(measuredFailureRate(10, 2000)).scenario // { reliability: { failuresPer1000NodeDays: 5 } }
 */
export function feedbackToScenario(rate: FailureRate): ScenarioFeedback {
  const value = rate.events > 0 ? rate.per1000NodeDays : rate.upper;
  const catalogDefault = FAILURE_RATES.nodeFailuresPer1000NodeDays.value;
  const catalogInside = catalogDefault >= rate.lower && catalogDefault <= rate.upper;
  const pct = Math.round(rate.confidence * 100);
  const range = `${rate.lower.toFixed(2)}–${rate.upper.toFixed(2)}`;
  const note =
    rate.events === 0
      ? `no failures in ${rate.nodeDays} node-days: the ${pct} % upper bound ${rate.upper.toFixed(2)} is given, a conservative rate`
      : `${rate.events} failures in ${rate.nodeDays} node-days: ${rate.per1000NodeDays.toFixed(2)} per 1,000 node-days (${pct} % interval ${range}); the catalog's ${catalogDefault} is ${catalogInside ? 'inside the interval, so the fleet does not yet differ from it' : 'outside the interval: the fleet differs'}`;
  return {
    key: FAILURE_RATE_SCENARIO_KEY,
    value,
    lower: rate.lower,
    upper: rate.upper,
    confidence: rate.confidence,
    scenario: { reliability: { failuresPer1000NodeDays: value } },
    catalogDefault,
    catalogInside,
    note,
  };
}
