// Plan versus actual: each figure the plan predicted beside what the facility measured, with the
// gap, as a table and as a chart of the actual as a share of the plan; the failure rate's interval
// and the value to put back into a scenario.
import { useI18n } from '../../i18n/index.js';
import type { PlanVsActual as Pva, PlanVsActualRow } from '../../ops-api.js';
import { Chart } from '../Chart.js';

export function PlanVsActualPanel({ pva }: { pva: Pva }) {
  const i = useI18n();
  const { t } = i;
  const date = new Intl.DateTimeFormat(i.locale, { dateStyle: 'medium', timeStyle: 'short' });
  const value = (row: PlanVsActualRow, v: number | null) => {
    if (v === null) return t('ops.pva.unmeasured');
    switch (row.unit) {
      case 'kW':
        return t('ops.kw', { value: i.num(v, 1) });
      case 'fraction':
        return i.percent(v);
      case 'tokens/s':
        return t('ops.pva.tokensPerS', { value: i.compact(v) });
      default:
        return i.num(v, 2);
    }
  };
  const charted = pva.rows.filter(
    (r) => r.planned !== null && r.planned !== 0 && r.actual !== null,
  );
  const shares = charted.map((r) => Math.round(((r.actual ?? 0) / (r.planned ?? 1)) * 1000) / 10);
  // An outlier (a failure rate over a few node-days) would flatten every other bar: the axis
  // stops at 300 % and a longer bar carries its value.
  const axisMax = Math.min(300, Math.max(150, Math.ceil(Math.max(0, ...shares) / 50) * 50));
  const hours = (Date.parse(pva.window.end) - Date.parse(pva.window.start)) / 3_600_000;
  const failure = pva.rows.find((r) => r.figure === 'failureRate');
  const fb = pva.feedback;
  return (
    <>
      <p className="muted">
        {t('ops.pva.window', {
          start: date.format(new Date(pva.window.start)),
          end: date.format(new Date(pva.window.end)),
        })}
      </p>
      {hours < 24 && (
        <p className="note" data-testid="pva-short">
          {t('ops.pva.shortWindow', {
            duration:
              hours < 1
                ? t('ops.minutes', { value: i.num(Math.max(0, hours * 60), 0) })
                : t('common.hours', { value: i.num(hours, 1) }),
          })}
        </p>
      )}
      {pva.rows.length === 0 ? (
        <p>{t('ops.pva.noRows')}</p>
      ) : (
        <div className="two">
          <table data-testid="pva-table">
            <thead>
              <tr>
                <th>{t('ops.pva.figure')}</th>
                <th>{t('ops.pva.planned')}</th>
                <th>{t('ops.pva.actual')}</th>
                <th>{t('ops.pva.gap')}</th>
              </tr>
            </thead>
            <tbody>
              {pva.rows.map((r) => (
                <tr key={r.figure}>
                  <td>
                    {t(`ops.pva.fig.${r.figure}`)}
                    {r.unit === 'per 1,000 node-days' && (
                      <div className="delta">{t('ops.pva.per1000')}</div>
                    )}
                  </td>
                  <td>{value(r, r.planned)}</td>
                  <td>{value(r, r.actual)}</td>
                  <td className={r.gap !== null && Math.abs(r.gap) > 0.1 ? 'warn' : ''}>
                    {r.gap === null ? '—' : `${r.gap >= 0 ? '+' : ''}${i.percent(r.gap)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Chart
            testId="pva-chart"
            label={t('ops.pva.chart')}
            height={Math.max(180, 80 + charted.length * 44)}
            option={{
              title: { text: t('ops.pva.chart'), textStyle: { fontSize: 12 } },
              legend: { top: 0, right: 0 },
              tooltip: { trigger: 'axis', valueFormatter: (v: number) => i.percent(v / 100) },
              grid: { left: 150, right: 30, top: 40, bottom: 30 },
              xAxis: {
                type: 'value',
                max: axisMax,
                axisLabel: { formatter: (v: number) => i.percent(v / 100) },
              },
              yAxis: {
                type: 'category',
                data: charted.map((r) => t(`ops.pva.fig.${r.figure}`)),
                axisLabel: { width: 140, overflow: 'break' },
              },
              series: [
                {
                  type: 'bar',
                  name: t('ops.pva.planned'),
                  data: charted.map(() => 100),
                  itemStyle: { color: '#b7c4d6' },
                },
                {
                  type: 'bar',
                  name: t('ops.pva.actual'),
                  data: shares,
                  itemStyle: { color: '#0b5cad' },
                  label: {
                    show: true,
                    position: 'insideRight',
                    color: '#fff',
                    fontSize: 11,
                    formatter: '{c}%',
                  },
                },
              ],
            }}
          />
        </div>
      )}
      {failure?.interval && (
        <p data-testid="pva-interval">
          {t('ops.pva.interval', {
            confidence: i.percent(failure.interval.confidence),
            lower: i.num(failure.interval.lower, 2),
            upper: i.num(failure.interval.upper, 2),
          })}
        </p>
      )}
      {fb && pva.feedbackReady?.ok === false && (
        <p className="muted" data-testid="pva-feedback">
          {t('ops.pva.notReady', { value: Number(fb.value.toPrecision(4)) })}
        </p>
      )}
      {fb && pva.feedbackReady?.ok !== false && (
        <div className="feedback" data-testid="pva-feedback">
          <p>{t('ops.pva.feedback')}</p>
          <pre>{`reliability:\n  failuresPer1000NodeDays: ${Number(fb.value.toPrecision(4))}`}</pre>
          <p className="muted">
            {t(fb.catalogInside ? 'ops.pva.catalogInside' : 'ops.pva.catalogOutside', {
              catalog: i.num(fb.catalogDefault, 2),
            })}
          </p>
        </div>
      )}
    </>
  );
}
