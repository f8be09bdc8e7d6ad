// Operations as the API and the CLI run them (interface.md §9): the store's inventory, the
// telemetry ingest with the alert evaluation it triggers, headroom, plan versus actual,
// silences and incidents. The logic is @aidc/ops's and core's; this module reads and writes
// the store around it, and delivers webhooks from the outbox.
import {
  INVENTORY_KINDS,
  InventorySchema,
  planInventory,
  type Inventory,
  type InventoryKind,
  type Plan,
} from '@aidc/core';
import {
  DCMI_POWER,
  DEFAULT_ALERT_RULES,
  GPU_POWER,
  GPU_UTIL,
  IncidentSchema,
  TENSOR_ACTIVE,
  TOKENS_PER_S,
  failureShares,
  feedbackToScenario,
  headroom,
  hostPowerKW,
  inventoryFromNetbox,
  inventoryFromObjects,
  inventoryObjects,
  inventoryProblems,
  inventoryToNetbox,
  itemProblems,
  evaluateAlerts,
  matcherProblem,
  measureWindow,
  parseAlertRules,
  webhookPayload,
  parseExposition,
  targetOf,
  measuredFailureRate,
  planVsActual,
  toObject,
  whereFits,
  type AlertInstance,
  type AlertRule,
  type HeadroomResult,
  type LabelMatcher,
  type Silence,
  type Incident,
  type InventoryProblem,
  type PlanVsActualRow,
  type ServerToPlace,
  type TelemetryView,
  type WhereFitsResult,
} from '@aidc/ops';
import { DEFAULT_RETENTION, type Actor, type OpsStore, type Retention } from '@aidc/store';
import { StoreTelemetryView } from './store-view.js';

/** Why an operations request cannot be done, with what would fix it. */
export class OpsError extends Error {
  constructor(
    readonly kind: 'invalid' | 'conflict' | 'not-found',
    message: string,
    readonly problems: readonly InventoryProblem[] = [],
  ) {
    super(message);
  }
}

export interface OpsServiceOptions {
  /** Read telemetry from a Prometheus server instead of the store's samples. */
  readonly telemetry?: TelemetryView;
  readonly retention?: Retention;
  /** Milliseconds since the epoch (tests pass a fixed clock). */
  readonly nowMs?: () => number;
  /** POST a webhook; resolves when the receiver answered 2xx, rejects otherwise. */
  readonly post?: (url: string, payload: unknown) => Promise<void>;
}

export interface OpsStatus {
  readonly project: string;
  readonly at: string;
  readonly inventory: {
    readonly origin: Inventory['origin'];
    readonly planId: string | null;
    readonly counts: Readonly<Record<string, number>>;
  };
  readonly telemetry: {
    readonly series: number;
    readonly samples: number;
    readonly rollups: number;
    readonly newest: string | null;
    readonly unplacedHosts: readonly { host: string; series: number }[];
    readonly lastIngest: {
      readonly at: string;
      readonly source: string;
      readonly accepted: number;
      readonly rejected: number;
    } | null;
  };
  readonly alerts: {
    readonly firing: readonly AlertView[];
    readonly pending: readonly AlertView[];
    readonly silenced: number;
  };
  readonly headroom: {
    readonly racks: number;
    readonly measuredRacks: number;
    /** The five racks, feeds and loops with the least headroom (highest load fraction). */
    readonly tightestRacks: HeadroomResult['racks'];
    readonly tightestFeeds: HeadroomResult['feeds'];
    readonly loops: HeadroomResult['loops'];
    readonly overLimit: { readonly racks: number; readonly feeds: number; readonly loops: number };
  };
  readonly planVsActual: Awaited<ReturnType<OpsService['planVsActualOf']>>;
}

/** An alert as the API shows it (interface.md §9). */
export interface AlertView {
  readonly rule: string;
  readonly state: 'pending' | 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly since: string;
  readonly severity: string;
  readonly summary: string;
  readonly value: number | null;
  readonly silenced: boolean;
}

/** What an ingest did (interface.md §9), with how long parsing and storing took. */
export interface IngestSummary {
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: readonly { line: number; reason: string }[];
  readonly lines: number;
  /** Hosts in this ingest that the inventory does not have: kept, listed to be placed. */
  readonly unplacedHosts: readonly string[];
  readonly alerts: { readonly firing: number; readonly pending: number; readonly error?: string };
  /** Parse and commit, in seconds (the alert evaluation after it is not counted). */
  readonly seconds: number;
  /** The process's peak resident memory so far (MiB). */
  readonly maxRssMiB: number;
}

export interface ImportResult {
  readonly written: number;
  readonly counts: Readonly<Record<string, number>>;
}

function counts(inventory: Inventory): Record<string, number> {
  return Object.fromEntries(INVENTORY_KINDS.map((k) => [k, inventory[k].length]));
}

/**
 * Whether a measured failure rate is fit to plan with: at least a day of operation (a rate over
 * minutes says nothing about a fleet's week), and at least 1,000 node-days, the exposure in which
 * the catalog's 4.42 per 1,000 node-days expects 4.4 failures, the fewest whose exact 90 %
 * Poisson interval stays within a factor of about 4 (4 events: 1.37–9.15). Estimate: the
 * threshold is a judgement of how wide an interval a planner would accept.
 */
export const FEEDBACK_MIN_NODE_DAYS = 1_000;

export function feedbackReadiness(days: number, nodeDays: number): { ok: boolean; reason: string } {
  if (days < 1)
    return {
      ok: false,
      reason: `measured over ${(days * 24).toFixed(1)} hours only: wait until the facility has run a day or more`,
    };
  if (nodeDays < FEEDBACK_MIN_NODE_DAYS)
    return {
      ok: false,
      reason: `${Math.round(nodeDays).toLocaleString('en-US')} node-days measured, fewer than the ${FEEDBACK_MIN_NODE_DAYS.toLocaleString('en-US')} a rate needs to be narrower than a factor of about 4`,
    };
  return {
    ok: true,
    reason: `${Math.round(nodeDays).toLocaleString('en-US')} node-days over ${days.toFixed(1)} days`,
  };
}

/** POST JSON with a 5 s timeout; a non-2xx answer is a failure. */
async function postJson(url: string, payload: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(5_000),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

export class OpsService {
  readonly nowMs: () => number;
  readonly retention: Retention;
  private readonly post: (url: string, payload: unknown) => Promise<void>;

  constructor(
    readonly ops: OpsStore,
    private readonly options: OpsServiceOptions = {},
  ) {
    this.nowMs = options.nowMs ?? (() => Date.now());
    this.retention = options.retention ?? DEFAULT_RETENTION;
    this.post = options.post ?? postJson;
  }

  /** Where rules, headroom and plan versus actual read telemetry for a project. */
  view(projectId: string): TelemetryView {
    return this.options.telemetry ?? new StoreTelemetryView(this.ops, projectId);
  }

  // Inventory ----------------------------------------------------------------------------

  async inventory(projectId: string): Promise<Inventory> {
    const facility = await this.ops.getFacility(projectId);
    const origin = (facility?.origin as Inventory['origin'] | undefined) ?? {
      kind: 'manual',
      detail: 'nothing imported yet',
    };
    return inventoryFromObjects(await this.ops.listObjects(projectId), origin);
  }

  /** Write a whole inventory (checked first); `replace` drops the project's earlier one. */
  async importInventory(
    projectId: string,
    value: unknown,
    actor: Actor,
    options: { replace: boolean; action: string; plan?: { id: string | null; plan: unknown } },
  ): Promise<ImportResult> {
    const problems = inventoryProblems(value);
    if (problems.length > 0)
      throw new OpsError(
        'invalid',
        `the inventory is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
        problems,
      );
    const inventory = InventorySchema.parse(value);
    const objects = inventoryObjects(inventory);
    const { written } = await this.ops.importInventory(
      projectId,
      objects,
      {
        origin: inventory.origin,
        ...(options.plan ? { planId: options.plan.id, plan: options.plan.plan } : {}),
      },
      actor,
      { replace: options.replace, action: options.action },
    );
    return { written, counts: counts(inventory) };
  }

  /** The inventory a plan builds, written as the facility's, with the plan kept beside it. */
  async importPlan(
    projectId: string,
    plan: unknown,
    planId: string | null,
    actor: Actor,
    replace: boolean,
  ): Promise<ImportResult> {
    if (
      typeof plan !== 'object' ||
      plan === null ||
      !('schemaVersion' in plan) ||
      !('cluster' in plan)
    )
      throw new OpsError(
        'invalid',
        'not a plan: expected the JSON that `aidc plan FILE --json` writes (with schemaVersion and cluster)',
      );
    let inventory: Inventory;
    try {
      inventory = planInventory(plan as Plan);
    } catch (error) {
      throw new OpsError('invalid', `the plan has no inventory: ${(error as Error).message}`);
    }
    return this.importInventory(projectId, inventory, actor, {
      replace,
      action: 'inventory.import-plan',
      plan: { id: planId, plan },
    });
  }

  /** Insert or replace one thing, checked against its schema and the things it refers to. */
  async putItem(
    projectId: string,
    kind: string,
    id: string,
    value: unknown,
    actor: Actor,
  ): Promise<{ created: boolean }> {
    const k = this.kind(kind);
    if (typeof value !== 'object' || value === null || (value as { id?: unknown }).id !== id)
      throw new OpsError('invalid', `the body's id must be the path's id (${id})`, [
        { path: 'id', expected: id, found: JSON.stringify((value as { id?: unknown })?.id) },
      ]);
    const known = new Map<string, Set<string>>();
    for (const o of await this.ops.listObjects(projectId)) {
      let ids = known.get(o.kind);
      if (!ids) known.set(o.kind, (ids = new Set()));
      ids.add(o.id);
    }
    const problems = itemProblems(k, value, (kk, ref) => known.get(kk)?.has(ref) ?? false);
    if (problems.length > 0)
      throw new OpsError('invalid', `the ${kind.replace(/s$/, '')} is not valid`, problems);
    const existed = await this.ops.putObject(
      projectId,
      toObject(k, value as { id: string }),
      actor,
    );
    return { created: !existed };
  }

  /** Delete one thing; refused while other things still sit in or on it. */
  async deleteItem(projectId: string, kind: string, id: string, actor: Actor): Promise<void> {
    const k = this.kind(kind);
    if (!(await this.ops.getObject(projectId, k, id)))
      throw new OpsError('not-found', `no ${k} ${id}`);
    const children = await this.ops.childrenOf(projectId, id);
    if (children.length > 0)
      throw new OpsError(
        'conflict',
        `${id} still holds ${children.length}${children.length === 20 ? '+' : ''} thing(s) (${children
          .slice(0, 5)
          .map((c) => `${c.kind} ${c.id}`)
          .join(', ')}); move or delete them first`,
      );
    await this.ops.deleteObject(projectId, k, id, actor);
  }

  /** A NetBox DCIM export as the facility's inventory. */
  async importNetbox(
    projectId: string,
    json: unknown,
    actor: Actor,
    replace: boolean,
  ): Promise<ImportResult> {
    const { inventory, problems } = inventoryFromNetbox(json);
    if (problems.length > 0)
      throw new OpsError(
        'invalid',
        `the NetBox export cannot be imported (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
        problems,
      );
    return this.importInventory(projectId, inventory, actor, {
      replace,
      action: 'inventory.import-netbox',
    });
  }

  async exportNetbox(projectId: string): Promise<unknown> {
    return inventoryToNetbox(await this.inventory(projectId));
  }

  private kind(kind: string): InventoryKind {
    if (!(INVENTORY_KINDS as readonly string[]).includes(kind))
      throw new OpsError(
        'not-found',
        `no inventory kind "${kind}" (${INVENTORY_KINDS.join(', ')})`,
      );
    return kind as InventoryKind;
  }

  // Telemetry ---------------------------------------------------------------------------

  /**
   * Store Prometheus text exposition: malformed lines and samples far from the clock are
   * rejected with their line and reason, the rest committed (in one transaction, so an
   * acknowledged ingest survives a crash); then the alert rules are evaluated. Samples from
   * hosts the inventory does not know are kept, and the hosts listed.
   */
  async ingest(
    projectId: string,
    text: string,
    source: string,
    actor: Actor,
  ): Promise<IngestSummary> {
    const started = performance.now();
    const parsed = parseExposition(text, { nowMs: this.nowMs() });
    await this.ops.ingest(
      projectId,
      parsed.samples,
      { source, rejected: parsed.rejected, errors: parsed.errors },
      actor,
      (labels) => {
        const t = targetOf(labels);
        return { host: t.host, gpu: t.gpu };
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const hosts = new Set<string>();
    let lastLabels: unknown;
    for (const sample of parsed.samples) {
      if (sample.labels === lastLabels) continue;
      lastLabels = sample.labels;
      const host = targetOf(sample.labels).host;
      if (host !== null) hosts.add(host);
    }
    const known = new Set((await this.ops.listObjects(projectId, 'devices')).map((d) => d.name));
    const unplacedHosts = [...hosts].filter((h) => !known.has(h)).sort();
    let alerts: IngestSummary['alerts'];
    try {
      const result = await this.evaluate(projectId);
      alerts = { firing: result.firing, pending: result.pending };
    } catch (error) {
      // The samples are stored; a rule that cannot be evaluated must not lose them.
      alerts = { firing: 0, pending: 0, error: (error as Error).message };
    }
    return {
      accepted: parsed.samples.length,
      rejected: parsed.rejected,
      errors: parsed.errors,
      lines: parsed.lines,
      unplacedHosts,
      alerts,
      seconds,
      maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  }

  // Alert rules and alerts -------------------------------------------------------------------

  /** The project's rules: its own saved version, or the defaults (version 0) until it saves. */
  async rules(projectId: string): Promise<{ yaml: string; version: number; isDefault: boolean }> {
    const saved = await this.ops.getAlertRules(projectId);
    return saved
      ? { yaml: saved.yaml, version: saved.version, isDefault: false }
      : { yaml: DEFAULT_ALERT_RULES, version: 0, isDefault: true };
  }

  private async parsedRules(projectId: string): Promise<readonly AlertRule[]> {
    const { yaml } = await this.rules(projectId);
    const parsed = parseAlertRules(yaml);
    if (!parsed.ok)
      // Saved rules were valid when saved; a later aidc may read them differently.
      throw new OpsError(
        'invalid',
        `the saved alert rules no longer parse: ${parsed.issues[0]?.message ?? ''}`,
      );
    return parsed.rules;
  }

  /**
   * Save the project's rules on top of `baseVersion` (0 over the defaults): checked first, with
   * each problem's line; a stale base is a conflict, not a lost update.
   */
  async saveRules(
    projectId: string,
    yaml: string,
    baseVersion: number,
    actor: Actor,
    file = 'rules',
  ): Promise<{ version: number; rules: number }> {
    const parsed = parseAlertRules(yaml);
    if (!parsed.ok)
      throw new OpsError(
        'invalid',
        `the alert rules are not valid (${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'})`,
        parsed.issues.map((i) => ({
          path: `${file}:${i.line}${i.column !== undefined ? `:${i.column}` : ''} ${i.path.join('.') || '(root)'}`,
          expected: i.expected ?? i.message,
          found: i.found ?? '',
        })),
      );
    const saved = await this.ops.putAlertRules(projectId, yaml, baseVersion, actor);
    if (!saved.ok)
      throw new OpsError(
        'conflict',
        `the rules are at version ${saved.currentVersion}, not ${baseVersion}: read them again and reapply the change`,
      );
    return { version: saved.version, rules: parsed.rules.length };
  }

  /** The project's alert instances (pending, firing, resolved in the last 15 minutes). */
  async alerts(projectId: string): Promise<AlertView[]> {
    return (await this.ops.listAlerts(projectId)).map((a) => {
      const i = a.doc as AlertInstance;
      return {
        rule: i.rule,
        state: i.state,
        labels: i.labels,
        since: i.since,
        severity: i.severity,
        summary: i.summary,
        value: Number.isFinite(i.value) ? i.value : null,
        silenced: i.silenced,
      };
    });
  }

  private async activeSilences(projectId: string): Promise<Silence[]> {
    const now = new Date(this.nowMs()).toISOString();
    return (await this.ops.listSilences(projectId, now)) as Silence[];
  }

  /**
   * Evaluate the rules now against the telemetry, store the new instances and queue a webhook
   * for each change a receiver should hear of (to firing, firing to resolved, unsilenced), in
   * one transaction; then deliver what is due.
   */
  async evaluate(projectId: string): Promise<{
    firing: number;
    pending: number;
    notified: number;
    errors: { rule: string; message: string }[];
  }> {
    const rules = await this.parsedRules(projectId);
    const previous = (await this.ops.listAlerts(projectId)).map((a) => a.doc as AlertInstance);
    const inventory = await this.inventory(projectId);
    const result = await evaluateAlerts(rules, this.view(projectId), {
      nowMs: this.nowMs(),
      inventory,
      previous,
      silences: await this.activeSilences(projectId),
    });
    const notifications = result.transitions
      .filter((t) => t.notify && t.webhook !== undefined)
      .map((t) => ({
        url: t.webhook as string,
        payload: { ...webhookPayload(t), project: projectId },
      }));
    await this.ops.saveEvaluation(
      projectId,
      result.alerts.map((a) => ({
        key: JSON.stringify([a.rule, Object.entries(a.labels).sort(), a.activeAtMs]),
        rule: a.rule,
        state: a.state,
        doc: a,
      })),
      notifications,
    );
    if (notifications.length > 0) await this.deliverNotifications();
    return {
      firing: result.alerts.filter((a) => a.state === 'firing' && !a.silenced).length,
      pending: result.alerts.filter((a) => a.state === 'pending' && !a.silenced).length,
      notified: notifications.length,
      errors: result.errors,
    };
  }

  /** Silence alerts whose labels (with `alertname` and `severity`) match, until `endsAt`. */
  async silence(
    projectId: string,
    input: {
      matchers: readonly LabelMatcher[];
      owner: string;
      comment: string;
      startsAt?: string | undefined;
      endsAt: string;
    },
    actor: Actor,
  ): Promise<string> {
    const startsAtMs = input.startsAt === undefined ? this.nowMs() : Date.parse(input.startsAt);
    const endsAtMs = Date.parse(input.endsAt);
    const problems: InventoryProblem[] = [];
    if (!Number.isFinite(startsAtMs))
      problems.push({
        path: 'startsAt',
        expected: 'an ISO-8601 time',
        found: String(input.startsAt),
      });
    if (!Number.isFinite(endsAtMs))
      problems.push({ path: 'endsAt', expected: 'an ISO-8601 time', found: input.endsAt });
    else if (endsAtMs <= Math.max(startsAtMs, this.nowMs()))
      problems.push({
        path: 'endsAt',
        expected: 'a time after the start and after now',
        found: input.endsAt,
      });
    if (input.matchers.length === 0)
      problems.push({
        path: 'matchers',
        expected: 'at least one label matcher (alertname="…" for a rule)',
        found: 'none',
      });
    input.matchers.forEach((m, i) => {
      const p = matcherProblem(m);
      if (p)
        problems.push({
          path: `matchers.${i}.value`,
          expected: 'a valid regular expression',
          found: p,
        });
    });
    if (problems.length > 0) throw new OpsError('invalid', 'the silence is not valid', problems);
    const silence: Omit<Silence, 'id'> = {
      matchers: input.matchers,
      owner: input.owner,
      comment: input.comment,
      startsAtMs,
      endsAtMs,
    };
    return this.ops.createSilence(
      projectId,
      { ...silence, endsAt: new Date(endsAtMs).toISOString() },
      actor,
    );
  }

  async silences(projectId: string, all: boolean): Promise<unknown[]> {
    return this.ops.listSilences(projectId, all ? undefined : new Date(this.nowMs()).toISOString());
  }

  async expireSilence(projectId: string, id: string, actor: Actor): Promise<void> {
    if (!(await this.ops.expireSilence(projectId, id, actor)))
      throw new OpsError('not-found', `no silence ${id}`);
  }

  /** Roll up and drop samples past the retention (the server runs it hourly). */
  compact(): Promise<number> {
    return this.ops.compact(this.nowMs(), this.retention);
  }

  // Headroom and plan versus actual ---------------------------------------------------------

  /** Each measured host's peak wall power over the last `windowMs` (kW). */
  async peakHostPower(
    projectId: string,
    inventory: Inventory,
    windowMs = 15 * 60_000,
  ): Promise<Map<string, number>> {
    const now = this.nowMs();
    const view = this.view(projectId);
    const [gpuPower, dcmiPower] = await Promise.all([
      view.series(GPU_POWER, [], now - windowMs, now),
      view.series(DCMI_POWER, [], now - windowMs, now),
    ]);
    return hostPowerKW(inventory, { gpuPower, dcmiPower }, 'peak');
  }

  /**
   * Headroom per rack, feed, panel and cooling loop, each measured host at its peak over the last
   * 15 minutes; with `fit`, where the next servers of that kind would go.
   */
  async headroomOf(
    projectId: string,
    fit?: { server: ServerToPlace; n: number },
  ): Promise<{ headroom: HeadroomResult; fit?: WhereFitsResult }> {
    const inventory = await this.inventory(projectId);
    const measured = await this.peakHostPower(projectId, inventory);
    const result = headroom(inventory, { hostPowerKW: measured });
    return {
      headroom: result,
      ...(fit ? { fit: whereFits(inventory, result, fit.server, fit.n) } : {}),
    };
  }

  /**
   * The facility over the last `days` against the plan it was imported from: IT power, GPU
   * utilisation, tensor activity, failures (the recorded incidents) and throughput.
   */
  async planVsActualOf(
    projectId: string,
    days: number,
  ): Promise<{
    planId: string | null;
    window: { start: string; end: string };
    rows: PlanVsActualRow[];
    feedback: ReturnType<typeof feedbackToScenario> | null;
    /** Whether the measured rate has enough behind it to plan with, and why not. */
    feedbackReady: { readonly ok: boolean; readonly reason: string };
  } | null> {
    const facility = await this.ops.getFacility(projectId);
    if (!facility?.plan) return null;
    const inventory = await this.inventory(projectId);
    const endMs = this.nowMs();
    // The exposure starts when the fleet started reporting (or, with no telemetry, when the
    // inventory was imported), not `days` ago: a week-old window over a day-old facility would
    // count six days of node-days nobody ran.
    const stats = await this.ops.telemetryStats(projectId);
    const began = stats.oldestMs ?? Date.parse(facility.updatedAt);
    const startMs = Math.min(endMs - 60_000, Math.max(endMs - days * 86_400_000, began));
    const view = this.view(projectId);
    const read = (metric: string) => view.series(metric, [], startMs, endMs);
    const [gpuPower, dcmiPower, gpuUtil, tensorActive, tokensPerS] = await Promise.all(
      [GPU_POWER, DCMI_POWER, GPU_UTIL, TENSOR_ACTIVE, TOKENS_PER_S].map(read),
    );
    const measured = measureWindow(
      inventory,
      { startMs, endMs },
      {
        gpuPower: gpuPower ?? [],
        dcmiPower: dcmiPower ?? [],
        gpuUtil: gpuUtil ?? [],
        tensorActive: tensorActive ?? [],
        tokensPerS: tokensPerS ?? [],
      },
    );
    const incidents = await this.incidents(projectId, new Date(startMs).toISOString());
    const rows =
      measured.nodeDays > 0
        ? planVsActual(facility.plan as Plan, {
            windowStartMs: startMs,
            windowEndMs: endMs,
            ...(measured.itPowerKW !== null
              ? {
                  itPowerKW: measured.itPowerKW,
                  powerCoverage: { measured: measured.measuredServers, of: measured.servers },
                }
              : {}),
            ...(measured.gpuUtil !== null ? { gpuUtil: Math.min(1, measured.gpuUtil) } : {}),
            ...(measured.tensorActive !== null
              ? { tensorActive: Math.min(1, measured.tensorActive) }
              : {}),
            nodeDays: measured.nodeDays,
            failures: incidents.length,
            ...(measured.tokensPerS !== null ? { tokensPerS: measured.tokensPerS } : {}),
          })
        : [];
    return {
      planId: facility.planId,
      window: { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() },
      rows,
      feedback:
        measured.nodeDays > 0
          ? feedbackToScenario(measuredFailureRate(incidents.length, measured.nodeDays))
          : null,
      feedbackReady: feedbackReadiness((endMs - startMs) / 86_400_000, measured.nodeDays),
    };
  }

  // Incidents --------------------------------------------------------------------------------

  /** Record a failure; `at` defaults to now. The id is returned. */
  async recordIncident(
    projectId: string,
    input: { readonly cause: string; readonly at?: string | undefined } & Readonly<
      Record<string, unknown>
    >,
    actor: Actor,
  ): Promise<string> {
    const atMs = input.at === undefined ? this.nowMs() : Date.parse(input.at);
    if (!Number.isFinite(atMs))
      throw new OpsError('invalid', 'the incident is not valid', [
        {
          path: 'at',
          expected: 'an ISO-8601 time such as 2026-12-01T10:00:00Z',
          found: String(input.at),
        },
      ]);
    const rest = Object.fromEntries(
      Object.entries(input).filter(([k, v]) => k !== 'at' && v !== undefined),
    );
    const candidate = { id: 'pending', note: '', ...rest, atMs };
    const parsed = IncidentSchema.safeParse(candidate);
    if (!parsed.success)
      throw new OpsError(
        'invalid',
        'the incident is not valid',
        parsed.error.issues.map((i) => ({
          path: i.path.join('.') || '(root)',
          expected: i.message.replace(/^Invalid (option|input): expected /, ''),
          found: JSON.stringify((candidate as Record<string, unknown>)[String(i.path[0])] ?? null),
        })),
      );
    // The store gives the incident its id.
    const incident: Record<string, unknown> = { ...parsed.data };
    delete incident['id'];
    return this.ops.createIncident(
      projectId,
      { ...incident, cause: parsed.data.cause, at: new Date(atMs).toISOString() },
      actor,
    );
  }

  async incidents(projectId: string, sinceIso?: string): Promise<Incident[]> {
    return (await this.ops.listIncidents(projectId, sinceIso)) as Incident[];
  }

  /** The fleet's failure shares (the catalog's as the prior) and its measured rate. */
  async failureStats(projectId: string, days: number) {
    const sinceMs = this.nowMs() - days * 86_400_000;
    const incidents = await this.incidents(projectId, new Date(sinceMs).toISOString());
    return { incidents: incidents.length, shares: failureShares(incidents) };
  }

  // Webhooks ---------------------------------------------------------------------------------

  /**
   * Deliver the outbox's due notifications: each POSTed once per attempt, marked delivered on a
   * 2xx, else retried after 30 s × 2^attempts, at most an hour apart (a receiver that is down
   * for a day gets every notification when it comes back, in order). How many were delivered.
   */
  async deliverNotifications(limit = 50): Promise<{ delivered: number; failed: number }> {
    const now = this.nowMs();
    const due = await this.ops.dueNotifications(new Date(now).toISOString(), limit);
    let delivered = 0;
    let failed = 0;
    for (const n of due) {
      try {
        await this.post(n.url, n.payload);
        await this.ops.markDelivered(n.id);
        delivered++;
      } catch (error) {
        const waitMs = Math.min(3_600_000, 30_000 * 2 ** n.attempts);
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        await this.ops.markFailed(
          n.id,
          `${(error as Error).message}${cause ? ` (${cause})` : ''}`,
          new Date(now + waitMs).toISOString(),
        );
        failed++;
      }
    }
    return { delivered, failed };
  }

  // Status -----------------------------------------------------------------------------------

  /** Everything `aidc ops status` shows: inventory, telemetry, alerts, headroom, plan vs actual. */
  async status(projectId: string, options: { days: number }): Promise<OpsStatus> {
    const inventory = await this.inventory(projectId);
    const facility = await this.ops.getFacility(projectId);
    const [stats, unplaced, ingests, alerts, hr, pva] = await Promise.all([
      this.ops.telemetryStats(projectId),
      this.ops.unplacedHosts(projectId),
      this.ops.listIngests(projectId, 1),
      this.alerts(projectId),
      this.headroomOf(projectId),
      this.planVsActualOf(projectId, options.days),
    ]);
    const byFraction = <T extends { fraction: number }>(xs: readonly T[]) =>
      [...xs].sort((a, b) => b.fraction - a.fraction).slice(0, 5);
    const last = ingests[0];
    return {
      project: projectId,
      at: new Date(this.nowMs()).toISOString(),
      inventory: {
        origin: inventory.origin,
        planId: facility?.planId ?? null,
        counts: counts(inventory),
      },
      telemetry: {
        series: stats.series,
        samples: stats.samples,
        rollups: stats.rollups,
        newest: stats.newestMs === null ? null : new Date(stats.newestMs).toISOString(),
        unplacedHosts: unplaced,
        lastIngest: last
          ? { at: last.at, source: last.source, accepted: last.accepted, rejected: last.rejected }
          : null,
      },
      alerts: {
        firing: alerts.filter((a) => a.state === 'firing' && !a.silenced),
        pending: alerts.filter((a) => a.state === 'pending' && !a.silenced),
        silenced: alerts.filter((a) => a.silenced && a.state !== 'resolved').length,
      },
      headroom: {
        racks: hr.headroom.racks.length,
        measuredRacks: hr.headroom.racks.filter((r) => r.basis === 'measured').length,
        tightestRacks: byFraction(hr.headroom.racks),
        tightestFeeds: byFraction(hr.headroom.feeds),
        loops: hr.headroom.loops,
        overLimit: {
          racks: hr.headroom.racks.filter((r) => r.fraction > 1).length,
          feeds: hr.headroom.feeds.filter((f) => f.fraction > 1).length,
          loops: hr.headroom.loops.filter((l) => l.fraction > 1).length,
        },
      },
      planVsActual: pva,
    };
  }
}
