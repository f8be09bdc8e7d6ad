// `npm run fidelity`: aidc's predictions against published training runs (validation/training)
// serving benchmarks (validation/inference), MLPerf Training times of non-LLM networks
// (validation/generic), MLPerf Inference samples/s of the same networks (validation/generic-inference), cluster failure observations (reliability) and the
// simulator against queueing theory and the plan's reliability model (simulation).
import { formatSummary, loadCases, runCase, summarise, type Comparison } from './fidelity-lib.js';
import { loadInferenceCases, runInferenceCase } from './inference-fidelity-lib.js';
import { reliabilityComparisons } from './reliability-fidelity-lib.js';
import { energyComparisons } from './energy-fidelity-lib.js';
import { genericComparisons } from './generic-fidelity-lib.js';
import { genericInferenceComparisons } from './generic-inference-fidelity-lib.js';
import { simulationComparisons } from './simulation-fidelity-lib.js';

const rows: Comparison[] = [];
for (const c of loadCases()) rows.push(...runCase(c));
for (const c of loadInferenceCases()) rows.push(runInferenceCase(c));
rows.push(...reliabilityComparisons());
rows.push(...energyComparisons());
rows.push(...genericComparisons());
rows.push(...genericInferenceComparisons());
rows.push(...simulationComparisons());

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const num = (x: number) => (Math.abs(x) >= 1000 ? x.toExponential(3) : x.toPrecision(4));
console.log(['case', 'metric', 'published', 'predicted', 'error'].join('\t'));
let family = '';
let previous: Comparison | undefined;
for (const r of rows) {
  if (r.family !== family) {
    family = r.family;
    console.log(`# ${family}`);
  }
  // A case aidc cannot plan prints once, its reason in the metric column.
  const repeat = r.notExpressible !== undefined && previous?.id === r.id;
  previous = r;
  if (repeat) continue;
  if (r.notExpressible !== undefined) console.log([r.id, r.metric, num(r.published)].join('\t'));
  else console.log([r.id, r.metric, num(r.published), num(r.predicted), pct(r.error)].join('\t'));
}
console.log('\nPer family:');
for (const s of summarise(rows, (r) => r.family)) console.log(`  ${formatSummary(s)}`);
console.log('\nAll figures:');
for (const s of summarise(rows)) console.log(formatSummary(s));
