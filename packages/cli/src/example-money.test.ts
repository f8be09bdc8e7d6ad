// The money of a planned cluster read the two ways it is used: an owner training on it (cost per
// GPU-hour in use, and per useful hour after interruptions) and a lessor renting it out (revenue on
// sold hours). One rule makes every unit cost the page's own TCO over the page's own hours.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, planScenario } from '@aidc/core';

function plan(file: string, patch = '') {
  const text = readFileSync(new URL(`../../../examples/${file}`, import.meta.url), 'utf8');
  const parsed = parseScenario(text + patch);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return planScenario(parsed.scenario, { monteCarlo: false });
}

describe('owner and lessor on the 16k-GPU H100 example', () => {
  const p = plan('llama3.1-405b-16k-h100.yaml');
  const cost = p.cost!;
  const training = p.workloads[0]!.training!;

  it('$/GPU-hour equals the TCO over the GPU-hours the page states', () => {
    const hours = p.cluster.gpus * 8760 * cost.inputs.utilization * cost.inputs.horizonYears;
    expect(cost.gpuHours).toBe(hours);
    expect(cost.usdPerGpuHour * hours).toBeCloseTo(cost.tcoUsd, 0);
    // TCO = capex - residual + the horizon's opex.
    const opex = cost.opexByYearUsd.reduce((s, y) => s + y.total, 0);
    expect(cost.tcoUsd).toBeCloseTo(cost.capexUsd.total - cost.residualUsd.total + opex, 0);
  });

  it('owning costs less per GPU-hour in use than the $2.35 market rent', () => {
    expect(cost.inputs.rentalUsdPerGpuHour).toBe(2.35);
    expect(cost.usdPerGpuHour).toBeLessThan(2.35);
    expect(p.warnings.some((w) => w.message.includes('owning costs'))).toBe(false);
  });

  it('with the 10% cost of capital it costs $2.93 levelised, above the rent, and the page says why', () => {
    // Capital spent up front, hours earned over five years: the rent that repays it at the
    // default discount rate (the investment catalog's 10%).
    expect(cost.inputs.discountRate).toBe(0.1);
    expect(cost.levelisedUsdPerGpuHour).toBeCloseTo(2.93, 2);
    expect(cost.investment!.npvUsd).toBeLessThan(0);
    const note = p.warnings.find((w) => w.code === 'rent-below-levelised-cost');
    expect(note?.message).toMatch(/in use costs \$2\.21 .* but \$2\.93 levelised at the 10\.0%/);
    expect(note?.message).toMatch(/NPV -\$219\.\dM, IRR 2\.1%\); it does at 88% utilisation/);
  });

  it('the training run pays for its interruptions per useful hour; the lessor bills sold hours', () => {
    const goodput = training.reliability!.goodput;
    expect(goodput).toBeLessThan(0.95);
    expect(cost.usdPerUsefulGpuHour).toBeCloseTo(cost.usdPerGpuHour / goodput, 6);
    const sold = p.cluster.gpus * 8760 * cost.inputs.utilization;
    expect(cost.investment!.revenueUsdPerYear).toBeCloseTo(sold * 2.35, 0);
  });

  it('the run costs its GPU-hours at the cost per GPU-hour in use', () => {
    expect(training.costUsd).toBeCloseTo(training.gpuHours * cost.usdPerGpuHour, 0);
  });
});

describe('a vendor quote replaces the catalog figure and is recorded as the user’s', () => {
  it('a server quote lowers capex by the difference per server', () => {
    const base = plan('llama3.1-8b-small.yaml');
    const quoted = plan(
      'llama3.1-8b-small.yaml',
      '\neconomics:\n  prices:\n    serverUsd.dgx-a100: 200000\n',
    );
    const servers = base.cluster.servers!;
    expect(base.cost!.capexUsd.servers - quoted.cost!.capexUsd.servers).toBeCloseTo(
      servers * 100_000,
      0,
    );
    expect(quoted.assumptions!.find((a) => a.name === 'server price')!.source).toMatch(
      /the scenario's figure/,
    );
  });
});
