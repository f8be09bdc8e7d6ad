// A plan as a reader wants it: the answer and the warnings first, then each workload, the bill
// of materials, the facility, the cost over time, and every source. Figures come from the plan
// JSON as core computed it; the view formats them and recomputes nothing.
import { keyFigures, type Plan } from '@aidc/core';
import { useI18n, type I18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/messages.js';
import { Chart } from './Chart.js';
import { warningText } from '../i18n/warnings.js';
import { LatencyCurve, Tornado, TrainingMemory } from './PlanCharts.js';
import { PlannedLayout } from './PlannedLayout.js';
import { CashFlows } from './CashFlows.js';
import { GenericServing, genericLatency } from './GenericServing.js';

const Figure = ({ label, value, testId }: { label: string; value: string; testId?: string }) => (
  <div className="figure" data-testid={testId}>
    <div className="figure-value">{value}</div>
    <div className="figure-label">{label}</div>
  </div>
);

/** The headline's figures: core's key figures (the list `aidc compare` prints), each with the
 *  page's label and format; a figure the plan lacks is left out. */
const HEADLINE: Readonly<
  Record<string, { label: MessageKey; show: (v: number, i: I18n) => string; testId?: string }>
> = {
  gpus: { label: 'plan.gpus', show: (v, i) => i.num(v, 0), testId: 'headline-gpus' },
  trainingDays: {
    label: 'plan.days',
    show: (v, i) => i.t('plan.daysValue', { days: i.num(v, 1) }),
    testId: 'headline-days',
  },
  runCostUsd: { label: 'plan.runCost', show: (v, i) => i.usd(v) },
  outputTokensPerS: { label: 'plan.throughput', show: (v, i) => i.compact(v) },
  usdPerMillionOutputTokens: { label: 'plan.usdPerMTokens', show: (v, i) => i.usd(v) },
  samplesPerS: {
    label: 'plan.samplesPerS',
    show: (v, i) => i.compact(v),
    testId: 'headline-samples-per-s',
  },
  usdPerMillionSamples: {
    label: 'plan.usdPerMSamples',
    show: (v, i) => i.usdPrecise(v),
    testId: 'headline-usd-per-m-samples',
  },
  usdPerGpuHour: {
    label: 'plan.usdPerGpuHour',
    show: (v, i) => i.usd(v),
    testId: 'headline-usd-per-gpu-hour',
  },
  capexUsd: { label: 'plan.capex', show: (v, i) => i.usd(v) },
  tcoUsd: { label: 'plan.tco', show: (v, i) => i.usd(v) },
  itPowerMW: { label: 'plan.itPower', show: (v, i) => `${i.num(v, v < 10 ? 2 : 1)} MW` },
  facilityPowerMW: {
    label: 'plan.facilityPower',
    show: (v, i) => `${i.num(v, v < 10 ? 2 : 1)} MW`,
  },
  locationTCO2ePerYear: { label: 'plan.carbon', show: (v, i) => `${i.compact(v)} tCO₂e` },
};

function headline(plan: Plan, i: I18n) {
  return keyFigures(plan).flatMap((f) => {
    const shown = HEADLINE[f.key];
    if (!shown || f.value === undefined) return [];
    const item = { label: i.t(shown.label), value: shown.show(f.value, i) };
    return [shown.testId ? { ...item, testId: shown.testId } : item];
  });
}

function Workloads({ plan }: { plan: Plan }) {
  const i = useI18n();
  const { t } = i;
  // The generic (non-LLM) serving figures share the columns: latency, samples/s per GPU, samples/s.
  const generic = plan.workloads.some((w) => w.genericInference);
  return (
    <table data-testid="workloads-table">
      <thead>
        <tr>
          <th>{t('plan.workload')}</th>
          <th>{t('plan.type')}</th>
          <th>{t('plan.gpus')}</th>
          <th>{t('plan.layout')}</th>
          <th>
            {t('plan.stepTime')} / {t('plan.ttft')}
            {generic && ` / ${t('plan.latency')}`}
          </th>
          <th>
            {t('plan.mfu')} / {t('plan.tpot')}
            {generic && ` / ${t('plan.samplesPerSPerGpu')}`}
          </th>
          <th>
            {t('plan.days')} / {t('plan.throughput')}
            {generic && ` / ${t('plan.samplesPerS')}`}
          </th>
        </tr>
      </thead>
      <tbody>
        {plan.workloads.map((w) => (
          <tr key={w.name}>
            <td>{w.name}</td>
            <td>{w.type}</td>
            {w.training ? (
              <>
                <td>{i.num(w.training.gpus, 0)}</td>
                <td>{`tp${w.training.parallelism.tp} pp${w.training.parallelism.pp} dp${w.training.parallelism.dp} cp${w.training.parallelism.cp}`}</td>
                <td>{t('common.s', { value: i.num(w.training.stepTimeS, 2) })}</td>
                <td>{i.percent(w.training.mfu)}</td>
                <td>{t('plan.daysValue', { days: i.num(w.training.days, 1) })}</td>
              </>
            ) : w.inference ? (
              <>
                <td>{i.num(w.inference.gpus, 0)}</td>
                <td>{`tp${w.inference.tp} × ${w.inference.replicas}`}</td>
                <td>{t('common.ms', { value: i.num(w.inference.ttftMs, 0) })}</td>
                <td>{t('common.ms', { value: i.num(w.inference.tpotMs, 1) })}</td>
                <td>{i.compact(w.inference.outputTokensPerS)}</td>
              </>
            ) : w.genericTraining ? (
              <>
                <td>{i.num(w.genericTraining.gpus, 0)}</td>
                <td>{`dp${w.genericTraining.parallelism.dp} pp${w.genericTraining.parallelism.pp} mb${w.genericTraining.parallelism.microBatch}`}</td>
                <td>{t('common.s', { value: i.num(w.genericTraining.stepTimeS, 3) })}</td>
                <td>{i.percent(w.genericTraining.mfu)}</td>
                <td>{t('plan.daysValue', { days: i.num(w.genericTraining.days, 1) })}</td>
              </>
            ) : w.genericInference ? (
              <>
                <td>{i.num(w.genericInference.gpus, 0)}</td>
                <td>
                  {t('plan.gi.layout', {
                    replicas: i.num(w.genericInference.replicas, 0),
                    batch: i.num(w.genericInference.batchSize, 0),
                  })}
                </td>
                <td>{genericLatency(i, w.genericInference)}</td>
                <td>{i.compact(w.genericInference.samplesPerSPerGpu)}</td>
                <td>{i.compact(w.genericInference.samplesPerS)}</td>
              </>
            ) : (
              <td colSpan={5} className="bad">
                {w.infeasible
                  ? `${t('plan.infeasible')}: ${w.infeasible.reason} — ${t('plan.fix')}: ${w.infeasible.fix}`
                  : ''}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StepBreakdown({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const b = plan.workloads.find((w) => w.training)?.training?.stepTimeBreakdownS;
  if (!b) return null;
  const parts = Object.entries(b).filter(
    ([k, v]) => k !== 'totalS' && k !== 'bubbleFraction' && typeof v === 'number' && v > 0,
  );
  return (
    <section>
      <h3>{t('plan.stepBreakdown')}</h3>
      <Chart
        label={t('plan.stepBreakdown')}
        height={Math.max(160, parts.length * 28)}
        option={{
          grid: { left: 170, right: 30, top: 10, bottom: 30 },
          xAxis: { type: 'value', name: 's' },
          yAxis: { type: 'category', data: parts.map(([k]) => k.replace(/S$/, '')) },
          tooltip: {},
          series: [{ type: 'bar', data: parts.map(([, v]) => Number((v as number).toFixed(4))) }],
        }}
      />
    </section>
  );
}

function Cost({ plan }: { plan: Plan }) {
  const i = useI18n();
  const { t } = i;
  const c = plan.cost;
  if (!c) return null;
  const items = Object.entries(c.capexUsd).filter(([k]) => k !== 'total');
  return (
    <section>
      <h2>{t('plan.cost')}</h2>
      <div className="two">
        <Chart
          label={t('plan.tcoByYear')}
          option={{
            title: { text: t('plan.tcoByYear'), textStyle: { fontSize: 13 } },
            grid: { left: 70, right: 20, top: 40, bottom: 30 },
            xAxis: { type: 'category', data: c.tcoByYearUsd.map((_, y) => String(y)) },
            yAxis: { type: 'value', axisLabel: { formatter: (v: number) => i.usd(v) } },
            tooltip: { valueFormatter: (v: number) => i.usd(v) },
            series: [{ type: 'line', data: c.tcoByYearUsd }],
          }}
        />
        <Chart
          label={t('plan.capexItems')}
          option={{
            title: { text: t('plan.capexItems'), textStyle: { fontSize: 13 } },
            grid: { left: 80, right: 20, top: 40, bottom: 30 },
            xAxis: { type: 'value', axisLabel: { formatter: (v: number) => i.usd(v) } },
            yAxis: { type: 'category', data: items.map(([k]) => k) },
            tooltip: { valueFormatter: (v: number) => i.usd(v) },
            series: [{ type: 'bar', data: items.map(([, v]) => v) }],
          }}
        />
      </div>
      <Tornado plan={plan} />
    </section>
  );
}

/** A warning in the reader's language: its severity, its code's title, then the sentence with
 *  the plan's figures (in English, marked so, when its shape could not be read). */
function WarningItem({ warning: w }: { warning: Plan['warnings'][number] }) {
  const i = useI18n();
  const { title, text, translated } = warningText(w, i);
  return (
    <li className={`sev-${w.severity}`} data-code={w.code}>
      <strong>{i.t(`plan.severity.${w.severity}`)}</strong>{' '}
      <span className="warn-title">{title}</span>
      {i.locale === 'en' ? ' — ' : '：'}
      <span
        lang={translated ? undefined : 'en'}
        title={translated ? undefined : i.t('plan.warningUntranslated')}
      >
        {text}
      </span>
      {w.path !== undefined && (
        <>
          {' '}
          <code>{w.path}</code>
        </>
      )}
    </li>
  );
}

export function PlanView({ plan }: { plan: Plan }) {
  const i = useI18n();
  const { t } = i;
  const f = plan.facility;
  const fabric = plan.cluster.fabric;
  return (
    <div className="plan" data-testid="plan">
      <section>
        <h2>
          {t('plan.headline')}{' '}
          <span className={plan.feasible ? 'ok' : 'bad'} data-testid="feasible">
            {plan.feasible ? t('plan.feasible') : t('plan.infeasible')}
          </span>
        </h2>
        <div className="figures">
          {headline(plan, i).map((f) => (
            <Figure key={f.label} {...f} />
          ))}
        </div>
        <h3>{t('plan.warnings')}</h3>
        {plan.warnings.length === 0 ? (
          <p>{t('plan.noWarnings')}</p>
        ) : (
          <ul className="warnings" data-testid="warnings">
            {plan.warnings.map((w, n) => (
              <WarningItem key={n} warning={w} />
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{t('plan.workloads')}</h2>
        <Workloads plan={plan} />
        <StepBreakdown plan={plan} />
        <TrainingMemory plan={plan} />
        <LatencyCurve plan={plan} />
        <GenericServing plan={plan} />
      </section>
      <section>
        <h2>{t('plan.bom')}</h2>
        <table className="narrow">
          <tbody>
            <tr>
              <th>{t('plan.servers')}</th>
              <td>{`${i.num(plan.cluster.servers, 0)} × ${plan.cluster.server}`}</td>
            </tr>
            <tr>
              <th>{t('plan.racks')}</th>
              <td>{i.num(plan.cluster.racks ?? 0, 0)}</td>
            </tr>
            {fabric && (
              <tr>
                <th>{t('plan.switches')}</th>
                <td>{`${i.num(fabric.switchCount, 0)} × ${fabric.switch} (${fabric.id}, ${fabric.tiers} tiers)`}</td>
              </tr>
            )}
            {plan.cluster.storage && (
              <tr>
                <th>{t('plan.storage')}</th>
                <td>{`${i.num(plan.cluster.storage.capacityTB, 0)} TB`}</td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      {f && (
        <section>
          <h2>{t('plan.facility')}</h2>
          <table className="narrow">
            <tbody>
              <tr>
                <th>{t('plan.itPower')}</th>
                <td>{`${i.num(f.itPowerMW, 2)} MW`}</td>
              </tr>
              <tr>
                <th>{t('plan.pue')}</th>
                <td>{i.num(f.pue, 2)}</td>
              </tr>
              <tr>
                <th>{t('plan.facilityPower')}</th>
                <td>{`${i.num(f.facilityPowerMW, 2)} MW`}</td>
              </tr>
              <tr>
                <th>{t('plan.cooling')}</th>
                <td>{String(f.cooling)}</td>
              </tr>
              <tr>
                <th>{t('plan.tier')}</th>
                <td>{String(f.tier)}</td>
              </tr>
            </tbody>
          </table>
          <PlannedLayout plan={plan} />
        </section>
      )}
      <Cost plan={plan} />
      <CashFlows plan={plan} />
      <section>
        <h2>{t('plan.sources')}</h2>
        <table className="sources">
          <thead>
            <tr>
              <th>{t('plan.sourceName')}</th>
              <th>{t('plan.sourceValue')}</th>
              <th>{t('plan.sourceKind')}</th>
              <th>{t('plan.sourceDoc')}</th>
            </tr>
          </thead>
          <tbody>
            {(plan.assumptions ?? []).map((a) => (
              <tr key={a.name}>
                <td>{a.name}</td>
                <td>{a.value}</td>
                <td>{a.confidence ?? ''}</td>
                <td className="source">{a.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
