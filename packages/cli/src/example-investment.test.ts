// The phased GPU-cloud example read as a CFO reads it: when the money goes out and comes back.
// Each figure is checked against the plan's own inputs with the arithmetic written out, and the
// table reaches the terminal, the cash-flow export (CSV and .xlsx) and a sweep's columns.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, planScenario } from '@aidc/core';
import { main } from './main.js';
import { capture } from './test-io.js';

const example = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'examples',
  'gpu-cloud-investment.yaml',
);

function plan(patch = '') {
  const parsed = parseScenario(readFileSync(example, 'utf8') + patch);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return planScenario(parsed.scenario, { monteCarlo: false });
}

describe('the phased GPU-cloud investment case', () => {
  const p = plan();
  const cost = p.cost!;
  const c = cost.cashFlows!;
  const facility = cost.capexUsd.facility;
  const hardware = cost.capexUsd.servers + cost.capexUsd.network + cost.capexUsd.storage;

  it('capex follows the schedule: design, each half hall over 18 months, hardware at energisation', () => {
    // Year 1: 5% of the facility over design (months 1-6) and 6 of phase 1's 18 construction
    // months (7-24) of its half of the other 95%.
    expect(c.rows[0]!.capexUsd).toBeCloseTo(0.05 * facility + (0.95 * facility * 0.5 * 6) / 18, 0);
    // Year 2: phase 1's remaining 12 months, phase 2's first 6 (19-36), phase 1's hardware.
    expect(c.rows[1]!.capexUsd).toBeCloseTo((0.95 * facility * 0.5 * 18) / 18 + hardware / 2, 0);
    // Every dollar of the first build is spent by the end of year 3.
    const firstBuild = c.rows.slice(0, 3).reduce((s, r) => s + r.capexUsd, 0);
    expect(firstBuild).toBeCloseTo(cost.capexUsd.total, 0);
    // The refresh buys each half again after 6 years in service: months 96 and 108.
    expect(c.rows[7]!.capexUsd).toBeCloseTo(hardware / 2, 0);
    expect(c.rows[8]!.capexUsd).toBeCloseTo(hardware / 2, 0);
  });

  it('revenue: sold hours at the ramp and at the B200 price falling 15% a year from the decision', () => {
    // Year 3: phase 1 (4,096 GPUs) in its first year at 50%, at $4.50 x 0.85^2 = $3.25125.
    expect(c.rows[2]!.rentalUsdPerGpuHour).toBeCloseTo(4.5 * 0.85 ** 2, 9);
    expect(c.rows[2]!.revenueUsd).toBeCloseTo(4096 * 8760 * 0.5 * 4.5 * 0.85 ** 2, 0);
    // Year 4: phase 1 at 65%, phase 2 at 50%, both at $4.50 x 0.85^3.
    expect(c.rows[3]!.utilization).toBeCloseTo((0.65 + 0.5) / 2, 12);
    expect(c.rows[3]!.revenueUsd).toBeCloseTo(8192 * 8760 * 0.575 * 4.5 * 0.85 ** 3, 0);
  });

  it('the firm and equity flows reconcile; the flat view overstates what the build earns', () => {
    for (const r of c.rows) {
      expect(r.ebitdaUsd).toBeCloseTo(r.revenueUsd - r.opexUsd, 3);
      // FCFE = FCFF + the debt's flows + the tax shield of interest (levered minus unlevered tax).
      expect(r.fcfeUsd).toBeLessThanOrEqual(r.fcffUsd + r.debtDrawnUsd + 1);
    }
    const last = c.rows.at(-1)!;
    expect(last.debtBalanceUsd).toBe(0);
    expect(last.cumulativeFcfeUsd).toBeCloseTo(
      c.rows.reduce((s, r) => s + r.fcfeUsd, 0),
      0,
    );
    // Capital paid out over two years of building and a price that falls: below the flat NPV.
    expect(c.firm.npvUsd).toBeLessThan(cost.investment!.npvUsd);
    expect(c.sensitivity.bars.map((b) => b.input)).toContain('debtRatePerYear');
  });

  it('a quarterly table sums to the yearly one', () => {
    const q = plan('  cashFlowPeriod: quarter\n').cost!.cashFlows!;
    expect(q.rows).toHaveLength(40);
    const sum = (k: 'revenueUsd' | 'capexUsd' | 'fcfeUsd', rows: typeof c.rows) =>
      rows.reduce((s, r) => s + r[k], 0);
    for (const k of ['revenueUsd', 'capexUsd', 'fcfeUsd'] as const)
      expect(sum(k, q.rows)).toBeCloseTo(sum(k, c.rows), 0);
  });

  it('the terminal prints the table and what it comes to', async () => {
    const io = capture();
    expect(await main(['plan', example], io)).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toMatch(
      /Investment case \(cash flows by year from the decision to build; 4096 GPUs in month 24, 4096 GPUs in month 36\)/,
    );
    expect(out).toMatch(/^ {2}Y10 /m);
    expect(out).toMatch(/to equity: NPV .* at 14\.0%, IRR .*, peak equity in/);
  });

  it('--cash-flows writes the table as CSV and as an .xlsx workbook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-cash-'));
    const io = capture();
    expect(await main(['plan', example, '--cash-flows', join(dir, 'cf.csv')], io)).toBe(0);
    const lines = readFileSync(join(dir, 'cf.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^period,startMonth,endMonth,gpusOnline,.*,fcffUsd,fcfeUsd,/);
    expect(lines).toHaveLength(11);
    expect(Number(lines[3]!.split(',')[6])).toBeCloseTo(c.rows[2]!.revenueUsd, 3);
    expect(await main(['plan', example, '--cash-flows', join(dir, 'cf.xlsx')], capture())).toBe(0);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'cf.xlsx'));
    expect(book.worksheets.map((w) => w.name)).toEqual(['cash flows', 'metrics']);
    expect(book.getWorksheet('cash flows')!.getRow(4).getCell(1).value).toBe('Y3');
    // A plan without the case says so and writes nothing.
    const none = capture();
    const small = join(import.meta.dirname, '..', '..', '..', 'examples', 'llama3.1-8b-small.yaml');
    expect(await main(['plan', small, '--cash-flows', join(dir, 'x.csv')], none)).toBe(2);
    expect(none.stderr.join('\n')).toMatch(/has no investment case to write/);
  });

  it("a sweep's rows carry the case's NPV and IRR", async () => {
    const io = capture();
    const code = await main(
      ['sweep', example, '--vary', 'economics.taxRate=0.21,0.3', '--json', '--jobs', '1'],
      io,
    );
    expect(code).toBe(0);
    const rows = JSON.parse(io.stdout.join('')) as Record<string, number>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]!['equityNpvUsd']).toBeGreaterThan(rows[1]!['equityNpvUsd']!);
    expect(rows[0]).toHaveProperty('firmIrr');
    // A streamed CSV knows its columns before any plan: the case's are among them.
    const csv = capture();
    expect(
      await main(
        ['sweep', example, '--vary', 'economics.taxRate=0.21', '--csv', '--jobs', '1'],
        csv,
      ),
    ).toBe(0);
    expect(csv.stdout.join('').split('\n')[0]).toMatch(
      /,firmNpvUsd,firmIrr,paybackYears,equityNpvUsd,equityIrr,peakEquityUsd$/,
    );
  });
});

describe('compare', () => {
  it('sets the cash flows of two debt shares side by side; plans without the case show none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-compare-'));
    const other = join(dir, 'no-debt.yaml');
    writeFileSync(
      other,
      readFileSync(example, 'utf8').replace('debt: { share: 0.6 }', 'debt: { share: 0 }'),
    );
    const io = capture();
    expect(await main(['compare', example, other, '--json'], io)).toBe(0);
    const { figures } = JSON.parse(io.stdout.join('')) as {
      figures: Record<string, (number | null)[]>;
    };
    expect(figures['equityNpvUsd']).toHaveLength(2);
    // Without debt, equity pays every dollar of capex: more of it is in at once.
    expect(figures['peakEquityUsd']![1]).toBeGreaterThan(figures['peakEquityUsd']![0]!);
    // The firm's flow does not see the debt.
    expect(figures['firmNpvUsd']![1]).toBeCloseTo(figures['firmNpvUsd']![0]!, 0);
    const small = join(import.meta.dirname, '..', '..', '..', 'examples', 'llama3.1-8b-small.yaml');
    const plain = capture();
    expect(await main(['compare', small, small, '--json'], plain)).toBe(0);
    expect(plain.stdout.join('')).not.toMatch(/equityNpvUsd/);
  });
});
