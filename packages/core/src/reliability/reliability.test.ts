import { describe, expect, it } from 'vitest';
import { FACILITY } from '../catalog/facility.js';
import { dalyInterval, expectedWallTime, youngInterval } from './checkpoint.js';
import { checkpointCost } from './checkpoint-stall.js';
import { NORMAL_FROM_FAILURES, simulateByEvents, simulateRun } from './monte-carlo.js';
import { interruptionRates, planReliability, planServiceReliability } from './plan-reliability.js';
import { poissonCdf, poissonQuantile } from './poisson.js';

describe('checkpoint interval', () => {
  it('Young 1974: 5-minute checkpoints, 24-hour MTBF -> every 2 hours', () => {
    expect(youngInterval(5 / 60, 24)).toBeCloseTo(2, 12);
  });

  it('Daly 2006 higher-order estimate: 2(1 + 1/72 + 1/5184) - 1/12 = 1.9448 h for the same case', () => {
    expect(dalyInterval(5 / 60, 24)).toBeCloseTo(2 * (1 + 1 / 72 + 1 / 5184) - 1 / 12, 12);
    // A checkpoint longer than twice the MTBF: checkpoint every MTBF.
    expect(dalyInterval(60, 24)).toBe(24);
  });

  it('expected wall time: Daly eq. 20, and W(1 + delta/tau) without failures', () => {
    const t = expectedWallTime(100, 2, 1 / 12, 0.25, 24);
    expect(t).toBeCloseTo(24 * Math.exp(0.25 / 24) * (Math.exp((2 + 1 / 12) / 24) - 1) * 50, 9);
    expect(t).toBeCloseTo(109.96, 1);
    expect(expectedWallTime(100, 2, 1 / 12, 0.25, Infinity)).toBeCloseTo(100 * (1 + 1 / 24), 9);
  });
});

describe('checkpoint stalls: synchronous and asynchronous saves', () => {
  const figures = {
    coordinationS: FACILITY.checkpoint.coordinationS.value,
    hostCopyGBpsPerGpu: FACILITY.checkpoint.hostCopyGBpsPerGpu.value,
    sustainedWriteFraction: FACILITY.checkpoint.sustainedWriteFraction.value,
  };
  // Llama 3.1 405B: 5,670 GB (14 bytes per parameter) from 16,384 GPUs to 1,885 GB/s of storage.
  const sync = checkpointCost('sync', 5670, 16_384, 1885, figures);
  const async = checkpointCost('async', 5670, 16_384, 1885, figures);

  it('a synchronous save stalls for the whole write at the sustained rate: tens of seconds', () => {
    // 1,885 GB/s rated sustains 2/7 of it under a checkpoint burst (Llama 3, Sec. 3.3.1).
    const writeS = 5670 / (1885 * 0.29);
    expect(writeS).toBeCloseTo(10.37, 2);
    expect(sync.stallS).toBeCloseTo(6.3 + 5670 / 16_384 / 25 + writeS, 9);
    expect(sync.stallS).toBeGreaterThan(10);
    expect(sync.stallS).toBeLessThan(60);
    expect(sync.inFlightS).toBe(0);
  });

  it('an asynchronous save stalls only to stage its shard in host memory and writes behind', () => {
    expect(async.shardGB).toBeCloseTo(5670 / 16_384, 12);
    expect(async.stallS).toBeCloseTo(6.3 + 0.346 / 25, 3);
    expect(async.persistS).toBeCloseTo(sync.persistS, 12);
    expect(async.inFlightS).toBeCloseTo(5670 / (1885 * 0.29), 9);
  });

  it("Daly's interval follows the stall the run sees; the asynchronous run has the better goodput", () => {
    const run = (checkpointSave: 'sync' | 'async') =>
      planReliability({
        gpus: 16_384,
        gpusPerHost: 8,
        gpusPerServer: 8,
        idealHours: 50 * 24,
        checkpointGB: 5670,
        writeGBps: 1885,
        checkpointSave,
        monteCarlo: false,
      });
    const s = run('sync');
    const a = run('async');
    expect(s.checkpointStallS).toBeCloseTo(sync.stallS, 9);
    expect(s.checkpointIntervalMin).toBeCloseTo(
      60 * dalyInterval(sync.stallS / 3600, s.mtbfHours),
      9,
    );
    expect(a.checkpointIntervalMin).toBeCloseTo(
      60 * dalyInterval(async.stallS / 3600, a.mtbfHours),
      9,
    );
    expect(s.checkpointIntervalMin).toBeGreaterThan(a.checkpointIntervalMin);
    expect(a.goodput).toBeGreaterThan(s.goodput);
    // The wall time charges the async run's in-flight write on every failure.
    const restartH = (a.restartMin * 60 + async.inFlightS) / 3600;
    expect(a.days * 24).toBeCloseTo(
      expectedWallTime(
        1200,
        a.checkpointIntervalMin / 60,
        async.stallS / 3600,
        restartH,
        a.mtbfHours,
      ),
      6,
    );
  });

  it('the next asynchronous save waits for the last one: the interval is at least its write time', () => {
    const r = planReliability({
      gpus: 1024,
      gpusPerHost: 8,
      gpusPerServer: 8,
      idealHours: 240,
      checkpointGB: 5670,
      writeGBps: 10,
      intervalMin: 1,
      monteCarlo: false,
    });
    expect(r.checkpointWriteS).toBeGreaterThan(60);
    expect(r.checkpointIntervalMin).toBeCloseTo(r.checkpointWriteS / 60, 9);
    expect(r.intervalChosen).toBe('the previous save still writing');
  });
});

describe('Poisson counts', () => {
  it('P(X <= k) and the quantile agree with the closed form', () => {
    expect(poissonCdf(0, 2)).toBeCloseTo(Math.exp(-2), 12);
    expect(poissonCdf(2, 2)).toBeCloseTo(Math.exp(-2) * (1 + 2 + 2), 12);
    // Mean 2: P(X<=4) = 0.947, P(X<=5) = 0.983, P(X<=6) = 0.9955.
    expect(poissonQuantile(0.95, 2)).toBe(5);
    expect(poissonQuantile(0.99, 2)).toBe(6);
    expect(poissonQuantile(0.99, 0)).toBe(0);
  });
});

describe('Monte Carlo of a run', () => {
  // ~42 failures a run: simulated failure by failure.
  const model = {
    workHours: 500,
    intervalHours: 2,
    checkpointHours: 1 / 12,
    restartHours: 0.25,
    mtbfHours: 12,
  };

  it('its mean matches the analytic expected wall time within 1%', () => {
    const mc = simulateRun(model, 4000, 7);
    expect(mc.method).toBe('events');
    const analytic = expectedWallTime(500, 2, 1 / 12, 0.25, 12);
    expect(Math.abs(mc.meanHours / analytic - 1)).toBeLessThan(0.01);
    expect(mc.p10Hours).toBeLessThan(mc.p50Hours);
    expect(mc.p50Hours).toBeLessThan(mc.p90Hours);
  });

  it('same seed, same answer; another seed, another sample', () => {
    expect(simulateRun(model, 200, 42)).toEqual(simulateRun(model, 200, 42));
    expect(simulateRun(model, 200, 43).meanHours).not.toBe(simulateRun(model, 200, 42).meanHours);
  });

  it('past 100 failures a run, the normal sum of intervals gives the P10/P90 the events give', () => {
    // ~160 failures a run (MTBF 3 h over ~480 h): both methods, 4000 trials of events.
    const many = { ...model, mtbfHours: 3 };
    const events = simulateByEvents(many, 4000, 3);
    const normal = simulateRun(many, 400, 3);
    expect(normal.method).toBe('intervals');
    expect(normal.meanFailures).toBeGreaterThan(NORMAL_FROM_FAILURES);
    expect(normal.meanHours / events.meanHours).toBeCloseTo(1, 2);
    expect(normal.p10Hours / events.p10Hours).toBeCloseTo(1, 2);
    expect(normal.p90Hours / events.p90Hours).toBeCloseTo(1, 2);
    expect(normal.meanFailures / events.meanFailures).toBeCloseTo(1, 1);
    // The spread is sampled: another seed moves the P90, never the mean (exact).
    expect(simulateRun(many, 400, 4).p90Hours).not.toBe(normal.p90Hours);
    expect(simulateRun(many, 400, 4).meanHours).toBe(normal.meanHours);
  });
});

describe('interruptions of a job', () => {
  it('a job fails at the node rate times its nodes: 16,384 GPUs -> 2,048 x 4.42e-3 per day', () => {
    const byCause = interruptionRates(16_384, 8);
    const perDay = Object.values(byCause).reduce((a, b) => a + b, 0);
    expect(perDay).toBeCloseTo(2048 * 4.42e-3, 6);
    // GPU and HBM faults lead, as in Llama 3's census.
    expect(byCause.gpu).toBeGreaterThan(byCause.hbm);
    expect(byCause.hbm).toBeGreaterThan(byCause.networkSwitchCable);
  });

  it('MTTF falls inversely with job size across servers (Meta RSC, Kokolis et al. 2024 Fig. 7)', () => {
    const mttf = (gpus: number) =>
      24 / Object.values(interruptionRates(gpus, 8)).reduce((a, b) => a + b, 0);
    expect(mttf(16) / mttf(1024)).toBeCloseTo(64, 6);
    // One server has no scale-out fabric: NIC (7) and switch/cable (35) of Llama 3's 419 causes
    // do not stop it, so 8 vs 1,024 GPUs is 128 / (1 - 42/419) = 142 (RSC measured 145).
    expect(mttf(8) / mttf(1024)).toBeCloseTo(128 / (1 - 0.0167 - 0.0835), 6);
    const single = interruptionRates(8, 8);
    expect(single.nic).toBe(0);
    expect(single.networkSwitchCable).toBe(0);
    expect(single.gpu).toBeCloseTo(4.42e-3 * 0.3819, 9);
  });

  it('goodput, days, interval and spares for a 16k-GPU run', () => {
    const r = planReliability({
      gpus: 16_384,
      gpusPerHost: 8,
      gpusPerServer: 8,
      idealHours: 50 * 24,
      checkpointGB: 5670,
      writeGBps: 1885,
      trials: 200,
    });
    expect(r.mtbfHours).toBeCloseTo(24 / (2048 * 4.42e-3), 6);
    // Asynchronous by default: Daly's interval from the 6.3 s stall the run sees.
    expect(r.checkpointSave).toBe('async');
    expect(r.checkpointStallS).toBeCloseTo(6.3 + 5670 / 16_384 / 25, 9);
    expect(r.checkpointIntervalMin).toBeCloseTo(
      60 * dalyInterval(r.checkpointStallS / 3600, r.mtbfHours),
      6,
    );
    expect(r.goodput).toBeGreaterThan(0.85);
    expect(r.goodput).toBeLessThan(0.97);
    expect(r.days).toBeCloseTo(50 / r.goodput, 6);
    expect(r.interruptionsExpected).toBeCloseTo(r.days * r.interruptionsPerDay, 6);
    expect(r.spareServers).toBeGreaterThan(0);
    expect(r.monteCarlo!.p10Days).toBeLessThanOrEqual(r.monteCarlo!.p90Days);
    expect(Math.abs(r.monteCarlo!.meanDays / r.days - 1)).toBeLessThan(0.01);
  });

  it('a fixed interval is used as given', () => {
    const r = planReliability({
      gpus: 1024,
      gpusPerHost: 8,
      gpusPerServer: 8,
      idealHours: 240,
      checkpointGB: 100,
      writeGBps: 100,
      intervalMin: 30,
      trials: 50,
    });
    expect(r.checkpointIntervalMin).toBe(30);
    expect(r.intervalChosen).toBe('fixed by the scenario');
  });

  it("a fleet's own failure rate replaces the catalog's: RSC-1's 6.5 projects 1.8 h at 16k GPUs", () => {
    const r = planReliability({
      gpus: 16_384,
      gpusPerHost: 8,
      gpusPerServer: 8,
      idealHours: 100,
      checkpointGB: 100,
      writeGBps: 100,
      failuresPer1000NodeDays: 6.5,
      monteCarlo: false,
    });
    // Kokolis et al. 2024: MTTF = 1 / (nodes x r_f) = 24 / (2048 x 6.5e-3) h.
    expect(r.mtbfHours).toBeCloseTo(24 / (2048 * 6.5e-3), 9);
    expect(r.mtbfHours).toBeCloseTo(1.8, 1);
  });
});

describe('a serving fleet under failures', () => {
  const shares = { software: 0.1504, fabric: 0.0167 + 0.0835 };

  it('128 one-server replicas: failures, restarts and spares from the node rate', () => {
    const f = planServiceReliability({
      gpus: 1024,
      replicaGpus: 8,
      gpusPerHost: 8,
      gpusPerServer: 8,
      headroomReplicas: 0,
    });
    // One-server replicas do not see the scale-out fabric.
    const perReplicaDay = 4.42e-3 * (1 - shares.fabric);
    expect(f.failuresPerYear).toBeCloseTo(128 * perReplicaDay * 365, 9);
    expect(f.replicaMtbfDays).toBeCloseTo(1 / perReplicaDay, 9);
    expect(f.restartMin).toBe(17.5);
    expect(f.downtimeFraction).toBeCloseTo((perReplicaDay * 17.5) / 1440, 12);
    // Servers in repair: hardware failures (all but software) per hour x 24 h.
    const mean = 128 * 4.42e-3 * (1 - shares.fabric - shares.software);
    expect(f.meanServersInRepair).toBeCloseTo(mean, 9);
    expect(f.spareServers).toBe(poissonQuantile(0.99, mean));
    expect(f.spareServers).toBe(2);
    // Two replicas beyond the load absorb two servers in repair; an offline job needs none.
    const roomy = planServiceReliability({
      gpus: 1024,
      replicaGpus: 8,
      gpusPerHost: 8,
      gpusPerServer: 8,
      headroomReplicas: 2,
    });
    expect(roomy).toMatchObject({ headroomServers: 2, spareServers: 0 });
    const offline = planServiceReliability({
      gpus: 1024,
      replicaGpus: 8,
      gpusPerHost: 8,
      gpusPerServer: 8,
    });
    expect(offline.spareServers).toBe(0);
    expect(offline.meanServersInRepair).toBeCloseTo(mean, 9);
    // Without a spare, a replica whose server failed waits out the 24 h repair.
    const hardware = 4.42e-3 * (1 - shares.fabric - shares.software);
    const software = 4.42e-3 * shares.software;
    expect(offline.downtimeFraction).toBeCloseTo((hardware * 24 * 60 + software * 17.5) / 1440, 12);
    expect(f.downtimeFraction).toBeCloseTo(((hardware + software) * 17.5) / 1440, 12);
  });

  it('a replica spanning two servers also fails with the fabric between them', () => {
    const wide = planServiceReliability({
      gpus: 16,
      replicaGpus: 16,
      gpusPerHost: 8,
      gpusPerServer: 8,
    });
    expect(wide.replicaMtbfDays).toBeCloseTo(1 / (2 * 4.42e-3), 9);
  });

  it('a replica smaller than a server stops whenever its server goes for repair', () => {
    const small = planServiceReliability({
      gpus: 16,
      replicaGpus: 2,
      gpusPerHost: 8,
      gpusPerServer: 8,
    });
    // The server's hardware (everything but software and the unused fabric) plus the replica's
    // own quarter of the software rate.
    const hardware = 4.42e-3 * (1 - shares.fabric - shares.software);
    const software = (4.42e-3 * shares.software) / 4;
    expect(small.replicaMtbfDays).toBeCloseTo(1 / (hardware + software), 9);
    // The service's failures and servers in repair count each server once.
    expect(small.failuresPerYear).toBeCloseTo(2 * 4.42e-3 * (1 - shares.fabric) * 365, 9);
    expect(small.meanServersInRepair).toBeCloseTo(2 * hardware, 9);
  });

  it('inside one NVL72 rack a replica does not see the scale-out fabric', () => {
    const rack = planServiceReliability({
      gpus: 64,
      replicaGpus: 64,
      gpusPerHost: 4,
      gpusPerServer: 4,
      scaleUpDomainGpus: 72,
    });
    const across = planServiceReliability({
      gpus: 64,
      replicaGpus: 64,
      gpusPerHost: 4,
      gpusPerServer: 4,
    });
    expect(rack.replicaMtbfDays).toBeGreaterThan(across.replicaMtbfDays);
  });
});

describe('the finish-time Monte Carlo never spins', () => {
  it('many failures per run: the sum of intervals, its mean on Daly’s expected time', () => {
    // 10 years of work, MTBF 1 h, 5-min restart: ~1e5 failures a run, too many to simulate each.
    const m = {
      workHours: 87_600,
      intervalHours: 0.3,
      checkpointHours: 0.01,
      restartHours: 5 / 60,
      mtbfHours: 1,
    };
    const sim = simulateRun(m, 400, 1);
    expect(sim.method).toBe('intervals');
    expect(sim.meanHours / expectedWallTime(87_600, 0.3, 0.01, 5 / 60, 1)).toBeCloseTo(1, 2);
    expect(sim.p10Hours).toBeLessThan(sim.p50Hours);
    expect(sim.p90Hours).toBeGreaterThan(sim.p50Hours);
  });

  it('restarts that rarely succeed (MTBF far below the restart): the closed form, at once', () => {
    const sim = simulateRun(
      {
        workHours: 1000,
        intervalHours: 0.02,
        checkpointHours: 0.001,
        restartHours: 0.3,
        mtbfHours: 0.02,
      },
      400,
      1,
    );
    expect(sim.method).toBe('closed-form');
    expect(Number.isFinite(sim.meanHours)).toBe(true);
  });

  it('few failures: every failure simulated, as before', () => {
    const sim = simulateRun(
      {
        workHours: 1000,
        intervalHours: 2,
        checkpointHours: 0.01,
        restartHours: 0.3,
        mtbfHours: 50,
      },
      400,
      1,
    );
    expect(sim.method).toBe('events');
  });
});
