// A Prometheus server as the TelemetryView that alert rules, headroom and plan versus actual
// read (interface.md §9, `aidc serve --prometheus URL`): a metric and its label matchers become
// a PromQL selector, asked of the server's HTTP API (prometheus.io, "HTTP API": /api/v1/query,
// /api/v1/query_range, /-/ready) with Node's fetch.
import type { LabelMatcher, Point, Series, TelemetryView } from '@aidc/ops';

/**
 * Prometheus refuses a range query whose `(end - start) / step` exceeds 11,000 ("exceeded
 * maximum resolution of 11,000 points per timeseries"). The step is chosen so a series has at
 * most this many intervals, a margin under that limit.
 */
export const MAX_POINTS_PER_SERIES = 10_000;

/** The step asked for when the window is short enough: Prometheus's usual scrape interval. */
export const DEFAULT_STEP_MS = 15_000;

/** How long one request may take before it is abandoned. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface PrometheusSourceOptions {
  /** The finest step of a range query (ms); longer windows get a coarser one. */
  readonly stepMs?: number;
  /** Each request's time limit (ms), through AbortSignal.timeout. */
  readonly timeoutMs?: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A PromQL string literal: double-quoted, with `\`, `"` and line breaks escaped. */
export function promqlString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')}"`;
}

/**
 * The PromQL selector of a metric and its matchers, e.g.
 * `DCGM_FI_DEV_POWER_USAGE{Hostname="hgx-a01",gpu=~"[0-3]"}`. A metric or label name PromQL
 * cannot carry is an Error (it is never spliced into the query unescaped).
 */
export function promqlSelector(metric: string, matchers: readonly LabelMatcher[]): string {
  if (!METRIC_NAME.test(metric))
    throw new Error(`not a Prometheus metric name: ${JSON.stringify(metric)}`);
  const parts = matchers.map((m) => {
    if (!LABEL_NAME.test(m.label))
      throw new Error(`not a Prometheus label name: ${JSON.stringify(m.label)}`);
    if (!['=', '!=', '=~', '!~'].includes(m.op))
      throw new Error(`not a PromQL matcher operator: ${JSON.stringify(m.op)}`);
    return `${m.label}${m.op}${promqlString(m.value)}`;
  });
  return parts.length === 0 ? metric : `${metric}{${parts.join(',')}}`;
}

/**
 * The step (ms) of a range query from `sinceMs` to `untilMs`: `preferredMs`, or, for a window
 * longer than `MAX_POINTS_PER_SERIES` preferred steps, the window divided by that count and
 * rounded up to a whole second, so `(end - start) / step` stays under Prometheus's 11,000.
 */
export function queryStepMs(sinceMs: number, untilMs: number, preferredMs = DEFAULT_STEP_MS) {
  const span = Math.max(0, untilMs - sinceMs);
  const needed = Math.ceil(span / MAX_POINTS_PER_SERIES);
  if (needed <= preferredMs) return preferredMs;
  return Math.ceil(needed / 1000) * 1000;
}

/** A sample value as Prometheus writes it: a decimal string, or "NaN", "+Inf", "-Inf". */
export function parseSampleValue(text: string): number {
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value))
    throw new Error(`not a sample value: ${JSON.stringify(text)}`);
  return value;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Prometheus's [seconds, "value"] pair as a point. */
function point(pair: unknown): Point {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number')
    throw new Error(`not a [time, value] pair: ${JSON.stringify(pair)}`);
  return { tsMs: Math.round(pair[0] * 1000), value: parseSampleValue(String(pair[1])) };
}

function seriesOf(metricAsked: string, item: unknown, points: (item: Json) => Point[]): Series {
  if (!isObject(item) || !isObject(item['metric']))
    throw new Error(`a result without its metric: ${JSON.stringify(item)}`);
  const labels: Record<string, string> = {};
  let metric = metricAsked;
  for (const [name, value] of Object.entries(item['metric'])) {
    if (name === '__name__') metric = String(value);
    else labels[name] = String(value);
  }
  return { metric, labels, points: points(item) };
}

const seconds = (ms: number) => (ms / 1000).toString();

/** A Prometheus server's HTTP API, read as a TelemetryView. */
export class PrometheusSource implements TelemetryView {
  /** The server's address as given, without credentials: what error messages name. */
  readonly url: string;
  private readonly base: URL;
  private readonly headers: Record<string, string> = { accept: 'application/json' };
  private readonly stepMs: number;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: PrometheusSourceOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(baseUrl);
    } catch {
      throw new Error(
        `the Prometheus address ${JSON.stringify(baseUrl)} is not a URL; give one like http://127.0.0.1:9090`,
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new Error(
        `the Prometheus address ${JSON.stringify(baseUrl)} is not http or https (it is ${parsed.protocol}); give one like http://127.0.0.1:9090`,
      );
    if (parsed.search || parsed.hash)
      throw new Error(
        `the Prometheus address ${JSON.stringify(baseUrl)} has a query or fragment; give the server's base URL, like http://127.0.0.1:9090`,
      );
    if (parsed.username || parsed.password) {
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      this.headers['authorization'] =
        `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
    }
    if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
    this.base = parsed;
    this.url = parsed.href.replace(/\/$/, '');
    const stepMs = options.stepMs ?? DEFAULT_STEP_MS;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(stepMs > 0)) throw new Error(`the Prometheus step must be positive, not ${stepMs} ms`);
    if (!(timeoutMs > 0))
      throw new Error(`the Prometheus timeout must be positive, not ${timeoutMs} ms`);
    this.stepMs = stepMs;
    this.timeoutMs = timeoutMs;
  }

  /** The series of `metric` whose labels match, evaluated every `queryStepMs` in the window. */
  async series(
    metric: string,
    matchers: readonly LabelMatcher[],
    sinceMs: number,
    untilMs: number,
  ): Promise<readonly Series[]> {
    const stepMs = queryStepMs(sinceMs, untilMs, this.stepMs);
    return this.queryRange(promqlSelector(metric, matchers), sinceMs, untilMs, stepMs, metric);
  }

  /** Each matching series' value at `atMs` (its latest sample within Prometheus's lookback). */
  async instant(
    metric: string,
    matchers: readonly LabelMatcher[],
    atMs: number,
  ): Promise<readonly Series[]> {
    const data = await this.get('api/v1/query', {
      query: promqlSelector(metric, matchers),
      time: seconds(atMs),
    });
    return this.parsed(this.resultOf(data, 'vector', 'query'), 'query', (item) =>
      seriesOf(metric, item, (i) => {
        if (!('value' in i)) throw new Error(`a vector result without its value`);
        return [point(i['value'])];
      }),
    );
  }

  /**
   * Any PromQL expression over a window at a given step (`/api/v1/query_range`). `series` calls
   * it with a selector; the step is the caller's, so Prometheus's 11,000-point limit is too.
   */
  async queryRange(
    promql: string,
    sinceMs: number,
    untilMs: number,
    stepMs: number,
    metric = '',
  ): Promise<readonly Series[]> {
    if (!(untilMs >= sinceMs))
      throw new Error(
        `a Prometheus query's window ends (${untilMs}) before it starts (${sinceMs})`,
      );
    const data = await this.get('api/v1/query_range', {
      query: promql,
      start: seconds(sinceMs),
      end: seconds(untilMs),
      step: seconds(stepMs),
    });
    return this.parsed(this.resultOf(data, 'matrix', 'query_range'), 'query_range', (item) =>
      seriesOf(metric, item, (i) => {
        const values = i['values'];
        if (!Array.isArray(values)) throw new Error(`a matrix result without its values`);
        return values.map(point);
      }),
    );
  }

  /** Resolves when the server answers `/-/ready` with 200; otherwise an Error saying why. */
  async ping(): Promise<void> {
    const response = await this.fetch('-/ready', 'readiness check');
    if (!response.ok) {
      const body = (await response.text().catch(() => '')).trim().slice(0, 200);
      throw new Error(
        `Prometheus at ${this.url} is not ready: /-/ready answered ${response.status}${body ? ` (${body})` : ''}`,
      );
    }
  }

  private parsed(results: unknown[], what: string, parse: (item: unknown) => Series): Series[] {
    try {
      return results.map(parse);
    } catch (error) {
      throw new Error(
        `Prometheus at ${this.url} answered /api/v1/${what} with a malformed result: ${(error as Error).message}`,
      );
    }
  }

  private resultOf(data: Json, type: 'matrix' | 'vector', what: string): unknown[] {
    const result = data['result'];
    if (data['resultType'] !== type || !Array.isArray(result))
      throw new Error(
        `Prometheus at ${this.url} answered /api/v1/${what} with a ${String(data['resultType'])} result, not a ${type}`,
      );
    return result;
  }

  private async fetch(path: string, what: string, params?: URLSearchParams): Promise<Response> {
    const url = new URL(path, this.base);
    if (params) url.search = params.toString();
    try {
      return await fetch(url, {
        headers: this.headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError')
        throw new Error(
          `Prometheus at ${this.url} did not answer the ${what} within ${this.timeoutMs / 1000} s`,
        );
      const cause = e.cause?.code ?? e.cause?.message ?? e.message;
      throw new Error(`Prometheus at ${this.url} is unreachable for the ${what} (${cause})`);
    }
  }

  /** GET an API path; the `data` of a `status: success` answer, or an Error naming the server. */
  private async get(path: string, params: Record<string, string>): Promise<Json> {
    const what = `/${path} request`;
    const response = await this.fetch(path, what, new URLSearchParams(params));
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new Error(
        `Prometheus at ${this.url} broke off its answer to the ${what}: ${(error as Error).message}`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const excerpt = text.trim().slice(0, 200);
      throw new Error(
        `Prometheus at ${this.url} answered the ${what} with HTTP ${response.status} and no JSON${excerpt ? `: ${excerpt}` : ''}`,
      );
    }
    if (!isObject(body))
      throw new Error(`Prometheus at ${this.url} answered the ${what} with a non-object`);
    if (body['status'] === 'error' || !response.ok) {
      const type = typeof body['errorType'] === 'string' ? body['errorType'] : 'error';
      const message = typeof body['error'] === 'string' ? body['error'] : 'no message';
      throw new Error(
        `Prometheus at ${this.url} rejected the ${what} (HTTP ${response.status}, ${type}): ${message}; query: ${params['query'] ?? ''}`,
      );
    }
    if (body['status'] !== 'success' || !isObject(body['data']))
      throw new Error(`Prometheus at ${this.url} answered the ${what} without status and data`);
    return body['data'];
  }
}
