// The 16k-GPU H100 example against NVIDIA's 64-SU DGX SuperPOD: the compute fabric's bill from the
// reference architecture's published counts, priced from the same catalog.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRICES, parseScenario, planScenario } from '@aidc/core';

const price = (path: string): number => {
  const [table, id] = path.split('.') as [keyof typeof PRICES, string | undefined];
  const entry = PRICES[table] as unknown;
  if (id === undefined) return (entry as { value: number }).value;
  return (entry as Record<string, { value: number }>)[id]?.value ?? 0;
};

// DGX SuperPOD reference architecture, larger configurations table (64 SUs, 2,048 DGX, 16,384
// GPUs): 512 leaf, 512 spine and 256 core QM9700 switches; 16,384 node-leaf, 16,384 leaf-spine and
// 16,384 spine-core cables. Every DGX H100 uses four twin-port OSFP modules for its eight compute
// ports (H100 RA, 'Network Fabrics'); every QM9700 cage holds a twin-port module of two ports.
const reference = (() => {
  const switches = 512 + 512 + 256;
  const cables = 3 * 16_384;
  const switchPorts = 16_384 + 2 * 16_384 + 2 * 16_384;
  const dgxModules = 2048 * 4;
  const switchModules = switchPorts / 2;
  return {
    switches,
    cables,
    dgxModules,
    switchModules,
    usd:
      switches * price('switchUsd.quantum-2-qm9700') +
      dgxModules * price('transceiverUsd.osfp-800g-2xsr4-flt') +
      switchModules * price('transceiverUsd.osfp-800g-2xsr4') +
      cables * price('cableUsd'),
  };
})();

const text = readFileSync(
  new URL('../../../examples/llama3.1-405b-16k-h100.yaml', import.meta.url),
  'utf8',
);
const parsed = parseScenario(text);
if (!parsed.ok) throw new Error('the 16k example does not parse');
const plan = planScenario(parsed.scenario, { monteCarlo: false });
const fabric = plan.cluster.fabric;

describe('the 16k-GPU H100 example against the 64-SU DGX SuperPOD', () => {
  it('the reference bill: 1,280 switches, 49,152 cables, 8,192 + 40,960 twin-port modules', () => {
    expect(reference.switches).toBe(1280);
    expect(reference.dgxModules + reference.switchModules).toBe(49_152);
    // Half the 98,304 link ends: one twin-port module serves two ports.
    expect(reference.usd).toBeCloseTo(
      1280 * 36_000 + 8192 * 1200 + 40_960 * 1200 + 49_152 * 100,
      0,
    );
  });

  it('spares and the UFM sit in the 64 SUs: 512 leaves, no 17th pod', () => {
    expect(plan.cluster.spareServers).toBeGreaterThan(0);
    expect(fabric?.switches.leaf).toBe(512);
    expect(fabric?.sparePlacement).toBe('leaf taper');
    expect(fabric?.tiers).toBe(3);
  });

  it('modules, not link ends: about half the ends of its links', () => {
    expect(fabric).toBeDefined();
    const ends = 2 * (fabric?.links ?? 0);
    expect(fabric?.transceivers).toBeGreaterThan(0.49 * ends);
    expect(fabric?.transceivers).toBeLessThan(0.51 * ends);
    expect(fabric?.optics.serverModule).toBe('osfp-800g-2xsr4-flt');
    expect(fabric?.optics.serverModules).toBe(4 * (plan.cluster.servers ?? 0));
  });

  it('compute-fabric capex within 10% of the reference design', () => {
    const usd = (fabric?.bill ?? []).reduce((sum, l) => sum + l.count * price(l.pricePath), 0);
    expect(Math.abs(usd / reference.usd - 1)).toBeLessThan(0.1);
  });
});
