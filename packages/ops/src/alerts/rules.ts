// Alert rules as YAML (Prometheus-like, interface.md §9), validated with zod, with problems that
// say where (line, column, key path), what was expected and what was found, in the style of
// core's scenario issues.
import { yamlOffset, yamlSyntaxProblems } from '@aidc/core';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { matcherProblem } from '../label-matchers.js';
import { XID_CLASSES } from '../telemetry/catalog.js';
import { parseExpr, type Expr } from './expr.js';

export const ALERT_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type AlertOp = (typeof ALERT_OPS)[number];
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

// An http(s) URL with a host, no spaces (the package is built without the DOM's URL type).
const webhook = z
  .string()
  .max(2000)
  .regex(/^https?:\/\/[A-Za-z0-9.\-[\]:]+(?:[/?#]\S*)?$/, 'an http:// or https:// URL');

export const AlertRuleSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(
      /^[A-Za-z_][A-Za-z0-9_]*$/,
      'a name of letters, digits and _ (not starting with a digit)',
    ),
  expr: z.string().min(1).max(2000),
  op: z.enum(ALERT_OPS).optional(),
  threshold: z.number().finite(),
  forMinutes: z.number().finite().min(0).max(10_080),
  severity: z.enum(SEVERITIES),
  summary: z.string().max(1000).optional(),
  webhook: webhook.optional(),
  xidClasses: z.array(z.enum(XID_CLASSES)).min(1).optional(),
});

const RulesFileSchema = z.strictObject({ rules: z.array(AlertRuleSchema) });

/** A rule as written, validated. */
export type AlertRuleInput = z.output<typeof AlertRuleSchema>;

/** A rule ready to evaluate: its expression parsed, `op` filled in. */
export interface AlertRule {
  readonly name: string;
  readonly expr: string;
  readonly parsed: Expr;
  readonly op: AlertOp;
  readonly threshold: number;
  readonly forMinutes: number;
  readonly severity: Severity;
  readonly summary?: string;
  readonly webhook?: string;
  readonly xidClasses?: readonly (typeof XID_CLASSES)[number][];
}

export interface AlertRuleIssue {
  /** Key path into the file, e.g. ['rules', 2, 'threshold']. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  /** 1-based line (and column) in the file. */
  readonly line: number;
  readonly column?: number;
}

export type AlertRulesResult =
  | { readonly ok: true; readonly rules: readonly AlertRule[] }
  | { readonly ok: false; readonly issues: readonly AlertRuleIssue[] };

export const MAX_RULES_CHARS = 1_000_000;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'a mapping';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * Parse and validate alert rules: `rules:` followed by a list (or the list alone).
 *
 * @example
 * parseAlertRules('rules:\n  - { name: hot, expr: DCGM_FI_DEV_GPU_TEMP, threshold: 85, forMinutes: 5, severity: warning }\n')
 */
export function parseAlertRules(text: string): AlertRulesResult {
  if (text.length > MAX_RULES_CHARS) {
    return {
      ok: false,
      issues: [
        {
          path: [],
          message: 'the rules file is too large',
          expected: `at most ${MAX_RULES_CHARS.toLocaleString('en-US')} characters`,
          found: `${text.length.toLocaleString('en-US')} characters`,
          line: 1,
        },
      ],
    };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: yamlSyntaxProblems(doc.errors, lines).map((p) => ({ path: [], ...p })),
    };
  }
  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: [], message: `YAML aliases: ${(error as Error).message}`, line: 1 }],
    };
  }
  const bareList = Array.isArray(input);
  const normalised = bareList ? { rules: input } : input;
  const toDocPath = (path: readonly (string | number)[]) =>
    bareList && path[0] === 'rules' ? path.slice(1) : path;
  const at = (path: readonly (string | number)[], keyOf?: string) => {
    const offset = yamlOffset(doc, toDocPath(path), keyOf);
    if (offset === undefined) return { line: 1 };
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col, offset };
  };

  if (normalised === null || typeof normalised !== 'object') {
    return {
      ok: false,
      issues: [
        {
          path: [],
          message: 'alert rules are a mapping with a rules list',
          expected: 'rules: followed by a list of rules',
          found: describe(input),
          line: 1,
        },
      ],
    };
  }
  const parsed = RulesFileSchema.safeParse(normalised);
  if (!parsed.success) {
    const issues: AlertRuleIssue[] = [];
    for (const i of parsed.error.issues) {
      const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
      const found = valueAt(normalised, path);
      if (i.code === 'unrecognized_keys') {
        for (const key of i.keys) {
          const shape = path.length === 0 ? ['rules'] : Object.keys(AlertRuleSchema.shape);
          issues.push({
            path: [...path, key],
            message: `unknown key ${key}`,
            expected: `one of ${shape.join(', ')}`,
            found: key,
            ...where(at(path, key)),
          });
        }
        continue;
      }
      let expected = i.message;
      if (i.code === 'invalid_type') expected = `${i.expected}`;
      else if (i.code === 'invalid_value') expected = i.values.map((v) => String(v)).join(', ');
      else if (i.code === 'too_small') expected = `at least ${String(i.minimum)}`;
      else if (i.code === 'too_big') expected = `at most ${String(i.maximum)}`;
      issues.push({
        path,
        message: found === undefined ? `${String(path[path.length - 1])} is missing` : i.message,
        expected: i.code === 'invalid_value' ? `one of ${expected}` : expected,
        found: describe(found),
        ...where(at(path)),
      });
    }
    return { ok: false, issues };
  }

  const issues: AlertRuleIssue[] = [];
  const rules: AlertRule[] = [];
  const seen = new Map<string, number>();
  parsed.data.rules.forEach((r, k) => {
    const base = ['rules', k] as const;
    const first = seen.get(r.name);
    if (first !== undefined) {
      issues.push({
        path: [...base, 'name'],
        message: `a second rule named ${r.name}`,
        expected: 'a name no other rule has',
        found: `${JSON.stringify(r.name)}, also the name of rules[${first}]`,
        ...where(at([...base, 'name'])),
      });
    } else seen.set(r.name, k);
    const e = parseExpr(r.expr);
    if (!e.ok) {
      const loc = at([...base, 'expr']);
      // A plain or quoted scalar on one line: the column of the problem within the expression.
      const node = loc.offset;
      const quoteShift = node !== undefined && /["']/.test(text[node] ?? '') ? 1 : 0;
      issues.push({
        path: [...base, 'expr'],
        message: `cannot read the expression at character ${e.problem.offset + 1}`,
        expected: e.problem.expected,
        found: e.problem.found,
        line: loc.line,
        ...(loc.column !== undefined && !r.expr.includes('\n')
          ? { column: loc.column + e.problem.offset + quoteShift }
          : {}),
      });
      return;
    }
    const expr = e.expr;
    if ('selector' in expr) {
      for (const m of expr.selector.matchers) {
        const p = matcherProblem(m);
        if (p !== null)
          issues.push({
            path: [...base, 'expr'],
            message: 'a label matcher has an invalid regular expression',
            expected: 'a regular expression (RE2/JavaScript syntax)',
            found: p,
            ...where(at([...base, 'expr'])),
          });
      }
    }
    if (r.xidClasses !== undefined && expr.kind !== 'xid') {
      issues.push({
        path: [...base, 'xidClasses'],
        message: 'xidClasses applies to xid() rules only',
        expected: 'an expr of the form xid(selector)',
        found: JSON.stringify(r.expr),
        ...where(at([...base, 'xidClasses'])),
      });
    }
    rules.push({
      name: r.name,
      expr: r.expr,
      parsed: expr,
      op: r.op ?? '>',
      threshold: r.threshold,
      forMinutes: r.forMinutes,
      severity: r.severity,
      ...(r.summary !== undefined ? { summary: r.summary } : {}),
      ...(r.webhook !== undefined ? { webhook: r.webhook } : {}),
      ...(r.xidClasses !== undefined ? { xidClasses: r.xidClasses } : {}),
    });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rules };
}

function where(loc: { line: number; column?: number }): { line: number; column?: number } {
  return loc.column !== undefined ? { line: loc.line, column: loc.column } : { line: loc.line };
}
