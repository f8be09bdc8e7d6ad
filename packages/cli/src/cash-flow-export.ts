// The investment case's cash-flow table as a file: RFC 4180 CSV (one row a period, a column per
// figure, dollars unrounded), or an .xlsx workbook with the table, what it comes to and the tornado.
import { CASH_FLOW_COLUMNS, type Plan } from '@aidc/core';
import { csvLine } from './humanise.js';

type Flows = NonNullable<NonNullable<Plan['cost']>['cashFlows']>;

/** The columns, in the table's order (core's list, shared with the web app's export). */
export { CASH_FLOW_COLUMNS };

export function cashFlowCsv(c: Flows): string {
  const lines = [csvLine(CASH_FLOW_COLUMNS)];
  for (const r of c.rows) lines.push(csvLine(CASH_FLOW_COLUMNS.map((k) => String(r[k]))));
  return lines.join('\n') + '\n';
}

/** What the table comes to, as label-value pairs (the workbook's second sheet). */
function metricRows(c: Flows): [string, number | string][] {
  const m = (name: string, f: Flows['firm']): [string, number | string][] => [
    [`${name} discount rate`, f.discountRate],
    [`${name} NPV (USD)`, f.npvUsd],
    [`${name} IRR`, f.irr ?? 'none'],
    [`${name} payback (years)`, f.paybackYears ?? 'not within the horizon'],
    [`${name} discounted payback (years)`, f.discountedPaybackYears ?? 'not within the horizon'],
  ];
  return [
    ...m('firm', c.firm),
    ...m('equity', c.equity),
    ['peak equity in (USD)', c.equity.peakFundingUsd],
    ['lowest debt-service cover', c.minDscr ?? 'no debt service'],
    ['implied WACC', c.impliedWacc],
  ];
}

export async function cashFlowXlsx(c: Flows, title: string): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'aidc';
  book.title = title;
  const table = book.addWorksheet('cash flows', { views: [{ state: 'frozen', ySplit: 1 }] });
  table.columns = CASH_FLOW_COLUMNS.map((k) => ({
    header: k,
    key: k,
    width: Math.max(10, k.length + 2),
  }));
  for (const r of c.rows) table.addRow(r);
  table.getRow(1).font = { bold: true };
  const metrics = book.addWorksheet('metrics');
  metrics.columns = [
    { header: 'figure', key: 'figure', width: 34 },
    { header: 'value', key: 'value', width: 22 },
  ];
  for (const [figure, value] of metricRows(c)) metrics.addRow({ figure, value });
  metrics.addRow({});
  metrics.addRow({ figure: 'equity NPV at -20% / +20% of', value: '' });
  for (const b of c.sensitivity.bars) metrics.addRow([b.label, b.low, b.high]);
  metrics.getRow(1).font = { bold: true };
  return new Uint8Array(await book.xlsx.writeBuffer());
}
