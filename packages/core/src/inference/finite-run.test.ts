import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.js';
import { planScenario } from '../plan.js';
import { finiteRunTokensPerS } from './finite-run.js';

describe('a finite offline run', () => {
  // An iteration of 3 ms fixed work plus 10 us per sequence in flight.
  const iterationS = (b: number) => 0.003 + 1e-5 * b;

  it('runs 3,000 requests in waves of 1,449: two full waves and one of 102', () => {
    // 3,000 / (2 x 17.49 ms + 4.02 ms) = 3,000 / 39.0 ms = 76,923 sequences a second.
    const expected = 3000 / (2 * (0.003 + 0.01449) + (0.003 + 0.00102));
    expect(finiteRunTokensPerS(3000, 1449, iterationS)).toBeCloseTo(expected, 6);
    expect(finiteRunTokensPerS(3000, 1449, iterationS)).toBeCloseTo(76923, -1);
  });

  it('is the steady rate when the batch divides the requests', () => {
    expect(finiteRunTokensPerS(3000, 1500, iterationS)).toBeCloseTo(1500 / iterationS(1500), 6);
  });

  it('never holds more sequences than there are requests', () => {
    expect(finiteRunTokensPerS(1500, 4096, iterationS)).toBeCloseTo(1500 / iterationS(1500), 6);
  });
});

describe('an offline workload with a request count', () => {
  const scenario = (requests: string) => `
name: finite run
cluster: { gpu: h100-sxm-80gb, gpus: 1 }
workloads:
  - name: serve
    type: inference
    model: llama3.1-8b
    precision: fp8
    kvCachePrecision: fp8
    inputTokens: 128
    outputTokens: 2048
    gpus: 1
    parallelism: { tp: 1 }
    maxBatchSize: 4096
    maxNumTokens: 32768
${requests}`;
  const plan = (text: string) => {
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
    const w = planScenario(parsed.scenario).workloads[0];
    if (!w || !('inference' in w) || !w.inference) throw new Error('no inference result');
    return w.inference;
  };

  it('runs at most its requests at once, and slower for a part-full last wave', () => {
    const endless = plan(scenario(''));
    const few = plan(scenario('    requests: 100'));
    expect(endless.batchSize).toBeGreaterThan(100);
    expect(few.batchSize).toBe(100);
    expect(few.maxOutputTokensPerS).toBeLessThan(endless.maxOutputTokensPerS);
    // One and a half batches: the second wave runs half full.
    const wave = Math.floor(endless.batchSize);
    const ragged = plan(scenario(`    requests: ${Math.round(wave * 1.5)}`));
    expect(ragged.batchSize).toBe(wave);
    expect(ragged.maxOutputTokensPerS).toBeLessThan(endless.maxOutputTokensPerS);
    expect(ragged.maxOutputTokensPerS).toBeGreaterThan(few.maxOutputTokensPerS);
  });
});
