// Long work on a saved version: a sweep (rows as they come, CSV export) and a simulation
// (utilisation, queue and power over time). Both are jobs on the server, followed by
// server-sent events.
import { useState } from 'react';
import { api, followJob, type JobView } from '../api.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { Chart } from './Chart.js';
import { download, gridCsv, gridXlsx } from '../export.js';
import { figureLabel } from '../i18n/figures.js';

interface SweepResult {
  columns: string[];
  rows: Record<string, string | number | boolean>[];
  failures: number;
}

export function SweepPanel({ scenarioId, version }: { scenarioId: string; version: number }) {
  const i = useI18n();
  const { t } = i;
  const [vary, setVary] = useState('cluster.gpus=32,64,128');
  const [exporting, setExporting] = useState(false);
  const [job, setJob] = useState<JobView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const run = async () => {
    setError(undefined);
    try {
      const started = await api<JobView>('POST', '/api/v1/sweeps', {
        scenarioId,
        version,
        vary: vary
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      });
      setJob(started);
      const end = await followJob(started.id, setJob);
      if (end.status === 'failed') setError(t('sweep.failed', { error: end.error ?? '' }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const result = job?.status === 'succeeded' ? (job.result as SweepResult) : undefined;
  const varied = result?.columns[0];
  const numeric = result?.columns.filter(
    (c) => c === 'usdPerGpuHour' || c === 'days' || c === 'ttftMs',
  );
  return (
    <section className="panel" data-testid="sweep-panel">
      <h2>{t('sweep.title')}</h2>
      <label>
        {t('sweep.vary')}
        <textarea
          rows={2}
          value={vary}
          onChange={(e) => setVary(e.target.value)}
          data-testid="sweep-vary"
        />
      </label>
      <button
        onClick={() => void run()}
        disabled={job?.status === 'running' || job?.status === 'queued'}
      >
        {t('sweep.run')}
      </button>
      {job && (
        <progress
          max={job.progress.total || 1}
          value={job.progress.done}
          aria-label={t('sweep.progress', job.progress)}
        />
      )}
      {job && <span data-testid="sweep-progress"> {t('sweep.progress', job.progress)}</span>}
      {error && <p className="bad">{error}</p>}
      {result && (
        <>
          <button
            onClick={() => download(new Blob([gridCsv(result)], { type: 'text/csv' }), 'sweep.csv')}
          >
            {t('sweep.exportCsv')}
          </button>{' '}
          <button
            disabled={exporting}
            onClick={() => {
              setExporting(true);
              gridXlsx(result, 'sweep', `aidc sweep: ${vary}`)
                .then((b) => download(b, 'sweep.xlsx'))
                .catch((e: unknown) => setError((e as Error).message))
                .finally(() => setExporting(false));
            }}
            data-testid="export-xlsx"
          >
            {exporting ? t('sweep.exporting') : t('sweep.exportXlsx')}
          </button>
          {varied && numeric && numeric.length > 0 && (
            <Chart
              label={t('sweep.title')}
              option={{
                legend: { top: 0 },
                tooltip: { trigger: 'axis' },
                grid: { left: 60, right: 60, top: 40, bottom: 30 },
                xAxis: { type: 'category', data: result.rows.map((r) => String(r[varied])) },
                yAxis: numeric.map((c) => ({ type: 'value', name: c })),
                series: numeric.map((c, n) => ({
                  type: 'line',
                  name: c,
                  yAxisIndex: n,
                  data: result.rows.map((r) => (typeof r[c] === 'number' ? r[c] : null)),
                })),
              }}
            />
          )}
          <div className="scroll">
            <table data-testid="sweep-table">
              <thead>
                <tr>
                  {result.columns.map((c) => (
                    <th key={c} title={c}>
                      {figureLabel(c, i.locale)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row, n) => (
                  <tr key={n}>
                    {result.columns.map((c) => (
                      <td key={c}>
                        {typeof row[c] === 'number' ? i.num(row[c], 3) : String(row[c] ?? '')}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

interface Distribution {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

/** A duration in the unit that shows it: seconds under a minute, minutes under an hour, else
 *  hours (a 20-second wait is not "0.00 h"). */
function duration(s: number, i: I18n): string {
  if (s === 0) return i.t('common.hours', { value: '0' });
  if (s < 60) return i.t('common.seconds', { value: i.num(s, s < 10 ? 1 : 0) });
  if (s < 3600) return i.t('common.minutes', { value: i.num(s / 60, 1) });
  return i.t('common.hours', { value: i.num(s / 3600, 2) });
}

/** The simulation's JSON document (packages/sim/src/simulation-json.ts), the keys shown here. */
interface SimulationDoc {
  simulation: {
    simulatedDays: number;
    utilization: number;
    goodput: number;
    queueDelayS: Distribution;
    jctS: Distribution;
    slowdown: Distribution;
    jobs: { completed: number; submitted: number };
    /** By team when the jobs name teams (packages/sim TeamOutcome). */
    teams?: Record<
      string,
      {
        jobs: number;
        gpuHours: number;
        quotaGpus?: number;
        quotaUse?: number;
        queueDelayS: Distribution;
      }
    >;
    timeseries: { tHours: number[]; busyGpus: number[]; pendingJobs: number[]; powerMW: number[] };
    settings: { days: number; seed: number; policy: string };
  };
}
type SimulationResult = SimulationDoc['simulation'];

/** The schedulers the service runs (its SimulationRequest's policy). */
const POLICIES = ['fifo', 'sjf', 'backfill'] as const;
const POLICY_LABEL: Record<string, string> = { fifo: 'FIFO', sjf: 'SJF', backfill: 'backfill' };

/** The scheduler comparison: one simulation per policy, same days and seed, as a table (the best
 *  value of each column in bold) and four small bar charts. */
function SchedulerComparison({ runs }: { runs: SimulationResult[] }) {
  const i = useI18n();
  const { t } = i;
  const hours = (s: number) => duration(s, i);
  const columns: {
    label: string;
    value: (r: SimulationResult) => number;
    show: (v: number) => string;
    better: 'high' | 'low';
  }[] = [
    { label: t('sim.utilization'), value: (r) => r.utilization, show: i.percent, better: 'high' },
    { label: t('sim.queueMean'), value: (r) => r.queueDelayS.mean, show: hours, better: 'low' },
    { label: t('sim.queueP90'), value: (r) => r.queueDelayS.p90, show: hours, better: 'low' },
    { label: t('sim.jctMean'), value: (r) => r.jctS.mean, show: hours, better: 'low' },
    { label: t('sim.jctP90'), value: (r) => r.jctS.p90, show: hours, better: 'low' },
    {
      label: t('sim.slowdownMean'),
      value: (r) => r.slowdown.mean,
      show: (v) => `${i.num(v, 2)}×`,
      better: 'low',
    },
    {
      label: t('sim.slowdownP90'),
      value: (r) => r.slowdown.p90,
      show: (v) => `${i.num(v, 2)}×`,
      better: 'low',
    },
    {
      label: t('sim.completed'),
      value: (r) => r.jobs.completed,
      show: (v) => i.num(v, 0),
      better: 'high',
    },
  ];
  const best = columns.map((c) => {
    const values = runs.map(c.value);
    return c.better === 'high' ? Math.max(...values) : Math.min(...values);
  });
  const names = runs.map((r) => POLICY_LABEL[r.settings.policy] ?? r.settings.policy);
  const first = runs[0];
  const panels = [
    {
      title: t('sim.utilization'),
      data: runs.map((r) => +(r.utilization * 100).toFixed(1)),
      unit: '%',
    },
    {
      title: t('sim.queueMean'),
      data: runs.map((r) => +(r.queueDelayS.mean / 3600).toFixed(2)),
      unit: t('sim.hoursAxis'),
    },
    {
      title: t('sim.jctMean'),
      data: runs.map((r) => +(r.jctS.mean / 3600).toFixed(2)),
      unit: t('sim.hoursAxis'),
    },
    { title: t('sim.slowdownMean'), data: runs.map((r) => +r.slowdown.mean.toFixed(2)), unit: '×' },
  ];
  const width = 100 / panels.length;
  return (
    <div data-testid="scheduler-comparison">
      <h3>
        {first
          ? t('sim.compareTitle', {
              days: i.num(first.simulatedDays, 1),
              seed: first.settings.seed,
            })
          : t('sim.compare')}
      </h3>
      <div className="scroll">
        <table data-testid="scheduler-table">
          <thead>
            <tr>
              <th scope="col">{t('sim.scheduler')}</th>
              {columns.map((c) => (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {runs.map((r, n) => (
              <tr key={r.settings.policy}>
                <th scope="row">{names[n]}</th>
                {columns.map((c, k) => {
                  const v = c.value(r);
                  const text = c.show(v);
                  return (
                    <td key={c.label}>
                      {runs.length > 1 && v === best[k] ? (
                        <strong title={t('sim.best')}>{text}</strong>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Chart
        label={t('sim.compare')}
        height={240}
        testId="scheduler-chart"
        option={{
          tooltip: { trigger: 'item' },
          title: panels.map((p, n) => ({
            text: `${p.title} (${p.unit})`,
            left: `${n * width + width / 2}%`,
            textAlign: 'center',
            top: 0,
            textStyle: { fontSize: 12, fontWeight: 'normal' },
          })),
          grid: panels.map((_, n) => ({
            left: `${n * width + 4}%`,
            width: `${width - 7}%`,
            top: 36,
            bottom: 28,
            containLabel: true,
          })),
          xAxis: panels.map((_, n) => ({
            type: 'category',
            gridIndex: n,
            data: names,
            axisLabel: { interval: 0 },
          })),
          yAxis: panels.map((_, n) => ({ type: 'value', gridIndex: n })),
          series: panels.map((p, n) => ({
            type: 'bar',
            name: p.title,
            xAxisIndex: n,
            yAxisIndex: n,
            data: p.data,
            label: { show: true, position: 'top', fontSize: 10 },
          })),
        }}
      />
    </div>
  );
}

export function SimulationPanel({
  scenarioId,
  version,
  days,
}: {
  scenarioId: string;
  version: number;
  days: number;
}) {
  const i = useI18n();
  const { t } = i;
  const [simDays, setSimDays] = useState(days);
  const [policy, setPolicy] = useState('backfill');
  const [job, setJob] = useState<JobView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const run = async () => {
    setError(undefined);
    try {
      const started = await api<JobView>('POST', '/api/v1/simulations', {
        scenarioId,
        version,
        days: simDays,
        policy,
      });
      setJob(started);
      const end = await followJob(started.id, setJob);
      if (end.status === 'failed') setError(end.error ?? 'failed');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const [compared, setCompared] = useState<SimulationResult[] | undefined>();
  const [comparing, setComparing] = useState<{ policy: string; done: number } | undefined>();
  // One simulation per scheduler, one after the other (a worker fleet would run them at once; a
  // single server runs its jobs in turn anyway), with the same days and the scenario's seed.
  const compare = async () => {
    setError(undefined);
    setCompared(undefined);
    const runs: SimulationResult[] = [];
    try {
      for (const [n, p] of POLICIES.entries()) {
        setComparing({ policy: POLICY_LABEL[p] ?? p, done: n });
        const started = await api<JobView>('POST', '/api/v1/simulations', {
          scenarioId,
          version,
          days: simDays,
          policy: p,
        });
        const end = await followJob(started.id, () => {});
        if (end.status !== 'succeeded') throw new Error(end.error ?? end.status);
        runs.push((end.result as SimulationDoc).simulation);
      }
      setCompared(runs);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setComparing(undefined);
    }
  };
  const busy = job?.status === 'running' || job?.status === 'queued' || comparing !== undefined;
  const doc = job?.status === 'succeeded' ? (job.result as SimulationDoc).simulation : undefined;
  return (
    <section className="panel" data-testid="simulation-panel">
      <h2>{t('sim.title')}</h2>
      <label>
        {t('sim.days')}{' '}
        <input
          type="number"
          min={1}
          max={365}
          value={simDays}
          onChange={(e) => setSimDays(Number(e.target.value))}
        />
      </label>{' '}
      <label>
        {t('sim.policy')}{' '}
        <select value={policy} onChange={(e) => setPolicy(e.target.value)}>
          <option value="fifo">FIFO</option>
          <option value="sjf">SJF</option>
          <option value="backfill">backfill</option>
        </select>
      </label>{' '}
      <button onClick={() => void run()} disabled={busy}>
        {t('sim.run')}
      </button>{' '}
      <button onClick={() => void compare()} disabled={busy} data-testid="compare-schedulers">
        {t('sim.compare')}
      </button>
      {comparing && (
        <span role="status" data-testid="compare-progress">
          {' '}
          {t('sim.comparing', {
            policy: comparing.policy,
            done: comparing.done + 1,
            total: POLICIES.length,
          })}
        </span>
      )}
      {job && !doc && !error && <span> {t('sim.running')}</span>}
      {error && <p className="bad">{error}</p>}
      {doc && (
        <>
          <div className="figures" data-testid="simulation-figures">
            <div className="figure">
              <div className="figure-value">{i.percent(doc.utilization)}</div>
              <div className="figure-label">{t('sim.utilization')}</div>
            </div>
            <div className="figure">
              <div className="figure-value">{i.percent(doc.goodput)}</div>
              <div className="figure-label">{t('sim.goodput')}</div>
            </div>
            <div className="figure">
              <div className="figure-value">{`${i.num(doc.jobs.completed, 0)} / ${i.num(doc.jobs.submitted, 0)}`}</div>
              <div className="figure-label">{t('sim.jobs')}</div>
            </div>
            <div className="figure">
              <div className="figure-value">{duration(doc.queueDelayS.mean, i)}</div>
              <div className="figure-label">{t('sim.queueDelay')}</div>
            </div>
          </div>
          <Chart
            label={t('sim.title')}
            height={300}
            option={{
              legend: { top: 0 },
              tooltip: { trigger: 'axis' },
              grid: { left: 60, right: 60, top: 50, bottom: 30 },
              xAxis: { type: 'category', name: 'h', data: doc.timeseries.tHours },
              yAxis: [
                { type: 'value', name: t('sim.busy') },
                { type: 'value', name: t('sim.power') },
              ],
              series: [
                {
                  type: 'line',
                  name: t('sim.busy'),
                  data: doc.timeseries.busyGpus,
                  showSymbol: false,
                },
                {
                  type: 'line',
                  name: t('sim.queue'),
                  data: doc.timeseries.pendingJobs,
                  showSymbol: false,
                },
                {
                  type: 'line',
                  name: t('sim.power'),
                  yAxisIndex: 1,
                  data: doc.timeseries.powerMW,
                  showSymbol: false,
                },
              ],
            }}
          />
          {doc.teams && (
            <table data-testid="simulation-teams">
              <thead>
                <tr>
                  <th>{t('sim.team')}</th>
                  <th>{t('sim.teamJobs')}</th>
                  <th>{t('sim.gpuHours')}</th>
                  <th>{t('sim.quota')}</th>
                  <th>{t('sim.quotaUse')}</th>
                  <th>{t('sim.queueMean')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(doc.teams).map(([name, team]) => (
                  <tr key={name}>
                    <td>{name}</td>
                    <td>{i.num(team.jobs, 0)}</td>
                    <td>{i.num(team.gpuHours, 0)}</td>
                    <td>{team.quotaGpus !== undefined ? i.num(team.quotaGpus, 0) : '–'}</td>
                    <td>{team.quotaUse !== undefined ? i.percent(team.quotaUse) : '–'}</td>
                    <td>{duration(team.queueDelayS.mean, i)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {compared && <SchedulerComparison runs={compared} />}
    </section>
  );
}
