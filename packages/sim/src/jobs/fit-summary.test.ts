import { TRACE_SUMMARY_IDS } from '@aidc/core';
import { describe, expect, it } from 'vitest';
import { fitToSummary, TRACE_SUMMARIES } from './fit-summary.js';
import { syntheticJobs } from './synthetic.js';

const mean = (pairs: [number, number][]) => pairs.reduce((s, [g, p]) => s + g * p, 0);
const total = (pairs: [number, number][]) => pairs.reduce((s, [, p]) => s + p, 0);

describe('a synthetic mix fitted to a published trace summary', () => {
  it('knows the summaries the scenario schema offers', () => {
    expect([...TRACE_SUMMARIES].sort()).toEqual([...TRACE_SUMMARY_IDS].sort());
  });
  it("Philly: lognormal run times of Acme's median 874 s and mean 18,006 s", () => {
    const fit = fitToSummary('acme-philly');
    // sigma = sqrt(2 ln(18006.055 / 874)) = sqrt(2 x 3.02540) = 2.4598
    expect(fit.durationHours).toEqual({
      distribution: 'lognormal',
      median: 874 / 3600,
      sigma: expect.closeTo(2.4598, 4) as number,
    });
    // Sizes 1..128 GPUs with mean 1.928; 2/3 of the jobs on one GPU (median 1).
    expect(fit.gpus.map(([g]) => g)).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    expect(total(fit.gpus)).toBeCloseTo(1, 12);
    expect(mean(fit.gpus)).toBeCloseTo(1.928, 9);
    expect(fit.gpus[0]![1]).toBeCloseTo(0.666, 3);
  });
  it('Kalos: a mean of 26.8 GPUs with a median of 1 puts half the jobs on one GPU', () => {
    const fit = fitToSummary('acme-kalos');
    expect(fit.gpus[0]).toEqual([1, 0.5]);
    expect(fit.gpus.at(-1)![0]).toBe(1024);
    expect(mean(fit.gpus)).toBeCloseTo(26.77, 9);
    expect(total(fit.gpus)).toBeCloseTo(1, 12);
  });
  it('drawn, the jobs have the published median and mean run time', () => {
    const fit = fitToSummary('acme-seren');
    const jobs = syntheticJobs({ arrivalsPerDay: 20_000, ...fit }, 10 * 86_400, 1);
    const runs = jobs.map((j) => j.durationS).sort((a, b) => a - b);
    expect(runs[Math.floor(runs.length / 2)]! / 122).toBeCloseTo(1, 1);
    // The lognormal's mean converges slowly (sigma 2.2): within 15% at 200,000 draws.
    const m = runs.reduce((s, x) => s + x, 0) / runs.length;
    expect(Math.abs(m / 1414.335 - 1)).toBeLessThan(0.15);
    const sizes = jobs.reduce((s, j) => s + j.gpus, 0) / jobs.length;
    expect(Math.abs(sizes / 5.68 - 1)).toBeLessThan(0.05);
  });
});
