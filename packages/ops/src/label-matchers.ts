// PromQL's label matchers: `=` and `!=` compare the value (a missing label is the empty
// string), `=~` and `!~` match a regular expression anchored at both ends (prometheus.io,
// "Querying basics", time series selectors).
import type { LabelMatcher } from './telemetry-types.js';

const compiled = new Map<string, RegExp>();

function anchored(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Whether a label set satisfies every matcher. */
export function matchesLabels(
  labels: Readonly<Record<string, string>>,
  matchers: readonly LabelMatcher[],
): boolean {
  for (const m of matchers) {
    const value = labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        if (value !== m.value) return false;
        break;
      case '!=':
        if (value === m.value) return false;
        break;
      case '=~':
        if (!anchored(m.value).test(value)) return false;
        break;
      case '!~':
        if (anchored(m.value).test(value)) return false;
        break;
    }
  }
  return true;
}

/** The problem with a matcher's regular expression, or null when it compiles. */
export function matcherProblem(m: LabelMatcher): string | null {
  if (m.op !== '=~' && m.op !== '!~') return null;
  try {
    anchored(m.value);
    return null;
  } catch (error) {
    return `label ${m.label}: ${(error as Error).message}`;
  }
}
