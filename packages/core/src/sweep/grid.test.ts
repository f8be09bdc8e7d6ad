import { describe, expect, it } from 'vitest';
import { planScenario } from '../plan.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { expandGrid, parsePath, parseVary, sweepRow, varyPathProblem, withValue } from './grid.js';

describe('sweep grids', () => {
  it('parses key paths with indices', () => {
    expect(parsePath('workloads[0].parallelism.tp')).toEqual(['workloads', 0, 'parallelism', 'tp']);
    expect(parsePath('cluster.gpus')).toEqual(['cluster', 'gpus']);
    expect(parsePath('cluster..gpus')).toEqual(['cluster', 'gpus']);
    expect(parsePath('[0].x')).toBeUndefined();
    expect(parsePath('cluster gpus')).toBeUndefined();
  });

  it('parses values as numbers, booleans or text', () => {
    const r = parseVary('workloads[0].precision=bf16,fp8');
    expect(r.ok && r.vary.values).toEqual(['bf16', 'fp8']);
    const n = parseVary('cluster.gpus=8192,1.6384e4,true');
    expect(n.ok && n.vary.values).toEqual([8192, 16384, true]);
    expect(parseVary('cluster.gpus').ok).toBe(false);
    expect(parseVary('cluster.gpus=').ok).toBe(false);
  });

  it('expands the cartesian product, first dimension slowest', () => {
    const a = parseVary('a=1,2');
    const b = parseVary('b=x,y,z');
    if (!a.ok || !b.ok) throw new Error('bad spec');
    const grid = expandGrid([a.vary, b.vary]);
    expect(grid).toHaveLength(6);
    expect(grid[0]).toEqual([1, 'x']);
    expect(grid[3]).toEqual([2, 'x']);
  });

  it('sets a value on a copy, leaving the input untouched', () => {
    const input = { cluster: { gpus: 8 }, workloads: [{ precision: 'bf16' }] };
    const out = withValue(input, ['workloads', 0, 'precision'], 'fp8') as typeof input;
    expect(out.workloads[0]?.precision).toBe('fp8');
    expect(input.workloads[0]?.precision).toBe('bf16');
    expect(withValue({}, ['site', 'country'], 'NO')).toEqual({ site: { country: 'NO' } });
  });

  it("names a serving replica's pipeline stages in the layout", () => {
    const plan = planScenario(
      ScenarioSchema.parse({
        name: '405B',
        cluster: { gpu: 'h100-sxm-80gb' },
        workloads: [
          {
            name: 'chat',
            type: 'inference',
            model: 'llama3.1-405b',
            precision: 'bf16',
            requestsPerSecond: 1,
            inputTokens: 1000,
            outputTokens: 200,
            parallelism: { tp: 8, pp: 2 },
          },
        ],
      }),
      { monteCarlo: false },
    );
    expect(sweepRow(plan)['layout']).toMatch(/^tp8 pp2 x \d+$/);
  });
});

describe('a --vary path the file cannot take', () => {
  it('an index past the end of a list is named with what the file has', () => {
    const input = { workloads: [{ name: 'a' }] };
    expect(varyPathProblem(input, ['workloads', 5, 'precision'])).toBe(
      'workloads[5] does not exist: the file has 1 entry (workloads[0])',
    );
    expect(varyPathProblem(input, ['workloads', 0, 'precision'])).toBeUndefined();
    expect(varyPathProblem(input, ['cluster', 'gpus'])).toBeUndefined();
    expect(varyPathProblem({ workloads: {} }, ['workloads', 0])).toBe('workloads is not a list');
  });
});
