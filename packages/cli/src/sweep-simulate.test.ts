// `aidc sweep` over simulation keys: each variant planned and its cluster simulated, the row
// carrying the simulation's figures after the plan's.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, planScenario } from '@aidc/core';
import { SIMULATION_COLUMNS, simulatePlan } from '@aidc/sim';
import { main } from './main.js';
import { capture } from './test-io.js';

const root = join(import.meta.dirname, '..', '..', '..');
const example = join(root, 'examples', 'scheduler-comparison.yaml');

async function sweepJson(args: string[]) {
  const io = capture();
  const code = await main(['sweep', ...args, '--json', '--jobs', '1'], io);
  return {
    code,
    rows: code === 0 ? (JSON.parse(io.stdout.join('')) as Record<string, unknown>[]) : [],
    io,
  };
}

describe('sweep over simulation keys', () => {
  it('simulates each policy: the rows are what aidc simulate gives, FIFO queues longest', async () => {
    const { code, rows, io } = await sweepJson([
      example,
      '--vary',
      'simulation.policy=fifo,backfill',
      '--vary',
      'simulation.days=20',
    ]);
    expect(code).toBe(0);
    expect(io.stderr.join('')).toContain('2 plans simulated');
    expect(rows.map((r) => r['simulation.policy'])).toEqual(['fifo', 'backfill']);
    for (const c of SIMULATION_COLUMNS.filter((c) => c !== 'simSloAttainment'))
      expect(typeof rows[0]?.[c], c).toBe('number');
    const [fifo, backfill] = rows;
    // FIFO lets a large job hold up the small ones behind it; backfilling starts them.
    expect(Number(fifo?.['simQueueDelayMeanH'])).toBeGreaterThan(
      Number(backfill?.['simQueueDelayMeanH']),
    );

    // The backfill row is the simulation of that variant, figure for figure.
    const text = readFileSync(example, 'utf8');
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error('example invalid');
    const scenario = {
      ...parsed.scenario,
      simulation: { ...parsed.scenario.simulation!, policy: 'backfill' as const, days: 20 },
    };
    const run = simulatePlan(planScenario(scenario, { monteCarlo: false }));
    expect(backfill?.['simUtilization']).toBe(run.result.utilization);
    expect(backfill?.['simJctMeanH']).toBe(run.result.jctS.mean / 3600);
    expect(backfill?.['simJobsCompleted']).toBe(run.result.jobs.completed);
  });

  it('a variant the simulation cannot run is a row with the reason, the others run', async () => {
    const { code, rows } = await sweepJson([
      example,
      '--vary',
      'simulation.powerCapMW=0.001,5',
      '--vary',
      'simulation.days=2',
    ]);
    expect(code).toBe(0);
    expect(String(rows[0]?.['reason'])).toMatch(
      /simulation: simulation.powerCapMW: expected at least/,
    );
    expect(rows[0]?.['simUtilization']).toBeUndefined();
    expect(typeof rows[1]?.['simUtilization']).toBe('number');
  });

  it('says what is wrong: no simulation section, --queue, an unreadable trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-sweep-sim-'));
    try {
      const plain = join(dir, 'plain.yaml');
      writeFileSync(
        plain,
        `name: no simulation
cluster: { gpu: h100-sxm-80gb, gpus: 64 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e11, seqLen: 4096, globalBatchTokens: 2e6 }
`,
      );
      const none = capture();
      expect(
        await main(['sweep', plain, '--vary', 'cluster.gpus=64,128', '--simulate'], none),
      ).toBe(1);
      expect(none.stderr.join('')).toContain('simulation: missing');

      const queued = capture();
      expect(
        await main(
          [
            'sweep',
            example,
            '--vary',
            'simulation.policy=fifo,sjf',
            '--queue',
            'redis://127.0.0.1:6379',
          ],
          queued,
        ),
      ).toBe(2);
      expect(queued.stderr.join('')).toContain('leave out --queue');

      const traced = join(dir, 'traced.yaml');
      writeFileSync(
        traced,
        readFileSync(example, 'utf8').replace(
          /jobs:\n {4}synthetic:[\s\S]*$/,
          'jobs:\n    trace: no-such-trace.csv\n    format: alibaba-openb\n',
        ),
      );
      const missing = capture();
      expect(await main(['sweep', traced, '--vary', 'simulation.policy=fifo,sjf'], missing)).toBe(
        2,
      );
      expect(missing.stderr.join('')).toContain(
        `simulation.jobs.trace: cannot read ${join(dir, 'no-such-trace.csv')}: no such file`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
