// Opens each example's HTML report in Debian's Chromium (playwright-core, no bundled browser):
// every chart must have rendered, the console must stay clean, the page must load nothing from
// the network, and a screenshot is saved under test-output/reports/ for a person to look at.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, planScenario } from '@aidc/core';
import { nodeIo } from '../main.js';
import { renderHtmlReport } from './html-report.js';
import { launchChromium } from '../../../../scripts/chromium.js';
import { openReport } from './report-page.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml'));
const outDir = join(root, 'test-output', 'reports');

let browser: Browser;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('HTML report in a browser', () => {
  it.each(examples)(
    '%s renders every chart without console errors',
    async (example) => {
      const parsed = parseScenario(nodeIo.readFile(join(root, 'examples', example)));
      if (!parsed.ok) throw new Error(`${example} is invalid`);
      const html = renderHtmlReport(planScenario(parsed.scenario));
      expect(html).not.toMatch(/<script|<link[^>]+href="http|@import|url\(http/i);
      const file = join(outDir, example.replace(/\.yaml$/, '.html'));
      writeFileSync(file, html);

      const { charts, sections, problems } = await openReport(browser, file, [
        'summary',
        'workloads',
        'bom',
        'sources',
      ]);
      expect(charts.length).toBeGreaterThanOrEqual(5);
      for (const c of charts) {
        expect(c.shapes, `${example}: chart ${c.name} is empty`).toBeGreaterThan(3);
        expect(c.width, `${example}: chart ${c.name} has no size`).toBeGreaterThan(100);
      }
      for (const [id, count] of Object.entries(sections)) expect(count, id).toBe(1);
      expect(problems).toEqual([]);
    },
    60_000,
  );
});
