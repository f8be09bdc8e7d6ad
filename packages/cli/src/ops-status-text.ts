// `aidc ops status` for a terminal: the facility, its telemetry, the alerts, the tightest racks
// and feeds, and the plan beside what was measured.
import type { OpsStatus } from '@aidc/server';
import { pairs, table } from './format.js';
import { grouped } from '@aidc/core';

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(0)}%`);
const kw = (x: number | null) => (x === null ? '–' : `${grouped(x, 1)} kW`);
const n = (x: number) => grouped(x);

function figure(value: number | null, unit: string): string {
  if (value === null) return '–';
  if (unit === 'fraction') return pct(value);
  if (unit === 'kW') return kw(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${grouped(value, digits)} ${unit}`;
}

export function statusText(s: OpsStatus): string {
  const out: string[] = [];
  const c = s.inventory.counts;
  const origin =
    s.inventory.origin.kind === 'plan'
      ? `from a plan (${s.inventory.origin.detail})`
      : s.inventory.origin.kind === 'netbox'
        ? `from NetBox (${s.inventory.origin.detail})`
        : s.inventory.origin.detail;
  out.push(
    'Facility',
    pairs([
      ['inventory', origin],
      [
        'things',
        `${n(c['halls'] ?? 0)} halls, ${n(c['racks'] ?? 0)} racks, ${n(c['devices'] ?? 0)} devices, ${n(c['gpus'] ?? 0)} GPUs, ${n(c['feeds'] ?? 0)} feeds, ${n(c['links'] ?? 0)} links`,
      ],
    ]),
    '',
    'Telemetry',
    pairs([
      [
        'series',
        `${n(s.telemetry.series)} (${n(s.telemetry.samples)} samples, ${n(s.telemetry.rollups)} roll-ups)`,
      ],
      ['newest sample', s.telemetry.newest ?? 'none yet'],
      [
        'last ingest',
        s.telemetry.lastIngest
          ? `${s.telemetry.lastIngest.at}: ${n(s.telemetry.lastIngest.accepted)} accepted, ${n(s.telemetry.lastIngest.rejected)} rejected (${s.telemetry.lastIngest.source})`
          : 'none yet',
      ],
      [
        'unplaced hosts',
        s.telemetry.unplacedHosts.length === 0
          ? 'none'
          : `${s.telemetry.unplacedHosts.length}: ${s.telemetry.unplacedHosts
              .slice(0, 5)
              .map((h) => h.host)
              .join(
                ', ',
              )}${s.telemetry.unplacedHosts.length > 5 ? ', …' : ''} (telemetry kept; add them to the inventory)`,
      ],
    ]),
    '',
  );
  const alerts = [...s.alerts.firing, ...s.alerts.pending];
  out.push(
    `Alerts: ${s.alerts.firing.length} firing, ${s.alerts.pending.length} pending${s.alerts.silenced > 0 ? `, ${s.alerts.silenced} silenced` : ''}`,
  );
  if (alerts.length > 0)
    out.push(
      table(
        alerts.slice(0, 20).map((a) => [
          a.rule,
          a.state,
          a.severity,
          Object.entries(a.labels)
            .filter(
              ([k]) =>
                k === 'Hostname' || k === 'gpu' || k === 'rack' || k === 'feed' || k === 'host',
            )
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
          a.since,
        ]),
        ['rule', 'state', 'severity', 'where', 'since'],
      ),
    );
  const h = s.headroom;
  out.push(
    '',
    `Headroom: ${n(h.racks)} racks, ${n(h.measuredRacks)} measured; over the limit: ${h.overLimit.racks} racks, ${h.overLimit.feeds} feeds, ${h.overLimit.loops} cooling loops`,
  );
  if (h.tightestRacks.length > 0)
    out.push(
      table(
        h.tightestRacks.map((r) => [
          r.name,
          kw(r.loadKW),
          kw(r.limitKW),
          kw(r.headroomKW),
          pct(r.fraction),
          r.basis,
        ]),
        ['tightest racks', 'load', 'limit', 'headroom', 'used', 'from'],
      ),
    );
  if (h.tightestFeeds.length > 0)
    out.push(
      table(
        h.tightestFeeds.map((f) => [
          f.name,
          kw(f.loadKW),
          kw(f.capacityKW),
          kw(f.headroomKW),
          pct(f.fraction),
        ]),
        ['tightest feeds (failover load)', 'load', 'capacity', 'headroom', 'used'],
      ),
    );
  out.push('');
  const pva = s.planVsActual;
  if (!pva)
    out.push('Plan vs actual: the facility was not imported from a plan (aidc ops import-plan)');
  else {
    out.push(`Plan vs actual, ${pva.window.start} to ${pva.window.end}`);
    out.push(
      table(
        pva.rows.map((r) => [
          r.label,
          figure(r.planned, r.unit),
          figure(r.actual, r.unit),
          r.gap === null ? '–' : `${r.gap >= 0 ? '+' : ''}${(r.gap * 100).toFixed(0)}%`,
        ]),
        ['figure', 'planned', 'actual', 'gap'],
      ),
    );
    if (pva.feedback && !pva.feedbackReady.ok)
      out.push(`Measured failure rate: not enough to plan with yet (${pva.feedbackReady.reason})`);
    else if (pva.feedback)
      out.push(
        `Measured failure rate for plans: reliability.failuresPer1000NodeDays: ${pva.feedback.value.toPrecision(3)} (90% ${pva.feedback.lower.toPrecision(3)}–${pva.feedback.upper.toPrecision(3)})`,
      );
  }
  return out.join('\n');
}
