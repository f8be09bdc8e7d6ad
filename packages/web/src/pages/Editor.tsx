// The scenario editor: common fields beside the YAML source, kept in sync (a field edit rewrites
// that key in the YAML and keeps the comments); the plan recomputes in the browser as you type;
// saving makes a new version on the server, which can be diffed, planned, swept and simulated.
import { useEffect, useMemo, useState } from 'react';
import { parseDocument } from 'yaml';
import {
  GENERIC_MODEL_PRESETS,
  MODEL_PRESETS,
  REGIONS,
  GPUS,
  parseScenario,
  planScenario,
  scenarioJsonSchema,
  type Plan,
  type ScenarioIssue,
} from '@aidc/core';
import { api, ApiFailure, canWrite, type Me, type ScenarioDoc } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { PlanView } from '../components/PlanView.js';
import { YamlEditor } from '../components/YamlEditor.js';
import { SimulationPanel, SweepPanel } from '../components/JobPanels.js';

const SCHEMA = scenarioJsonSchema();

type Live = { ok: true; plan: Plan } | { ok: false; issues: readonly ScenarioIssue[] };

function planText(text: string): Live {
  const parsed = parseScenario(text);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  return { ok: true, plan: planScenario(parsed.scenario) };
}

/** The value at a key path of the YAML text, or undefined. */
function read(text: string, path: (string | number)[]): unknown {
  try {
    const v = parseDocument(text).getIn(path);
    return v && typeof v === 'object' && 'toJSON' in v ? (v as { toJSON(): unknown }).toJSON() : v;
  } catch {
    return undefined;
  }
}

/** The YAML text with one key set (or removed, for undefined), comments and layout kept. */
function write(text: string, path: (string | number)[], value: unknown): string {
  const doc = parseDocument(text);
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, value);
  return doc.toString();
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** A number input bound to one key of the YAML: empty removes the key. */
function NumberField({
  label,
  value,
  onChange,
  writable,
  testId,
  placeholder,
}: {
  label: string;
  value: unknown;
  onChange: (v: number | undefined) => void;
  writable: boolean;
  testId: string;
  placeholder?: string;
}) {
  return (
    <label>
      {label}
      <input
        type="number"
        min={0}
        step="any"
        value={typeof value === 'number' ? value : ''}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        disabled={!writable}
        data-testid={testId}
      />
    </label>
  );
}

/** Whether workload `at` names a generic (non-LLM) network: a generic preset, an inline
 *  `kind: generic` model, or a load in samples. */
function isGeneric(text: string, at: number): boolean {
  const model = read(text, ['workloads', at, 'model']);
  if (typeof model === 'string') return GENERIC_MODEL_PRESETS.some((m) => m.id === model);
  if (model && typeof model === 'object') return (model as { kind?: unknown }).kind === 'generic';
  return read(text, ['workloads', at, 'samplesPerSecond']) !== undefined;
}

/** The load and latency targets of the scenario's first inference workload. */
function InferenceFields({
  text,
  at,
  set,
  writable,
}: {
  text: string;
  at: number;
  set: (path: (string | number)[], value: unknown) => void;
  writable: boolean;
}) {
  const { t } = useI18n();
  const w = ['workloads', at];
  const slo = read(text, [...w, 'slo']);
  const setSlo = (key: string, value: number | undefined) => {
    // The last target removed takes the slo mapping with it (an empty slo does not validate).
    const rest = { ...(slo && typeof slo === 'object' ? slo : {}), [key]: value };
    const left = Object.entries(rest).filter(([, v]) => v !== undefined);
    if (value === undefined && left.length === 0) set([...w, 'slo'], undefined);
    else set([...w, 'slo', key], value);
  };
  const percentile = read(text, [...w, 'slo', 'percentile']);
  // A generic (non-LLM) network is served by samples against one latency target, not tokens.
  const generic = isGeneric(text, at);
  return (
    <fieldset className="form-grid" data-testid="inference-fields">
      <legend>{t('editor.inference', { name: String(read(text, [...w, 'name']) ?? '') })}</legend>
      {generic ? (
        <>
          <NumberField
            label={t('editor.sps')}
            value={read(text, [...w, 'samplesPerSecond'])}
            onChange={(v) => set([...w, 'samplesPerSecond'], v)}
            writable={writable}
            testId="field-sps"
            placeholder={t('editor.rpsNone')}
          />
          <NumberField
            label={t('editor.latency')}
            value={read(text, [...w, 'slo', 'latencyMs'])}
            onChange={(v) => setSlo('latencyMs', v)}
            writable={writable}
            testId="field-latency"
          />
        </>
      ) : (
        <>
          <NumberField
            label={t('editor.rps')}
            value={read(text, [...w, 'requestsPerSecond'])}
            onChange={(v) => set([...w, 'requestsPerSecond'], v)}
            writable={writable}
            testId="field-rps"
            placeholder={t('editor.rpsNone')}
          />
          <NumberField
            label={t('editor.ttft')}
            value={read(text, [...w, 'slo', 'ttftMs'])}
            onChange={(v) => setSlo('ttftMs', v)}
            writable={writable}
            testId="field-ttft"
          />
          <NumberField
            label={t('editor.tpot')}
            value={read(text, [...w, 'slo', 'tpotMs'])}
            onChange={(v) => setSlo('tpotMs', v)}
            writable={writable}
            testId="field-tpot"
          />
        </>
      )}
      <label>
        {t('editor.percentile')}
        <select
          value={typeof percentile === 'number' ? String(percentile) : ''}
          onChange={(e) =>
            setSlo('percentile', e.target.value === '' ? undefined : Number(e.target.value))
          }
          disabled={!writable || slo === undefined}
          data-testid="field-percentile"
        >
          <option value="">{t('editor.percentileDefault')}</option>
          {[50, 90, 99].map((p) => (
            <option key={p} value={p}>
              {`p${p}`}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}

export function Editor({
  me,
  id,
  example,
}: {
  me: Me;
  id?: string | undefined;
  example?: string | undefined;
}) {
  const i = useI18n();
  const { t } = i;
  const writable = canWrite(me.user.role);
  const [doc, setDoc] = useState<ScenarioDoc | undefined>();
  const [text, setText] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'bad'; text: string } | undefined>();
  const [versions, setVersions] = useState<number[]>([]);
  const [diff, setDiff] = useState<string | undefined>();

  useEffect(() => {
    setMessage(undefined);
    setDiff(undefined);
    if (id) {
      void api<ScenarioDoc>('GET', `/api/v1/scenarios/${id}`).then((d) => {
        setDoc(d);
        setText(d.yaml);
        setName(d.name);
      });
      void api<{ versions: { version: number }[] }>('GET', `/api/v1/scenarios/${id}/versions`).then(
        (r) => setVersions(r.versions.map((v) => v.version)),
      );
    } else if (example) {
      void api<{ examples: { file: string; name: string; yaml: string }[] }>(
        'GET',
        '/api/v1/examples',
      ).then((r) => {
        const e = r.examples.find((x) => x.file === example);
        setText(e?.yaml ?? '');
        setName(e?.name ?? example);
      });
    }
  }, [id, example]);

  const settled = useDebounced(text, 250);
  const live = useMemo(() => (settled === undefined ? undefined : planText(settled)), [settled]);
  // While the text has problems, the last plan that could be made stays on screen, dimmed.
  const [lastPlan, setLastPlan] = useState<Plan | undefined>();
  useEffect(() => {
    if (live?.ok) setLastPlan(live.plan);
  }, [live]);
  if (text === undefined) return <p>{t('common.loading')}</p>;

  const dirty = doc ? text !== doc.yaml : true;
  const training = read(text, ['workloads', 0, 'type']) === 'training';
  const workloads = read(text, ['workloads']);
  const inferenceAt = Array.isArray(workloads)
    ? workloads.findIndex((w) => (w as { type?: unknown } | null)?.type === 'inference')
    : -1;
  const hasSimulation = read(text, ['simulation']) !== undefined;
  const set = (path: (string | number)[], value: unknown) => setText(write(text, path, value));

  const save = async () => {
    setMessage(undefined);
    try {
      if (doc) {
        const r = await api<{ version: number }>('PUT', `/api/v1/scenarios/${doc.id}`, {
          yaml: text,
          baseVersion: doc.version,
          name,
        });
        setDoc({ ...doc, yaml: text, version: r.version, latestVersion: r.version, name });
        setVersions((v) => [...v, r.version]);
        setMessage({ kind: 'ok', text: t('editor.saved', { version: r.version }) });
      } else {
        const r = await api<{ id: string; version: number }>('POST', '/api/v1/scenarios', {
          name,
          yaml: text,
        });
        window.location.hash = `#/s/${r.id}`;
      }
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409)
        setMessage({
          kind: 'bad',
          text: t('editor.conflict', { version: String(e.details['currentVersion']) }),
        });
      else setMessage({ kind: 'bad', text: t('common.error', { message: (e as Error).message }) });
    }
  };

  const keepPlan = async () => {
    if (!doc) return;
    const r = await api<{ scenarioVersion: number }>('POST', '/api/v1/plans', {
      scenarioId: doc.id,
      version: doc.version,
    });
    setMessage({ kind: 'ok', text: t('editor.planKept', { version: r.scenarioVersion }) });
  };

  const showDiff = async (from: number) => {
    if (!doc) return;
    const r = await api<{ diff: string }>(
      'GET',
      `/api/v1/scenarios/${doc.id}/diff?from=${from}&to=${doc.version}`,
    );
    setDiff(
      t('editor.diffTitle', { from, to: doc.version }) +
        '\n' +
        r.diff.split('\n').slice(4).join('\n'),
    );
  };

  const issues = live && !live.ok ? live.issues : [];
  return (
    <div className="editor">
      <h1 className="sr-only">{t('editor.title', { name: name || t('editor.source') })}</h1>
      <div className="editor-left">
        <section aria-labelledby="form-title">
          <h2 id="form-title">{t('editor.form')}</h2>
          <div className="form-grid">
            <label>
              {t('editor.name')}
              <input value={name} onChange={(e) => setName(e.target.value)} disabled={!writable} />
            </label>
            <label>
              {t('editor.gpu')}
              <select
                value={String(read(text, ['cluster', 'gpu']) ?? '')}
                onChange={(e) => set(['cluster', 'gpu'], e.target.value)}
                disabled={!writable}
                data-testid="field-gpu"
              >
                {GPUS.map((g) => (
                  <option
                    key={g.id}
                    value={g.id}
                    title={`${g.name}: ${g.hbmGB.value} GB HBM (${g.hbmGB.source}); BF16 ${g.peakDenseTflops.value.bf16 ?? '—'} TFLOPS dense (${g.peakDenseTflops.source})`}
                  >
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('editor.gpus')}
              <input
                type="number"
                min={1}
                value={
                  typeof read(text, ['cluster', 'gpus']) === 'number'
                    ? Number(read(text, ['cluster', 'gpus']))
                    : ''
                }
                placeholder={t('editor.gpusSized')}
                onChange={(e) => {
                  if (e.target.value !== '') set(['cluster', 'gpus'], Number(e.target.value));
                }}
                disabled={!writable}
                data-testid="field-gpus"
              />
            </label>
            <label>
              {t('editor.country')}
              <input
                value={String(read(text, ['site', 'country']) ?? '')}
                onChange={(e) => set(['site', 'country'], e.target.value.toUpperCase())}
                maxLength={2}
                disabled={!writable}
              />
            </label>
            {typeof read(text, ['workloads', 0, 'model']) === 'string' && (
              <label>
                {t('editor.model')}
                <select
                  value={String(read(text, ['workloads', 0, 'model']))}
                  onChange={(e) => set(['workloads', 0, 'model'], e.target.value)}
                  disabled={!writable}
                  data-testid="field-model"
                >
                  {isGeneric(text, 0)
                    ? GENERIC_MODEL_PRESETS.map((m) => (
                        <option
                          key={m.id}
                          value={m.id}
                          title={`${m.name}: ${i.compact(m.params.value)} parameters (${m.params.source})`}
                        >
                          {m.name}
                        </option>
                      ))
                    : MODEL_PRESETS.map((m) => (
                        <option
                          key={m.id}
                          value={m.id}
                          title={`${m.name}: ${i.compact(m.params)} parameters (${m.source})`}
                        >
                          {m.name}
                        </option>
                      ))}
                </select>
              </label>
            )}
            <label>
              {t('editor.region')}
              <select
                value={String(read(text, ['site', 'region']) ?? '')}
                onChange={(e) =>
                  set(['site', 'region'], e.target.value === '' ? undefined : e.target.value)
                }
                disabled={!writable}
              >
                <option value="">—</option>
                {REGIONS.filter(
                  (r) => r.country === String(read(text, ['site', 'country']) ?? ''),
                ).map((r) => (
                  <option
                    key={r.code}
                    value={r.code}
                    title={[
                      r.gridGCO2PerKWh
                        ? `${r.gridGCO2PerKWh.value} gCO2/kWh (${r.gridGCO2PerKWh.source})`
                        : undefined,
                      r.electricityUsdPerKWh
                        ? `$${r.electricityUsdPerKWh.value}/kWh (${r.electricityUsdPerKWh.source})`
                        : undefined,
                    ]
                      .filter((x) => x !== undefined)
                      .join('; ')}
                  >
                    {`${r.name} (${r.code})`}
                  </option>
                ))}
              </select>
            </label>
            {training && (
              <label>
                {t('editor.tokens')}
                <input
                  type="number"
                  value={Number(read(text, ['workloads', 0, 'tokens']) ?? 0)}
                  onChange={(e) => set(['workloads', 0, 'tokens'], Number(e.target.value))}
                  disabled={!writable}
                />
              </label>
            )}
          </div>
          {inferenceAt >= 0 && (
            <InferenceFields text={text} at={inferenceAt} set={set} writable={writable} />
          )}
          <div className="actions">
            {writable ? (
              <button
                onClick={() => void save()}
                disabled={(!dirty && name === doc?.name) || issues.length > 0}
                data-testid="save"
              >
                {doc ? t('editor.save') : t('editor.saveNew')}
              </button>
            ) : (
              <p>{t('editor.readOnly')}</p>
            )}
            {doc && writable && (
              <button onClick={() => void keepPlan()} disabled={dirty}>
                {t('editor.planOnServer')}
              </button>
            )}
            {doc && (
              <span>
                {t('editor.version', { version: doc.version, latest: doc.latestVersion })}
              </span>
            )}
            {dirty && doc && <span className="warn"> · {t('editor.unsaved')}</span>}
            {doc && versions.length > 1 && (
              <label>
                {' '}
                {t('editor.diff')}{' '}
                <select
                  onChange={(e) => void showDiff(Number(e.target.value))}
                  defaultValue=""
                  data-testid="diff-version"
                >
                  <option value="" disabled>
                    —
                  </option>
                  {versions
                    .filter((v) => v !== doc.version)
                    .map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                </select>
              </label>
            )}
          </div>
          {message && (
            <p className={message.kind} role="status" data-testid="message">
              {message.text}
            </p>
          )}
          {diff && (
            <pre className="diff" data-testid="diff">
              {diff}
            </pre>
          )}
        </section>
        <section>
          <h2>{t('editor.source')}</h2>
          <YamlEditor
            value={text}
            onChange={setText}
            issues={issues}
            schema={SCHEMA}
            readOnly={!writable}
            label={t('editor.source')}
          />
          {issues.length > 0 && (
            <div className="issues" data-testid="issues" role="alert">
              <strong>{t('editor.invalid', { count: issues.length })}</strong>
              <ul>
                {issues.map((p, n) => (
                  <li key={n}>
                    {p.line !== undefined && (
                      <span className="line">{t('editor.line', { line: p.line })}</span>
                    )}{' '}
                    <code>{p.path.join('.')}</code>: {p.message}
                    {p.expected ? t('editor.expected', { value: p.expected }) : ''}
                    {p.found ? t('editor.found', { value: p.found }) : ''}
                    {p.hint ? t('editor.hint', { value: p.hint }) : ''}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      </div>
      <div className="editor-right">
        {live?.ok ? (
          <PlanView plan={live.plan} />
        ) : lastPlan ? (
          <div className="stale" aria-hidden="true">
            <PlanView plan={lastPlan} />
          </div>
        ) : (
          <p>{t('plan.computing')}</p>
        )}
        {doc &&
          writable &&
          (!dirty ? (
            <SweepPanel scenarioId={doc.id} version={doc.version} />
          ) : (
            <p>{t('sweep.needsSave')}</p>
          ))}
        {doc && writable && hasSimulation && !dirty && (
          <SimulationPanel
            scenarioId={doc.id}
            version={doc.version}
            days={Math.min(Number(read(text, ['simulation', 'days']) ?? 7), 7)}
          />
        )}
      </div>
    </div>
  );
}
