// The investment case in the web app, in Chromium against a real `aidc serve`: the phased GPU-cloud
// example's cash-flow table shows core's figures period by period (the same plan planned here),
// what they come to (NPV, IRR, payback), its chart and tornado, in English and in Chinese.
// Screenshots go to test-output/web/ to be looked at.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '@aidc/server';
import { makeI18n } from '../src/i18n/index.js';
import { SHOTS, examplePlan, signedInPage, startWebServer, type WebServer } from './web-server.js';

const EXAMPLE = 'gpu-cloud-investment.yaml';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('the investment case in the web app', () => {
  let web: WebServer | undefined;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  const plan = examplePlan(EXAMPLE);
  const flows = plan.cost?.cashFlows;

  beforeAll(async () => {
    web = await startWebServer('aidc-web-cash-');
    server = web.server;
    // The server's CSP allows only its own scripts; axe is injected by the test alone.
    ({ browser, page, pageErrors } = await signedInPage(server, 'cfo', { bypassCSP: true }));
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
    // Scrolled to its last columns, the period column stays in view.
    const region = page.getByRole('region', { name: 'Cash flows by period' });
    await region.evaluate((el) => {
      (el as unknown as { scrollLeft: number; scrollWidth: number }).scrollLeft = 10_000;
    });
    await region.screenshot({ path: join(SHOTS, 'cash-flows-scrolled.png') });
    await region.evaluate((el) => {
      (el as unknown as { scrollLeft: number }).scrollLeft = 0;
    });
  }, 60_000);

  it('exports the table as a workbook, dollars unrounded', async () => {
    if (!flows) return;
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('cash-flows-xlsx').click(),
    ]);
    expect(file.suggestedFilename()).toBe('cash-flows.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await file.path());
    const sheet = book.getWorksheet('cash-flows');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 7)).toEqual([
      'period',
      'startMonth',
      'endMonth',
      'gpusOnline',
      'utilization',
      'rentalUsdPerGpuHour',
      'revenueUsd',
    ]);
    expect(sheet?.rowCount).toBe(flows.rows.length + 1);
    const col = (name: string) => header.indexOf(name) + 1;
    const y4 = sheet!.getRow(5);
    expect(y4.getCell(1).value).toBe('Y4');
    // The browser's plan, unrounded: equal to this process's to the last few bits (Chromium's and
    // Node's Math.pow may differ in the final digit).
    const same = (cell: unknown, want: number) =>
      expect(Math.abs(Number(cell) - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-12);
    same(y4.getCell(col('revenueUsd')).value, flows.rows[3]!.revenueUsd);
    same(y4.getCell(col('fcfeUsd')).value, flows.rows[3]!.fcfeUsd);
    same(
      sheet!.getRow(11).getCell(col('cumulativeFcfeUsd')).value,
      flows.rows[9]!.cumulativeFcfeUsd,
    );
    expect(typeof y4.getCell(col('capexUsd')).value).toBe('number');
  }, 60_000);

  it('has no serious or critical accessibility violation in the section (axe-core)', async () => {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const g = globalThis as unknown as {
        axe: { run: (...a: unknown[]) => Promise<{ violations: unknown[] }> };
      };
      const r = await g.axe.run('[data-testid=cash-flows]', {
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
        },
        resultTypes: ['violations'],
      });
      return r.violations as { id: string; impact: string | null }[];
    });
    expect(
      violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
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
