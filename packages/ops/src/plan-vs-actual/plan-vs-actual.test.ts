import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Plan } from '@aidc/core';
import { feedbackToScenario, measuredFailureRate } from './failure-rate.js';
import { planVsActual } from './plan-vs-actual.js';
import { gammaP, lnGamma, poissonInterval } from './poisson-interval.js';

const planOf = (name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../../examples/expected/${name}.plan.json`, import.meta.url),
      'utf8',
    ),
  ) as Plan;

describe('poissonInterval', () => {
  // Exact Poisson limits (Gehrels 1986, ApJ 303:336, Tables 1 and 2, single-sided 0.95, which
  // bound the two-sided 90 % interval; the same as Garwood 1936).
  it.each([
    [0, 0, 2.996],
    [1, 0.0513, 4.744],
    [5, 1.97, 10.513],
    [10, 5.425, 16.962],
    [20, 13.255, 29.062],
  ])('%i events → [%f, %f] at 90 %%', (k, lower, upper) => {
    const ci = poissonInterval(k, 0.9);
    expect(ci.lower).toBeCloseTo(lower, 3);
    expect(ci.upper).toBeCloseTo(upper, 3);
  });

  it('gives the 95 % interval too (Garwood: 10 events → 4.795 … 18.390)', () => {
    const ci = poissonInterval(10, 0.95);
    expect(ci.lower).toBeCloseTo(4.795, 3);
    expect(ci.upper).toBeCloseTo(18.39, 2);
  });

  it('computes ln Γ and the incomplete gamma', () => {
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
  });

  it('rejects a fractional count', () => {
    expect(() => poissonInterval(2.5)).toThrow(RangeError);
  });
});

describe('measuredFailureRate and feedbackToScenario', () => {
  it('scales the interval to 1,000 node-days', () => {
    const rate = measuredFailureRate(10, 2000);
    expect(rate.per1000NodeDays).toBe(5);
    expect(rate.lower).toBeCloseTo(2.7127, 4);
    expect(rate.upper).toBeCloseTo(8.4811, 4);
    const back = feedbackToScenario(rate);
    expect(back.key).toBe('reliability.failuresPer1000NodeDays');
    expect(back.scenario).toEqual({ reliability: { failuresPer1000NodeDays: 5 } });
    // The catalog's 4.42 lies inside 2.71 … 8.48: the fleet does not yet differ.
    expect(back.catalogInside).toBe(true);
  });

  it('gives the upper bound when nothing failed', () => {
    const back = feedbackToScenario(measuredFailureRate([], 1000));
    expect(back.value).toBeCloseTo(2.996, 3);
    expect(back.value).toBeGreaterThan(0);
    expect(back.note).toMatch(/upper bound/);
  });

  it('rejects an exposure of no node-days', () => {
    expect(() => measuredFailureRate(1, 0)).toThrow(RangeError);
  });
});

describe('planVsActual', () => {
  const window = { windowStartMs: 1_700_000_000_000, windowEndMs: 1_700_086_400_000 };

  it('compares the 405B training plan with a measured window', () => {
    const rows = planVsActual(planOf('llama3.1-405b-16k-h100'), {
      ...window,
      itPowerKW: 16_000,
      gpuUtil: 0.93,
      tensorActive: 0.55,
      nodeDays: 2000,
      failures: 10,
      tokensPerS: 2_500_000,
    });
    const row = (f: string) => rows.find((r) => r.figure === f)!;
    // (25.1104 MW busy × 0.7 + 8.6994 MW idle × 0.3) / PUE 1.3 = 15,528.5 kW.
    expect(row('itPower').planned).toBeCloseTo(15_528.53, 1);
    expect(row('itPower').gap).toBeCloseTo(16_000 / 15_528.5274 - 1, 6);
    expect(row('gpuUtilisation').planned).toBe(0.7);
    expect(row('tensorActive').planned).toBeCloseTo(0.47348, 5);
    expect(row('tensorActive').gap).toBeCloseTo(0.55 / 0.4734757862 - 1, 6);
    expect(row('failureRate').planned).toBe(4.42);
    expect(row('failureRate').actual).toBe(5);
    expect(row('failureRate').interval!.upper).toBeCloseTo(8.4811, 4);
    expect(row('failureRate').note).toMatch(/inside/);
    // 3,040,940 tokens/s × goodput 0.8627 = 2,623,413 tokens/s on the wall clock.
    expect(row('throughput').planned).toBeCloseTo(2_623_412.76, 1);
    expect(row('throughput').gap).toBeCloseTo(2_500_000 / 2_623_412.7585 - 1, 6);
  });

  it('compares a serving plan by output tokens and has no MFU', () => {
    const rows = planVsActual(planOf('llama3.1-70b-chat-and-batch'), {
      ...window,
      itPowerKW: 20,
      gpuUtil: 0.6,
      tensorActive: 0.2,
      nodeDays: 120,
      failures: 0,
    });
    const row = (f: string) => rows.find((r) => r.figure === f)!;
    expect(row('tensorActive').planned).toBeNull();
    expect(row('tensorActive').gap).toBeNull();
    // The example's two services: 10,240 (chat) + 6,487.70 (batch) output tokens/s.
    expect(row('throughput').planned).toBeCloseTo(16_727.7, 1);
    expect(row('throughput').actual).toBeNull();
    expect(row('failureRate').interval!.upper).toBeCloseTo((2.9957 * 1000) / 120, 2);
  });

  it('rejects a window that ends before it starts or a utilisation above 1', () => {
    const plan = planOf('llama3.1-8b-small');
    const base = { itPowerKW: 1, gpuUtil: 0.5, tensorActive: 0.3, nodeDays: 1, failures: 0 };
    expect(() => planVsActual(plan, { ...base, windowStartMs: 10, windowEndMs: 5 })).toThrow(
      /window ends after it starts/,
    );
    expect(() => planVsActual(plan, { ...base, ...window, gpuUtil: 93 })).toThrow();
  });
});
