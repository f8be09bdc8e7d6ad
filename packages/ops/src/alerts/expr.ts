// The alert rules' expression language: a small, PromQL-shaped subset (prometheus.io,
// "Querying basics": selectors, label matchers, range durations) with the functions the
// facility's rules need.
//
//   expr     := selector | fn '(' selector [ '[' duration ']' ] ')' | 'rack_power_fraction'
//             | 'feed_power_fraction'
//   fn       := 'rate' | 'increase' | 'stale' | 'xid'
//   selector := metric [ '{' [ matcher { ',' matcher } [ ',' ] ] '}' ]
//   matcher  := label ( '=' | '!=' | '=~' | '!~' ) string      (regular expressions anchored)
//   string   := '"' … '"' | "'" … "'"   (\\ \" \' \n escapes)
//   duration := integer ( 's' | 'm' | 'h' | 'd' )
import type { LabelMatcher } from '../telemetry-types.js';

export interface Selector {
  readonly metric: string;
  readonly matchers: readonly LabelMatcher[];
}

export type Expr =
  | { readonly kind: 'instant'; readonly selector: Selector }
  | {
      readonly kind: 'rate' | 'increase' | 'stale' | 'xid';
      readonly selector: Selector;
      readonly rangeMs: number;
    }
  | { readonly kind: 'rack_power_fraction' | 'feed_power_fraction' };

export interface ExprProblem {
  /** 0-based offset into the expression text. */
  readonly offset: number;
  readonly expected: string;
  readonly found: string;
}

/** How far back a bare selector looks for a series' latest point (Prometheus's lookback, 5 min). */
export const INSTANT_LOOKBACK_MS = 5 * 60_000;
/** stale() without a range reads the last hour: a series silent for longer has left the view. */
export const DEFAULT_STALE_RANGE_MS = 60 * 60_000;
/** xid() without a range looks for XIDs of the last 10 minutes. */
export const DEFAULT_XID_RANGE_MS = 10 * 60_000;
const MAX_RANGE_MS = 31 * 86_400_000;

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const FUNCTIONS = new Set(['rate', 'increase', 'stale', 'xid']);
const CONSTANTS = new Set(['rack_power_fraction', 'feed_power_fraction']);

class Failure {
  constructor(readonly problem: ExprProblem) {}
}

/**
 * Parse an expression, or say where it goes wrong.
 *
 * @example
 * parseExpr('rate(DCGM_FI_DEV_ECC_DBE_VOL_TOTAL{Hostname=~"gpu-.*"}[10m])')
 * // { ok: true, expr: { kind: 'rate', selector: { metric: ..., matchers: [...] }, rangeMs: 600000 } }
 */
export function parseExpr(
  text: string,
): { ok: true; expr: Expr } | { ok: false; problem: ExprProblem } {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const foundAt = (at: number) =>
    at >= text.length ? 'the end of the expression' : JSON.stringify(text.slice(at, at + 16));
  const fail = (expected: string, at = i): never => {
    throw new Failure({ offset: at, expected, found: foundAt(at) });
  };
  const ident = (re: RegExp, what: string): string => {
    const m = re.exec(text.slice(i));
    if (!m) return fail(what);
    i += m[0].length;
    return m[0];
  };
  const quoted = (): string => {
    const q = text[i];
    if (q !== '"' && q !== "'") return fail('a quoted string');
    const start = i;
    i++;
    let out = '';
    while (i < text.length && text[i] !== q) {
      if (text[i] === '\\') {
        const n = text[i + 1];
        out += n === 'n' ? '\n' : (n ?? '');
        i += 2;
      } else out += text[i++];
    }
    if (i >= text.length) return fail(`a closing ${q}`, start);
    i++;
    return out;
  };
  const selector = (): Selector => {
    const metric = ident(/^[a-zA-Z_:][a-zA-Z0-9_:]*/, 'a metric name');
    ws();
    const matchers: LabelMatcher[] = [];
    if (text[i] === '{') {
      i++;
      for (;;) {
        ws();
        if (text[i] === '}') break;
        const label = ident(/^[a-zA-Z_][a-zA-Z0-9_]*/, 'a label name or "}"');
        ws();
        const op = /^(=~|!~|!=|=)/.exec(text.slice(i))?.[0] as LabelMatcher['op'] | undefined;
        if (!op) return fail('=, !=, =~ or !~');
        i += op.length;
        ws();
        matchers.push({ label, op, value: quoted() });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] !== '}') return fail('"," or "}"');
        break;
      }
      i++;
    }
    return { metric, matchers };
  };
  const range = (): number | null => {
    ws();
    if (text[i] !== '[') return null;
    i++;
    ws();
    const at = i;
    const m = /^(\d+)([smhd])/.exec(text.slice(i));
    if (!m) return fail('a duration such as 5m, 30s, 1h or 1d');
    i += m[0].length;
    const ms = Number(m[1]) * (UNITS[m[2] as string] ?? 0);
    if (ms <= 0 || ms > MAX_RANGE_MS) return fail('a duration from 1s to 31d', at);
    ws();
    if (text[i] !== ']') return fail('"]"');
    i++;
    return ms;
  };

  try {
    ws();
    const start = i;
    const name = ident(/^[a-zA-Z_:][a-zA-Z0-9_:]*/, 'a metric name or a function');
    ws();
    let expr: Expr;
    if (CONSTANTS.has(name) && text[i] !== '{') {
      expr = { kind: name as 'rack_power_fraction' | 'feed_power_fraction' };
    } else if (FUNCTIONS.has(name) && text[i] === '(') {
      i++;
      ws();
      const sel = selector();
      const r = range();
      ws();
      if (text[i] !== ')') fail(r === null ? '"[" with a range, or ")"' : '")"');
      i++;
      const kind = name as 'rate' | 'increase' | 'stale' | 'xid';
      if ((kind === 'rate' || kind === 'increase') && r === null) {
        fail(`a range such as [5m] after the selector of ${kind}()`, i - 1);
      }
      const defaults = { stale: DEFAULT_STALE_RANGE_MS, xid: DEFAULT_XID_RANGE_MS };
      const rangeMs = r ?? (kind === 'stale' || kind === 'xid' ? defaults[kind] : 0);
      expr = { kind, selector: sel, rangeMs };
    } else {
      i = start;
      expr = { kind: 'instant', selector: selector() };
    }
    ws();
    if (i < text.length) fail('the end of the expression');
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** How far back the evaluator reads for an expression (ms): its range, or the instant lookback. */
export function exprLookbackMs(expr: Expr, xidContextMs: number): number {
  switch (expr.kind) {
    case 'instant':
    case 'rack_power_fraction':
    case 'feed_power_fraction':
      return INSTANT_LOOKBACK_MS;
    case 'xid':
      return expr.rangeMs + xidContextMs;
    default:
      return expr.rangeMs;
  }
}
