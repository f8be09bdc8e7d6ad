// A TelemetryView over samples held in memory: for tests of rules, the store and the server,
// and for evaluating rules against one parsed file.
import { matchesLabels } from '../label-matchers.js';
import type { LabelMatcher, Point, Sample, Series, TelemetryView } from '../telemetry-types.js';

function seriesKey(metric: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  let key = metric;
  for (const k of keys) key += `\u0000${k}\u0001${labels[k] ?? ''}`;
  return key;
}

/**
 * A read-only view of `samples`: a metric's series whose labels match, with their points from
 * `sinceMs` to `untilMs` inclusive, oldest first. A second sample at a series' time replaces the
 * first, as in the store.
 *
 * @example
 * await memoryTelemetryView([{ metric: 'up', labels: {}, value: 1, tsMs: 5 }]).series('up', [], 0, 10)
 * // [{ metric: 'up', labels: {}, points: [{ tsMs: 5, value: 1 }] }]
 */
export function memoryTelemetryView(samples: Iterable<Sample>): TelemetryView {
  const byMetric = new Map<
    string,
    Map<string, { labels: Readonly<Record<string, string>>; points: Map<number, number> }>
  >();
  for (const s of samples) {
    let metric = byMetric.get(s.metric);
    if (!metric) byMetric.set(s.metric, (metric = new Map()));
    const key = seriesKey(s.metric, s.labels);
    let series = metric.get(key);
    if (!series) metric.set(key, (series = { labels: { ...s.labels }, points: new Map() }));
    series.points.set(s.tsMs, s.value);
  }
  const sorted = new Map<string, { labels: Readonly<Record<string, string>>; points: Point[] }[]>();
  for (const [name, all] of byMetric) {
    sorted.set(
      name,
      [...all.values()].map((s) => ({
        labels: s.labels,
        points: [...s.points]
          .map(([tsMs, value]) => ({ tsMs, value }))
          .sort((a, b) => a.tsMs - b.tsMs),
      })),
    );
  }
  return {
    series(
      metric: string,
      matchers: readonly LabelMatcher[],
      sinceMs: number,
      untilMs: number,
    ): Promise<readonly Series[]> {
      const out: Series[] = [];
      for (const s of sorted.get(metric) ?? []) {
        if (!matchesLabels(s.labels, matchers)) continue;
        const points = s.points.filter((p) => p.tsMs >= sinceMs && p.tsMs <= untilMs);
        if (points.length > 0) out.push({ metric, labels: s.labels, points });
      }
      return Promise.resolve(out);
    },
  };
}
