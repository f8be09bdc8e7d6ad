// The investment case in the terminal: the cash-flow table by period and what it comes to (NPV,
// IRR, payback to the firm and to equity, the most equity in at once, the debt cover, the inputs
// that move the equity's NPV most).
import type { Plan } from '@aidc/core';
import { table, usd } from './format.js';

type Flows = NonNullable<NonNullable<Plan['cost']>['cashFlows']>;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const money = (x: number) => (Math.abs(x) < 0.5 ? '0' : usd(x));
const years = (x: number | undefined) =>
  x !== undefined ? `${x.toFixed(1)} years` : 'not within the horizon';

/** The table's columns: header and cell of a row. */
const COLUMNS: readonly (readonly [string, (r: Flows['rows'][number]) => string])[] = [
  ['period', (r) => r.period],
  ['GPUs', (r) => String(r.gpusOnline)],
  ['util', (r) => (r.gpusOnline > 0 ? pct(r.utilization) : '-')],
  ['$/GPU-h', (r) => (r.rentalUsdPerGpuHour > 0 ? r.rentalUsdPerGpuHour.toFixed(2) : '-')],
  ['revenue', (r) => money(r.revenueUsd)],
  ['opex', (r) => money(r.opexUsd)],
  ['EBITDA', (r) => money(r.ebitdaUsd)],
  ['capex', (r) => money(r.capexUsd)],
  ['sales', (r) => money(r.assetSalesUsd)],
  ['deprec.', (r) => money(r.depreciationUsd)],
  ['interest', (r) => money(r.interestUsd)],
  ['tax', (r) => money(r.taxUsd)],
  ['FCFF', (r) => money(r.fcffUsd)],
  ['FCFE', (r) => money(r.fcfeUsd)],
  ['cum. FCFE', (r) => money(r.cumulativeFcfeUsd)],
];

/** The case as lines under the plan's Cost section. */
export function formatCashFlows(c: Flows): string {
  const f = c.firm;
  const e = c.equity;
  const irr = (x: number | undefined) => (x !== undefined ? pct(x) : 'none');
  const top = c.sensitivity.bars.slice(0, 4);
  const phases = c.phases.map((p) => `${p.gpus} GPUs in month ${p.onlineMonth}`).join(', ');
  return [
    `Investment case (cash flows by ${c.period} from the decision to build; ${phases}):`,
    table(
      c.rows.map((r) => COLUMNS.map(([, cell]) => cell(r))),
      COLUMNS.map(([h]) => h),
    )
      .split('\n')
      .map((l) => '  ' + l)
      .join('\n'),
    `  to the firm: NPV ${usd(f.npvUsd)} at ${pct(f.discountRate)}, IRR ${irr(f.irr)}, payback ${years(f.paybackYears)}, discounted ${years(f.discountedPaybackYears)}`,
    `  to equity: NPV ${usd(e.npvUsd)} at ${pct(e.discountRate)}, IRR ${irr(e.irr)}, payback ${years(e.paybackYears)}, peak equity in ${usd(e.peakFundingUsd)}${c.minDscr !== undefined ? `; lowest debt-service cover ${c.minDscr.toFixed(2)}x` : ''}; implied WACC ${pct(c.impliedWacc)}`,
    `  sensitivity: equity NPV swing for each input +-20%: ${top.map((b) => `${b.label} ${usd(b.swing)}`).join(', ')}`,
    "  (the Cost section's 'investment' line is the flat view: all capital on day 0, a constant price, no build, ramp, refresh, debt or tax)",
  ].join('\n');
}
