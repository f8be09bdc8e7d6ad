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

      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:'))
          problems.push(`request ${r.url()}`);
      });
      await page.goto(`file://${file}`);
      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => ({
          name: f.getAttribute('data-chart'),
          shapes: f.querySelectorAll('svg path, svg rect, svg text').length,
          width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        })),
      );
      expect(charts.length).toBeGreaterThanOrEqual(4);
      for (const c of charts) {
        expect(c.shapes, `${example}: chart ${c.name} is empty`).toBeGreaterThan(3);
        expect(c.width, `${example}: chart ${c.name} has no size`).toBeGreaterThan(100);
      }
      for (const id of ['summary', 'timeline', 'queueing', 'failures'])
        expect(await page.locator(`section#${id}`).count(), id).toBe(1);
      await page.screenshot({ path: file.replace(/\.html$/, '.png'), fullPage: true });
      await page.close();
      expect(problems).toEqual([]);
    },
    90_000,
  );
});
