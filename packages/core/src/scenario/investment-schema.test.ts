// The investment keys of `economics`: optional, checked across each other with the key path,
// what was expected and a hint; any of them turns the cash-flow table on.
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.js';
import { wantsInvestmentCase } from './investment-schema.js';
import { planScenario } from '../plan.js';

const scenario = (economics: string) => `name: case
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: p, type: training, model: llama3.1-8b, tokens: 1e11, seqLen: 4096, globalBatchSequences: 512 }
economics: ${economics}
`;

function issues(economics: string) {
  const r = parseScenario(scenario(economics));
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

describe('investment keys', () => {
  it('a phase energised before design ends is refused at its key path, with a hint', () => {
    const [issue] = issues(
      '{ designMonths: 6, phases: [{ gpus: 512, onlineMonth: 24 }, { gpus: 512, onlineMonth: 4 }] }',
    );
    expect(issue).toMatchObject({
      path: ['economics', 'phases', 1, 'onlineMonth'],
      expected: 'an onlineMonth above 6',
      hint: 'move the phase later, or give a shorter designMonths',
    });
    expect(issue?.message).toMatch(
      /phase 2 is energised in month 4, before design ends \(month 6\)/,
    );
  });

  it('buildMonths against constructionMonths, and not above the default design months', () => {
    expect(issues('{ buildMonths: 24, constructionMonths: 18 }')[0]).toMatchObject({
      path: ['economics', 'buildMonths'],
      hint: 'remove buildMonths, or constructionMonths',
    });
    expect(issues('{ buildMonths: 5 }')[0]?.message).toMatch(
      /buildMonths \(5\) must be above the design months \(6, the default\)/,
    );
  });

  it('one price curve: not both a curve and a decay, nor a curve and a start price', () => {
    expect(issues('{ rentalPriceByYear: [3, 2], rentalPriceDecayPerYear: 0.2 }')[0]?.path).toEqual([
      'economics',
      'rentalPriceDecayPerYear',
    ]);
    expect(issues('{ rentalPriceByYear: [3, 2], gpuRentalUsdPerHour: 3 }')[0]?.path).toEqual([
      'economics',
      'gpuRentalUsdPerHour',
    ]);
    expect(issues('{ debt: { share: 1.5 } }')[0]?.path).toEqual(['economics', 'debt', 'share']);
    expect(issues('{ depreciationMethod: sum-of-years }')[0]?.path).toEqual([
      'economics',
      'depreciationMethod',
    ]);
  });

  it('any key turns the case on; none leaves the plan as it was', () => {
    expect(wantsInvestmentCase({})).toBe(false);
    expect(wantsInvestmentCase({ taxRate: 0.25 })).toBe(true);
    expect(wantsInvestmentCase({ taxRate: 0.25, investmentCase: false })).toBe(false);
    const plain = parseScenario(scenario('{ utilization: 0.7 }'));
    const withCase = parseScenario(scenario('{ utilization: 0.7, investmentCase: true }'));
    if (!plain.ok || !withCase.ok) throw new Error('valid');
    const before = planScenario(plain.scenario, { monteCarlo: false }).cost;
    const after = planScenario(withCase.scenario, { monteCarlo: false }).cost;
    expect(before?.cashFlows).toBeUndefined();
    // The case adds its table and leaves every other figure alone.
    const { cashFlows, ...rest } = after ?? {};
    expect(rest).toEqual(before);
    // The defaults: design 6 + construction 18 months, one phase of every GPU in month 24.
    expect(cashFlows?.phases).toEqual([
      { gpus: 1024, onlineMonth: 24, constructionStartMonth: 7, share: 1 },
    ]);
    expect(cashFlows?.inputs).toMatchObject({
      refreshYears: 6,
      debtShare: 0.6,
      debtRatePerYear: 0.09,
      taxRate: 0.21,
      rental: { kind: 'decay', startUsd: 2.35, decayPerYear: 0.22 },
    });
    expect(cashFlows?.rows).toHaveLength(5);
    expect(cashFlows?.rows[0]?.revenueUsd).toBe(0);
  });
});
