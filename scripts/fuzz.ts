// Fuzz: mutants of the examples and of generated scenarios (a key deleted, retyped, pushed to an
// extreme or unknown; workloads duplicated), each parsed and planned. Counts crashes (a throw),
// slow plans and non-finite figures; exits 1 if any. `npm run fuzz -- 10000` (default 2000).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseScenario, planScenario } from '../packages/core/src/index.js';
import { nonFiniteNumbers } from '../packages/core/src/properties/plan-invariants.js';
import { mutants, scenarioArbitrary } from '../packages/core/src/properties/scenario-arbitrary.js';

const total = Number(process.argv[2] ?? 2000);
const slowMs = 5000;
const dir = join(import.meta.dirname, '..', 'examples');
const bases = [
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(dir, f), 'utf8')),
  ...fc.sample(scenarioArbitrary(), { numRuns: 50, seed: 11 }),
];
let crashes = 0;
let nonFinite = 0;
let slow = 0;
let refused = 0;
let planned = 0;
let worstMs = 0;
for (let n = 0; n < total; n++) {
  const [mutant] = mutants(bases[n % bases.length]!, n, 1);
  const started = performance.now();
  try {
    const parsed = parseScenario(mutant!);
    if (!parsed.ok) refused++;
    else {
      const plan = planScenario(parsed.scenario, { monteCarlo: n % 10 === 0 });
      planned++;
      const bad = nonFiniteNumbers(plan);
      if (bad.length > 0) {
        nonFinite++;
        if (nonFinite <= 3)
          console.error(`non-finite ${bad.slice(0, 3).join(', ')} in:\n${mutant}`);
      }
    }
  } catch (error) {
    crashes++;
    if (crashes <= 3) console.error(`crash: ${(error as Error).stack}\nin:\n${mutant}`);
  }
  const ms = performance.now() - started;
  worstMs = Math.max(worstMs, ms);
  if (ms > slowMs) {
    slow++;
    if (slow <= 3) console.error(`slow (${ms.toFixed(0)} ms):\n${mutant}`);
  }
}
console.log(
  `${total} mutants: ${planned} planned, ${refused} refused with a message, ${crashes} crashes, ${nonFinite} with non-finite figures, ${slow} slower than ${slowMs} ms (worst ${worstMs.toFixed(0)} ms)`,
);
process.exit(crashes + nonFinite + slow > 0 ? 1 : 0);
