// Accessibility of every page, in Chromium against a real `aidc serve`: axe-core (injected into
// the page) checks sign-in, the scenario list, the editor with its plan, a saved scenario's sweep
// and simulation panels with a scheduler comparison, compare, and Operations with an inventory,
// the editor and Operations in Chinese too; the test fails on any serious or critical violation
// (WCAG 2.1 A and AA rules plus axe's best practices). Every violation found, of any impact, is
// written to test-output/web/a11y.json.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/chromium.js';
import { addUser, type RunningServer } from '@aidc/server';
import { ROOT, SHOTS, startWebServer, type WebServer } from './web-server.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

describe('accessibility (axe-core) of every page', () => {
  let web: WebServer | undefined;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let token = '';
  let simulationId = '';
  // Every violation by page, minor and moderate too, written to test-output/web/a11y.json.
  const report: Record<string, { id: string; impact: string | null; nodes: number }[]> = {};

  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  /** The serious and critical violations of the page as it is now, one line each. */
  const audit = async (name: string): Promise<string[]> => {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      // In the page: its globals, typed here without the DOM's types (the root tsconfig has none).
      const page = globalThis as unknown as {
        axe: { run: (...a: unknown[]) => Promise<unknown> };
        document: unknown;
      };
      const r = (await page.axe.run(page.document, {
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
        },
        resultTypes: ['violations'],
      })) as { violations: unknown[] };
      return r.violations;
    });
    const bad = (violations as AxeViolation[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id} (${v.help}): ${v.nodes
            .slice(0, 4)
            .map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`)
            .join(', ')}${v.nodes.length > 4 ? ` and ${v.nodes.length - 4} more` : ''}`,
      );
    report[name] = (violations as AxeViolation[]).map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
    }));
    await page.screenshot({ path: join(SHOTS, `a11y-${name}.png`) });
    return bad;
  };

  beforeAll(async () => {
    web = await startWebServer('aidc-web-a11y-');
    server = web.server;
    // An admin can do everything a planner and an operator can, so every control is on screen.
    const made = await addUser(
      server.store,
      { name: 'ada', role: 'admin', password: 'a long passphrase', projects: ['default'] },
      { id: null, name: 'test' },
    );
    token = made?.token ?? '';
    const yaml = readFileSync(join(ROOT, 'examples/llama3.1-8b-small.yaml'), 'utf8');
    const s = await call<{ id: string }>('POST', '/api/v1/scenarios', { name: 'Llama 8B', yaml });
    const plan = await call<{ id: string }>('POST', '/api/v1/plans', { scenarioId: s.id });
    await call('POST', '/api/v1/inventory/import-plan', {
      planId: plan.id,
      project: 'default',
      replace: true,
    });
    const sim = await call<{ id: string }>('POST', '/api/v1/scenarios', {
      name: 'Scheduler comparison',
      yaml: readFileSync(join(ROOT, 'examples/scheduler-comparison.yaml'), 'utf8'),
    });
    simulationId = sim.id;
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
      // The server's CSP allows only its own scripts; axe is injected by the test alone.
      bypassCSP: true,
    });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    writeFileSync(join(SHOTS, 'a11y.json'), JSON.stringify(report, null, 2) + '\n');
    await browser?.close();
    await web?.close();
  });

  it('sign-in page', async () => {
    await page.goto(server.url);
    await page.waitForSelector('input');
    expect(await audit('sign-in')).toEqual([]);
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Password').fill('a long passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('[data-testid=example-picker]');
  }, 60_000);

  it('scenario list', async () => {
    expect(await audit('scenarios')).toEqual([]);
  }, 60_000);

  it('editor with a plan, its warnings and the inference fields', async () => {
    await page.goto(`${server.url}/#/new/llama3.1-70b-chat-and-batch.yaml`);
    await page.waitForSelector('[data-testid=plan]');
    await page.waitForSelector('[data-testid=inference-fields]');
    expect(await audit('editor')).toEqual([]);
  }, 60_000);

  it('a saved scenario with its sweep and simulation panels', async () => {
    await page.goto(`${server.url}/#/`);
    await page.locator('[data-testid=scenario-list] a', { hasText: '8B' }).click();
    await page.waitForSelector('[data-testid=sweep-panel]');
    expect(await audit('saved-scenario')).toEqual([]);
  }, 60_000);

  it('a simulation and its scheduler comparison', async () => {
    await page.goto(`${server.url}/#/s/${simulationId}`);
    await page.waitForSelector('[data-testid=simulation-panel]');
    await page.getByTestId('simulation-panel').getByLabel('Days').fill('2');
    await page.getByTestId('compare-schedulers').click();
    await expect
      .poll(() => page.getByTestId('scheduler-table').locator('tbody tr').count(), {
        timeout: 60_000,
      })
      .toBe(3);
    await page.getByTestId('scheduler-comparison').scrollIntoViewIfNeeded();
    expect(await audit('scheduler-comparison')).toEqual([]);
  }, 90_000);

  it('compare', async () => {
    await page.goto(`${server.url}/#/new/llama3.1-405b-16k-h100.yaml`);
    await page.waitForSelector('[data-testid=plan]');
    await page.getByTestId('save').click();
    await page.waitForURL(/#\/s\//);
    await page.goto(`${server.url}/#/`);
    const boxes = page.locator('[data-testid=scenario-list] input[type=checkbox]');
    await expect.poll(() => boxes.count()).toBe(3);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    await page.waitForSelector('[data-testid=compare-table]');
    expect(await audit('compare')).toEqual([]);
  }, 60_000);

  it('operations with an inventory', async () => {
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.waitForSelector('[data-testid=operations]');
    await page.waitForSelector('#ops-inventory');
    expect(await audit('operations')).toEqual([]);
  }, 60_000);

  it('the editor and Operations in Chinese', async () => {
    await page.goto(`${server.url}/#/new/llama3.1-70b-chat-and-batch.yaml`);
    await page.waitForSelector('[data-testid=plan]');
    await page.selectOption('[data-testid=language]', 'zh-CN');
    await expect.poll(() => page.locator('h2').first().innerText()).toBe('常用字段');
    expect(await audit('editor-zh')).toEqual([]);
    await page.getByRole('link', { name: '运营' }).click();
    await page.waitForSelector('#ops-inventory');
    expect(await audit('operations-zh')).toEqual([]);
    await page.selectOption('[data-testid=language]', 'en');
  }, 60_000);
});
