// Plans side by side: each scenario's latest version planned in the browser, core's key figures
// (the same list the CLI's compare and sweep print) with each difference against the first.
import { useEffect, useState } from 'react';
import { parseScenario, planScenario, sweepRow } from '@aidc/core';
import { api, type ScenarioDoc } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { figureLabel } from '../i18n/figures.js';
import { Chart } from '../components/Chart.js';
import { download, gridCsv, gridXlsx, type Grid } from '../export.js';

type Row = Record<string, string | number | boolean>;

export function Compare({ ids }: { ids: string[] }) {
  const i = useI18n();
  const { t } = i;
  const [exporting, setExporting] = useState(false);
  const [plans, setPlans] = useState<{ name: string; row: Row }[] | undefined>();
  useEffect(() => {
    void Promise.all(ids.map((id) => api<ScenarioDoc>('GET', `/api/v1/scenarios/${id}`))).then(
      (docs) =>
        setPlans(
          docs.map((d) => {
            const parsed = parseScenario(d.yaml);
            return {
              name: `${d.name} v${d.version}`,
              row: parsed.ok ? sweepRow(planScenario(parsed.scenario)) : { feasible: false },
            };
          }),
        ),
    );
  }, [ids]);
  if (ids.length < 2) return <p>{t('compare.pick')}</p>;
  if (!plans) return <p>{t('common.loading')}</p>;
  const keys = [...new Set(plans.flatMap((p) => Object.keys(p.row)))];
  const first = plans[0]?.row ?? {};
  // Below 1, three significant digits: a cost per million samples can be a fraction of a cent.
  const cell = (v: unknown) =>
    typeof v === 'number'
      ? Math.abs(v) < 1 && v !== 0
        ? i.sig(v)
        : i.num(v, 3)
      : String(v ?? '—');
  const delta = (a: unknown, b: unknown) =>
    typeof a === 'number' && typeof b === 'number' && a !== 0
      ? ` (${b >= a ? '+' : ''}${i.percent((b - a) / Math.abs(a))})`
      : '';
  // The grid to export: one row per plan, a column per figure (as `aidc sweep` writes it).
  const grid: Grid = {
    columns: ['scenario', ...keys],
    rows: plans.map((p) => ({ scenario: p.name, ...p.row })),
  };
  const charted = ['usdPerGpuHour', 'days', 'facilityPowerMW'].filter((k) => keys.includes(k));
  return (
    <div className="page">
      <h1>{t('compare.title')}</h1>
      <div className="actions">
        <button
          onClick={() => download(new Blob([gridCsv(grid)], { type: 'text/csv' }), 'compare.csv')}
        >
          {t('sweep.exportCsv')}
        </button>{' '}
        <button
          disabled={exporting}
          data-testid="export-xlsx"
          onClick={() => {
            setExporting(true);
            gridXlsx(grid, 'compare', plans.map((p) => p.name).join(' · '))
              .then((b) => download(b, 'compare.xlsx'))
              .finally(() => setExporting(false));
          }}
        >
          {exporting ? t('sweep.exporting') : t('sweep.exportXlsx')}
        </button>
      </div>
      <table data-testid="compare-table">
        <thead>
          <tr>
            <th>{t('compare.figure')}</th>
            {plans.map((p) => (
              <th key={p.name}>{p.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <th title={k}>{figureLabel(k, i.locale)}</th>
              {plans.map((p, n) => (
                <td key={p.name}>
                  {cell(p.row[k])}
                  {n > 0 && <span className="delta">{delta(first[k], p.row[k])}</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="two">
        {charted.map((k) => (
          <Chart
            key={k}
            label={figureLabel(k, i.locale)}
            option={{
              title: { text: figureLabel(k, i.locale), textStyle: { fontSize: 13 } },
              grid: { left: 60, right: 20, top: 40, bottom: 30 },
              xAxis: { type: 'category', data: plans.map((p) => p.name) },
              yAxis: { type: 'value' },
              tooltip: {},
              series: [
                {
                  type: 'bar',
                  data: plans.map((p) => (typeof p.row[k] === 'number' ? p.row[k] : null)),
                },
              ],
            }}
          />
        ))}
      </div>
    </div>
  );
}
