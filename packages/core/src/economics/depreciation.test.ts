import { describe, expect, it } from 'vitest';
import { depreciationByYear } from './depreciation.js';

describe('depreciation schedules, worked by hand', () => {
  it('straight line: $600,000 over 6 years is $100,000 a year', () => {
    expect(depreciationByYear(600_000, 6, 'straight-line')).toEqual(Array(6).fill(100_000));
  });

  it('a part year at the end: $110 over 5.5 years is 20 a year and 10 in the sixth', () => {
    const d = depreciationByYear(110, 5.5, 'straight-line');
    expect(d.slice(0, 5).every((x) => Math.abs(x - 20) < 1e-9)).toBe(true);
    expect(d[5]).toBeCloseTo(10, 9);
  });

  it('double declining balance over 5 years: 40%, 24%, 14.4%, then straight line 10.8%, 10.8%', () => {
    // Year 1: 2/5 of 100 = 40; year 2: 2/5 of 60 = 24; year 3: 2/5 of 36 = 14.4; year 4: 2/5 of
    // 21.6 = 8.64 < 21.6 / 2 remaining years = 10.8, so straight line: 10.8 and 10.8.
    const d = depreciationByYear(100, 5, 'declining-balance');
    [40, 24, 14.4, 10.8, 10.8].forEach((x, k) => expect(d[k]).toBeCloseTo(x, 9));
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
  });

  it('expensing writes the whole cost off in the first year; nothing to write off is empty', () => {
    expect(depreciationByYear(5000, 5, 'expensing')).toEqual([5000]);
    expect(depreciationByYear(0, 5, 'straight-line')).toEqual([]);
  });
});
