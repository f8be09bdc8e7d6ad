import { describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOGS } from '../catalog/catalogs.js';
import { FACILITY } from '../catalog/facility.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { planCooling } from './cooling.js';
import { serverDesignFraction } from './design-load.js';
import { facilityChecks } from './operating-checks.js';
import { planFacility } from './plan-facility.js';
import { powerSwing } from './power-swing.js';
import { checkPueCap, designPue, pueCapWarning } from './pue.js';
import { planLineups, redundantUnits, sizeUnits } from './units.js';

const scenario = (cluster: Record<string, unknown> = {}, site?: Record<string, unknown>) =>
  ScenarioSchema.parse({
    name: 'building',
    cluster: { gpu: 'h100-sxm-80gb', ...cluster },
    ...(site ? { site } : {}),
    workloads: [
      {
        name: 'w',
        type: 'training',
        model: 'llama3.1-8b',
        tokens: 1e12,
        seqLen: 8192,
        globalBatchTokens: 4e6,
      },
    ],
  });

/** A hall of `itKW` of server nameplate (no network or storage), at an explicit PUE. */
function hall(
  serverKW: number,
  cluster: Record<string, unknown> = {},
  site: Record<string, unknown> = { country: 'US', pue: 1.3 },
) {
  return planFacility({
    scenario: scenario(cluster, site),
    fac: FACILITY,
    regions: BUILT_IN_CATALOGS.regions,
    cooling: (cluster['cooling'] as 'air' | 'liquid' | undefined) ?? 'air',
    rackLimitKW: 40.8,
    racks: Math.ceil(serverKW / 40.8),
    serverNameplateKW: serverKW,
    expectedServerKW: serverKW * 0.8,
    networkKW: 0,
    storageKW: 0,
  });
}

describe('plant units (Uptime Institute Tier Standard: Topology)', () => {
  it('right-sized units within a product range; N, N+1, 2N', () => {
    // 10 MW on 500-1250 kW UPS frames: 8 of 1,250 kW.
    expect(sizeUnits(10_000, { minKW: 500, maxKW: 1250 })).toEqual({ needed: 8, unitKW: 1250 });
    // 1.4 MW: 2 frames of 700 kW, not 2 of 1,250 kW.
    expect(sizeUnits(1_400, { minKW: 500, maxKW: 1250 })).toEqual({ needed: 2, unitKW: 700 });
    // Never below the smallest frame.
    expect(sizeUnits(100, { minKW: 270, maxKW: 1700 })).toEqual({ needed: 1, unitKW: 270 });
    expect(redundantUnits(8, 'I')).toBe(8);
    expect(redundantUnits(8, 'II')).toBe(9);
    expect(redundantUnits(8, 'III')).toBe(9);
    expect(redundantUnits(8, 'IV')).toBe(16);
  });

  it('Tier III lineups: block-redundant 4 + 1 reserve, or distributed 5 to make 4; two paths', () => {
    const block = planLineups(10_000, 2_500, 'III', 'block-redundant');
    expect(block).toMatchObject({ needed: 4, installed: 5, lineupKW: 2_500, paths: 2 });
    expect(block.topology).toContain('4 + 1 reserve');
    const dist = planLineups(10_000, 2_500, 'III', 'distributed-redundant');
    expect(dist).toMatchObject({ needed: 4, installed: 5, paths: 2 });
    // Each of the five carries 2 MW in normal operation and can take 2.5 MW when one fails.
    expect(dist.loadPerLineupKW).toBeCloseTo(2_000, 9);
    expect(planLineups(10_000, 2_500, 'II', 'block-redundant')).toMatchObject({
      installed: 4,
      paths: 1,
    });
    expect(planLineups(10_000, 2_500, 'IV', 'block-redundant').installed).toBe(8);
  });
});

describe('electrical design load', () => {
  it('servers at their measured peak (8.4 of 10.2 kW, Latif et al. 2025) plus a 10% margin', () => {
    const f = {
      measuredPeakFraction: FACILITY.designLoad.measuredPeakFraction.value,
      margin: FACILITY.designLoad.margin.value,
    };
    expect(serverDesignFraction('measured', f)).toBeCloseTo(0.82 * 1.1, 12);
    expect(serverDesignFraction('nameplate', f)).toBe(1);
    const measured = hall(10_000).facility;
    expect(measured.itDesignMW).toBeCloseTo(9.02, 9);
    expect(measured.itNameplateMW).toBeCloseTo(10, 9);
    expect(hall(10_000, { designLoad: 'nameplate' }).facility.itDesignMW).toBeCloseTo(10, 9);
  });
});

describe('small sites get small plant', () => {
  it('a 10 kW cluster: hosted, two 10 kW rack UPS, no generators or chillers of its own', () => {
    const { facility, warnings } = hall(10);
    expect(facility.hosting).toBe('colocation');
    expect(facility.ups).toMatchObject({ modules: 2, moduleKW: 10, kind: 'rack-mount UPS' });
    expect(facility.generators.units).toBe(0);
    expect(facility.coolingPlant.chillers.units).toBe(0);
    expect(facility.coolingPlant.crahs.units).toBe(0);
    expect(facility.substationM2).toBe(0);
    expect(warnings.map((w) => w.message).join(' ')).toContain('colocation');
    // No substation, switchgear, generators, chillers or shell in its capex.
    const items = facility.capexUsd.items.map((i) => i.item);
    expect(items).not.toContain('generators');
    expect(items).not.toContain('shell');
    expect(facility.capexUsd.total).toBeLessThan(0.05 * FACILITY.capex.referenceUsdPerMW.value);
  });

  it('a 400 kW room: modular UPS and chillers sized to it, not 1.25 MW and 1.7 MW units', () => {
    const { facility } = hall(400 / 0.902);
    expect(facility.hosting).toBe('dedicated');
    // Tier III: one 400 kW lineup and a reserve, each on three 140 kW Galaxy VS units.
    expect(facility.ups.kind).toBe('modular UPS');
    expect(facility.ups.moduleKW).toBeLessThanOrEqual(150);
    expect(facility.ups.capacityMW).toBeCloseTo(2 * 0.42, 2);
    expect(facility.coolingPlant.chillers.unitKW).toBe(400);
    expect(facility.coolingPlant.chillers.units).toBe(2);
    // 400 kW x PUE 1.3 = 520 kW on sets rated 1,600 kW continuous: one 650 kW set + one.
    expect(facility.generators.units).toBe(2);
    expect(facility.generators.ratedKW).toBe(520);
  });
});

describe('generators on their ISO 8528-1 rating', () => {
  it('Tier III runs on continuous ratings (80% of standby), Tier II on standby', () => {
    // 10 MW IT at nameplate, PUE 1.3: 13 MW of facility.
    const three = hall(10_000, { designLoad: 'nameplate' }).facility.generators;
    expect(three.rating).toBe('continuous');
    // ceil(13,000 / (2,000 x 0.8)) = 9 sets of 1,445 kW continuous (1,806 kW standby), + 1.
    expect(three.units).toBe(10);
    expect(three.ratedKW).toBe(1450);
    expect(three.unitKW).toBeCloseTo(1450 / 0.8, 9);
    const two = hall(10_000, { designLoad: 'nameplate', tier: 'II' }).facility.generators;
    expect(two.rating).toBe('standby');
    // ceil(13,000 / 2,000) = 7 sets, + 1.
    expect(two.units).toBe(8);
    expect(two.ratedKW).toBe(1860);
  });
});

describe('cooling plant', () => {
  it('liquid-cooled servers send the captured share to CDUs; chillers reject all the heat', () => {
    const c = planCooling('liquid', 1000, 100, 0.85, 'III', {
      cdu: { minKW: 70, maxKW: 1350 },
      crah: { minKW: 30, maxKW: 200 },
      chiller: { minKW: 270, maxKW: 1700 },
    });
    expect(c.liquidMW).toBeCloseTo(0.85, 9);
    expect(c.airMW).toBeCloseTo(0.25, 9);
    expect(c.heatMW).toBeCloseTo(1.1, 9);
    expect(c.cdus).toEqual({ units: 2, unitKW: 850 });
    expect(c.crahs).toEqual({ units: 3, unitKW: 130 });
    // The chillers carry the liquid loop's 850 kW too: 1,100 kW, one unit + one.
    expect(c.chillers).toEqual({ units: 2, unitKW: 1100 });
  });
});

describe('design PUE and regulatory caps', () => {
  it('new-build design PUE: air 1.2-1.35, liquid 1.1-1.2 by climate', () => {
    expect(designPue('air', 'cold', FACILITY)).toBe(1.2);
    expect(designPue('air', 'hot', FACILITY)).toBe(1.35);
    expect(designPue('liquid', 'cold', FACILITY)).toBe(1.1);
    expect(designPue('liquid', 'hot', FACILITY)).toBe(1.2);
  });

  it("Singapore's 1.3 for new data centres: a hot-climate air hall at 1.35 fails it", () => {
    const sg = checkPueCap('SG', 1.35, FACILITY);
    expect(sg?.maxPue).toBe(1.3);
    expect(sg?.meets).toBe(false);
    expect(pueCapWarning(sg, 1.35)).toContain("SG's limit of 1.3");
    expect(checkPueCap('SG', 1.2, FACILITY)?.meets).toBe(true);
    const { warnings, facility } = hall(5_000, {}, { country: 'SG' });
    expect(facility.pue).toBe(1.35);
    expect(warnings.map((w) => w.message).join(' ')).toContain('IMDA');
    expect(
      hall(5_000, { cooling: 'liquid' }, { country: 'SG' })
        .warnings.map((w) => w.message)
        .join(' '),
    ).not.toContain('IMDA');
  });

  it('China: 1.25 for new large data centres, 1.2 in the hub nodes (NDRC et al. 2024)', () => {
    const cn = checkPueCap('CN', 1.22, FACILITY);
    expect(cn?.meets).toBe(true);
    expect(pueCapWarning(cn, 1.22)).toContain('stricter limits of its national computing hub');
    expect(checkPueCap('CN', 1.28, FACILITY)?.meets).toBe(false);
    expect(pueCapWarning(checkPueCap('CN', 1.15, FACILITY), 1.15)).toBeUndefined();
    // Guangdong (Shaoguan cluster) and Inner Mongolia (Horinger): 1.2; Beijing, whose hub's
    // cluster is in Hebei: the national 1.25.
    expect(checkPueCap('CN', 1.22, FACILITY, 'CN-GD')).toMatchObject({ maxPue: 1.2, meets: false });
    expect(checkPueCap('CN', 1.2, FACILITY, 'CN-NM')).toMatchObject({ maxPue: 1.2, meets: true });
    expect(checkPueCap('CN', 1.22, FACILITY, 'CN-BJ')).toMatchObject({ maxPue: 1.25, meets: true });
    expect(pueCapWarning(checkPueCap('CN', 1.22, FACILITY, 'CN-BJ'), 1.22)).toBeUndefined();
    // A site given by region alone takes its country from it.
    const nm = hall(10_000, { cooling: 'liquid' }, { region: 'CN-NM', pue: 1.22 });
    expect(nm.facility.pueCap?.maxPue).toBe(1.2);
    expect(nm.warnings.map((w) => w.message).join(' ')).toContain(
      'national computing hub node (CN-NM)',
    );
  });

  it('China binds large data centres only: 3,000 standard racks of 2.5 kW = 7.5 MW of rated IT', () => {
    expect(checkPueCap('CN', 1.3, FACILITY, 'CN-BJ', 7.49)).toBeUndefined();
    expect(checkPueCap('CN', 1.3, FACILITY, 'CN-BJ', 7.5)?.meets).toBe(false);
    expect(hall(7_000, {}, { region: 'CN-BJ', pue: 1.3 }).facility.pueCap).toBeUndefined();
    expect(hall(8_000, {}, { region: 'CN-BJ', pue: 1.3 }).facility.pueCap?.maxPue).toBe(1.25);
  });

  it('an air hall above the limit is told the PUE liquid cooling designs for in its climate', () => {
    // Gansu (Qingyang, cold): air 1.2 meets the hub's 1.2; Guangdong (Shaoguan, hot): air 1.35
    // breaks it and liquid's 1.2 meets it; Beijing (temperate) air 1.3 > 1.25, liquid 1.15.
    const gs = hall(10_000, {}, { region: 'CN-GS' });
    expect(gs.facility.pue).toBe(1.2);
    expect(gs.facility.climate).toBe('cold');
    expect(gs.facility.pueCap?.meets).toBe(true);
    const gd = hall(10_000, {}, { region: 'CN-GD' });
    expect(gd.facility.pue).toBe(1.35);
    const msg = gd.warnings.find((w) => w.code === 'pue-above-limit')?.message ?? '';
    expect(msg).toContain("above CN's limit of 1.2");
    expect(msg).toMatch(/\(liquid cooling designs for 1\.2 in a hot climate\)$/);
    const bj = hall(10_000, {}, { region: 'CN-BJ' });
    expect(bj.warnings.find((w) => w.code === 'pue-above-limit')?.message).toMatch(
      /limit of 1\.25 .*\(liquid cooling designs for 1\.15 in a temperate climate\)$/,
    );
    // Liquid already: no liquid advice.
    const gdLiquid = hall(10_000, { cooling: 'liquid' }, { region: 'CN-GD', pue: 1.3 });
    expect(gdLiquid.warnings.find((w) => w.code === 'pue-above-limit')?.message).not.toContain(
      'liquid cooling designs',
    );
  });

  it('Germany: 1.2 for data centres from July 2026 (EnEfG section 11); no cap elsewhere', () => {
    expect(checkPueCap('DE', 1.3, FACILITY)?.meets).toBe(false);
    expect(checkPueCap('DE', 1.15, FACILITY)?.meets).toBe(true);
    expect(checkPueCap('US', 1.5, FACILITY)).toBeUndefined();
  });
});

describe('floor and land', () => {
  it('gross building at RLB 250-310 m2 per MW of IT (mid-range), yards and substation outside', () => {
    const { facility } = hall(10_000, { designLoad: 'nameplate' });
    expect(facility.grossRangeM2).toEqual({ low: 2_500, high: 3_100 });
    expect(facility.floorAreaM2).toBeCloseTo(2_800, 6);
    // 10 sets of 1.8 MW standby and 7 chillers of 1,670 kW.
    expect(facility.generatorYardM2).toBeCloseTo(10 * 1.8125 * 60, 6);
    expect(facility.chillerYardM2).toBeCloseTo(7 * 1.67 * 45, 6);
    expect(facility.substationM2).toBeCloseTo(13 * 40, 6);
    expect(facility.siteM2).toBeCloseTo(
      2_800 + facility.generatorYardM2 + facility.chillerYardM2 + 520,
      6,
    );
  });
});

describe('facility capex, itemised', () => {
  it('a 10 MW Tier III air hall costs the cost guide reference: $11.7M per MW (C&W 2025), within 3%', () => {
    const { facility } = hall(10_000, { designLoad: 'nameplate' });
    const perMW = facility.capexUsd.usdPerMWIt;
    expect(Math.abs(perMW / 11.7e6 - 1)).toBeLessThan(0.03);
    const items = facility.capexUsd.items.map((i) => i.item);
    for (const item of [
      'substation',
      'switchgear',
      'ups',
      'generators',
      'pdusBusway',
      'coolingPlant',
      'bmsEpms',
      'fireProtection',
      'security',
      'shell',
    ]) {
      expect(items).toContain(item);
    }
    const sum = facility.capexUsd.items.reduce((s, i) => s + i.usd, 0);
    expect(facility.capexUsd.total).toBeCloseTo(sum, 6);
    // Critical capacity near C&W's 53% share.
    const critical = facility.capexUsd.items
      .filter((i) =>
        [
          'substation',
          'switchgear',
          'ups',
          'generators',
          'coolingPlant',
          'airHandling',
          'bmsEpms',
        ].includes(i.item),
      )
      .reduce((s, i) => s + i.usd, 0);
    expect(critical / facility.capexUsd.total).toBeGreaterThan(0.48);
    expect(critical / facility.capexUsd.total).toBeLessThan(0.58);
  });

  it("Tier III's gap to Tier II follows the equipment: a second path, reserve lineup, continuous gensets", () => {
    const three = hall(10_000, { designLoad: 'nameplate' }).facility;
    const two = hall(10_000, { designLoad: 'nameplate', tier: 'II' }).facility;
    const line = (f: typeof three, item: string) =>
      f.capexUsd.items.find((i) => i.item === item)?.usd ?? 0;
    expect(line(three, 'switchgear')).toBeCloseTo(2 * line(two, 'switchgear'), 6);
    expect(line(three, 'pdusBusway')).toBeCloseTo(2 * line(two, 'pdusBusway'), 6);
    expect(line(three, 'ups')).toBeGreaterThan(line(two, 'ups'));
    expect(line(three, 'generators')).toBeGreaterThan(line(two, 'generators'));
    expect(line(three, 'shell')).toBeCloseTo(line(two, 'shell'), 6);
    const gap = three.capexUsd.total - two.capexUsd.total;
    expect(three.tierValue?.extraCapexUsd).toBeCloseTo(gap, 6);
    // About 10-15% of the build.
    expect(gap / three.capexUsd.total).toBeGreaterThan(0.08);
    expect(gap / three.capexUsd.total).toBeLessThan(0.16);
    // Uptime: Tier II 22 h/yr, Tier III 1.6 h/yr.
    expect(three.tierValue?.downtimeHoursSavedPerYear).toBeCloseTo(20.4, 9);
  });

  it('liquid cooling adds CDUs and trims air handling: a few percent more', () => {
    const air = hall(10_000, { designLoad: 'nameplate' }).facility.capexUsd.total;
    const liquid = hall(10_000, { designLoad: 'nameplate', cooling: 'liquid' }).facility.capexUsd
      .total;
    expect(liquid / air - 1).toBeGreaterThan(0.02);
    expect(liquid / air - 1).toBeLessThan(0.1);
  });
});

describe('power swings of a training job (Llama 3, Sec. 3.3.4)', () => {
  const llama3 = {
    // 16,384 H100 in 2,048 servers of 10.2 kW, training at 0.8 and idle at 0.2 of nameplate.
    jobServers: 2048,
    serverNameplateKW: 10.2,
    trainingLoad: 0.8,
    idleLoad: 0.2,
    pue: 1.3,
    checkpointIntervalMin: 30,
    interruptionsPerDay: 8,
    generatorMW: 30,
    generatorStepFraction: 0.3,
    gridReviewMW: 20,
  };

  it('16k H100 swing ~12.5 MW of IT, ~16 MW with cooling: "on the order of tens of megawatts"', () => {
    const s = powerSwing({ ...llama3, save: 'sync' });
    expect(s.itMW).toBeCloseTo((2048 * 10.2 * 0.6) / 1000, 9);
    expect(s.itMW).toBeCloseTo(12.53, 2);
    expect(s.facilityMW).toBeGreaterThan(10);
    expect(s.facilityMW).toBeLessThan(100);
    // Two swings per synchronous checkpoint (48 a day) and per failure (8 a day).
    expect(s.eventsPerDay).toBe(2 * (48 + 8));
    expect(s.shareOfGenerators).toBeCloseTo(12.53 / 30, 2);
    expect(s.exceedsGeneratorStep).toBe(true);
    expect(s.needsGridReview).toBe(false);
    // Asynchronous checkpoints do not pause the GPUs: only failures, start and stop remain.
    expect(powerSwing({ ...llama3, save: 'async' }).eventsPerDay).toBe(16);
  });

  it('the plan warns with the swing figure and what mitigates it', () => {
    const { facility } = hall(2048 * 10.2, {}, { country: 'US', pue: 1.3 });
    const out = facilityChecks(
      facility,
      [
        {
          gpus: 16_384,
          checkpointSave: 'sync',
          checkpointIntervalMin: 30,
          interruptionsPerDay: 8,
          goodput: 0.95,
        },
      ],
      10.2,
      8,
    );
    expect(out.powerSwing?.itMW).toBeCloseTo(12.53, 2);
    const text = out.warnings.map((w) => w.message).join(' ');
    expect(text).toContain('12.5 MW of IT load');
    expect(text).toContain('ISO 8528-5');
    expect(text).toContain('battery storage');
  });
});

describe('what Tier III buys', () => {
  it('warns when ~20 h/yr of availability costs tens of millions and failures cost 10%+ of the run', () => {
    const { facility } = hall(2048 * 10.2, {}, { country: 'US', pue: 1.3 });
    const run = (goodput: number) =>
      facilityChecks(
        facility,
        [
          {
            gpus: 16_384,
            checkpointSave: 'async',
            checkpointIntervalMin: 10,
            interruptionsPerDay: 9,
            goodput,
          },
        ],
        10.2,
        8,
      )
        .warnings.map((w) => w.message)
        .join(' ');
    expect(facility.tierValue?.extraCapexUsd).toBeGreaterThan(10e6);
    expect(run(0.88)).toContain('Tier III buys 20.4 hours a year');
    expect(run(0.88)).toContain('12%');
    expect(run(0.95)).not.toContain('Tier III buys');
  });
});
