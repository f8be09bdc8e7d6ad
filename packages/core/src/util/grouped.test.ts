import { describe, expect, it } from 'vitest';
import { grouped } from './grouped.js';

describe('grouped', () => {
  it('writes integers as en-US does', () => {
    for (const x of [0, 7, 999, 1000, 16_384, 98_304, 1_234_567, 12_345_678_901, -2_048, -5])
      expect(grouped(x)).toBe(x.toLocaleString('en-US'));
  });

  it('keeps at most three fraction digits by default, as toLocaleString, or those asked for', () => {
    expect(grouped(1234.5678)).toBe('1,234.568');
    expect(grouped(0.87)).toBe((0.87).toLocaleString('en-US'));
    expect(grouped(1234.5678, 0)).toBe('1,235');
    expect(grouped(1234.5678, 1)).toBe('1,234.6');
    expect(grouped(1234.5, 2)).toBe('1,234.5');
    expect(grouped(1234, 2)).toBe('1,234');
    expect(grouped(0.04, 1)).toBe('0');
    expect(grouped(-0.04, 1)).toBe((-0.04).toLocaleString('en-US', { maximumFractionDigits: 1 }));
    expect(grouped(-1234.56, 1)).toBe('-1,234.6');
  });

  it('agrees with toLocaleString over a spread of magnitudes', () => {
    let x = 0.37;
    for (let i = 0; i < 60 && x < Number.MAX_SAFE_INTEGER; i++, x *= 2.3) {
      expect(grouped(x, 0)).toBe(x.toLocaleString('en-US', { maximumFractionDigits: 0 }));
      expect(grouped(x, 1)).toBe(x.toLocaleString('en-US', { maximumFractionDigits: 1 }));
    }
  });

  it('past 2^53, en-US’s shortest digits', () => {
    expect(grouped(2 ** 60)).toBe((2 ** 60).toLocaleString('en-US'));
    expect(grouped(2 ** 60)).toBe('1,152,921,504,606,847,000');
  });

  it('leaves non-finite numbers as JavaScript writes them', () => {
    expect(grouped(Infinity)).toBe('Infinity');
    expect(grouped(Number.NaN)).toBe('NaN');
  });
});
