// The investment case in the web app, in Chromium against a real `aidc serve`: the phased GPU-cloud
// example's cash-flow table shows core's figures period by period (the same plan planned here),
// what they come to (NPV, IRR, payback), its chart and tornado, in English and in Chinese.
// Screenshots go to test-output/web/ to be looked at.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseScenario, planScenario, type Plan } from '@aidc/core';
import { launchChromium } from '../../../scripts/chromium.js';
import { addUser, type RunningServer } from '@aidc/server';
import { makeI18n } from '../src/i18n/index.js';
import { ROOT, SHOTS, startWebServer, type WebServer } from './web-server.js';

const EXAMPLE = 'gpu-cloud-investment.yaml';

function examplePlan(): Plan {
  const parsed = parseScenario(readFileSync(join(ROOT, 'examples', EXAMPLE), 'utf8'));
  if (!parsed.ok) throw new Error(`${EXAMPLE} does not parse`);
  return planScenario(parsed.scenario);
}

describe('the investment case in the web app', () => {
  let web: WebServer | undefined;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const plan = examplePlan();
  const flows = plan.cost?.cashFlows;

  beforeAll(async () => {
    web = await startWebServer('aidc-web-cash-');
    server = web.server;
    await addUser(
      server.store,
      { name: 'cfo', role: 'planner', password: 'a long passphrase', projects: ['default'] },
      { id: null, name: 'test' },
    );
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
    });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(server.url);
    await page.getByLabel('User name').fill('cfo');
    await page.getByLabel('Password').fill('a long passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('[data-testid=example-picker]');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const tableRows = async () =>
    (await page.getByTestId('cash-flow-table').locator('tbody tr').allInnerTexts()).map((r) =>
      r.split('\t').map((c) => c.trim()),
    );

  it('shows every period of the example with core’s figures', async () => {
    expect(flows?.period).toBe('year');
    if (!flows) return;
    await page.goto(`${server.url}/#/new/${EXAMPLE}`);
    const section = page.getByTestId('cash-flows');
    await section.waitFor();
    expect(await section.locator('h2').innerText()).toBe('Investment case');
    const header = await page.getByTestId('cash-flow-table').locator('thead th').allInnerTexts();
    expect(header).toEqual([
      'Period',
      'GPUs',
      'Util.',
      '$/GPU-h',
      'Revenue',
      'Opex',
      'EBITDA',
      'Capex',
      'Asset sales',
      'Deprec.',
      'Interest',
      'Tax',
      'Net income',
      'Debt drawn',
      'Debt repaid',
      'FCFF',
      'FCFE',
      'Cum. FCFE',
    ]);
    const rows = await tableRows();
    expect(rows.map((r) => r[0])).toEqual(flows.rows.map((r) => r.period));
    expect(rows).toHaveLength(10);
    // Every cell is the plan's own figure in the table's format.
    const i = makeI18n('en');
    const expected = flows.rows.map((r) => [
      r.period,
      i.num(r.gpusOnline, 0),
      r.gpusOnline > 0 ? i.percent(r.utilization) : '–',
      r.rentalUsdPerGpuHour > 0 ? i.fixed(r.rentalUsdPerGpuHour, 2) : '–',
      ...[
        r.revenueUsd,
        r.opexUsd,
        r.ebitdaUsd,
        r.capexUsd,
        r.assetSalesUsd,
        r.depreciationUsd,
        r.interestUsd,
        r.taxUsd,
        r.netIncomeUsd,
        r.debtDrawnUsd,
        r.debtRepaidUsd,
        r.fcffUsd,
        r.fcfeUsd,
        r.cumulativeFcfeUsd,
      ].map((v) => i.usdShort(v)),
    ]);
    expect(rows).toEqual(expected);
    // The example's figures as the HTML report prints them: design and the first hall before any
    // GPU (Y1-Y2), the first phase energised in Y3, both phases at the ramp's 57.5% in Y4 at the
    // decayed $2.76, $2.00 by Y6, the refresh bought in Y8.
    expect(rows[0]).toEqual(expect.arrayContaining(['Y1', '0', '–', '$27.5M', '-$12.4M']));
    expect(rows[2]?.slice(0, 5)).toEqual(['Y3', '4,096', '50%', '3.25', '$58.3M']);
    expect(rows[3]?.slice(0, 7)).toEqual([
      'Y4',
      '8,192',
      '57.5%',
      '2.76',
      '$114M',
      '$14.7M',
      '$99.4M',
    ]);
    expect(rows[3]?.slice(-3)).toEqual(['$99.4M', '-$9.85M', '-$321M']);
    expect(rows[5]?.[3]).toBe('2.00');
    expect(rows[7]?.[7]).toBe('$299M');
    // What the flows come to.
    const summary = page.getByTestId('cash-flow-summary');
    const firm = await summary.locator('tr[data-row=firm] td').innerText();
    expect(firm).toBe(
      `NPV ${i.usdShort(flows.firm.npvUsd)} at ${i.percent(flows.firm.discountRate)}, IRR ${i.percent(flows.firm.irr ?? NaN)}, payback ${i.num(flows.firm.paybackYears ?? NaN, 1)} years (discounted not within the horizon)`,
    );
    const equity = await summary.locator('tr[data-row=equity] td').innerText();
    expect(equity).toContain(`peak equity in ${i.usdShort(flows.equity.peakFundingUsd)}`);
    expect(equity).toContain('payback not within the horizon');
    expect(await summary.locator('tr[data-row=phases] td').innerText()).toBe(
      '4,096 GPUs energised in month 24, built from month 7; 4,096 GPUs energised in month 36, built from month 19',
    );
    expect(await summary.locator('tr[data-row=debt] td').innerText()).toMatch(
      /^lowest debt-service cover 0\.45×; implied WACC \d+(\.\d)?%$/,
    );
    // The chart and the tornado are drawn.
    expect(await section.locator('svg path').count()).toBeGreaterThan(20);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'cash-flows.png') });
    await section.screenshot({ path: join(SHOTS, 'cash-flows-section.png') });
  }, 60_000);

  it('reads in Chinese, money in 万 and 亿', async () => {
    if (!flows) return;
    await page.selectOption('[data-testid=language]', 'zh-CN');
    const section = page.getByTestId('cash-flows');
    await expect.poll(() => section.locator('h2').innerText()).toBe('投资测算');
    const header = await page.getByTestId('cash-flow-table').locator('thead th').allInnerTexts();
    expect(header.slice(0, 5)).toEqual(['期间', 'GPU 数量', '利用率', '美元/GPU 时', '收入']);
    const rows = await tableRows();
    expect(rows[3]?.slice(0, 5)).toEqual(['Y4', '8,192', '57.5%', '2.76', 'US$1.14亿']);
    expect(rows[3]?.[16]).toBe('-US$985万');
    expect(await page.getByTestId('cash-flow-summary').innerText()).toContain('回收期 超出测算期');
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(SHOTS, 'cash-flows-zh.png') });
    await page.selectOption('[data-testid=language]', 'en');
  }, 60_000);

  it('threw no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
