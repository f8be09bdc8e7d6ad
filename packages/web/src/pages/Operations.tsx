// The built facility (interface.md §9): its inventory hall by hall, headroom, alerts and plan
// versus actual, and, for an operator, building the inventory from one of the project's stored
// plans. Viewers see everything but the write controls; the server checks every write anyway.
import { useCallback, useEffect, useMemo, useState, type MouseEvent } from 'react';
import { api, type Me, type ScenarioSummary } from '../api.js';
import { useI18n } from '../i18n/index.js';
import {
  canOperate,
  opsApi,
  type Alert,
  type Device,
  type Layout,
  type OpsStatus,
  type Rack,
  type RackHeadroom,
  type Row,
  type Silence,
} from '../ops-api.js';
import { HallRows, RackDetail, RoleLegend } from '../components/ops/RackLayout.js';
import { FitForm, HeatMap, Tightest } from '../components/ops/Headroom.js';
import { AlertsPanel } from '../components/ops/Alerts.js';
import { PlanVsActualPanel } from '../components/ops/PlanVsActual.js';

interface Loaded {
  status: OpsStatus;
  layout: Layout;
  headroom: RackHeadroom[];
  alerts: Alert[];
  silences: Silence[];
}

const defaultProject = (me: Me) =>
  (me.projects.find((p) => p.name === 'default') ?? me.projects[0])?.id ?? '';

export function Operations({ me }: { me: Me }) {
  const i = useI18n();
  const { t } = i;
  const operator = canOperate(me.user.role);
  const [project, setProject] = useState(() => defaultProject(me));
  const [data, setData] = useState<Loaded | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [hallId, setHallId] = useState<string | undefined>();
  const [rackId, setRackId] = useState<string | undefined>();
  const [gpus, setGpus] = useState<Map<string, number> | undefined>();
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    setError(undefined);
    void (async () => {
      try {
        const [status, layout, headroom, alerts, silences] = await Promise.all([
          opsApi.status(project),
          opsApi.layout(project),
          opsApi.headroom(project),
          opsApi.alerts(project),
          opsApi.silences(project),
        ]);
        if (!live) return;
        setData({
          status,
          layout,
          headroom: headroom.headroom.racks,
          alerts: alerts.alerts,
          silences: silences.silences,
        });
        setGpus(undefined);
      } catch (e) {
        if (live) setError((e as Error).message);
      }
    })();
    return () => {
      live = false;
    };
  }, [project, tick]);

  // The indexes the drawing needs, built once per load.
  const index = useMemo(() => {
    if (!data) return undefined;
    const { layout } = data;
    const rowsByHall = new Map<string, Row[]>();
    for (const r of layout.rows) rowsByHall.set(r.hallId, [...(rowsByHall.get(r.hallId) ?? []), r]);
    for (const rows of rowsByHall.values()) rows.sort((a, b) => a.index - b.index);
    const racksByRow = new Map<string, Rack[]>();
    for (const k of layout.racks) {
      const list = racksByRow.get(k.rowId);
      if (list) list.push(k);
      else racksByRow.set(k.rowId, [k]);
    }
    for (const racks of racksByRow.values()) racks.sort((a, b) => a.position - b.position);
    const devicesByRack = new Map<string, Device[]>();
    for (const d of layout.devices) {
      if (d.rackId === null) continue;
      const list = devicesByRack.get(d.rackId);
      if (list) list.push(d);
      else devicesByRack.set(d.rackId, [d]);
    }
    const headroom = new Map(data.headroom.map((h) => [h.rackId, h]));
    const racks = new Map(layout.racks.map((k) => [k.id, k]));
    const rowOf = new Map(layout.rows.map((r) => [r.id, r]));
    return { rowsByHall, racksByRow, devicesByRack, headroom, racks, rowOf };
  }, [data]);

  const hall = data?.layout.halls.find((h) => h.id === hallId) ?? data?.layout.halls[0];
  const hallRows = (hall && index?.rowsByHall.get(hall.id)) ?? [];
  const rack = rackId ? index?.racks.get(rackId) : undefined;

  const selectRack = (id: string) => {
    setRackId(id);
    // A rack picked on the heat map may sit in another row of the same hall: nothing to change.
    // Its servers' GPUs are read server by server (?kind=gpus&parent=…), not the facility's all.
    const servers = (index?.devicesByRack.get(id) ?? []).filter(
      (d) => d.role === 'server' && gpus?.has(d.id) !== true,
    );
    if (servers.length === 0) return;
    void Promise.all(
      servers.map((d) => opsApi.gpusOf(project, d.id).then((list) => [d.id, list.length] as const)),
    ).then((counts) =>
      setGpus((before) => {
        const next = new Map(before ?? []);
        for (const [device, n] of counts) next.set(device, n);
        return next;
      }),
    );
  };

  if (error) return <p className="bad">{t('common.error', { message: error })}</p>;
  if (!data || !index) return <p>{t('common.loading')}</p>;
  const { status, layout } = data;
  const empty = layout.racks.length === 0;
  const servers = layout.devices.filter((d) => d.role === 'server');
  const noTelemetry = status.telemetry.series === 0;
  const firstServer = servers[0];

  return (
    <div className="page ops" data-testid="operations">
      <h1>{t('ops.title')}</h1>
      <div className="actions">
        {me.projects.length > 1 && (
          <label className="inline">
            {t('ops.project')}
            <select
              value={project}
              onChange={(e) => {
                setProject(e.target.value);
                setHallId(undefined);
                setRackId(undefined);
              }}
              data-testid="ops-project"
            >
              {me.projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {!empty && (
          <nav className="section-nav" aria-label={t('ops.sections')}>
            <a href="#ops-inventory" onClick={jump}>
              {t('ops.inv.title')}
            </a>
            <a href="#ops-headroom" onClick={jump}>
              {t('ops.head.title')}
            </a>
            <a href="#ops-alerts" onClick={jump}>
              {t('ops.alerts.title')}
            </a>
            <a href="#ops-pva" onClick={jump}>
              {t('ops.pva.title')}
            </a>
            {operator && (
              <a href="#ops-import" onClick={jump}>
                {t('ops.import.title')}
              </a>
            )}
          </nav>
        )}
        <button type="button" className="secondary" onClick={reload} data-testid="ops-refresh">
          {t('ops.refresh')}
        </button>
      </div>

      {empty ? (
        <div className="empty" data-testid="ops-empty">
          <p>{t('ops.empty')}</p>
          <p>{t(operator ? 'ops.emptyOperator' : 'ops.emptyViewer')}</p>
        </div>
      ) : (
        <>
          <div className="figures" data-testid="ops-summary">
            <Figure label={t('ops.sum.halls')} value={i.num(layout.halls.length, 0)} />
            <Figure label={t('ops.sum.racks')} value={i.num(layout.racks.length, 0)} />
            <Figure label={t('ops.sum.servers')} value={i.num(servers.length, 0)} />
            <Figure
              label={t('ops.sum.gpus')}
              value={i.num(status.inventory.counts['gpus'] ?? 0, 0)}
            />
            <Figure
              label={t('ops.sum.measured')}
              value={`${i.num(status.headroom.measuredRacks, 0)} / ${i.num(status.headroom.racks, 0)}`}
            />
            <Figure
              label={t('ops.sum.firing')}
              value={i.num(status.alerts.firing.length, 0)}
              testId="sum-firing"
            />
            <Figure
              label={t('ops.sum.overLimit')}
              value={i.num(status.headroom.overLimit.racks + status.headroom.overLimit.feeds, 0)}
            />
          </div>
          <p className="muted" data-testid="ops-origin">
            {t(`ops.origin.${status.inventory.origin.kind}`, {
              detail: status.inventory.origin.detail,
            })}
          </p>

          <section className="panel" id="ops-inventory">
            <h2>{t('ops.inv.title')}</h2>
            <div className="actions">
              <label className="inline">
                {t('ops.inv.hall')}
                <select
                  value={hall?.id ?? ''}
                  onChange={(e) => {
                    setHallId(e.target.value);
                    setRackId(undefined);
                  }}
                  data-testid="hall-picker"
                >
                  {layout.sites.map((s) => (
                    <optgroup key={s.id} label={s.name}>
                      {layout.halls
                        .filter((h) => h.siteId === s.id)
                        .map((h) => (
                          <option key={h.id} value={h.id}>
                            {t('ops.inv.hallOption', {
                              hall: h.name,
                              rows: index.rowsByHall.get(h.id)?.length ?? 0,
                              racks: (index.rowsByHall.get(h.id) ?? []).reduce(
                                (n, r) => n + (index.racksByRow.get(r.id)?.length ?? 0),
                                0,
                              ),
                            })}
                          </option>
                        ))}
                    </optgroup>
                  ))}
                </select>
              </label>
            </div>
            <RoleLegend />
            <div className="layout-grid">
              <HallRows
                rows={hallRows}
                racksByRow={index.racksByRow}
                headroom={index.headroom}
                selected={rackId}
                onSelect={selectRack}
              />
              {rack ? (
                <RackDetail
                  rack={rack}
                  devices={index.devicesByRack.get(rack.id) ?? []}
                  gpus={gpus}
                  headroom={index.headroom.get(rack.id)}
                />
              ) : (
                <p className="muted hint">{t('ops.inv.pickRack')}</p>
              )}
            </div>
          </section>

          <section className="panel" id="ops-headroom">
            <h2>{t('ops.head.title')}</h2>
            {noTelemetry ? (
              <p className="note" data-testid="no-telemetry">
                {t('ops.head.noTelemetry')}
              </p>
            ) : (
              <p className="muted">
                {t('ops.head.measured', {
                  measured: status.headroom.measuredRacks,
                  racks: status.headroom.racks,
                })}
              </p>
            )}
            {status.telemetry.unplacedHosts.length > 0 && (
              <p className="warn">
                {t('ops.head.unplaced', {
                  hosts: status.telemetry.unplacedHosts
                    .slice(0, 5)
                    .map((h) => h.host)
                    .join(', '),
                  count: status.telemetry.unplacedHosts.length,
                })}
              </p>
            )}
            <h3>{t('ops.head.heatTitle', { hall: hall?.name ?? '' })}</h3>
            <HeatMap
              rows={hallRows}
              racksByRow={index.racksByRow}
              headroom={index.headroom}
              onSelect={(id) => {
                selectRack(id);
                document.getElementById('ops-inventory')?.scrollIntoView();
              }}
            />
            <Tightest
              racks={status.headroom.tightestRacks}
              feeds={status.headroom.tightestFeeds}
              measured={!noTelemetry}
            />
            <FitForm
              key={project}
              project={project}
              defaults={{
                powerKW: firstServer?.powerKW ?? 10,
                heightU: firstServer?.heightU ?? 8,
              }}
            />
          </section>

          <section className="panel" id="ops-alerts">
            <h2>{t('ops.alerts.title')}</h2>
            <p className="muted">
              {t('ops.alerts.counts', {
                firing: status.alerts.firing.length,
                pending: status.alerts.pending.length,
                silenced: status.alerts.silenced,
              })}
            </p>
            {noTelemetry && data.alerts.length === 0 ? (
              <p data-testid="alerts-empty">{t('ops.alerts.noTelemetry')}</p>
            ) : (
              <AlertsPanel
                project={project}
                alerts={data.alerts}
                silences={data.silences}
                operator={operator}
                onChanged={reload}
              />
            )}
          </section>

          <section className="panel" id="ops-pva">
            <h2>{t('ops.pva.title')}</h2>
            {status.planVsActual ? (
              <PlanVsActualPanel pva={status.planVsActual} />
            ) : (
              <p>{t('ops.pva.notFromPlan')}</p>
            )}
          </section>
        </>
      )}

      {operator && <ImportPanel project={project} hasInventory={!empty} onImported={reload} />}
    </div>
  );
}

function jump(e: MouseEvent<HTMLAnchorElement>) {
  // The app routes on the hash: scroll to the section without changing it.
  e.preventDefault();
  const id = e.currentTarget.getAttribute('href')?.slice(1);
  if (id) document.getElementById(id)?.scrollIntoView({ behavior: 'smooth' });
}

const Figure = ({ label, value, testId }: { label: string; value: string; testId?: string }) => (
  <div className="figure" data-testid={testId}>
    <div className="figure-value">{value}</div>
    <div className="figure-label">{label}</div>
  </div>
);

interface PlanChoice {
  id: string;
  scenario: string;
  version: number;
  createdAt: string;
}

function ImportPanel({
  project,
  hasInventory,
  onImported,
}: {
  project: string;
  hasInventory: boolean;
  onImported: () => void;
}) {
  const i = useI18n();
  const { t } = i;
  const [plans, setPlans] = useState<PlanChoice[] | undefined>();
  const [picked, setPicked] = useState('');
  const [replace, setReplace] = useState(hasInventory);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  useEffect(() => setReplace(hasInventory), [hasInventory]);
  useEffect(() => {
    let live = true;
    void (async () => {
      const { scenarios } = await api<{ scenarios: (ScenarioSummary & { project: string })[] }>(
        'GET',
        '/api/v1/scenarios',
      );
      const mine = scenarios.filter((s) => s.project === project).slice(0, 50);
      const lists = await Promise.all(
        mine.map((s) =>
          api<{ plans: { id: string; scenarioVersion: number; createdAt: string }[] }>(
            'GET',
            `/api/v1/scenarios/${s.id}/plans`,
          ).then((r) =>
            r.plans.map((p) => ({
              id: p.id,
              scenario: s.name,
              version: p.scenarioVersion,
              createdAt: p.createdAt,
            })),
          ),
        ),
      );
      if (!live) return;
      const all = lists.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      setPlans(all);
      setPicked((p) => p || (all[0]?.id ?? ''));
    })().catch((e: unknown) => live && setMessage({ ok: false, text: (e as Error).message }));
    return () => {
      live = false;
    };
  }, [project]);
  const date = new Intl.DateTimeFormat(i.locale, { dateStyle: 'medium', timeStyle: 'short' });
  const build = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const r = await opsApi.importPlan(project, picked, replace);
      setMessage({
        ok: true,
        text: t('ops.import.done', {
          halls: r.counts['halls'] ?? 0,
          racks: r.counts['racks'] ?? 0,
          devices: r.counts['devices'] ?? 0,
          gpus: r.counts['gpus'] ?? 0,
        }),
      });
      onImported();
    } catch (e) {
      setMessage({ ok: false, text: t('common.error', { message: (e as Error).message }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" id="ops-import" data-testid="import-panel">
      <h2>{t('ops.import.title')}</h2>
      {plans === undefined ? (
        <p>{t('common.loading')}</p>
      ) : plans.length === 0 ? (
        <p data-testid="import-no-plans">{t('ops.import.noPlans')}</p>
      ) : (
        <div className="actions">
          <label className="inline">
            {t('ops.import.plan')}
            <select
              value={picked}
              onChange={(e) => setPicked(e.target.value)}
              data-testid="import-plan"
            >
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {t('ops.import.option', {
                    scenario: p.scenario,
                    version: p.version,
                    date: date.format(new Date(p.createdAt)),
                  })}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={replace}
              onChange={(e) => setReplace(e.target.checked)}
              data-testid="import-replace"
            />
            {t('ops.import.replace')}
          </label>
          <button
            type="button"
            disabled={busy || picked === ''}
            onClick={() => void build()}
            data-testid="import-build"
          >
            {busy ? t('ops.import.building') : t('ops.import.build')}
          </button>
        </div>
      )}
      {message && (
        <p className={message.ok ? 'ok' : 'bad'} role="status" data-testid="import-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
