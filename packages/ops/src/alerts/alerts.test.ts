// Alert rules: the expression language, the rule file's problems with line numbers, and the
// evaluator on scripted series (forMinutes, rate, stale, xid with a stuck gauge, silences, rack
// and feed power against a small inventory, webhooks).
import { InventorySchema, type Inventory } from '@aidc/core';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../telemetry-types.js';
import { DEFAULT_ALERT_RULES, defaultAlertRules } from './default-rules.js';
import {
  evaluateAlerts,
  lookbackMs,
  RESOLVED_RETENTION_MS,
  webhookPayload,
  type AlertInstance,
  type Silence,
} from './evaluate.js';
import { parseExpr } from './expr.js';
import { memoryTelemetryView } from './memory-view.js';
import { parseAlertRules, type AlertRule } from './rules.js';

const T0 = Date.UTC(2025, 5, 2, 12, 0, 0);
const MIN = 60_000;

function rules(yaml: string): readonly AlertRule[] {
  const r = parseAlertRules(yaml);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.rules;
}

function rule(fields: string): readonly AlertRule[] {
  return rules(`rules:\n  - ${fields}\n`);
}

const gpu = (host: string, g: number) => ({
  Hostname: host,
  gpu: String(g),
  UUID: `GPU-${host}-${g}`,
});

/** One sample per minute from `from` to `to` (minutes after T0) with value f(minute). */
function every(
  metric: string,
  labels: Record<string, string>,
  from: number,
  to: number,
  f: (m: number) => number,
): Sample[] {
  const out: Sample[] = [];
  for (let m = from; m <= to; m++) out.push({ metric, labels, value: f(m), tsMs: T0 + m * MIN });
  return out;
}

/** Evaluate at each minute in turn, carrying the instances forward; returns every step. */
async function run(
  r: readonly AlertRule[],
  samples: Sample[],
  minutes: number[],
  extra: { inventory?: Inventory; silences?: Silence[] } = {},
) {
  const view = memoryTelemetryView(samples);
  let previous: AlertInstance[] = [];
  const steps = [];
  for (const m of minutes) {
    const out = await evaluateAlerts(r, view, { nowMs: T0 + m * MIN, previous, ...extra });
    steps.push({ minute: m, ...out });
    previous = out.alerts;
  }
  return steps;
}

describe('expressions', () => {
  it('reads selectors, matchers, functions and ranges', () => {
    expect(parseExpr('DCGM_FI_DEV_GPU_TEMP{Hostname=~"gpu-.*", gpu!="3",}')).toEqual({
      ok: true,
      expr: {
        kind: 'instant',
        selector: {
          metric: 'DCGM_FI_DEV_GPU_TEMP',
          matchers: [
            { label: 'Hostname', op: '=~', value: 'gpu-.*' },
            { label: 'gpu', op: '!=', value: '3' },
          ],
        },
      },
    });
    const rate = parseExpr('rate(x[5m])');
    expect(rate.ok && rate.expr).toEqual({
      kind: 'rate',
      selector: { metric: 'x', matchers: [] },
      rangeMs: 5 * MIN,
    });
    const stale = parseExpr(' stale( up ) ');
    expect(stale.ok && stale.expr).toMatchObject({ kind: 'stale', rangeMs: 60 * MIN });
    const xid = parseExpr("xid(DCGM_FI_DEV_XID_ERRORS{Hostname='a\\'b'}[30m])");
    expect(xid.ok && xid.expr).toMatchObject({ kind: 'xid', rangeMs: 30 * MIN });
    expect(xid.ok && 'selector' in xid.expr && xid.expr.selector.matchers[0]?.value).toBe("a'b");
    expect(parseExpr('rack_power_fraction')).toEqual({
      ok: true,
      expr: { kind: 'rack_power_fraction' },
    });
  });

  it('says where an expression goes wrong', () => {
    expect(parseExpr('rate(x)')).toEqual({
      ok: false,
      problem: {
        offset: 6,
        expected: 'a range such as [5m] after the selector of rate()',
        found: '")"',
      },
    });
    expect(parseExpr('x{a~"b"}')).toMatchObject({
      ok: false,
      problem: { offset: 3, expected: '=, !=, =~ or !~' },
    });
    expect(parseExpr('rate(x[5w])')).toMatchObject({
      ok: false,
      problem: { expected: 'a duration such as 5m, 30s, 1h or 1d' },
    });
    expect(parseExpr('x > 3')).toMatchObject({
      ok: false,
      problem: { offset: 2, expected: 'the end of the expression', found: '"> 3"' },
    });
    expect(parseExpr('x{a="b')).toMatchObject({ ok: false, problem: { expected: 'a closing "' } });
  });
});

describe('rule files', () => {
  it('parse the default rules, every one sourced in a comment', () => {
    const r = defaultAlertRules();
    expect(r.map((x) => x.name)).toContain('gpu_temperature_high');
    expect(r.map((x) => x.name)).toContain('telemetry_stale');
    expect(r.find((x) => x.name === 'rack_power_high')?.threshold).toBe(0.8);
    expect(r.find((x) => x.name === 'inlet_temperature_high')?.threshold).toBe(27);
    expect(r.find((x) => x.name === 'xid_memory')?.xidClasses).toEqual(['memory']);
    expect(DEFAULT_ALERT_RULES).toContain('ASHRAE TC 9.9');
    expect(DEFAULT_ALERT_RULES).toContain('GPU Max Operating Temp');
  });

  it('name the line, the path, what was expected and what was found', () => {
    const text = [
      'rules:', // 1
      '  - name: hot', // 2
      '    expr: DCGM_FI_DEV_GPU_TEMP', // 3
      '    threshold: high', // 4
      '    forMinutes: 5', // 5
      '    severity: warning', // 6
      '  - name: cold', // 7
      '    expr: x', // 8
      '    threshold: 1', // 9
      '    severity: urgent', // 10
      '    colour: blue', // 11
    ].join('\n');
    const r = parseAlertRules(text);
    expect(r.ok).toBe(false);
    const issues = r.ok ? [] : r.issues;
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: ['rules', 0, 'threshold'],
        line: 4,
        expected: 'number',
        found: '"high"',
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: ['rules', 1, 'severity'],
        line: 10,
        expected: 'one of info, warning, critical',
        found: '"urgent"',
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['rules', 1, 'forMinutes'], found: 'nothing', line: 7 }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['rules', 1, 'colour'], line: 11, found: 'colour' }),
    );
  });

  it('point into the expression, and catch duplicates, bad URLs and misplaced xidClasses', () => {
    const text = [
      'rules:',
      '  - { name: a, expr: "rate(x[5q])", threshold: 1, forMinutes: 0, severity: info }',
      '  - name: b',
      '    expr: up',
      '    threshold: 0',
      '    forMinutes: 0',
      '    severity: info',
      '    xidClasses: [memory]',
      '  - { name: b, expr: up, threshold: 0, forMinutes: 0, severity: info }',
    ].join('\n');
    const r = parseAlertRules(text);
    const issues = r.ok ? [] : r.issues;
    expect(issues).toContainEqual({
      path: ['rules', 0, 'expr'],
      message: 'cannot read the expression at character 8',
      expected: 'a duration such as 5m, 30s, 1h or 1d',
      found: '"5q])"',
      line: 2,
      column: 30,
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['rules', 1, 'xidClasses'], line: 8 }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['rules', 2, 'name'], message: 'a second rule named b' }),
    );
    const url = parseAlertRules(
      'rules:\n  - { name: a, expr: up, threshold: 0, forMinutes: 0, severity: info, webhook: "ftp://x" }\n',
    );
    expect(url.ok ? [] : url.issues).toContainEqual(
      expect.objectContaining({ path: ['rules', 0, 'webhook'], line: 2 }),
    );
    const syntax = parseAlertRules('rules:\n  - name: [a\n');
    expect(syntax.ok ? null : syntax.issues[0]?.message).toMatch(/^YAML syntax error/);
    expect(
      parseAlertRules('- { name: a, expr: up, threshold: 0, forMinutes: 0, severity: info }').ok,
    ).toBe(true);
  });
});

describe('evaluateAlerts', () => {
  const hot = rule(
    '{ name: hot, expr: DCGM_FI_DEV_GPU_TEMP, op: ">=", threshold: 87, forMinutes: 5, severity: warning }',
  );

  it('is pending until forMinutes have passed, then fires, then resolves and is dropped', async () => {
    const samples = every('DCGM_FI_DEV_GPU_TEMP', gpu('h1', 0), 0, 40, (m) =>
      m >= 2 && m < 10 ? 88 : 70,
    );
    const steps = await run(hot, samples, [1, 2, 6, 7, 10, 11, 24, 26]);
    const state = (k: number) => steps[k]?.alerts.map((a) => a.state);
    expect(state(0)).toEqual([]);
    expect(state(1)).toEqual(['pending']);
    expect(state(2)).toEqual(['pending']); // 4 minutes
    expect(state(3)).toEqual(['firing']); // 5 minutes
    expect(steps[3]?.transitions).toMatchObject([{ from: 'pending', to: 'firing', notify: true }]);
    const firing = steps[3]?.alerts[0];
    expect(firing).toMatchObject({
      rule: 'hot',
      value: 88,
      since: new Date(T0 + 7 * MIN).toISOString(),
      activeAtMs: T0 + 2 * MIN,
      severity: 'warning',
      silenced: false,
    });
    expect(firing?.summary).toBe('hot: 88 >= 87 on h1 GPU 0');
    expect(state(4)).toEqual(['resolved']);
    expect(steps[4]?.transitions).toMatchObject([{ from: 'firing', to: 'resolved', notify: true }]);
    expect(steps[4]?.alerts[0]?.resolvedAtMs).toBe(T0 + 10 * MIN);
    expect(state(6)).toEqual(['resolved']); // 14 min after resolving: kept
    expect(state(7)).toEqual([]); // 16 min after: dropped
    expect(RESOLVED_RETENTION_MS).toBe(15 * MIN);
  });

  it('drops a pending alert whose condition clears without notifying, and starts afresh', async () => {
    const samples = every('DCGM_FI_DEV_GPU_TEMP', gpu('h1', 0), 0, 30, (m) =>
      m === 1 || m >= 5 ? 90 : 70,
    );
    const steps = await run(hot, samples, [1, 2, 5, 10]);
    expect(steps[1]?.alerts).toEqual([]);
    expect(steps[1]?.transitions).toMatchObject([
      { from: 'pending', to: 'inactive', notify: false },
    ]);
    expect(steps[2]?.alerts[0]).toMatchObject({ state: 'pending', activeAtMs: T0 + 5 * MIN });
    expect(steps[3]?.alerts[0]?.state).toBe('firing');
  });

  it('starts a new instance when a resolved alert fires again', async () => {
    const once = rule(
      '{ name: hot, expr: DCGM_FI_DEV_GPU_TEMP, threshold: 87, forMinutes: 0, severity: warning }',
    );
    const samples = every('DCGM_FI_DEV_GPU_TEMP', gpu('h1', 0), 0, 30, (m) =>
      m === 1 || m === 4 ? 90 : 70,
    );
    const steps = await run(once, samples, [1, 2, 4]);
    expect(steps[1]?.alerts[0]?.state).toBe('resolved');
    expect(steps[2]?.alerts).toHaveLength(1);
    expect(steps[2]?.alerts[0]).toMatchObject({ state: 'firing', activeAtMs: T0 + 4 * MIN });
    expect(steps[2]?.transitions).toMatchObject([{ from: 'inactive', to: 'firing' }]);
  });

  it('rate() and increase() count a counter across a reset', async () => {
    const r = rules(`rules:
  - { name: dbe_rate, expr: "rate(DCGM_FI_DEV_ECC_DBE_VOL_TOTAL[10m])", threshold: 0.001, forMinutes: 0, severity: critical }
  - { name: dbe_increase, expr: "increase(DCGM_FI_DEV_ECC_DBE_VOL_TOTAL[10m])", threshold: 0, forMinutes: 0, severity: critical }
`);
    // 5, 5, 7, then the driver reloads (0), 1: an increase of 2 + 1 = 3 over 4 minutes.
    const values = [5, 5, 7, 0, 1];
    const samples = every(
      'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL',
      gpu('h1', 2),
      0,
      4,
      (m) => values[m] ?? 0,
    );
    const [step] = await run(r, samples, [4]);
    const byRule = new Map(step?.alerts.map((a) => [a.rule, a.value]));
    expect(byRule.get('dbe_increase')).toBe(3);
    expect(byRule.get('dbe_rate')).toBeCloseTo(3 / 240, 10);
    const flat = every('DCGM_FI_DEV_ECC_DBE_VOL_TOTAL', gpu('h1', 2), 0, 4, () => 5);
    const [quiet] = await run(r, flat, [4]);
    expect(quiet?.alerts).toEqual([]);
  });

  it('stale() fires after 5 silent minutes and stays firing after the series leaves the view', async () => {
    const r = rule(
      '{ name: telemetry_stale, expr: stale(DCGM_FI_DEV_GPU_UTIL), threshold: 5, forMinutes: 0, severity: warning }',
    );
    const samples = [
      ...every('DCGM_FI_DEV_GPU_UTIL', gpu('h1', 0), 0, 10, () => 100),
      ...every('DCGM_FI_DEV_GPU_UTIL', gpu('h2', 0), 0, 200, () => 100),
    ];
    const steps = await run(r, samples, [12, 16, 60, 80, 130]);
    expect(steps[0]?.alerts).toEqual([]);
    expect(steps[1]?.alerts).toMatchObject([
      { state: 'firing', value: 6, labels: { Hostname: 'h1' } },
    ]);
    expect(steps[2]?.alerts[0]?.value).toBe(50);
    // At 80 min the last sample (10 min) is outside stale()'s hour: carried forward.
    expect(steps[3]?.alerts).toMatchObject([{ state: 'firing', value: 70 }]);
    expect(steps[4]?.alerts).toMatchObject([{ state: 'firing', value: 120 }]);
    expect(steps[4]?.transitions).toEqual([]);
  });

  it('xid() fires on a new code once, not for a last-XID gauge stuck after recovery', async () => {
    const r = rules(`rules:
  - { name: xid_hardware, expr: xid(DCGM_FI_DEV_XID_ERRORS), xidClasses: [hardware], threshold: 0, forMinutes: 0, severity: critical }
  - { name: xid_memory, expr: xid(DCGM_FI_DEV_XID_ERRORS), xidClasses: [memory], threshold: 0, forMinutes: 0, severity: critical }
  - { name: xid_any, expr: "xid(DCGM_FI_DEV_XID_ERRORS[10m])", threshold: 0, forMinutes: 0, severity: info }
`);
    // 0 until minute 5, then XID 79 (fallen off the bus) and the gauge stays at 79 for hours
    // after the node is rebooted and healthy; at minute 150 an XID 48 (DBE) replaces it.
    const samples = every('DCGM_FI_DEV_XID_ERRORS', gpu('h1', 4), 0, 200, (m) =>
      m < 5 ? 0 : m < 150 ? 79 : 48,
    );
    const steps = await run(r, samples, [4, 5, 10, 15, 16, 60, 120, 149, 150, 151]);
    const firing = (k: number) =>
      steps[k]?.alerts
        .filter((a) => a.state === 'firing')
        .map((a) => `${a.rule}=${a.value}`)
        .sort();
    expect(firing(0)).toEqual([]);
    expect(firing(1)).toEqual(['xid_any=79', 'xid_hardware=79']);
    expect(steps[1]?.alerts.find((a) => a.rule === 'xid_hardware')?.summary).toBe(
      'xid_hardware: XID 79 (GPU has fallen off the bus; hardware, NVIDIA: RESTART_BM) on h1 GPU 4',
    );
    expect(firing(2)).toEqual(['xid_any=79', 'xid_hardware=79']); // within the 10-minute window
    expect(firing(3)).toEqual([]); // minute 15: the event at 5 has left the window
    expect(steps[3]?.transitions.map((t) => `${t.rule}:${t.to}`).sort()).toEqual([
      'xid_any:resolved',
      'xid_hardware:resolved',
    ]);
    for (const k of [4, 5, 6, 7]) {
      expect(firing(k), `minute ${steps[k]?.minute}`).toEqual([]); // stuck at 79: no re-fire
      expect(steps[k]?.transitions.filter((t) => t.to === 'firing')).toEqual([]);
    }
    expect(firing(8)).toEqual(['xid_any=48', 'xid_memory=48']);
  });

  it('xid() counts a nonzero first point of a new series as an XID', async () => {
    const r = rule(
      '{ name: x, expr: xid(DCGM_FI_DEV_XID_ERRORS), threshold: 0, forMinutes: 0, severity: info }',
    );
    const samples = every('DCGM_FI_DEV_XID_ERRORS', gpu('h9', 0), 3, 30, () => 13);
    const steps = await run(r, samples, [3, 8, 14]);
    expect(steps[0]?.alerts[0]).toMatchObject({ state: 'firing', value: 13 });
    expect(steps[1]?.alerts[0]?.state).toBe('firing');
    expect(steps[2]?.alerts[0]?.state).toBe('resolved');
  });

  it('marks alerts matching an active silence and does not notify their transitions', async () => {
    const once = rule(
      '{ name: hot, expr: DCGM_FI_DEV_GPU_TEMP, threshold: 87, forMinutes: 0, severity: warning, webhook: "https://hooks.example/aidc" }',
    );
    const samples = [
      ...every('DCGM_FI_DEV_GPU_TEMP', gpu('h1', 0), 0, 30, (m) => (m < 20 ? 90 : 70)),
      ...every('DCGM_FI_DEV_GPU_TEMP', gpu('h2', 0), 0, 30, () => 90),
    ];
    const silence: Silence = {
      id: 's1',
      matchers: [
        { label: 'alertname', op: '=', value: 'hot' },
        { label: 'Hostname', op: '=', value: 'h1' },
      ],
      owner: 'ops',
      comment: 'h1 in maintenance',
      startsAtMs: T0,
      endsAtMs: T0 + 60 * MIN,
    };
    const steps = await run(once, samples, [1, 21], { silences: [silence] });
    const at1 = steps[0];
    expect(at1?.alerts.map((a) => [a.labels['Hostname'], a.silenced])).toEqual([
      ['h1', true],
      ['h2', false],
    ]);
    expect(at1?.transitions.map((t) => [t.labels['Hostname'], t.notify, t.webhook])).toEqual([
      ['h1', false, 'https://hooks.example/aidc'],
      ['h2', true, 'https://hooks.example/aidc'],
    ]);
    expect(steps[1]?.transitions).toMatchObject([{ to: 'resolved', notify: false }]);
    const expired = await run(once, samples, [1], { silences: [{ ...silence, endsAtMs: T0 }] });
    expect(expired[0]?.alerts.every((a) => !a.silenced)).toBe(true);
  });

  it('measures rack and feed power against the inventory', async () => {
    const inventory = smallInventory();
    const r = rules(`rules:
  - { name: rack_power_high, expr: rack_power_fraction, threshold: 0.8, forMinutes: 0, severity: warning }
  - { name: feed_overload, expr: feed_power_fraction, threshold: 1, forMinutes: 0, severity: critical }
`);
    // gpu-a: 8 GPUs at 700 W = 5.6 kW, plus its planned non-GPU share (10.2 kW planned less
    // 8 × 700 W H100 SXM TDP = 4.6 kW): 10.2 kW. gpu-b: its BMC says 9.8 kW (its DCGM power is
    // then not used). Rack: 20 kW of a 24 kW design load (0.833); one side's feed carries
    // 415 V × 30 A × √3 × 0.95 × 0.8 ≈ 16.4 kW, so the failover load is over 1.
    const samples: Sample[] = [];
    for (let g = 0; g < 8; g++)
      samples.push({
        metric: 'DCGM_FI_DEV_POWER_USAGE',
        labels: gpu('gpu-a', g),
        value: 700,
        tsMs: T0,
      });
    samples.push({
      metric: 'ipmi_dcmi_power_consumption_watts',
      labels: { instance: 'gpu-b:9290' },
      value: 9800,
      tsMs: T0,
    });
    samples.push({
      metric: 'DCGM_FI_DEV_POWER_USAGE',
      labels: gpu('gpu-b', 0),
      value: 650,
      tsMs: T0,
    });
    const [step] = await run(r, samples, [1], { inventory });
    const rack = step?.alerts.find((a) => a.rule === 'rack_power_high');
    expect(rack?.labels).toEqual({ rack: 'k1', rack_name: 'rack 1' });
    expect(rack?.value).toBeCloseTo(20 / 24, 6);
    const feeds = step?.alerts.filter((a) => a.rule === 'feed_overload') ?? [];
    expect(feeds.map((a) => a.labels['feed']).sort()).toEqual(['k1-feedA', 'k1-feedB']);
    const capacity = (415 * 30 * Math.sqrt(3) * 0.95 * 0.8) / 1000;
    expect(feeds[0]?.value).toBeCloseTo(20 / capacity, 6);
    const none = await evaluateAlerts(r, memoryTelemetryView(samples), {
      nowMs: T0 + MIN,
      previous: [],
    });
    expect(none.errors.map((e) => e.rule)).toEqual(['rack_power_high', 'feed_overload']);
    expect(none.errors[0]?.message).toBe(
      'rack_power_fraction needs the inventory, and none was given',
    );
  });

  it('keeps a rule’s instances as they were when its evaluation fails', async () => {
    const r = rule(
      '{ name: rack, expr: rack_power_fraction, threshold: 0.1, forMinutes: 0, severity: warning }',
    );
    const previous: AlertInstance[] = [
      {
        rule: 'rack',
        labels: { rack: 'k1', rack_name: 'rack 1' },
        state: 'firing',
        since: new Date(T0).toISOString(),
        value: 0.5,
        severity: 'warning',
        summary: 'rack',
        activeAtMs: T0,
        evaluatedAtMs: T0,
        silenced: false,
      },
    ];
    const out = await evaluateAlerts(r, memoryTelemetryView([]), { nowMs: T0 + MIN, previous });
    expect(out.alerts).toEqual(previous);
    expect(out.transitions).toEqual([]);
  });

  it('resolves the firing alerts of a rule that was removed', async () => {
    const samples = every('DCGM_FI_DEV_GPU_TEMP', gpu('h1', 0), 0, 10, () => 95);
    const once = rule(
      '{ name: hot, expr: DCGM_FI_DEV_GPU_TEMP, threshold: 87, forMinutes: 0, severity: warning }',
    );
    const [first] = await run(once, samples, [1]);
    const out = await evaluateAlerts([], memoryTelemetryView(samples), {
      nowMs: T0 + 2 * MIN,
      previous: first?.alerts ?? [],
    });
    expect(out.transitions).toMatchObject([
      { rule: 'hot', from: 'firing', to: 'resolved', notify: true },
    ]);
  });

  it('writes an Alertmanager-style webhook body', async () => {
    const once = rule(
      '{ name: hot, expr: DCGM_FI_DEV_GPU_TEMP, threshold: 87, forMinutes: 0, severity: critical, summary: "{{ $labels.Hostname }} GPU {{ $labels.gpu }} at {{ $value }} °C" }',
    );
    const samples = every('DCGM_FI_DEV_GPU_TEMP', gpu('h1', 3), 0, 10, (m) => (m < 5 ? 91 : 60));
    const steps = await run(once, samples, [1, 6]);
    const fire = steps[0]?.transitions[0];
    const body = fire && webhookPayload(fire);
    expect(body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'aidc',
      groupLabels: { alertname: 'hot' },
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'hot', severity: 'critical', Hostname: 'h1', gpu: '3' },
          annotations: { summary: 'h1 GPU 3 at 91 °C', value: '91' },
          startsAt: new Date(T0 + MIN).toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
        },
      ],
    });
    const resolved = steps[1]?.transitions[0];
    const end = resolved && webhookPayload(resolved);
    expect(end).toMatchObject({
      status: 'resolved',
      alerts: [{ endsAt: new Date(T0 + 6 * MIN).toISOString() }],
    });
    const fp = (b: Record<string, unknown> | undefined) =>
      (b?.['alerts'] as { fingerprint: string }[] | undefined)?.[0]?.fingerprint;
    expect(fp(body)).toMatch(/^[0-9a-f]{16}$/);
    expect(fp(body)).toBe(fp(end));
  });

  it('says how far back it reads', () => {
    expect(lookbackMs([])).toBe(5 * MIN);
    expect(
      lookbackMs(
        rule('{ name: r, expr: "increase(x[2h])", threshold: 0, forMinutes: 0, severity: info }'),
      ),
    ).toBe(120 * MIN);
    expect(lookbackMs(defaultAlertRules())).toBe(70 * MIN); // xid(): 10 min + the hour before it
  });
});

/** One rack of two 8-GPU H100 servers on a 2N pair of 415 V 30 A feeds. */
function smallInventory(): Inventory {
  const server = (id: string, u: number) => ({
    id,
    name: id,
    role: 'server' as const,
    model: 'hgx-h100-8gpu',
    rackId: 'k1',
    position: u,
    heightU: 8,
    powerKW: 10.2,
  });
  const gpus = ['gpu-a', 'gpu-b'].flatMap((d) =>
    Array.from({ length: 8 }, (_, g) => ({
      id: `${d}-gpu${g}`,
      deviceId: d,
      slot: g,
      model: 'h100-sxm-80gb',
      serial: null,
    })),
  );
  const feed = (side: 'A' | 'B') => ({
    id: `k1-feed${side}`,
    panelId: `p${side}`,
    rackId: 'k1',
    name: `k1 feed ${side}`,
    side,
    volts: 415,
    amps: 30,
    phases: 3 as const,
    derating: 0.8,
    powerFactor: 0.95,
  });
  return InventorySchema.parse({
    schemaVersion: 1,
    origin: { kind: 'manual', detail: 'test' },
    sites: [{ id: 's1', name: 'site' }],
    halls: [{ id: 'h1', siteId: 's1', name: 'hall' }],
    rows: [{ id: 'r1', hallId: 'h1', name: 'row', index: 1 }],
    racks: [
      {
        id: 'k1',
        rowId: 'r1',
        name: 'rack 1',
        position: 1,
        role: 'compute',
        units: 42,
        powerLimitKW: 24,
        coolingLimitKW: 40,
      },
    ],
    coolingLoops: [],
    devices: [server('gpu-a', 1), server('gpu-b', 9)],
    gpus,
    panels: [
      { id: 'pA', hallId: 'h1', name: 'A', path: 'A' },
      { id: 'pB', hallId: 'h1', name: 'B', path: 'B' },
    ],
    feeds: [feed('A'), feed('B')],
    links: [],
  });
}
