// `npm run bench`: time a full plan with parallelism search (405B on 16,384 H100), the rate of
// configurations evaluated per second, deadline sizing and an inference plan. Uses wall-clock time, so it lives here, not in a test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseScenario,
  planScenario,
  searchParallelism,
  shapeFromPreset,
  trainingContext,
  findGpu,
} from '@aidc/core';
import { parseVaries, runSweep } from '../packages/cli/src/sweep-command.js';

const root = join(import.meta.dirname, '..');
const text = readFileSync(join(root, 'examples', 'llama3.1-405b-16k-h100.yaml'), 'utf8');
const parsed = parseScenario(text);
if (!parsed.ok) throw new Error('example scenario is invalid');
const scenario = parsed.scenario;

function timeIt<T>(runs: number, fn: () => T): { ms: number; value: T } {
  let value = fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < runs; i++) value = fn();
  return { ms: (performance.now() - start) / runs, value };
}

const plan = timeIt(5, () => planScenario(scenario));
const t = plan.value.workloads[0]?.training;
console.log(`full plan, 405B on 16,384 H100 (parse excluded): ${plan.ms.toFixed(1)} ms per plan`);

const workload = scenario.workloads[0]!;
if (workload.type !== 'training') throw new Error('the bench scenario trains');
const ctx = trainingContext(
  {
    workload,
    model: shapeFromPreset('llama3.1-405b')!,
    gpu: findGpu('h100-sxm-80gb')!,
    fabric: undefined,
    gpus: 16384,
  },
  16384,
);
const search = timeIt(5, () => searchParallelism(ctx, { fixed: {} }));
const rate = search.value.evaluated / (search.ms / 1000);
console.log(
  `parallelism search: ${search.value.evaluated} configurations in ${search.ms.toFixed(1)} ms = ${Math.round(rate).toLocaleString('en-US')} configurations/s`,
);

const deadline = parseScenario(
  readFileSync(join(root, 'examples', 'llama2-70b-deadline.yaml'), 'utf8'),
);
if (deadline.ok) {
  const sized = timeIt(3, () => planScenario(deadline.scenario));
  console.log(`deadline sizing, 70B in 30 days: ${sized.ms.toFixed(1)} ms per plan`);
}
const serving = parseScenario(
  readFileSync(join(root, 'examples', 'llama3.1-70b-chat-and-batch.yaml'), 'utf8'),
);
if (serving.ok) {
  const served = timeIt(20, () => planScenario(serving.scenario));
  console.log(
    `inference plan, 70B chat (tp search, p99 batch bisection, replica sizing) + offline job: ${served.ms.toFixed(2)} ms per plan`,
  );
}
const pipelined = parseScenario(`name: 405B bf16 chat
cluster: { gpu: h100-sxm-80gb }
workloads:
  - { name: chat, type: inference, model: llama3.1-405b, precision: bf16, requestsPerSecond: 5, inputTokens: 1000, outputTokens: 300, slo: { ttftMs: 2000, tpotMs: 100 } }
`);
if (pipelined.ok) {
  const served = timeIt(10, () => planScenario(pipelined.scenario));
  console.log(
    `inference plan, 405B bf16 across servers (tp x pp search): ${served.ms.toFixed(2)} ms per plan`,
  );
}
const hundredK = parseScenario(`name: 100k GPUs
cluster: { gpu: h100-sxm-80gb, gpus: 98304 }
workloads:
  - { name: pretrain, type: training, model: llama3.1-405b, tokens: 15e12, seqLen: 8192, globalBatchTokens: 16e6 }
`);
if (!hundredK.ok) throw new Error('the 100k-GPU bench scenario is invalid');
{
  const big = timeIt(5, () => planScenario(hundredK.scenario));
  console.log(
    `98,304-GPU plan (parallelism search + servers, racks, 4-tier fabric, storage, power, cooling): ${big.ms.toFixed(1)} ms per plan`,
  );
}
{
  // A sweep of 1,000 plans, as `aidc sweep` runs them (Monte Carlo off).
  const sweepScenario = `name: sweep
cluster: { gpu: h100-sxm-80gb, gpus: 64 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e12, seqLen: 4096, globalBatchTokens: 4e6 }
`;
  const v = parseVaries([
    'cluster.gpus=64,128,256,512,1024,2048,4096,8192,16384,32768',
    'workloads[0].tokens=1e12,2e12,3e12,4e12,5e12,6e12,7e12,8e12,9e12,10e12',
    'site.country=US,NO,FR,DE,IE,SG,JP,IN,BR,AU',
  ]);
  if (!v.ok) throw new Error(v.message);
  const start = performance.now();
  const result = runSweep(sweepScenario, v.varies);
  console.log(
    `sweep of ${result.rows.length} plans: ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );
}
if (t)
  console.log(
    `(chosen: tp ${t.parallelism.tp}, pp ${t.parallelism.pp}, dp ${t.parallelism.dp}, cp ${t.parallelism.cp}; MFU ${(t.mfu * 100).toFixed(1)}%)`,
  );
