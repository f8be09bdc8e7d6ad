// Generated scenarios (fast-check): every valid one plans to finite figures within physical
// bounds, and every mutated one is either planned the same way or refused with a path — parse and
// plan never throw. A bounded number run in `npm test`; scripts/fuzz.ts runs many more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GPUS, peakFlops } from '../catalog/gpus.js';
import { MODEL_PRESETS } from '../catalog/models.js';
import { planScenario } from '../plan.js';
import { parseScenario } from '../scenario/parse.js';
import { nonFiniteNumbers, physicalBoundViolations } from './plan-invariants.js';
import { mutants, scenarioArbitrary } from './scenario-arbitrary.js';

const RUNS = 40;

describe('every generated valid scenario plans to finite, physical figures', () => {
  it('no NaN, Infinity or null anywhere; MFU <= 1, PUE >= 1, goodput in (0, 1]', () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (text) => {
        const parsed = parseScenario(text);
        if (!parsed.ok) return true; // a combination the checks refuse is covered below
        const plan = planScenario(parsed.scenario, { monteCarlo: false });
        expect(nonFiniteNumbers(plan), text).toEqual([]);
        expect(physicalBoundViolations(plan), text).toEqual([]);
        return true;
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
  });

  it('most generated scenarios are valid (the generator exercises the planner, not only the checks)', () => {
    const samples = fc.sample(scenarioArbitrary(), { numRuns: 60, seed: 7 });
    const valid = samples.filter((t) => parseScenario(t).ok).length;
    expect(valid / samples.length).toBeGreaterThan(0.6);
  });
});

describe('every mutated scenario is planned or refused with a path, never thrown', () => {
  it('deleted, retyped, extreme and unknown keys, duplicated workloads', () => {
    fc.assert(
      fc.property(scenarioArbitrary(), fc.integer({ min: 0, max: 1e9 }), (text, salt) => {
        for (const mutant of mutants(text, salt, 4)) {
          const parsed = parseScenario(mutant);
          if (!parsed.ok) {
            expect(parsed.issues.length).toBeGreaterThan(0);
            for (const issue of parsed.issues) {
              expect(issue.message.length, mutant).toBeGreaterThan(0);
              expect(Array.isArray(issue.path)).toBe(true);
            }
            continue;
          }
          const plan = planScenario(parsed.scenario, { monteCarlo: false });
          expect(nonFiniteNumbers(plan), mutant).toEqual([]);
        }
        return true;
      }),
      { numRuns: RUNS / 2, seed: 99 },
    );
  });
});

describe('the generator draws from the catalogs', () => {
  it('covers several GPUs and models', () => {
    const samples = fc.sample(scenarioArbitrary(), { numRuns: 80, seed: 3 });
    const gpus = new Set(samples.map((t) => /gpu: ([\w.-]+)/.exec(t)?.[1]));
    const models = new Set(samples.map((t) => /model: ([\w.-]+)/.exec(t)?.[1]));
    expect(gpus.size).toBeGreaterThan(3);
    expect(models.size).toBeGreaterThan(3);
    expect(GPUS.some((g) => peakFlops(g, 'bf16') !== undefined)).toBe(true);
    expect(MODEL_PRESETS.length).toBeGreaterThan(5);
  });
});
