// The plan's investment case as the HTML report shows it: what the flows come to (NPV, IRR and
// payback to the firm and to equity, the debt cover), the cash-flow table by period, a chart of the
// free cash flows with the cumulative flow to equity, and the tornado of the investment inputs.
// Every figure is core's (plan.cost.cashFlows); the view only formats them.
import { useState } from 'react';
import { CASH_FLOW_COLUMNS, type Plan } from '@aidc/core';
import { download, gridCsv, gridXlsx, type Grid } from '../export.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { Chart } from './Chart.js';
import { SensitivityChart } from './PlanCharts.js';

type Flows = NonNullable<NonNullable<Plan['cost']>['cashFlows']>;
type Row = Flows['rows'][number];

/** The table's money columns, in the report's order. */
const MONEY = [
  ['revenueUsd', 'plan.cf.revenue'],
  ['opexUsd', 'plan.cf.opex'],
  ['ebitdaUsd', 'plan.cf.ebitda'],
  ['capexUsd', 'plan.cf.capex'],
  ['assetSalesUsd', 'plan.cf.sales'],
  ['depreciationUsd', 'plan.cf.depreciation'],
  ['interestUsd', 'plan.cf.interest'],
  ['taxUsd', 'plan.cf.tax'],
  ['netIncomeUsd', 'plan.cf.netIncome'],
  ['debtDrawnUsd', 'plan.cf.debtDrawn'],
  ['debtRepaidUsd', 'plan.cf.debtRepaid'],
  ['fcffUsd', 'plan.cf.fcff'],
  ['fcfeUsd', 'plan.cf.fcfe'],
  ['cumulativeFcfeUsd', 'plan.cf.cumFcfe'],
] as const satisfies readonly (readonly [keyof Row, string])[];

/** The export's columns: the plan's row fields, dollars unrounded (as `aidc plan --cash-flows`). */
const EXPORT_COLUMNS = CASH_FLOW_COLUMNS;

export function cashFlowGrid(c: Flows): Grid {
  return {
    columns: EXPORT_COLUMNS,
    rows: c.rows.map((r) => Object.fromEntries(EXPORT_COLUMNS.map((k) => [k, r[k]]))),
  };
}

/** One cell of the table, as the test reads it too: compact dollars, 0 for nothing. */
export function cashFlowCells(r: Row, i: I18n): string[] {
  return [
    r.period,
    i.num(r.gpusOnline, 0),
    r.gpusOnline > 0 ? i.percent(r.utilization) : '–',
    r.rentalUsdPerGpuHour > 0 ? i.fixed(r.rentalUsdPerGpuHour, 2) : '–',
    ...MONEY.map(([key]) => i.usdShort(r[key])),
  ];
}

function Summary({ c }: { c: Flows }) {
  const i = useI18n();
  const { t } = i;
  const years = (x: number | undefined) =>
    x !== undefined ? t('plan.cf.years', { value: i.num(x, 1) }) : t('plan.cf.notWithin');
  const irr = (x: number | undefined) => (x !== undefined ? i.percent(x) : t('plan.cf.none'));
  const rows: [string, string, string][] = [
    [
      'phases',
      t('plan.cf.phases'),
      c.phases
        .map((p) =>
          t('plan.cf.phase', {
            gpus: i.num(p.gpus, 0),
            online: p.onlineMonth,
            start: p.constructionStartMonth,
          }),
        )
        .join(i.locale === 'en' ? '; ' : '；'),
    ],
    [
      'firm',
      t('plan.cf.toFirm'),
      t('plan.cf.firmValue', {
        npv: i.usdShort(c.firm.npvUsd),
        rate: i.percent(c.firm.discountRate),
        irr: irr(c.firm.irr),
        payback: years(c.firm.paybackYears),
        discounted: years(c.firm.discountedPaybackYears),
      }),
    ],
    [
      'equity',
      t('plan.cf.toEquity'),
      t('plan.cf.equityValue', {
        npv: i.usdShort(c.equity.npvUsd),
        rate: i.percent(c.equity.discountRate),
        irr: irr(c.equity.irr),
        payback: years(c.equity.paybackYears),
        peak: i.usdShort(c.equity.peakFundingUsd),
      }),
    ],
    [
      'debt',
      t('plan.cf.debt'),
      (c.minDscr !== undefined ? t('plan.cf.dscr', { value: i.num(c.minDscr, 2) }) : '') +
        t('plan.cf.wacc', { value: i.percent(c.impliedWacc) }),
    ],
  ];
  return (
    <table className="narrow" data-testid="cash-flow-summary">
      <tbody>
        {rows.map(([id, label, value]) => (
          <tr key={id} data-row={id}>
            <th>{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ExportButtons({ c, name }: { c: Flows; name: string }) {
  const { t } = useI18n();
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return (
    <p>
      <button
        onClick={() =>
          download(new Blob([gridCsv(cashFlowGrid(c))], { type: 'text/csv' }), 'cash-flows.csv')
        }
      >
        {t('sweep.exportCsv')}
      </button>{' '}
      <button
        disabled={exporting}
        data-testid="cash-flows-xlsx"
        onClick={() => {
          setExporting(true);
          gridXlsx(cashFlowGrid(c), 'cash-flows', `aidc investment case: ${name}`)
            .then((b) => download(b, 'cash-flows.xlsx'))
            .catch((e: unknown) => setError((e as Error).message))
            .finally(() => setExporting(false));
        }}
      >
        {exporting ? t('sweep.exporting') : t('sweep.exportXlsx')}
      </button>
      {error && <span className="bad"> {error}</span>}
    </p>
  );
}

export function CashFlows({ plan }: { plan: Plan }) {
  const i = useI18n();
  const { t } = i;
  const c = plan.cost?.cashFlows;
  if (!c) return null;
  const periods = c.rows.map((r) => r.period);
  const header = [
    t('plan.cf.period'),
    t('plan.gpus'),
    t('plan.cf.utilization'),
    t('plan.cf.rental'),
    ...MONEY.map(([, key]) => t(key)),
  ];
  return (
    <section data-testid="cash-flows">
      <h2>{t('plan.cf.title')}</h2>
      <p>{t(c.period === 'year' ? 'plan.cf.introYear' : 'plan.cf.introQuarter')}</p>
      <Summary c={c} />
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('plan.cf.table')}>
        <table className="cash-flow-table" data-testid="cash-flow-table">
          <caption>
            {t('plan.cf.table')} <span className="delta">({t('plan.cf.scroll')})</span>
          </caption>
          <thead>
            <tr>
              {header.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.rows.map((r) => (
              <tr key={r.period}>
                {cashFlowCells(r, i).map((cell, n) =>
                  n === 0 ? (
                    <th key={n} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={n} className={cell.startsWith('-') ? 'negative' : undefined}>
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ExportButtons c={c} name={plan.scenario.name} />
      <Chart
        label={t('plan.cf.chart')}
        height={320}
        option={{
          title: { text: t('plan.cf.chart'), textStyle: { fontSize: 13 } },
          legend: { bottom: 0 },
          grid: { left: 80, right: 20, top: 40, bottom: 60 },
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => i.usdShort(v) },
          xAxis: { type: 'category', data: periods },
          yAxis: { type: 'value', axisLabel: { formatter: (v: number) => i.usdShort(v) } },
          series: [
            { name: t('plan.cf.toFirmFlow'), type: 'bar', data: c.rows.map((r) => r.fcffUsd) },
            { name: t('plan.cf.toEquityFlow'), type: 'bar', data: c.rows.map((r) => r.fcfeUsd) },
            {
              name: t('plan.cf.cumulativeToEquity'),
              type: 'line',
              data: c.rows.map((r) => r.cumulativeFcfeUsd),
            },
          ],
        }}
      />
      <SensitivityChart
        title={t('plan.cf.tornado')}
        base={c.equity.npvUsd}
        bars={c.sensitivity.bars.slice(0, 8)}
      />
    </section>
  );
}
