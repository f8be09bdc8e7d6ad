import { describe, expect, it } from 'vitest';
import { matcherProblem, matchesLabels } from './label-matchers.js';

describe('label matchers (PromQL semantics)', () => {
  const labels = { Hostname: 'gpu-r01-k07-u03', gpu: '3' };
  it('compares values, a missing label being the empty string', () => {
    expect(matchesLabels(labels, [{ label: 'gpu', op: '=', value: '3' }])).toBe(true);
    expect(matchesLabels(labels, [{ label: 'gpu', op: '!=', value: '3' }])).toBe(false);
    expect(matchesLabels(labels, [{ label: 'job', op: '=', value: '' }])).toBe(true);
    expect(matchesLabels(labels, [{ label: 'job', op: '!=', value: '' }])).toBe(false);
  });
  it('anchors regular expressions at both ends', () => {
    expect(matchesLabels(labels, [{ label: 'Hostname', op: '=~', value: 'gpu-r01-.*' }])).toBe(
      true,
    );
    expect(matchesLabels(labels, [{ label: 'Hostname', op: '=~', value: 'r01' }])).toBe(false);
    expect(matchesLabels(labels, [{ label: 'gpu', op: '!~', value: '[0-2]' }])).toBe(true);
    expect(matcherProblem({ label: 'gpu', op: '=~', value: '(' })).toMatch(/^label gpu: /);
    expect(matcherProblem({ label: 'gpu', op: '=', value: '(' })).toBeNull();
  });
});
