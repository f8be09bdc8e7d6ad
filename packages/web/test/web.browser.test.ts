// The web app end to end, as a new user meets it: Debian's Chromium (playwright-core, headless)
// against a real `aidc serve` (the server's code, the built web app) on 127.0.0.1 with a fresh
// SQLite file. Screenshots go to test-output/web/ to be looked at.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/chromium.js';
import { addUser, startServer, type RunningServer } from '@aidc/server';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB = join(ROOT, 'packages/web/dist');
const SHOTS = join(ROOT, 'test-output/web');

describe('the web app in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(WEB, 'index.html')))
      throw new Error(`the web app is not built (${WEB}): run npm run build`);
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'aidc-web-'));
    server = await startServer({
      db: `sqlite:${join(dir, 'aidc.db')}`,
      port: 0,
      log: () => {},
      webRoot: WEB,
    });
    await addUser(
      server.store,
      { name: 'lin', role: 'planner', password: 'a long passphrase', projects: ['default'] },
      { id: null, name: 'test' },
    );
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
    });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const shot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  const figure = (id: string) => page.locator(`[data-testid=${id}] .figure-value`).innerText();

  it('signs in, opens an example and shows its plan', async () => {
    await page.goto(server.url);
    await page.getByLabel('User name').fill('lin');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain('Wrong name or password');
    await page.getByLabel('Password').fill('a long passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('[data-testid=example-picker]');
    await shot('1-scenarios');
    await page.selectOption('[data-testid=example-picker]', 'llama3.1-8b-small.yaml');
    await page.waitForSelector('[data-testid=plan]');
    expect(await figure('headline-gpus')).toBe('64');
    expect(await page.getByTestId('feasible').innerText()).toBe('Feasible');
    await shot('2-example-plan');
  }, 60_000);

  it('replans as a field is edited, and saves a version', async () => {
    const before = await figure('headline-days');
    await page.getByTestId('field-gpus').fill('128');
    await expect.poll(() => figure('headline-gpus')).toBe('128');
    const after = await figure('headline-days');
    expect(after).not.toBe(before);
    expect(Number.parseFloat(after)).toBeLessThan(Number.parseFloat(before));
    // The field's edit is in the YAML source too.
    expect(await page.getByTestId('yaml-editor').innerText()).toMatch(/gpus: 128/);
    await page.getByTestId('save').click();
    await page.waitForURL(/#\/s\//);
    await page.waitForSelector('[data-testid=plan]');
    await shot('3-saved');
  }, 60_000);

  it('shows a scenario error at its line', async () => {
    const content = page.locator('.cm-content');
    await content.click();
    const line = page.locator('.cm-line', { hasText: 'gpu: a100-sxm-80gb' });
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.type('x');
    const issues = page.getByTestId('issues');
    await expect.poll(() => issues.innerText()).toMatch(/line 6.*cluster\.gpu.*unknown gpu id/s);
    await expect.poll(() => page.locator('.cm-lint-marker-error').count()).toBeGreaterThan(0);
    await shot('4-error-at-line');
    await page.keyboard.press('Backspace');
    await expect.poll(() => issues.count()).toBe(0);
  }, 60_000);

  it('saves a second version, diffs it, and compares two scenarios', async () => {
    await page.getByTestId('field-gpus').fill('256');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('message').innerText()).toContain('Saved version 2');
    await page.selectOption('[data-testid=diff-version]', '1');
    await expect
      .poll(() => page.getByTestId('diff').innerText())
      .toMatch(/-\s*gpus: 128[\s\S]*\+\s*gpus: 256/);
    await shot('5-diff');
    // A second scenario from another example, then both compared.
    await page.goto(`${server.url}/#/new/llama3.1-405b-16k-h100.yaml`);
    await page.waitForSelector('[data-testid=plan]');
    await page.getByTestId('save').click();
    await page.waitForURL(/#\/s\//);
    await page.goto(`${server.url}/#/`);
    const boxes = page.locator('[data-testid=scenario-list] input[type=checkbox]');
    await expect.poll(() => boxes.count()).toBe(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    const table = page.getByTestId('compare-table');
    await expect.poll(() => table.innerText()).toMatch(/usdPerGpuHour/);
    expect(await table.innerText()).toMatch(/16,384/);
    await shot('6-compare');
  }, 90_000);

  it('runs a sweep and a simulation with progress to the end', async () => {
    await page.goto(`${server.url}/#/`);
    await page.locator('[data-testid=scenario-list] a', { hasText: '8B' }).click();
    await page.waitForSelector('[data-testid=sweep-panel]');
    await page.getByTestId('sweep-vary').fill('cluster.gpus=64,128');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await expect
      .poll(() => page.getByTestId('sweep-progress').innerText(), { timeout: 30_000 })
      .toContain('2 of 2');
    await expect.poll(() => page.getByTestId('sweep-table').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('sweep-panel').scrollIntoViewIfNeeded();
    await shot('7-sweep');
    // The simulation example.
    await page.goto(`${server.url}/#/new/scheduler-comparison.yaml`);
    await page.waitForSelector('[data-testid=plan]');
    await page.getByTestId('save').click();
    await page.waitForSelector('[data-testid=simulation-panel]');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await expect
      .poll(() => page.getByTestId('simulation-figures').innerText(), { timeout: 60_000 })
      .toMatch(/Utilisation/);
    await page.getByTestId('simulation-panel').scrollIntoViewIfNeeded();
    await shot('8-simulation');
  }, 120_000);

  it('switches to Chinese: every label from the catalog, numbers in the locale', async () => {
    await page.goto(`${server.url}/#/`);
    await page.locator('[data-testid=scenario-list] a', { hasText: '405B' }).click();
    await page.waitForSelector('[data-testid=plan]');
    await page.selectOption('[data-testid=language]', 'zh-CN');
    await expect.poll(() => page.locator('h2').first().innerText()).toBe('常用字段');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('[data-testid=headline-gpus] .figure-label').innerText()).toBe(
      'GPU 数量',
    );
    expect(await page.locator('[data-testid=headline-days] .figure-value').innerText()).toMatch(
      /天$/,
    );
    expect(await page.title()).toContain('智算中心');
    await shot('9-chinese');
    await page.selectOption('[data-testid=language]', 'en');
  }, 60_000);

  it('made no request beyond the aidc server and threw no error', () => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
