// Opens the simulation report of each example with a simulation section in Debian's Chromium:
// every chart drawn, a clean console, nothing loaded from the network, and a screenshot saved
// under test-output/reports/ for a person to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, planScenario } from '@aidc/core';
import { simulatePlan } from '@aidc/sim';
import { nodeIo } from '../main.js';
import { renderSimulationReport } from './simulation-report.js';
import { launchChromium } from '../../../../scripts/chromium.js';
import { openReport } from './report-page.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const outDir = join(root, 'test-output', 'reports');
/** Each example with its simulation section, over a few days to keep the test short. */
const examples: [string, number][] = [
  ['scheduler-comparison.yaml', 7],
  ['chat-service-and-jobs.yaml', 1],
];

let browser: Browser;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('simulation report in a browser', () => {
  it.each(examples)(
    '%s renders every chart without console errors',
    async (example, days) => {
      const parsed = parseScenario(nodeIo.readFile(join(root, 'examples', example)));
      if (!parsed.ok) throw new Error(`${example} is invalid`);
      const run = simulatePlan(planScenario(parsed.scenario, { monteCarlo: false }), { days });
      const html = renderSimulationReport(parsed.scenario.name, `examples/${example}`, run);
      const file = join(outDir, example.replace(/\.yaml$/, '.simulation.html'));
      writeFileSync(file, html);

      const { charts, sections, problems } = await openReport(browser, file, [
        'summary',
        'timeline',
        'queueing',
        'failures',
      ]);
      expect(charts.length).toBeGreaterThanOrEqual(4);
      for (const c of charts) {
        expect(c.shapes, `${example}: chart ${c.name} is empty`).toBeGreaterThan(3);
        expect(c.width, `${example}: chart ${c.name} has no size`).toBeGreaterThan(100);
      }
      for (const [id, count] of Object.entries(sections)) expect(count, id).toBe(1);
      expect(problems).toEqual([]);
    },
    90_000,
  );
});
