import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, planScenario } from '@aidc/core';
import { simulatePlan } from '@aidc/sim';
import { main, nodeIo } from '../main.js';
import { capture } from '../test-io.js';
import { downsample, renderSimulationReport } from './simulation-report.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');

function simulatedExample(example: string, days: number) {
  const parsed = parseScenario(nodeIo.readFile(join(root, 'examples', example)));
  if (!parsed.ok) throw new Error(`${example} is invalid`);
  const plan = planScenario(parsed.scenario, { monteCarlo: false });
  return { name: parsed.scenario.name, run: simulatePlan(plan, { days }) };
}

describe('downsample', () => {
  it('keeps a short series as it is', () => {
    expect(downsample([0, 1, 2], [[5, 6, 7]], 3)).toEqual({ x: [0, 1, 2], series: [[5, 6, 7]] });
  });

  it('averages equal windows of a long one, the last window shorter', () => {
    // 7 points at most 3: windows of ceil(7 / 3) = 3 -> [0..2], [3..5], [6].
    const view = downsample([0, 1, 2, 3, 4, 5, 6], [[1, 2, 3, 4, 5, 6, 10]], 3);
    expect(view.x).toEqual([0, 3, 6]);
    expect(view.series[0]).toEqual([2, 5, 10]);
  });
});

describe('simulation HTML report', () => {
  it('shows the run, the time series, the distributions and failures, with no script', () => {
    const { name, run } = simulatedExample('scheduler-comparison.yaml', 3);
    const html = renderSimulationReport(name, 'examples/scheduler-comparison.yaml', run);
    expect(html).not.toMatch(/<script|<link[^>]+href="http|@import|url\(http/i);
    for (const id of ['summary', 'timeline', 'queueing', 'failures'])
      expect(html).toContain(`<section id="${id}">`);
    for (const chart of ['busy-gpus', 'power', 'energy-per-day', 'queue-delay'])
      expect(html).toContain(`data-chart="${chart}"`);
    // The headline figures are the run's own.
    expect(html).toContain(`${(run.result.utilization * 100).toFixed(1)}%`);
    expect(html).toContain(`policy ${run.settings.policy}`);
    expect(html).not.toContain('NaN');
  });

  it('charts each service’s replicas and its SLO attainment by hour', () => {
    const { name, run } = simulatedExample('chat-service-and-jobs.yaml', 1);
    expect(run.services.length).toBeGreaterThan(0);
    const html = renderSimulationReport(name, 'examples/chat-service-and-jobs.yaml', run);
    expect(html).toContain('<section id="services">');
    const workload = run.services[0]!.model.workload;
    expect(html).toContain(`data-chart="replicas-${workload}"`);
    expect(html).toContain(`data-chart="slo-${workload}"`);
    // The replica counts are drawn on the run's own clock: the axis ends within its one day.
    const chart = html.slice(html.indexOf(`data-chart="replicas-${workload}"`));
    const last = run.result.timeseries.tHours.at(-1)!;
    expect(last).toBeLessThanOrEqual(24);
    expect(chart.slice(0, chart.indexOf('</figure>'))).not.toMatch(/>(4[89]|7[0-9])</);
  });
});

describe('aidc simulate --html', () => {
  it('writes the report beside the summary, and a folder that is not there fails cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-sim-html-'));
    try {
      const file = join(dir, 'simulation.html');
      const example = join(root, 'examples', 'scheduler-comparison.yaml');
      const io = capture();
      expect(await main(['simulate', example, '--days', '2', '--html', file], io)).toBe(0);
      expect(io.stderr.join('')).toContain(`wrote ${file}`);
      expect(io.stdout.join('')).toContain('utilisation');
      expect(readFileSync(file, 'utf8')).toContain('<section id="timeline">');

      const missing = join(dir, 'no', 'such', 'folder', 'simulation.html');
      const failed = capture();
      expect(await main(['simulate', example, '--days', '2', '--html', missing], failed)).toBe(2);
      expect(failed.stderr.join('')).toContain(`cannot write ${missing}`);
      expect(failed.stderr.join('')).not.toMatch(/internal error|at .*\.ts:\d+/);
      expect(existsSync(missing)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the simulation report of a run with teams and priorities', () => {
  it('tables each team (GPU-hours, quota, use, queue delay) and the delay by priority', () => {
    const file = new URL('../../../../examples/philly-trace-replay.yaml', import.meta.url);
    const parsed = parseScenario(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error('invalid example');
    const trace = readFileSync(
      new URL('../../../sim/test-data/traces/philly_runtime.csv', import.meta.url),
      'utf8',
    );
    const run = simulatePlan(planScenario(parsed.scenario, { monteCarlo: false }), {
      traceText: trace,
      days: 2,
    });
    const html = renderSimulationReport('replay', 'philly-trace-replay.yaml', run);
    const teams = run.result.teams!;
    expect(Object.keys(teams).sort()).toEqual(['language', 'speech', 'vision']);
    expect(html).toContain('<h3>Teams</h3>');
    expect(html).toContain('<h3>Queue delay by priority</h3>');
    // Short waits read in seconds or minutes, never as a zero number of hours.
    expect(html).not.toMatch(/>0\.0+ h</);
    const v = teams['vision']!;
    expect(html).toContain(
      `<td>vision</td><td>${v.jobs.toLocaleString('en-US')}</td><td>${Math.round(v.gpuHours).toLocaleString('en-US')}</td><td>256 GPUs</td><td>${(v.quotaUse! * 100).toFixed(1)}%</td>`,
    );
  });
});
