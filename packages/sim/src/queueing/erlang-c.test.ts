import { describe, expect, it } from 'vitest';
import { erlangC, erlangCMeanWait } from './erlang-c.js';
import { runMmc } from './mmc-run.js';

describe('Erlang C', () => {
  it('matches the M/M/1 closed form: P(wait) = rho, Wq = rho / (mu - lambda)', () => {
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 12);
    expect(erlangCMeanWait(1, 0.8, 1)).toBeCloseTo(4, 12);
  });
  it('matches the M/M/2 closed form: C(2, a) = a^2 / (2 + a)', () => {
    // With two servers: C = (a^2/2 * 2/(2-a)) / (1 + a + a^2/2 * 2/(2-a)) = a^2 / (2 + a).
    expect(erlangC(2, 1.2)).toBeCloseTo(1.44 / 3.2, 12);
  });
  it('stays finite for large clusters', () => {
    const p = erlangC(10_000, 9_900);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });
  it('rejects a load at or above the servers', () => {
    expect(() => erlangC(4, 4)).toThrow(/offered load/);
  });
});

// Single-GPU jobs, Poisson arrivals, exponential run times, FIFO on c GPUs: an M/M/c queue.
const GPUS = 4;
const mmc = (load: number, jobsPerRun: number, seed: number) => {
  const run = runMmc(GPUS, load, jobsPerRun, seed);
  return { ...run, erlangWaitS: run.nominalWaitS };
};

describe('the simulator as an M/M/c queue (FIFO, one-GPU jobs)', () => {
  it('load 0.5: mean wait within 3% of Erlang C, utilisation the offered load', () => {
    const { result, erlangWaitS } = mmc(0.5, 2_000_000, 11);
    // C(4, 2) = 4/23 (1 + 2 + 2 + 4/3 below, 2^4/4! x 4/2 = 4/3 waiting), Wq = C / (4 - 2) h.
    expect(erlangWaitS).toBeCloseTo((2 / 23) * 3600, 6);
    expect(Math.abs(result.queueDelayS.mean / erlangWaitS - 1)).toBeLessThan(0.03);
    expect(result.utilization).toBeCloseTo(0.5, 2);
  }, 60_000);
  it('load 0.8: mean wait within 3% of Erlang C, utilisation the offered load', () => {
    const { result, erlangWaitS } = mmc(0.8, 4_000_000, 12);
    expect(Math.abs(result.queueDelayS.mean / erlangWaitS - 1)).toBeLessThan(0.03);
    expect(result.utilization).toBeCloseTo(0.8, 2);
  }, 60_000);
  it("load 0.95: mean wait within 3% of Erlang C at the runs' realised rates", () => {
    // At 0.95 the sample mean wait converges slowly (a run's realised load moves it by ~19x its
    // own relative error); comparing with Erlang C at each run's realised arrival and service
    // rates removes that part, and four runs of 2.5 million jobs leave about 1% of noise.
    const errors = [21, 22, 23, 24].map((seed) => {
      const { result, realisedWaitS } = mmc(0.95, 2_500_000, seed);
      expect(result.utilization).toBeCloseTo(0.95, 2);
      return result.queueDelayS.mean / realisedWaitS - 1;
    });
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
  }, 120_000);
});
