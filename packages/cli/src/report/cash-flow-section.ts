// The report's investment case: the cash-flow table by period, a chart of the free cash flows and
// the cumulative flow to equity, what they come to (NPV, IRR, payback to the firm and to equity)
// and the tornado of the new inputs.
import type { Plan } from '@aidc/core';
import { renderChart, tornadoChart } from './charts.js';
import { figure, grid, kv as kvTable, pct } from './html-parts.js';

type Flows = NonNullable<NonNullable<Plan['cost']>['cashFlows']>;

/** Short dollars for an 18-column table: $27.5M, $470k, $1.03B. */
const usd = (x: number) => {
  const a = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  if (a < 0.5) return '0';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(0)}k`;
  return `${sign}$${a.toFixed(0)}`;
};
const years = (x: number | undefined) =>
  x !== undefined ? `${x.toFixed(1)} years` : 'not within the horizon';
const millions = (x: number) => Math.round(x / 1e4) / 100;

const HEADER = [
  'period',
  'GPUs',
  'util.',
  '$/GPU-h',
  'revenue',
  'opex',
  'EBITDA',
  'capex',
  'sales',
  'deprec.',
  'interest',
  'tax',
  'net income',
  'debt drawn',
  'debt repaid',
  'FCFF',
  'FCFE',
  'cum. FCFE',
];

function flowChart(c: Flows): string {
  const periods = c.rows.map((r) => r.period);
  return renderChart(
    {
      title: { text: 'Free cash flows by period', left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0, left: 'center' },
      grid: { left: 70, right: 30, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value', name: '$M' },
      series: [
        { name: 'to the firm', type: 'bar', data: c.rows.map((r) => millions(r.fcffUsd)) },
        { name: 'to equity', type: 'bar', data: c.rows.map((r) => millions(r.fcfeUsd)) },
        {
          name: 'cumulative to equity',
          type: 'line',
          data: c.rows.map((r) => millions(r.cumulativeFcfeUsd)),
        },
      ],
    },
    760,
    320,
  );
}

/** The section's HTML. */
export function cashFlowSection(c: Flows): string {
  const rows = c.rows.map((r) => [
    r.period,
    String(r.gpusOnline),
    r.gpusOnline > 0 ? pct(r.utilization) : '-',
    r.rentalUsdPerGpuHour > 0 ? r.rentalUsdPerGpuHour.toFixed(2) : '-',
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
    ].map(usd),
  ]);
  const irr = (x: number | undefined) => (x !== undefined ? pct(x) : 'none');
  const kv: [string, string][] = [
    [
      'phases',
      c.phases
        .map(
          (p) =>
            `${p.gpus} GPUs energised in month ${p.onlineMonth}, built from month ${p.constructionStartMonth}`,
        )
        .join('; '),
    ],
    [
      'to the firm',
      `NPV ${usd(c.firm.npvUsd)} at ${pct(c.firm.discountRate)}, IRR ${irr(c.firm.irr)}, payback ${years(c.firm.paybackYears)} (discounted ${years(c.firm.discountedPaybackYears)})`,
    ],
    [
      'to equity',
      `NPV ${usd(c.equity.npvUsd)} at ${pct(c.equity.discountRate)}, IRR ${irr(c.equity.irr)}, payback ${years(c.equity.paybackYears)}, peak equity in ${usd(c.equity.peakFundingUsd)}`,
    ],
    [
      'debt',
      `${c.minDscr !== undefined ? `lowest debt-service cover ${c.minDscr.toFixed(2)}x; ` : ''}implied WACC ${pct(c.impliedWacc)}`,
    ],
  ];
  return [
    `<section id="cash-flows"><h2>Investment case</h2>`,
    // Eighteen columns: smaller type, no wrapping inside a figure.
    `<style>#cash-flows table.grid{table-layout:auto}#cash-flows table.grid th,#cash-flows table.grid td{font-size:.68em;padding:3px 2px;overflow-wrap:normal;white-space:nowrap;text-align:right}#cash-flows table.grid th:first-child,#cash-flows table.grid td:first-child{text-align:left}</style>`,
    `<p>Cash flows by ${c.period} from the decision to build: capex as design and construction spend it, each phase earning from its energisation at its ramped utilisation and the aging rental price, hardware refreshed and resold, debt drawn with the capex and repaid as annuities, tax after depreciation and interest. Unlike the flat view above, which puts all capital at day 0 and revenue at a constant price from day 1.</p>`,
    kvTable(kv),
    `<div class="wide">${grid(HEADER, rows)}</div>`,
    figure(
      'cash-flows',
      flowChart(c),
      'Bars: the free cash flow to the firm and to equity in each period; line: the cumulative flow to equity (its lowest point is the most equity in at once).',
    ),
    figure(
      'investment-tornado',
      tornadoChart(
        'Sensitivity of the equity NPV to each input ±20%',
        c.equity.npvUsd,
        c.sensitivity.bars.slice(0, 8),
      ),
      'The investment inputs ranked by the swing they cause in the NPV of the free cash flow to equity.',
    ),
    `</section>`,
  ].join('');
}
