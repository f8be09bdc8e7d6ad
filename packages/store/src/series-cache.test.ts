import { describe, expect, it } from 'vitest';
import { SeriesCache, seriesHash } from './series-cache.js';

describe('the series cache', () => {
  it('hashes a label set the same in any order, and differently when a value or name moves', () => {
    const h = seriesHash('m', { gpu: '0', Hostname: 'a' });
    expect(seriesHash('m', { Hostname: 'a', gpu: '0' })).toBe(h);
    expect(seriesHash('m', { gpu: '1', Hostname: 'a' })).not.toBe(h);
    expect(seriesHash('m', { gpu: 'a', Hostname: '0' })).not.toBe(h);
    expect(seriesHash('n', { gpu: '0', Hostname: 'a' })).not.toBe(h);
    expect(Number.isSafeInteger(h)).toBe(true);
  });

  it('never merges two series that share a hash', () => {
    const cache = new SeriesCache();
    const a = { gpu: '0' };
    const b = { gpu: '0', extra: 'x' };
    // The same key for both on purpose: the labels decide.
    cache.set('m', a, 42, 1);
    cache.set('m', b, 42, 2);
    cache.set('other', a, 42, 3);
    expect(cache.get('m', { gpu: '0' }, 42)).toBe(1);
    expect(cache.get('m', { extra: 'x', gpu: '0' }, 42)).toBe(2);
    expect(cache.get('other', { gpu: '0' }, 42)).toBe(3);
    expect(cache.get('m', { gpu: '1' }, 42)).toBeUndefined();
    expect(cache.get('m', {}, 42)).toBeUndefined();
    const more = new SeriesCache();
    more.set('m', { gpu: '9' }, 7, 4);
    cache.merge(more);
    expect([cache.get('m', { gpu: '9' }, 7), cache.size]).toEqual([4, 4]);
  });

  it('finds no collision among a 100,000-series fleet', () => {
    const seen = new Set<number>();
    for (let h = 0; h < 12_500; h++)
      for (let g = 0; g < 8; g++)
        seen.add(seriesHash('DCGM_FI_DEV_GPU_TEMP', { gpu: String(g), Hostname: `gpu-${h}` }));
    expect(seen.size).toBe(100_000);
  });
});
