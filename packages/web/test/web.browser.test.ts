// The web app end to end, as a new user meets it: Debian's Chromium (playwright-core, headless)
// against a real `aidc serve` (the server's code, the built web app) on 127.0.0.1 with a fresh
// SQLite file. Screenshots go to test-output/web/ to be looked at.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/chromium.js';
import { addUser, type RunningServer } from '@aidc/server';
import { SHOTS, startWebServer, type WebServer } from './web-server.js';
import ExcelJS from 'exceljs';

describe('the web app in Chromium', () => {
  let web: WebServer | undefined;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    web = await startWebServer('aidc-web-');
    server = web.server;
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
    await web?.close();
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
    // The planned facility drawn: the 8B example's racks by role, a rack's devices by unit.
    const layout = page.getByTestId('planned-layout');
    await layout.scrollIntoViewIfNeeded();
    expect(await layout.innerText()).toMatch(/1 hall\(s\), \d+ rows, \d+ racks/);
    const racks = layout.getByRole('button');
    expect(await racks.count()).toBeGreaterThan(1);
    await racks.first().click();
    await expect.poll(() => layout.innerText()).toMatch(/gpu-h1-r01-k01-u\d+/);
    await shot('2b-planned-layout');
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

  it('edits an inference workload’s load and latency targets from the form', async () => {
    await page.goto(`${server.url}/#/new/llama3.1-70b-chat-and-batch.yaml`);
    await page.waitForSelector('[data-testid=inference-fields]');
    const fields = page.getByTestId('inference-fields');
    expect(await fields.locator('legend').innerText()).toContain('chat');
    expect(await page.getByTestId('field-rps').inputValue()).toBe('40');
    expect(await page.getByTestId('field-ttft').inputValue()).toBe('1000');
    expect(await page.getByTestId('field-tpot').inputValue()).toBe('40');
    expect(await page.getByTestId('field-percentile').inputValue()).toBe('99');
    const gpus = async () => Number((await figure('headline-gpus')).replace(/,/g, ''));
    const before = await gpus();
    // Twice the load needs more replicas; the edit is in the YAML, its comment kept.
    await page.getByTestId('field-rps').fill('80');
    await expect.poll(gpus).toBeGreaterThan(before);
    const yaml = () => page.getByTestId('yaml-editor').innerText();
    expect(await yaml()).toMatch(/requestsPerSecond: 80 # peak-hour arrivals/);
    const at80 = await gpus();
    // A tighter time per output token needs smaller batches, so more GPUs again.
    await page.getByTestId('field-tpot').fill('20');
    await expect.poll(yaml).toMatch(/tpotMs: 20/);
    await expect.poll(gpus).toBeGreaterThan(at80);
    await page.getByTestId('field-ttft').fill('');
    await expect.poll(yaml).not.toMatch(/ttftMs/);
    await page.selectOption('[data-testid=field-percentile]', '90');
    await expect.poll(yaml).toMatch(/percentile: 90/);
    // And the other way: the YAML edited by hand moves the form.
    const line = page.locator('.cm-line', { hasText: 'percentile: 90' });
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('9');
    await expect.poll(() => page.getByTestId('field-percentile').inputValue()).toBe('99');
    await fields.scrollIntoViewIfNeeded();
    await shot('4b-inference-fields');
  }, 60_000);

  it('saves a second version, diffs it, and compares two scenarios', async () => {
    await page.goto(`${server.url}/#/`);
    await page.locator('[data-testid=scenario-list] a', { hasText: '8B' }).click();
    await page.waitForSelector('[data-testid=plan]');
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
    // Each figure by its label, its key in the title (the export's column name).
    await expect.poll(() => table.innerText()).toMatch(/\$ per GPU-hour/);
    expect(await table.locator('th[title=usdPerGpuHour]').innerText()).toBe('$ per GPU-hour');
    expect(await table.innerText()).toMatch(/16,384/);
    await shot('6-compare');
    // The grid as a workbook: one row per plan, a column per figure, numbers as numbers.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe('compare.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.getWorksheet('compare');
    expect(sheet?.getRow(1).getCell(1).value).toBe('scenario');
    expect(sheet?.rowCount).toBe(3);
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    const gpusAt = header.indexOf('gpus') + 1;
    expect(gpusAt).toBeGreaterThan(1);
    expect([
      sheet?.getRow(2).getCell(gpusAt).value,
      sheet?.getRow(3).getCell(gpusAt).value,
    ]).toContain(16384);
  }, 90_000);

  it('runs a sweep (exported as XLSX), a simulation and a scheduler comparison', async () => {
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
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe('sweep.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.getWorksheet('sweep');
    const cells = page.getByTestId('sweep-table').locator('thead th');
    const headers = await Promise.all(
      Array.from({ length: await cells.count() }, (_, n) => cells.nth(n).getAttribute('title')),
    );
    expect((sheet?.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
    expect(sheet?.getRow(1).font?.bold).toBe(true);
    expect([sheet?.getRow(2).getCell(1).value, sheet?.getRow(3).getCell(1).value]).toEqual([
      64, 128,
    ]);
    // The simulation example.
    await page.goto(`${server.url}/#/new/scheduler-comparison.yaml`);
    await page.waitForSelector('[data-testid=plan]');
    await page.getByTestId('save').click();
    await page.waitForSelector('[data-testid=simulation-panel]');
    // The example's 30 days: the cluster fills and jobs queue, so the schedulers part ways.
    await page.getByTestId('simulation-panel').getByLabel('Days').fill('30');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await expect
      .poll(() => page.getByTestId('simulation-figures').innerText(), { timeout: 60_000 })
      .toMatch(/Utilisation/);
    // The example's three teams: each one's jobs, GPU-hours and queueing, no quota set.
    const teams = await page.getByTestId('simulation-teams').locator('tbody tr').allInnerTexts();
    expect(teams.map((r) => r.split('\t')[0]).sort()).toEqual(['language', 'speech', 'vision']);
    for (const r of teams) {
      const cells = r.split('\t');
      expect(Number(cells[2]?.replace(/,/g, ''))).toBeGreaterThan(0);
      expect(cells[3]).toBe('–');
    }
    await page.getByTestId('simulation-panel').scrollIntoViewIfNeeded();
    await shot('8-simulation');
    // The scheduler comparison: a simulation per policy, same days and seed.
    const single = await page
      .locator('[data-testid=simulation-figures] .figure-value')
      .first()
      .innerText();
    await page.getByTestId('compare-schedulers').click();
    const table = page.getByTestId('scheduler-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 90_000 }).toBe(3);
    await page.getByTestId('scheduler-comparison').scrollIntoViewIfNeeded();
    await shot('8b-scheduler-comparison');
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).toEqual(['FIFO', 'SJF', 'backfill']);
    // Backfilling's waits are seconds: shown as such, never as "0.00 h".
    expect(rows.join('\n')).not.toMatch(/(^|\s)0\.00 h/);
    const header = await table.locator('thead th').allInnerTexts();
    expect(header).toEqual(
      expect.arrayContaining([
        'Utilisation',
        'Queue delay, mean',
        'Job completion time, mean',
        'Slowdown, mean',
      ]),
    );

    for (const r of rows) {
      const util = Number.parseFloat(r.split('\t')[1] ?? '');
      expect(util).toBeGreaterThan(0);
      expect(util).toBeLessThanOrEqual(100);
      expect(r).toMatch(/\d h\t.*×/);
    }
    // Same seed, same days, same policy: backfill's row is the run above, to the digit.
    expect(rows[2]?.split('\t')[1]).toBe(single);
    // The policies differ: not every queue delay is the same.
    expect(new Set(rows.map((r) => r.split('\t')[2])).size).toBeGreaterThan(1);
    expect(await page.getByTestId('scheduler-chart').locator('svg path').count()).toBeGreaterThan(
      10,
    );
  }, 180_000);

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
    // Warnings in Chinese, by code, with the plan's figures (the fabric's port count and tiers).
    const warnings = page.getByTestId('warnings');
    expect(await warnings.innerText()).toMatch(/[\d,]+ 端口的计算网络需要 \d 层 \S+ 交换机/);
    expect(await warnings.innerText()).toMatch(/警告 功率波动：训练作业的 IT 负载波动 [\d.]+ MW/);
    // Every warning is in Chinese (none marked as English).
    const english = await warnings
      .locator('li:has(span[lang=en])')
      .evaluateAll((els) =>
        els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset['code']),
      );
    expect(english).toEqual([]);
    await warnings.scrollIntoViewIfNeeded();
    await shot('9b-chinese-warnings');
    await page.selectOption('[data-testid=language]', 'en');
  }, 60_000);

  it('made no request beyond the aidc server and threw no error', () => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
