// Prometheus text exposition format 0.0.4 (prometheus.io, "Exposition formats", text-based
// format), as dcgm-exporter and node_exporter write it: `# HELP` / `# TYPE` lines, comments,
// blank lines, and `name{label="value",...} value [timestamp_ms]`. A hand-written scanner over
// character codes: no regular expression per line, label sets that repeat (one per GPU across a
// dcgm-exporter scrape) are built once per parse. Never throws: a line it cannot read is an
// error with its 1-based number and what was expected against what was found.
import type { Sample } from '../telemetry-types.js';

/** How far a sample's own timestamp may be from the ingest clock (1 h) before it is rejected. */
export const DEFAULT_MAX_SKEW_MS = 60 * 60 * 1000;
/** How many rejected lines are listed (all are counted in `rejected`). */
export const MAX_LISTED_ERRORS = 100;
/** The longest line read (64 KiB); a longer one is rejected unread. */
export const MAX_LINE_CHARS = 64 * 1024;

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
const METRIC_TYPES: ReadonlySet<string> = new Set([
  'counter',
  'gauge',
  'histogram',
  'summary',
  'untyped',
]);

export interface ExpositionError {
  /** 1-based line number in the text. */
  readonly line: number;
  readonly reason: string;
}

export interface ExpositionOptions {
  /** The ingest clock (ms since the epoch): the time of samples without their own timestamp. */
  readonly nowMs: number;
  /** A sample whose timestamp is further than this from `nowMs` is rejected (default 1 h). */
  readonly maxSkewMs?: number;
  /** How many errors to list (default 100); every rejected line is counted regardless. */
  readonly maxErrors?: number;
  /**
   * Labels added to every sample that does not carry them: raw node_exporter text has no
   * `instance` (Prometheus adds it when it scrapes), so an ingest of such a file names it here.
   */
  readonly defaultLabels?: Readonly<Record<string, string>>;
}

export interface ExpositionResult {
  readonly samples: Sample[];
  /** The first `maxErrors` rejected lines, in order. */
  readonly errors: ExpositionError[];
  /** Every rejected line, listed or not. */
  readonly rejected: number;
  /** Lines in the text (a final newline does not start another). */
  readonly lines: number;
  /** Metric family types from `# TYPE` lines. */
  readonly types: Record<string, MetricType>;
}

// Character classes by code (ASCII); anything above 127 is in none of them.
const NAME_START = new Uint8Array(128);
const NAME_CHAR = new Uint8Array(128);
const LABEL_START = new Uint8Array(128);
const VALUE_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const digit = c >= 48 && c <= 57;
  const underscore = c === 95;
  LABEL_START[c] = letter || underscore ? 1 : 0;
  NAME_START[c] = letter || underscore || c === 58 ? 1 : 0;
  NAME_CHAR[c] = letter || digit || underscore || c === 58 ? 1 : 0;
  VALUE_CHAR[c] = digit || c === 46 || c === 43 || c === 45 || c === 101 || c === 69 ? 1 : 0;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const LBRACE = 123;
const RBRACE = 125;
const EQUALS = 61;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const CR = 13;
const MINUS = 45;
const LABEL_CACHE_LIMIT = 65_536;

/** A short, quoted excerpt of what stands at `i`, for error messages. */
function found(text: string, i: number, end: number): string {
  if (i >= end) return 'the end of the line';
  const stop = Math.min(end, i + 24);
  return JSON.stringify(text.slice(i, stop)) + (stop < end ? '…' : '');
}

function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 86_400_000) return `${(abs / 86_400_000).toFixed(1)} d`;
  if (abs >= 3_600_000) return `${(abs / 3_600_000).toFixed(1)} h`;
  if (abs >= 60_000) return `${(abs / 60_000).toFixed(1)} min`;
  return `${(abs / 1000).toFixed(1)} s`;
}

function isoOrRaw(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/**
 * Parse Prometheus text exposition into samples.
 *
 * - A sample without a timestamp gets `nowMs`; one whose timestamp is more than `maxSkewMs`
 *   (default 1 h) from `nowMs` is rejected with the difference in its reason.
 * - Non-finite values (`NaN`, `+Inf`, `-Inf`) are read but rejected: a NaN is no reading, and
 *   an infinity has no place in a stored series or a JSON document. Histogram buckets' `le="+Inf"`
 *   is a label value and is kept.
 * - Label values unescape `\\`, `\"` and `\n`; another backslash pair is kept as written (as
 *   Prometheus does). A label set may end with a comma; a repeated label name is an error.
 * - Histogram and summary series (`_bucket`, `_sum`, `_count`, `quantile`) are ordinary samples.
 *
 * @example
 * parseExposition('up{instance="gpu-01:9100"} 1\n', { nowMs: 0 }).samples[0]
 * // { metric: 'up', labels: { instance: 'gpu-01:9100' }, value: 1, tsMs: 0 }
 */
export function parseExposition(text: string, options: ExpositionOptions): ExpositionResult {
  const nowMs = options.nowMs;
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const maxErrors = options.maxErrors ?? MAX_LISTED_ERRORS;
  const samples: Sample[] = [];
  const errors: ExpositionError[] = [];
  const types: Record<string, MetricType> = {};
  const labelCache = new Map<string, Readonly<Record<string, string>>>();
  let braceAt = -1;
  const defaults = options.defaultLabels;
  const bare: Readonly<Record<string, string>> =
    defaults === undefined ? EMPTY_LABELS : Object.freeze({ ...defaults });
  const names: string[] = [];
  const values: string[] = [];
  let rejected = 0;
  let lineNo = 0;
  const length = text.length;
  let pos = 0;

  const reject = (reason: string): void => {
    rejected++;
    if (errors.length < maxErrors) errors.push({ line: lineNo, reason });
  };

  while (pos < length) {
    lineNo++;
    let end = text.indexOf('\n', pos);
    const next = end === -1 ? length : end + 1;
    if (end === -1) end = length;
    const start = pos;
    pos = next;
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    if (end - start > MAX_LINE_CHARS) {
      reject(
        `line too long: ${(end - start).toLocaleString('en-US')} characters, at most ${MAX_LINE_CHARS.toLocaleString('en-US')} are read`,
      );
      continue;
    }
    let i = start;
    let c = 0;
    while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
    if (i === end) continue; // blank line
    if (c === HASH) {
      const problem = readComment(text, i + 1, end, types);
      if (problem !== null) reject(problem);
      continue;
    }

    let labels = bare;
    // Metric name.
    if (c >= 128 || NAME_START[c] === 0) {
      reject(`expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), found ${found(text, i, end)}`);
      continue;
    }
    const nameStart = i;
    i++;
    while (i < end && (c = text.charCodeAt(i)) < 128 && NAME_CHAR[c] === 1) i++;
    const metric = text.slice(nameStart, i);
    if (i < end && c !== SPACE && c !== TAB && c !== LBRACE) {
      reject(
        `expected "{" or a space after the metric name ${metric}, found ${found(text, i, end)}`,
      );
      continue;
    }
    while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;

    // Labels. Fast path: a label set whose text (up to its first "}") was read before in this
    // parse, as one GPU's labels are under every DCGM field, gives the same labels again.
    if (i < end && c === LBRACE) {
      const open = i;
      if (braceAt < i) {
        const b = text.indexOf('}', i);
        braceAt = b === -1 ? length : b;
      }
      const seen = braceAt < end ? labelCache.get(text.slice(i, braceAt + 1)) : undefined;
      if (seen !== undefined) {
        labels = seen;
        i = braceAt + 1;
      } else {
        i++;
        names.length = 0;
        values.length = 0;
        let problem: string | null = null;
        for (;;) {
          while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
          if (i >= end) {
            problem = `label set of ${metric} is not closed: expected a label name or "}", found the end of the line`;
            break;
          }
          if (c === RBRACE) break;
          if (c >= 128 || LABEL_START[c] === 0) {
            problem = `expected a label name ([a-zA-Z_][a-zA-Z0-9_]*) or "}" in the labels of ${metric}, found ${found(text, i, end)}`;
            break;
          }
          const ls = i;
          i++;
          while (i < end && (c = text.charCodeAt(i)) < 128 && NAME_CHAR[c] === 1 && c !== 58) i++;
          const label = text.slice(ls, i);
          while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
          if (c !== EQUALS || i >= end) {
            problem = `expected "=" after label name ${label} of ${metric}, found ${found(text, i, end)}`;
            break;
          }
          i++;
          while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
          if (c !== QUOTE || i >= end) {
            problem = `expected a quoted value for label ${label} of ${metric}, found ${found(text, i, end)}`;
            break;
          }
          i++;
          const vs = i;
          let escaped = false;
          while (i < end && (c = text.charCodeAt(i)) !== QUOTE) {
            if (c === BACKSLASH) {
              escaped = true;
              i++;
            }
            i++;
          }
          if (i >= end) {
            problem = `value of label ${label} of ${metric} is not closed: expected a closing '"', found the end of the line`;
            break;
          }
          names.push(label);
          values.push(escaped ? unescapeLabel(text, vs, i) : text.slice(vs, i));
          i++; // closing quote
          while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
          if (i < end && c === COMMA) {
            i++;
            continue;
          }
          if (i < end && c === RBRACE) break;
          problem = `expected "," or "}" after the value of label ${label} of ${metric}, found ${found(text, i, end)}`;
          break;
        }
        if (problem !== null) {
          reject(problem);
          continue;
        }
        i++; // closing brace
        if (names.length > 0) {
          const key = text.slice(open, i);
          let cached = labelCache.get(key);
          if (cached === undefined) {
            // No prototype: a label named __proto__ or constructor is an ordinary key.
            const built = Object.create(null) as Record<string, string>;
            let duplicate: string | null = null;
            for (let k = 0; k < names.length; k++) {
              const n = names[k] as string;
              if (built[n] !== undefined) {
                duplicate = n;
                break;
              }
              built[n] = values[k] as string;
            }
            if (duplicate !== null) {
              reject(`label ${duplicate} appears twice in the labels of ${metric}`);
              continue;
            }
            if (defaults !== undefined) {
              for (const [k, v] of Object.entries(defaults))
                if (built[k] === undefined) built[k] = v;
            }
            cached = built;
            if (labelCache.size >= LABEL_CACHE_LIMIT) labelCache.clear();
            labelCache.set(key, cached);
          }
          labels = cached;
        }
      }
    }
    while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;

    // Value.
    if (i >= end) {
      reject(`expected a value after ${metric}, found the end of the line`);
      continue;
    }
    const vStart = i;
    while (i < end && (c = text.charCodeAt(i)) !== SPACE && c !== TAB) i++;
    const token = text.slice(vStart, i);
    let value: number;
    let plain = true;
    for (let k = vStart; k < i; k++) {
      const d = text.charCodeAt(k);
      if (d >= 128 || VALUE_CHAR[d] === 0) {
        plain = false;
        break;
      }
    }
    if (plain) {
      value = Number(token);
      if (Number.isNaN(value)) {
        reject(`expected a number as the value of ${metric}, found ${JSON.stringify(token)}`);
        continue;
      }
    } else {
      const special = token.toLowerCase();
      if (special === 'nan') {
        reject(`value of ${metric} is NaN: not a reading, so not stored`);
        continue;
      }
      if (
        special === '+inf' ||
        special === '-inf' ||
        special === 'inf' ||
        special === '+infinity' ||
        special === '-infinity' ||
        special === 'infinity'
      ) {
        reject(`value of ${metric} is ${token}: non-finite values are not stored`);
        continue;
      }
      reject(
        `expected a number, NaN, +Inf or -Inf as the value of ${metric}, found ${found(text, vStart, end)}`,
      );
      continue;
    }
    if (!Number.isFinite(value)) {
      reject(`value of ${metric} (${token}) is beyond a 64-bit float: not stored`);
      continue;
    }

    // Optional timestamp (ms).
    while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
    let tsMs = nowMs;
    if (i < end) {
      const tStart = i;
      let negative = false;
      if (c === MINUS) {
        negative = true;
        i++;
      }
      let ts = 0;
      let digits = 0;
      while (i < end && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
        ts = ts * 10 + (c - 48);
        digits++;
        i++;
      }
      if (digits === 0 || (i < end && c !== SPACE && c !== TAB)) {
        while (i < end && (c = text.charCodeAt(i)) !== SPACE && c !== TAB) i++;
        reject(
          `expected a timestamp in integer milliseconds after the value of ${metric}, found ${found(text, tStart, end)}`,
        );
        continue;
      }
      if (!Number.isSafeInteger(ts)) {
        reject(`timestamp of ${metric} is out of range: ${text.slice(tStart, i)}`);
        continue;
      }
      tsMs = negative ? -ts : ts;
      while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
      if (i < end) {
        reject(
          `expected the end of the line after the timestamp of ${metric}, found ${found(text, i, end)}`,
        );
        continue;
      }
      const skew = tsMs - nowMs;
      if (skew > maxSkewMs || -skew > maxSkewMs) {
        reject(
          `timestamp ${tsMs} (${isoOrRaw(tsMs)}) of ${metric} is ${duration(skew)} ${skew > 0 ? 'ahead of' : 'behind'} the ingest clock; at most ${duration(maxSkewMs)} either way is accepted`,
        );
        continue;
      }
    }
    samples.push({ metric, labels, value, tsMs });
  }
  return { samples, errors, rejected, lines: lineNo, types };
}

const EMPTY_LABELS: Readonly<Record<string, string>> = Object.freeze({});

function unescapeLabel(text: string, from: number, to: number): string {
  let out = '';
  let run = from;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    out += text.slice(run, i);
    const n = text.charCodeAt(i + 1);
    if (n === BACKSLASH) out += '\\';
    else if (n === QUOTE) out += '"';
    else if (n === 110) out += '\n';
    else out += text.slice(i, i + 2); // kept as written
    i++;
    run = i + 1;
  }
  return out + text.slice(run, to);
}

/** A `#` line: `# HELP name text`, `# TYPE name type`, or a comment. Null when it is fine. */
function readComment(
  text: string,
  i: number,
  end: number,
  types: Record<string, MetricType>,
): string | null {
  let c = 0;
  while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
  const kw = text.slice(i, i + 4);
  if (kw !== 'HELP' && kw !== 'TYPE') return null;
  const after = i + 4;
  if (after < end && (c = text.charCodeAt(after)) !== SPACE && c !== TAB) return null; // a comment
  i = after;
  while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
  if (i >= end || c >= 128 || NAME_START[c] === 0) {
    return `expected a metric name after # ${kw}, found ${found(text, i, end)}`;
  }
  const ns = i;
  while (i < end && (c = text.charCodeAt(i)) < 128 && NAME_CHAR[c] === 1) i++;
  const name = text.slice(ns, i);
  if (i < end && c !== SPACE && c !== TAB) {
    return `expected a space after the metric name ${name} in # ${kw}, found ${found(text, i, end)}`;
  }
  if (kw === 'HELP') return null;
  while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
  const ts = i;
  while (i < end && (c = text.charCodeAt(i)) !== SPACE && c !== TAB) i++;
  const type = text.slice(ts, i);
  while (i < end && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
  if (!METRIC_TYPES.has(type) || i < end) {
    return `expected counter, gauge, histogram, summary or untyped in # TYPE ${name}, found ${found(text, ts, end)}`;
  }
  types[name] = type as MetricType;
  return null;
}
