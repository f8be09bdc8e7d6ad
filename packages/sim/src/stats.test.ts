import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';
import { distribution, quantile } from './stats.js';

describe('distribution', () => {
  it('gives the type-7 quantiles of a full sort', () => {
    const random = seededRandom(3);
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      const values = Array.from({ length: n }, () => Math.floor(random() * 50));
      const sorted = Float64Array.from(values).sort();
      const d = distribution(values);
      expect(d.p50).toBe(quantile(sorted, 0.5));
      expect(d.p90).toBe(quantile(sorted, 0.9));
      expect(d.p99).toBe(quantile(sorted, 0.99));
      expect(d.mean).toBeCloseTo(values.reduce((s, v) => s + v, 0) / n, 9);
    }
  });
  it('interpolates: 1..4 has median 2.5', () => {
    expect(distribution([4, 1, 3, 2]).p50).toBe(2.5);
  });
});
