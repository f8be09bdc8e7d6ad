import { describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOGS } from '../catalog/catalogs.js';
import { FACILITY } from '../catalog/facility.js';
import { findGpu } from '../catalog/gpus.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { planFacility } from '../facility/plan-facility.js';
import { planCluster } from './plan-cluster.js';

const h100 = findGpu('h100-sxm-80gb')!;
const scenario = (cluster: Record<string, unknown>, site?: Record<string, unknown>) =>
  ScenarioSchema.parse({
    name: 'build',
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
const storage = { checkpointGB: 112, checkpointsTB: 0.336, datasetTB: 8, artefactsTB: 0 };

/** The cluster for `gpus`, and the building the cluster's load asks for. */
function build(
  gpus: number,
  cluster: Record<string, unknown> = {},
  site?: Record<string, unknown>,
) {
  const planned = scenario({ gpus, ...cluster }, site);
  const out = planCluster({
    scenario: planned,
    gpu: h100,
    gpus,
    workloads: [{ type: 'training', gpus }],
    storage,
    catalogs: BUILT_IN_CATALOGS,
  });
  if (!out.ok) throw new Error(out.reason);
  const { facility, warnings } = planFacility({
    scenario: planned,
    fac: FACILITY,
    regions: BUILT_IN_CATALOGS.regions,
    ...out.load,
  });
  return { cluster: out.cluster, facility, warnings: [...out.warnings, ...warnings] };
}

describe('the building for a DGX H100 SuperPOD', () => {
  it('four SUs (128 DGX H100 + UFM): 32 tapered leaves + 15 spines, 4 DGX per 40.8 kW rack', () => {
    const { cluster, facility } = build(1024);
    expect(cluster.server).toBe('dgx-h100');
    expect(cluster.servers).toBe(128);
    // The UFM takes a DGX's place: 33 ports down and 30 up per leaf, over 15 spines.
    expect(cluster.fabric?.switches).toEqual({ leaf: 32, spine: 15, core: 0 });
    expect(cluster.fabric?.sparePlacement).toBe('leaf taper');
    expect(cluster.fabric?.id).toBe('infiniband-ndr');
    expect(cluster.rackDetail.serversPerRack).toBe(4);
    expect(cluster.rackDetail.compute).toBe(32);
    expect(facility.cooling).toBe('air');
  });

  it('power by hand: 128 x 10.2 kW at the training load factor, plus network and storage', () => {
    const { cluster, facility } = build(1024);
    const servers = 128 * 10.2 * FACILITY.itLoadFactor.training.value;
    expect(facility.itByPartMW.servers * 1000).toBeCloseTo(servers, 6);
    expect(facility.itNameplateMW * 1000).toBeCloseTo(
      128 * 10.2 + facility.itByPartMW.network * 1000 + cluster.storage.powerKW,
      6,
    );
    expect(facility.facilityPowerMW).toBeCloseTo(facility.itPowerMW * facility.pue, 9);
    // Tier III by default: one lineup carries the design load and a reserve lineup backs it.
    const n = Math.ceil((facility.itDesignMW * 1000) / FACILITY.unitRanges.upsLarge.value.maxKW);
    expect(facility.lineups.installed).toBe(2);
    expect(facility.ups.modules).toBe(2 * n);
  });

  it('site PUE overrides the cooling/climate default; a power cap that binds is a warning', () => {
    const out = build(1024, {}, { country: 'US', pue: 1.25, powerCapMW: 1 });
    expect(out.facility.pue).toBe(1.25);
    expect(out.facility.pueFrom).toBe('site.pue');
    expect(out.warnings.map((w) => w.message).join(' ')).toContain("above the site's 1 MW cap");
  });

  it('liquid cooling raises the rack limit and sends most heat to CDUs', () => {
    const out = build(1024, { cooling: 'liquid' });
    expect(out.cluster.rackDetail.serversPerRack).toBeGreaterThan(4);
    expect(out.facility.coolingPlant.liquidMW).toBeGreaterThan(out.facility.coolingPlant.airMW);
  });

  it('a dense rack beyond air cooling is a warning', () => {
    const out = build(1024, { rackPowerKW: 60, cooling: 'air' });
    expect(out.warnings.map((w) => w.message).join(' ')).toContain("exceed air cooling's 40.8 kW");
  });

  it('100,000 GPUs: a four-tier fabric on 64-port switches, with a warning', () => {
    const out = build(100_000);
    expect(out.cluster.fabric?.tiers).toBe(4);
    expect(out.warnings.map((w) => w.message).join(' ')).toContain('4 switch tiers');
  });
});

describe('networks an infrastructure engineer would build', () => {
  it('the storage fabric carries the storage bandwidth, not one non-blocking port per NIC', () => {
    const { cluster } = build(16_384);
    const sn = cluster.storageNetwork;
    expect(sn).toBeDefined();
    // 2,048 DGX x 2 storage ports at 400G on 128-port SN5600 leaves: 126 down, 2 up -> 33 leaves;
    // the appliances' ports (2 per 90 GB/s appliance) sit on non-blocking leaves of 64; the
    // spines take the server leaves' 66 uplinks and the appliances' ports.
    const appliances = cluster.storage.appliances;
    expect(sn?.switches.leaf).toBe(33 + Math.ceil((2 * appliances) / 64));
    expect(sn?.leafPorts).toEqual({ down: 126, up: 2 });
    expect(sn?.switches.spine).toBe(Math.max(2, Math.ceil((66 + 2 * appliances) / 128)));
    // Before: 2,048 x 2 server ports + appliance ports, non-blocking: 130 switches.
    expect(sn?.switchCount).toBeLessThan(60);
    // The uplinks carry what the appliances deliver (2 x 400G x 33 leaves = 26.4 Tb/s).
    expect(33 * 2 * 400).toBeGreaterThan(cluster.storage.readGBps * 8);
  });

  it('a 400G NIC on an 800G XDR fabric is a warning; XDR switches take 1.6T twin-port modules', () => {
    const out = build(1024, { fabric: 'infiniband-xdr' });
    expect(out.warnings.map((w) => w.message).join(' ')).toContain(
      "400 Gb/s NICs run infiniband-xdr's 800 Gb/s",
    );
    const b300 = planCluster({
      scenario: ScenarioSchema.parse({
        name: 'b300',
        cluster: { gpu: 'b300-sxm-288gb', gpus: 1024, fabric: 'infiniband-xdr' },
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
      }),
      gpu: findGpu('b300-sxm-288gb')!,
      gpus: 1024,
      workloads: [{ type: 'training', gpus: 1024 }],
      storage,
      catalogs: BUILT_IN_CATALOGS,
    });
    if (!b300.ok) throw new Error(b300.reason);
    expect(b300.warnings.map((w) => w.message).join(' ')).not.toContain('NICs run');
    expect(b300.cluster.fabric?.transceiver).toBe('osfp-1.6t-2xdr4');
    expect(b300.cluster.fabric?.optics.serverModule).toBe('osfp-800g-dr4');
  });

  it('cluster.upperOversubscription tapers the spines of a three-tier fabric', () => {
    const flat = build(16_384);
    const tapered = build(16_384, { upperOversubscription: 7 });
    // The UFM tapers the leaves to 33:31: pods of 32 leaves x 31 spines; at 7:1 pods of 56 leaves
    // (10 pods x 31 spines), each spine with 8 uplinks: 2,480 links over 39 cores.
    expect(flat.cluster.fabric?.switches).toEqual({ leaf: 512, spine: 496, core: 248 });
    expect(tapered.cluster.fabric?.switches).toEqual({ leaf: 512, spine: 310, core: 39 });
    expect(tapered.cluster.fabric?.upperOversubscription).toBe(7);
  });
});

describe('storage keys of the scenario', () => {
  it('cluster.backup.secondSite copies the backup; cluster.storageTBPerGpu sets the online tier', () => {
    const out = build(1024, {
      storageTBPerGpu: 2,
      backup: { rpoHours: 12, retentionDays: 14, secondSite: true },
    });
    const s = out.cluster.storage;
    expect(s.capacityTB).toBeCloseTo(2048, 6);
    expect(s.backup?.recoveryPoints).toBe(28);
    expect(s.backup?.rtoHours).toBe(72);
    expect(s.backup?.secondSiteTB).toBe(s.backup?.backupTB);
    expect(s.backup?.backupTB).toBeCloseTo(s.hotTB + (28 * 112) / 1000, 6);
  });

  it('a bad backup key is an error naming its path', () => {
    const bad = ScenarioSchema.safeParse({
      name: 'x',
      cluster: { gpu: 'h100-sxm-80gb', backup: { rpoHours: -1 } },
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
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['cluster', 'backup', 'rpoHours']);
  });
});
