import { describe, expect, it } from 'vitest';
import { fatTreeCapacity, planFabric } from './fabric.js';

// NVIDIA DGX SuperPOD H100 reference architecture: DGX H100 with 8 x 400G NDR compute ports,
// Quantum-2 QM9700 switches of 64 x 400G, rail-optimised, non-blocking.
const superpod = (servers: number) =>
  planFabric({
    servers,
    portsPerServer: 8,
    radix: 64,
    portGbps: 400,
    oversubscription: 1,
    railOptimised: true,
  });

describe('rail-optimised fat tree', () => {
  it('one scalable unit of 32 DGX H100: 8 leaf + 4 spine switches', () => {
    const f = superpod(32);
    expect(f.tiers).toBe(2);
    expect(f.switches).toEqual({ leaf: 8, spine: 4, core: 0 });
    expect(f.linksByLevel).toEqual({ serverLeaf: 256, leafSpine: 256, spineCore: 0 });
    expect(f.bisectionTbps).toBeCloseTo(51.2, 6);
  });

  it('four SUs (127 DGX + one UFM slot, sized as 128): 32 leaf + 16 spine', () => {
    expect(superpod(128).switches).toEqual({ leaf: 32, spine: 16, core: 0 });
    expect(superpod(127).switches).toEqual({ leaf: 32, spine: 16, core: 0 });
  });

  it('SuperPOD H100 RA Table 4 row by row: 1-4 SUs', () => {
    expect(superpod(64).switches).toEqual({ leaf: 16, spine: 8, core: 0 });
    // Three SUs: 24 leaves need 12 spines of ports, but 32 uplinks per leaf spread evenly -> 16.
    expect(superpod(96).switches).toEqual({ leaf: 24, spine: 16, core: 0 });
  });

  it('SuperPOD B200 RA larger configurations: 8, 16, 32 and 64 SUs (leaf / spine / core)', () => {
    expect(superpod(256).switches).toEqual({ leaf: 64, spine: 32, core: 0 });
    expect(superpod(512).switches).toEqual({ leaf: 128, spine: 128, core: 64 });
    expect(superpod(1024).switches).toEqual({ leaf: 256, spine: 256, core: 128 });
    expect(superpod(2048).switches).toEqual({ leaf: 512, spine: 512, core: 256 });
  });

  it('two tiers reach k x k/2 = 2048 endpoints; beyond that a core tier appears', () => {
    expect(fatTreeCapacity(64, 2)).toBe(2048);
    expect(fatTreeCapacity(64, 3)).toBe(65_536); // k^3/4
    expect(superpod(256).tiers).toBe(2);
    const big = superpod(257);
    expect(big.tiers).toBe(3);
    // 257 servers -> 9 groups per rail x 8 rails = 72 leaves in pods of 32 -> 3 pods x 32 spines.
    expect(big.switches.leaf).toBe(72);
    expect(big.switches.spine).toBe(96);
    expect(big.switches.core).toBe(48);
  });

  it('a 100k-GPU cluster on 64-port switches needs a fourth tier', () => {
    const f = superpod(12_500);
    expect(f.tiers).toBe(4);
    expect(f.endpoints).toBe(100_000);
  });

  it('2:1 oversubscription halves spines and bisection', () => {
    const f = planFabric({
      servers: 32,
      portsPerServer: 8,
      radix: 64,
      portGbps: 400,
      oversubscription: 2,
      railOptimised: true,
    });
    // 42 down / 22 up per leaf: 32 servers fit one leaf per rail with room to spare, so rails
    // share leaves: 256 ports -> 7 leaves, 154 uplinks -> 3 spines.
    expect(f.switches).toEqual({ leaf: 7, spine: 3, core: 0 });
    expect(f.bisectionTbps).toBeCloseTo(25.6, 6);
  });

  it('a few servers share leaves across rails, down to one switch', () => {
    const four = superpod(4);
    expect(four.tiers).toBe(1);
    expect(four.switches).toEqual({ leaf: 1, spine: 0, core: 0 });
    // 8 DGX A100 (8 x 200G) on 40-port HDR switches: 64 ports -> 4 leaves, 2 spines.
    const a100 = planFabric({
      servers: 8,
      portsPerServer: 8,
      radix: 40,
      portGbps: 200,
      oversubscription: 1,
      railOptimised: true,
    });
    expect(a100.switches).toEqual({ leaf: 4, spine: 2, core: 0 });
  });

  it('counts the ports of every link: one server end, both ends of switch-switch links', () => {
    const f = superpod(32);
    expect(f.links).toBe(512);
    expect(f.switchPorts).toBe(256 + 2 * 256);
    expect(f.serverPorts).toBe(256);
  });
});

// The same fabric with the fabric manager and hot spares placed as DGX SuperPOD designs do.
const withSpares = (servers: number, spareServers: number, reservedPorts = 4) =>
  planFabric({
    servers,
    spareServers,
    reservedPorts,
    portsPerServer: 8,
    radix: 64,
    portGbps: 400,
    oversubscription: 1,
    railOptimised: true,
    maxSpareTaper: 1.1,
  });

describe('spares and the fabric manager inside whole scalable units', () => {
  it('SuperPOD H100 RA Table 4: 31 DGX + UFM is one SU (8 leaf, 4 spine, 252 + 256 cables)', () => {
    const f = withSpares(31, 0);
    expect(f.switches).toEqual({ leaf: 8, spine: 4, core: 0 });
    expect(f.linksByLevel.serverLeaf).toBe(252);
    expect(f.linksByLevel.leafSpine).toBe(256);
    expect(f.sparePlacement).toBe('free ports');
  });

  it('Table 4 rows 2-4: 63, 95 and 127 DGX + UFM keep 16/8, 24/16 and 32/16', () => {
    expect(withSpares(63, 0).switches).toEqual({ leaf: 16, spine: 8, core: 0 });
    expect(withSpares(95, 0).switches).toEqual({ leaf: 24, spine: 16, core: 0 });
    const four = withSpares(127, 0);
    expect(four.switches).toEqual({ leaf: 32, spine: 16, core: 0 });
    expect(four.linksByLevel).toEqual({ serverLeaf: 1020, leafSpine: 1024, spineCore: 0 });
  });

  it('256 GPUs + 1 spare + UFM: one SU with 34:30 leaves, not a second SU', () => {
    const f = withSpares(32, 1);
    // The spare and the UFM take two uplinks per leaf: 32 busy servers on 30 uplinks (1.07:1);
    // 30 uplinks spread evenly over 5 spines.
    expect(f.switches).toEqual({ leaf: 8, spine: 5, core: 0 });
    expect(f.leafPorts).toEqual({ down: 34, up: 30 });
    expect(f.sparePlacement).toBe('leaf taper');
    // Without the taper the spare would need a second SU: 16 leaf + 8 spine.
    const untapered = planFabric({
      servers: 33,
      portsPerServer: 8,
      radix: 64,
      portGbps: 400,
      oversubscription: 1,
      railOptimised: true,
    });
    expect(untapered.switches).toEqual({ leaf: 16, spine: 8, core: 0 });
  });

  it('2,048 GPUs + 4 spares + UFM stay in two tiers (64 leaf, 30 spine), not three', () => {
    const f = withSpares(256, 4);
    expect(f.tiers).toBe(2);
    // 33 ports down; of the 31 left, 30 spread evenly (one link to each of 30 spines).
    expect(f.switches).toEqual({ leaf: 64, spine: 30, core: 0 });
    expect(f.leafPorts).toEqual({ down: 33, up: 30 });
    const untapered = planFabric({
      servers: 260,
      portsPerServer: 8,
      radix: 64,
      portGbps: 400,
      oversubscription: 1,
      railOptimised: true,
    });
    expect(untapered.tiers).toBe(3);
  });

  it('64 SUs (2,048 DGX) + 15 spares + UFM: the reference 512 leaves, 31 of 32 spines per pod', () => {
    const f = withSpares(2048, 15);
    expect(f.tiers).toBe(3);
    expect(f.switches).toEqual({ leaf: 512, spine: 496, core: 248 });
    const reference = withSpares(2048, 0, 0);
    expect(reference.switches).toEqual({ leaf: 512, spine: 512, core: 256 });
    expect(reference.linksByLevel).toEqual({
      serverLeaf: 16_384,
      leafSpine: 16_384,
      spineCore: 16_384,
    });
  });

  it('3 SUs of 96 DGX + 2 spares + UFM: 30 uplinks spread evenly over 15 spines, not 31 over 12', () => {
    const f = withSpares(96, 2);
    expect(f.switches).toEqual({ leaf: 24, spine: 15, core: 0 });
    expect(f.leafPorts).toEqual({ down: 33, up: 30 });
    expect(f.linksByLevel.leafSpine % f.switches.spine).toBe(0);
  });

  it('4 DGX + UFM fit one switch: no uplinks when nothing leaves it', () => {
    const f = withSpares(4, 0);
    expect(f.tiers).toBe(1);
    expect(f.switches).toEqual({ leaf: 1, spine: 0, core: 0 });
    expect(f.endpoints).toBe(36);
  });

  it('spares beyond the taper limit get a leaf group of their own', () => {
    // 2 SUs and 10 spares: 5 extra ports per leaf would leave 32 servers on 27 uplinks (1.19:1).
    const f = withSpares(64, 10, 0);
    expect(f.sparePlacement).toBe('extra leaf group');
    expect(f.switches.leaf).toBe(24);
  });
});

describe('upper-tier taper', () => {
  it('7:1 at the spines (Meta, Llama 3 Sec. 3.3.1): pods of 56 leaves, 8 uplinks per spine', () => {
    const f = planFabric({
      servers: 2048,
      portsPerServer: 8,
      radix: 64,
      portGbps: 400,
      oversubscription: 1,
      upperOversubscription: 7,
      railOptimised: true,
    });
    // 512 leaves in pods of 56 -> 10 pods x 32 spines; 320 spines x 8 up = 2,560 links -> 40 cores.
    expect(f.switches).toEqual({ leaf: 512, spine: 320, core: 40 });
    expect(f.linksByLevel.spineCore).toBe(2560);
    expect(f.bisectionTbps).toBeCloseTo((16_384 * 400) / 2 / 7 / 1000, 6);
    expect(fatTreeCapacity(64, 3, 1, 7)).toBe(32 * 56 * 64);
  });
});
