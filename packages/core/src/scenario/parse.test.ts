import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.js';
import { formatIssue } from './issues.js';

const valid = `name: test
cluster:
  gpu: h100-sxm-80gb
  gpus: 64
workloads:
  - name: pretrain
    type: training
    model: llama3.1-8b
    tokens: 1e12
    seqLen: 8192
    globalBatchTokens: 4e6
`;

function issuesOf(text: string) {
  const result = parseScenario(text);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('parseScenario', () => {
  it('accepts a valid scenario and fills defaults', () => {
    const result = parseScenario(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const w = result.scenario.workloads[0]!;
    expect(w.precision).toBe('bf16');
    expect(w.sequenceParallel).toBe(true);
    expect(w.parallelism).toEqual({});
    expect(w.tokens).toBe(1e12);
  });

  it('maps dataParallelOverlap booleans to modes and rejects unknown modes', () => {
    const mode = (v: string) => {
      const r = parseScenario(valid + `    dataParallelOverlap: ${v}\n`);
      return r.ok ? r.scenario.workloads[0]!.dataParallelOverlap : r.issues[0]?.code;
    };
    expect(mode('true')).toBe('full');
    expect(mode('false')).toBe('none');
    expect(mode('forward')).toBe('forward');
    expect(mode('sideways')).not.toBe('sideways');
  });

  it('accepts JSON', () => {
    const json = JSON.stringify({
      name: 'j',
      cluster: { gpu: 'a100-sxm-80gb', gpus: 8 },
      workloads: [
        {
          name: 'w',
          type: 'training',
          model: 'llama2-7b',
          tokens: 1e9,
          seqLen: 4096,
          globalBatchSequences: 8,
        },
      ],
    });
    expect(parseScenario(json).ok).toBe(true);
  });

  it('reports YAML syntax errors with line and column', () => {
    const [issue] = issuesOf('name: x\ncluster:\n  gpu: [h100\n');
    expect(issue?.code).toBe('syntax');
    expect(issue?.line).toBeGreaterThanOrEqual(3);
    expect(issue?.column).toBeGreaterThan(0);
  });

  it('rejects unknown keys with a did-you-mean hint and the key position', () => {
    const [issue] = issuesOf(valid.replace('  gpus: 64', '  gpuz: 64'));
    expect(issue).toMatchObject({
      code: 'unknown-key',
      path: ['cluster', 'gpuz'],
      line: 4,
      column: 3,
    });
    expect(issue?.hint).toBe('did you mean "gpus"?');
    expect(formatIssue(issue!, 's.yaml')).toMatch(
      /^s\.yaml:4:3: cluster\.gpuz: unknown key "gpuz"/,
    );
  });

  it('rejects wrong types with expected and found', () => {
    const [issue] = issuesOf(valid.replace('gpus: 64', 'gpus: many'));
    expect(issue).toMatchObject({
      code: 'wrong-type',
      path: ['cluster', 'gpus'],
      found: '"many"',
      line: 4,
    });
    expect(issue?.expected).toContain('number');
  });

  it('rejects out-of-range numbers: negative GPUs', () => {
    const [issue] = issuesOf(valid.replace('gpus: 64', 'gpus: -8'));
    expect(issue).toMatchObject({
      code: 'out-of-range',
      path: ['cluster', 'gpus'],
      found: '-8',
      expected: 'a number > 0',
    });
  });

  it('rejects a model with 0 layers and heads that do not divide hidden', () => {
    const text = valid.replace(
      '    model: llama3.1-8b',
      '    model:\n      layers: 0\n      hidden: 1000\n      heads: 3\n      vocab: 32000',
    );
    const issues = issuesOf(text);
    expect(issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['workloads.0.model.layers', 'workloads.0.model.heads']),
    );
    const heads = issues.find((i) => i.path.join('.') === 'workloads.0.model.heads');
    expect(heads?.message).toContain('heads must divide hidden');
    expect(heads?.line).toBe(11);
  });

  it('rejects unknown catalog ids and lists close matches', () => {
    const [issue] = issuesOf(valid.replace('h100-sxm-80gb', 'h100-sxm'));
    expect(issue).toMatchObject({ code: 'unknown-catalog-id', path: ['cluster', 'gpu'], line: 3 });
    expect(issue?.hint).toContain('"h100-sxm-80gb"');
    const [model] = issuesOf(valid.replace('llama3.1-8b', 'llama-3.1-8b'));
    expect(model?.hint).toContain('"llama3.1-8b"');
    const [llama3] = issuesOf(valid.replace('llama3.1-8b', 'llama3-70b'));
    expect(llama3?.hint).toMatch(/^did you mean "llama3\.[13]-70b"/);
  });

  it('rejects parallelism whose product is not the GPU count', () => {
    const [issue] = issuesOf(valid + '    parallelism: { tp: 8, pp: 2, dp: 2 }\n');
    expect(issue).toMatchObject({
      code: 'inconsistent',
      path: ['workloads', 0, 'parallelism'],
      expected: '64 GPUs',
    });
    expect(issue?.found).toBe('8 x 2 x 2 x 1 = 32');
  });

  it('rejects a tp that does not divide the heads', () => {
    const issues = issuesOf(valid + '    parallelism: { tp: 3 }\n');
    expect(issues.map((i) => i.path.join('.'))).toContain('workloads.0.parallelism.tp');
  });

  it('rejects a precision the GPU lacks', () => {
    const text = valid.replace('h100-sxm-80gb', 'a100-sxm-80gb') + '    precision: fp8\n';
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ code: 'invalid-value', path: ['workloads', 0, 'precision'] });
  });

  it('requires a batch and a GPU count', () => {
    const issues = issuesOf(
      valid.replace('  gpus: 64\n', '').replace('    globalBatchTokens: 4e6\n', ''),
    );
    expect(issues[0]?.message).toContain('globalBatchTokens or globalBatchSequences');
  });

  it('says inference is not planned yet', () => {
    const [issue] = issuesOf(valid.replace('type: training', 'type: inference'));
    expect(issue?.message).toContain('inference');
  });
});
