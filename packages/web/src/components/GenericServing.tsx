// A generic (non-LLM) network's serving, as the plan's genericInference holds it: its one-GPU
// replicas, the operating batch and what bounds it, the latency against its SLO, the samples/s
// (in all, per GPU at this batch and at best), the model FLOP/s, the memory per GPU, and the
// cost and energy per million samples. Figures are core's; the view only formats them.
import type { PlannedGenericInference, Plan } from '@aidc/core';
import { useI18n, type I18n } from '../i18n/index.js';

const ms = (i: I18n, v: number) => i.t('common.ms', { value: i.num(v, 2) });

/** The latency at the plan's percentile, with its SLO when it has one. */
export function genericLatency(i: I18n, g: PlannedGenericInference): string {
  return g.sloLatencyMs !== undefined
    ? i.t('plan.gi.latencySlo', {
        percentile: g.percentile,
        latency: ms(i, g.latencyMs),
        slo: i.t('common.ms', { value: i.num(g.sloLatencyMs, 2) }),
      })
    : i.t('plan.gi.latencyValue', { percentile: g.percentile, latency: ms(i, g.latencyMs) });
}

function Rows({ name, model, g }: { name: string; model: string; g: PlannedGenericInference }) {
  const i = useI18n();
  const { t } = i;
  const s = g.serviceTimeBreakdownMs;
  const m = g.memoryPerGpuGB;
  const small = (v: number) => t('common.ms', { value: i.sig(v) });
  const rows: [string, string, string][] = [
    [
      'replicas',
      t('plan.gi.replicas'),
      g.mode === 'online'
        ? t('plan.gi.replicasOnline', {
            replicas: i.num(g.replicas, 0),
            forLoad: i.num(g.replicasForLoad, 0),
            load: i.percent(g.loadFraction),
          })
        : t('plan.gi.replicasOffline', { replicas: i.num(g.replicas, 0) }),
    ],
    [
      'batch',
      t('plan.gi.batch'),
      t('plan.gi.batchValue', {
        batch: i.num(g.batchSize, 0),
        time: ms(i, g.serviceTimeMs),
        bound: t(`plan.gi.bound.${g.bound}`),
      }),
    ],
    [
      'batch-parts',
      t('plan.gi.batchParts'),
      t('plan.gi.batchPartsValue', {
        compute: small(s.computeMs),
        weights: small(s.weightsMs),
        activations: small(s.activationsMs),
        embeddings: small(s.embeddingsMs),
      }),
    ],
    ['latency', t('plan.latency'), genericLatency(i, g)],
    [
      'throughput',
      t('plan.samplesPerS'),
      t('plan.gi.throughputValue', {
        total: i.compact(g.samplesPerS),
        perGpu: i.compact(g.samplesPerSPerGpu),
        max: i.compact(g.maxSamplesPerSPerGpu),
      }),
    ],
    [
      'flops',
      t('plan.gi.flops'),
      t('plan.gi.flopsValue', { tflops: i.num(g.tflopsPerGpu, 0), mfu: i.percent(g.mfu) }),
    ],
    [
      'memory',
      t('plan.memory'),
      t('plan.gi.memoryValue', {
        total: i.num(m.total, 1),
        capacity: i.num(g.memoryCapacityGB, 1),
        weights: i.num(m.weights, 2),
        embeddings: i.num(m.embeddings, 2),
        activations: i.num(m.activations, 2),
      }),
    ],
  ];
  if (g.usdPerMillionSamples !== undefined)
    rows.push(['cost', t('plan.usdPerMSamples'), i.usdPrecise(g.usdPerMillionSamples)]);
  if (g.energyMWhPerYear !== undefined && g.kWhPerMillionSamples !== undefined)
    rows.push([
      'energy',
      t('plan.gi.energy'),
      t('plan.gi.energyValue', {
        mwh: i.num(g.energyMWhPerYear, 1),
        kwh: i.sig(g.kWhPerMillionSamples),
      }),
    ]);
  return (
    <div data-testid={`generic-serving-${name}`}>
      <h4>
        {t('plan.gi.heading', {
          name,
          model,
          family: g.family,
          mode: t(`plan.gi.mode.${g.mode}`),
          precision: g.precision,
        })}
      </h4>
      <table className="narrow">
        <tbody>
          {rows.map(([key, label, value]) => (
            <tr key={key} data-row={key}>
              <th>{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function GenericServing({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const served = plan.workloads.filter((w) => w.genericInference);
  if (served.length === 0) return null;
  return (
    <section data-testid="generic-serving">
      <h3>{t('plan.gi.title')}</h3>
      {served.map((w) =>
        w.genericInference ? (
          <Rows key={w.name} name={w.name} model={w.model.name} g={w.genericInference} />
        ) : null,
      )}
    </section>
  );
}
