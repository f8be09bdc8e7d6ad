// Alert evaluation: each rule's expression over the telemetry view, compared with its
// threshold, per label set; instances move pending → firing (after forMinutes) → resolved as
// Prometheus's alerting rules do (prometheus.io, "Alerting rules": `for`, pending and firing;
// rules/alerting.go keeps resolved alerts for 15 minutes). Pure: the clock, the previous
// instances, the inventory and the silences come in as arguments.
import { feedCapacityKW, type Inventory } from '@aidc/core';
import { matchesLabels } from '../label-matchers.js';
import { DCMI_POWER, GPU_POWER, hostPowerKW } from '../measure/measure.js';
import { xidClassOf, xidInfo } from '../telemetry/catalog.js';
import type { LabelMatcher, Point, Series, TelemetryView } from '../telemetry-types.js';
import { exprLookbackMs, INSTANT_LOOKBACK_MS, type Expr, type Selector } from './expr.js';
import type { AlertOp, AlertRule, Severity } from './rules.js';

export type AlertState = 'pending' | 'firing' | 'resolved';

export interface AlertInstance {
  readonly rule: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: AlertState;
  /** When the current state began (ISO 8601, UTC). */
  readonly since: string;
  /** The expression's value at the last evaluation that saw it. */
  readonly value: number;
  readonly severity: Severity;
  readonly summary: string;
  /** When the condition first held (ms): the start of pending, kept through firing. */
  readonly activeAtMs: number;
  readonly resolvedAtMs?: number;
  /** When this instance was last evaluated (ms). */
  readonly evaluatedAtMs: number;
  /** A matching silence is active: its transitions are not notified. */
  readonly silenced: boolean;
}

export interface AlertTransition {
  readonly rule: string;
  readonly labels: Readonly<Record<string, string>>;
  /** 'inactive': the instance did not exist before (or, as `to`, was dropped while pending). */
  readonly from: AlertState | 'inactive';
  readonly to: AlertState | 'inactive';
  readonly atMs: number;
  readonly instance: AlertInstance;
  /** Whether a receiver should hear of it: to firing, or firing to resolved, unsilenced. */
  readonly notify: boolean;
  readonly webhook?: string;
}

export interface Silence {
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  readonly owner: string;
  readonly comment: string;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
}

export interface AlertContext {
  readonly nowMs: number;
  /** Needed by rack_power_fraction and feed_power_fraction rules. */
  readonly inventory?: Inventory;
  /** The instances the previous evaluation returned. */
  readonly previous: readonly AlertInstance[];
  readonly silences?: readonly Silence[];
}

export interface AlertEvaluation {
  readonly alerts: AlertInstance[];
  readonly transitions: AlertTransition[];
  /** Rules that could not be evaluated; their previous instances are kept as they were. */
  readonly errors: { readonly rule: string; readonly message: string }[];
}

/** How long a resolved instance is kept before it is dropped (Prometheus: 15 min). */
export const RESOLVED_RETENTION_MS = 15 * 60_000;
/**
 * How far before an xid() window the evaluator looks for each point's predecessor: a nonzero
 * last-XID value with an equal predecessor is the same XID still showing, not a new one.
 */
export const XID_CONTEXT_MS = 60 * 60_000;

/** How far back `evaluateAlerts` reads for these rules (ms). */
export function lookbackMs(rules: readonly AlertRule[]): number {
  let max = INSTANT_LOOKBACK_MS;
  for (const r of rules) max = Math.max(max, exprLookbackMs(r.parsed, XID_CONTEXT_MS));
  return max;
}

function compare(value: number, op: AlertOp, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

export function labelsKey(rule: string, labels: Readonly<Record<string, string>>): string {
  let key = rule;
  for (const k of Object.keys(labels).sort()) key += `\u0000${k}\u0001${labels[k] ?? ''}`;
  return key;
}

interface Result {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The increase of a counter over points, a drop counted as a reset to zero. */
function counterIncrease(points: readonly Point[]): number {
  let total = 0;
  for (let k = 1; k < points.length; k++) {
    const prev = (points[k - 1] as Point).value;
    const cur = (points[k] as Point).value;
    total += cur >= prev ? cur - prev : cur;
  }
  return total;
}

/** The newest XID event in (fromMs, nowMs] of a last-XID gauge series, and its code. */
function lastXidEvent(
  points: readonly Point[],
  fromMs: number,
  classes: ReadonlySet<string> | null,
): number | null {
  let code: number | null = null;
  for (let k = 0; k < points.length; k++) {
    const p = points[k] as Point;
    if (p.tsMs <= fromMs || p.value === 0) continue;
    const before = k > 0 ? (points[k - 1] as Point) : undefined;
    // An event: a change to a nonzero code, or a nonzero first point (nothing before it within
    // the context hour: a new series, or the first report after a long silence).
    if (before !== undefined && before.value === p.value) continue;
    if (classes !== null && !classes.has(xidClassOf(p.value))) continue;
    code = p.value;
  }
  return code;
}

type Read = (selector: Selector, sinceMs: number) => Promise<readonly Series[]>;

async function evaluateExpr(
  rule: AlertRule,
  expr: Expr,
  read: Read,
  nowMs: number,
  inventory: Inventory | undefined,
): Promise<Result[]> {
  switch (expr.kind) {
    case 'instant': {
      const series = await read(expr.selector, nowMs - INSTANT_LOOKBACK_MS);
      return series.flatMap((s) => {
        const last = s.points[s.points.length - 1];
        return last ? [{ labels: s.labels, value: last.value }] : [];
      });
    }
    case 'rate':
    case 'increase': {
      const series = await read(expr.selector, nowMs - expr.rangeMs);
      const out: Result[] = [];
      for (const s of series) {
        const first = s.points[0];
        const last = s.points[s.points.length - 1];
        if (!first || !last || last.tsMs <= first.tsMs) continue;
        const inc = counterIncrease(s.points);
        out.push({
          labels: s.labels,
          value: expr.kind === 'increase' ? inc : inc / ((last.tsMs - first.tsMs) / 1000),
        });
      }
      return out;
    }
    case 'stale': {
      const series = await read(expr.selector, nowMs - expr.rangeMs);
      return series.flatMap((s) => {
        const last = s.points[s.points.length - 1];
        return last ? [{ labels: s.labels, value: (nowMs - last.tsMs) / 60_000 }] : [];
      });
    }
    case 'xid': {
      const from = nowMs - expr.rangeMs;
      const series = await read(expr.selector, from - XID_CONTEXT_MS);
      const classes = rule.xidClasses ? new Set<string>(rule.xidClasses) : null;
      return series.flatMap((s) => {
        const code = lastXidEvent(s.points, from, classes);
        return code === null ? [] : [{ labels: s.labels, value: code }];
      });
    }
    case 'rack_power_fraction':
    case 'feed_power_fraction': {
      if (!inventory) throw new Error(`${expr.kind} needs the inventory, and none was given`);
      const since = nowMs - INSTANT_LOOKBACK_MS;
      const [gpuPower, dcmiPower] = await Promise.all([
        read({ metric: GPU_POWER, matchers: [] }, since),
        read({ metric: DCMI_POWER, matchers: [] }, since),
      ]);
      const hosts = hostPowerKW(inventory, { gpuPower, dcmiPower }, 'last');
      const rackKW = new Map<string, number>();
      for (const d of inventory.devices) {
        const kw = hosts.get(d.name) ?? hosts.get(d.id);
        if (kw === undefined || d.rackId === null) continue;
        rackKW.set(d.rackId, (rackKW.get(d.rackId) ?? 0) + kw);
      }
      if (expr.kind === 'rack_power_fraction') {
        return inventory.racks.flatMap((r) => {
          const kw = rackKW.get(r.id);
          return kw === undefined
            ? []
            : [{ labels: { rack: r.id, rack_name: r.name }, value: kw / r.powerLimitKW }];
        });
      }
      const sideKW = new Map<string, number>();
      for (const f of inventory.feeds) {
        if (f.rackId === null) continue;
        const key = `${f.rackId}\u0000${f.side}`;
        sideKW.set(key, (sideKW.get(key) ?? 0) + feedCapacityKW(f));
      }
      return inventory.feeds.flatMap((f) => {
        if (f.rackId === null) return [];
        const kw = rackKW.get(f.rackId);
        const capacity = sideKW.get(`${f.rackId}\u0000${f.side}`) ?? 0;
        if (kw === undefined || capacity <= 0) return [];
        return [
          {
            labels: { feed: f.id, feed_name: f.name, rack: f.rackId, side: f.side },
            value: kw / capacity,
          },
        ];
      });
    }
  }
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3);
}

/** The summary of an instance: the rule's template with {{ $value }} and {{ $labels.x }}. */
function summarise(rule: AlertRule, labels: Readonly<Record<string, string>>, value: number) {
  if (rule.summary !== undefined) {
    return rule.summary.replace(
      /\{\{\s*\$(value|labels\.([A-Za-z_][A-Za-z0-9_]*))\s*\}\}/g,
      (_, what, label) => (what === 'value' ? formatValue(value) : (labels[label as string] ?? '')),
    );
  }
  const where = [
    labels['Hostname'] ?? labels['hostname'] ?? labels['instance'] ?? labels['rack'],
    labels['gpu'] !== undefined ? `GPU ${labels['gpu']}` : undefined,
    labels['feed'],
  ]
    .filter((x): x is string => x !== undefined && x !== '')
    .join(' ');
  let text = `${rule.name}: ${formatValue(value)} ${rule.op} ${formatValue(rule.threshold)}`;
  if (rule.parsed.kind === 'xid') {
    const info = xidInfo(value);
    text = `${rule.name}: XID ${value}${info ? ` (${info.description}; ${info.class}, NVIDIA: ${info.immediate})` : ''}`;
  }
  return where === '' ? text : `${text} on ${where}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Evaluate the rules at `context.nowMs` against the view, given the instances the previous
 * evaluation returned. Returns every current instance (pending, firing, and resolved ones kept
 * for RESOLVED_RETENTION_MS) and what changed.
 */
export async function evaluateAlerts(
  rules: readonly AlertRule[],
  view: TelemetryView,
  context: AlertContext,
): Promise<AlertEvaluation> {
  const { nowMs } = context;
  const reads = new Map<string, Promise<readonly Series[]>>();
  const read: Read = (selector, sinceMs) => {
    const key = JSON.stringify([selector.metric, selector.matchers, sinceMs]);
    let p = reads.get(key);
    if (!p) reads.set(key, (p = view.series(selector.metric, selector.matchers, sinceMs, nowMs)));
    return p;
  };
  const activeSilences = (context.silences ?? []).filter(
    (s) => s.startsAtMs <= nowMs && nowMs < s.endsAtMs,
  );
  const silencedFor = (rule: AlertRule, labels: Readonly<Record<string, string>>) => {
    if (activeSilences.length === 0) return false;
    const all = { ...labels, alertname: rule.name, severity: rule.severity };
    return activeSilences.some((s) => matchesLabels(all, s.matchers));
  };

  const previousByRule = new Map<string, AlertInstance[]>();
  for (const a of context.previous) {
    const list = previousByRule.get(a.rule);
    if (list) list.push(a);
    else previousByRule.set(a.rule, [a]);
  }
  const alerts: AlertInstance[] = [];
  const transitions: AlertTransition[] = [];
  const errors: { rule: string; message: string }[] = [];
  const transition = (
    rule: AlertRule | undefined,
    from: AlertTransition['from'],
    to: AlertTransition['to'],
    instance: AlertInstance,
  ) => {
    const notify =
      !instance.silenced && (to === 'firing' || (from === 'firing' && to === 'resolved'));
    transitions.push({
      rule: instance.rule,
      labels: instance.labels,
      from,
      to,
      atMs: nowMs,
      instance,
      notify,
      ...(rule?.webhook !== undefined ? { webhook: rule.webhook } : {}),
    });
  };

  const results = await Promise.all(
    rules.map(async (rule) => {
      try {
        return {
          rule,
          values: await evaluateExpr(rule, rule.parsed, read, nowMs, context.inventory),
        };
      } catch (error) {
        return { rule, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );

  const known = new Set(rules.map((r) => r.name));
  for (const r of results) {
    const { rule } = r;
    const previous = previousByRule.get(rule.name) ?? [];
    if ('error' in r) {
      errors.push({ rule: rule.name, message: r.error ?? 'unknown error' });
      alerts.push(...previous);
      continue;
    }
    const active = new Map<string, AlertInstance>();
    for (const p of previous) {
      const key = labelsKey(p.rule, p.labels);
      if (p.state === 'resolved') {
        // Kept for a while, then dropped; replaced if the condition holds again (below).
        if (nowMs - (p.resolvedAtMs ?? nowMs) < RESOLVED_RETENTION_MS) active.set(key, p);
      } else active.set(key, p);
    }
    const seen = new Map<string, Result>();
    for (const v of r.values) seen.set(labelsKey(rule.name, v.labels), v);
    const next = new Map<string, AlertInstance>();

    for (const [key, v] of seen) {
      const prev = active.get(key);
      if (!compare(v.value, rule.op, rule.threshold)) continue;
      const silenced = silencedFor(rule, v.labels);
      const summary = summarise(rule, v.labels, v.value);
      if (prev && prev.state !== 'resolved') {
        const due = nowMs - prev.activeAtMs >= rule.forMinutes * 60_000;
        const state: AlertState = prev.state === 'pending' && due ? 'firing' : prev.state;
        const inst: AlertInstance = {
          ...prev,
          state,
          since: state !== prev.state ? iso(nowMs) : prev.since,
          value: v.value,
          severity: rule.severity,
          summary,
          evaluatedAtMs: nowMs,
          silenced,
        };
        next.set(key, inst);
        if (state !== prev.state) transition(rule, prev.state, state, inst);
      } else {
        const state: AlertState = rule.forMinutes === 0 ? 'firing' : 'pending';
        const inst: AlertInstance = {
          rule: rule.name,
          labels: v.labels,
          state,
          since: iso(nowMs),
          value: v.value,
          severity: rule.severity,
          summary,
          activeAtMs: nowMs,
          evaluatedAtMs: nowMs,
          silenced,
        };
        next.set(key, inst);
        transition(rule, 'inactive', state, inst);
      }
    }

    for (const [key, prev] of active) {
      if (next.has(key)) continue;
      if (prev.state === 'resolved') {
        next.set(key, { ...prev, silenced: silencedFor(rule, prev.labels) });
        continue;
      }
      // A stale() series that has left the view entirely is still silent: it stays active,
      // its minutes since the last sample carried forward.
      if (rule.parsed.kind === 'stale' && !seen.has(key)) {
        const value = prev.value + (nowMs - prev.evaluatedAtMs) / 60_000;
        const due = nowMs - prev.activeAtMs >= rule.forMinutes * 60_000;
        const state: AlertState = prev.state === 'pending' && due ? 'firing' : prev.state;
        const inst: AlertInstance = {
          ...prev,
          state,
          since: state !== prev.state ? iso(nowMs) : prev.since,
          value,
          summary: summarise(rule, prev.labels, value),
          evaluatedAtMs: nowMs,
          silenced: silencedFor(rule, prev.labels),
        };
        next.set(key, inst);
        if (state !== prev.state) transition(rule, prev.state, state, inst);
        continue;
      }
      const silenced = silencedFor(rule, prev.labels);
      if (prev.state === 'pending') {
        // Never fired: dropped, as Prometheus drops a pending alert whose condition clears.
        transition(rule, 'pending', 'inactive', { ...prev, evaluatedAtMs: nowMs, silenced });
        continue;
      }
      const v = seen.get(key);
      const inst: AlertInstance = {
        ...prev,
        state: 'resolved',
        since: iso(nowMs),
        ...(v !== undefined ? { value: v.value } : {}),
        resolvedAtMs: nowMs,
        evaluatedAtMs: nowMs,
        silenced,
      };
      next.set(key, inst);
      transition(rule, 'firing', 'resolved', inst);
    }
    alerts.push(...next.values());
  }

  // Instances of rules that are gone: firing ones resolve (receivers hear of it), the rest go.
  for (const [name, previous] of previousByRule) {
    if (known.has(name)) continue;
    for (const prev of previous) {
      if (prev.state !== 'firing') continue;
      const inst: AlertInstance = {
        ...prev,
        state: 'resolved',
        since: iso(nowMs),
        resolvedAtMs: nowMs,
        evaluatedAtMs: nowMs,
      };
      alerts.push(inst);
      transition(undefined, 'firing', 'resolved', inst);
    }
  }
  return { alerts, transitions, errors };
}

/** A 64-bit FNV-1a hash of an alert's identity, as hex (Alertmanager's `fingerprint` field). */
function fingerprint(key: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < key.length; i++) {
    h ^= BigInt(key.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * The JSON body a webhook receiver gets for a transition, in the shape of Alertmanager's webhook
 * (prometheus.io, "Alertmanager configuration", `<webhook_config>`, version 4): one alert with
 * its status, labels (alertname and severity added), annotations, startsAt and endsAt.
 */
export function webhookPayload(t: AlertTransition): Record<string, unknown> {
  const a = t.instance;
  const status = a.state === 'resolved' || t.to === 'inactive' ? 'resolved' : 'firing';
  const labels = { ...a.labels, alertname: a.rule, severity: a.severity };
  const annotations = { summary: a.summary, value: String(a.value) };
  const alert = {
    status,
    labels,
    annotations,
    startsAt: iso(a.activeAtMs),
    endsAt: a.resolvedAtMs !== undefined ? iso(a.resolvedAtMs) : '0001-01-01T00:00:00Z',
    generatorURL: '',
    fingerprint: fingerprint(labelsKey(a.rule, a.labels)),
  };
  return {
    version: '4',
    groupKey: `{}:{alertname="${a.rule}"}`,
    truncatedAlerts: 0,
    status,
    receiver: 'aidc',
    groupLabels: { alertname: a.rule },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: '',
    alerts: [alert],
  };
}
