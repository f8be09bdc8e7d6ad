// Long work on a saved version: a sweep (rows as they come, CSV export) and a simulation
// (utilisation, queue and power over time). Both are jobs on the server, followed by
// server-sent events.
import { useState } from 'react';
import { api, followJob, type JobView } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { Chart } from './Chart.js';

interface SweepResult {
  columns: string[];
  rows: Record<string, string | number | boolean>[];
  failures: number;
}

const csv = (r: SweepResult) =>
  [
    r.columns.join(','),
    ...r.rows.map((row) => r.columns.map((c) => JSON.stringify(row[c] ?? '')).join(',')),
  ].join('\n');

export function SweepPanel({ scenarioId, version }: { scenarioId: string; version: number }) {
  const i = useI18n();
  const { t } = i;
  const [vary, setVary] = useState('cluster.gpus=32,64,128');
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
            onClick={() => {
              const a = document.createElement('a');
              a.href = URL.createObjectURL(new Blob([csv(result)], { type: 'text/csv' }));
              a.download = 'sweep.csv';
              a.click();
            }}
          >
            {t('sweep.exportCsv')}
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
                    <th key={c}>{c}</th>
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

interface SimulationDoc {
  simulation: {
    simulatedDays: number;
    utilization: number;
    goodput: number;
    queueDelayS: { mean: number };
    jobs: { completed: number; submitted: number };
    timeseries: { tHours: number[]; busyGpus: number[]; pendingJobs: number[]; powerMW: number[] };
  };
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
      <button
        onClick={() => void run()}
        disabled={job?.status === 'running' || job?.status === 'queued'}
      >
        {t('sim.run')}
      </button>
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
              <div className="figure-value">
                {t('common.hours', { value: i.num(doc.queueDelayS.mean / 3600, 2) })}
              </div>
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
        </>
      )}
    </section>
  );
}
