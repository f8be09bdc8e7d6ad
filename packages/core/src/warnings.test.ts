import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario/parse.js';
import { planScenario } from './plan.js';
import { SEVERITIES, underWorkload, warning, WARNING_CODES } from './warnings.js';

describe('plan warnings', () => {
  it('carry their code, its severity, the message and the key path they concern', () => {
    expect(warning('power-cap-exceeded', 'over the cap', 'site.powerCapMW')).toEqual({
      code: 'power-cap-exceeded',
      severity: 'error',
      message: 'over the cap',
      path: 'site.powerCapMW',
    });
    expect(warning('power-swing', 'swings')).not.toHaveProperty('path');
    for (const severity of Object.values(WARNING_CODES)) expect(SEVERITIES).toContain(severity);
  });

  it("a workload stage's path goes under the workload's key", () => {
    const relative = warning('deadline-missed', 'late', 'deadlineDays');
    expect(underWorkload(relative, 2).path).toBe('workloads[2].deadlineDays');
    expect(underWorkload(warning('searched-settings', 'chosen'), 0).path).toBe('workloads[0]');
  });

  it('a plan over its site power cap says so as an error at site.powerCapMW', () => {
    const parsed = parseScenario(`name: capped
site: { country: US, powerCapMW: 1 }
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: train, type: training, model: llama3.1-8b, tokens: 1e11, seqLen: 4096, globalBatchSequences: 512 }
`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const plan = planScenario(parsed.scenario, { monteCarlo: false });
    const cap = plan.warnings.find((w) => w.code === 'power-cap-exceeded');
    expect(cap).toMatchObject({ severity: 'error', path: 'site.powerCapMW' });
    expect(cap?.message).toMatch(/above the site's 1 MW cap/);
  });
});
