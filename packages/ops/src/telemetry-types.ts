// The shapes telemetry takes between the ingest, the store, the alert rules and headroom:
// a sample as parsed from Prometheus text exposition, and the read-only view of recent series
// that rules and headroom evaluate against (the store's samples, or a Prometheus server).

/** One sample: a metric name, its labels, a value and a time (ms since the epoch, UTC). */
export interface Sample {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly tsMs: number;
}

/** A point of a series. */
export interface Point {
  readonly tsMs: number;
  readonly value: number;
}

/** One series (a metric and its label set) with its points in the asked window, oldest first. */
export interface Series {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly Point[];
}

/** A label matcher, as in PromQL: `=`, `!=`, `=~`, `!~` (regular expressions fully anchored). */
export interface LabelMatcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/**
 * What alert rules, headroom and plan-versus-actual read: the series of a metric whose labels
 * match, with their points from `sinceMs` to `untilMs` (inclusive). The store implements it over
 * its samples; the Prometheus source over a server's `/api/v1/query_range`.
 */
export interface TelemetryView {
  series(
    metric: string,
    matchers: readonly LabelMatcher[],
    sinceMs: number,
    untilMs: number,
  ): Promise<readonly Series[]>;
}
