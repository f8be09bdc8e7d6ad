// Problems found in a scenario, as plain data: where (file, line, column, key path), what was
// expected, what was found, and a hint. The shells decide how to print them.

export type IssueCode =
  | 'syntax'
  | 'unknown-key'
  | 'wrong-type'
  | 'out-of-range'
  | 'invalid-value'
  | 'unknown-catalog-id'
  | 'inconsistent'
  | 'missing'
  | 'infeasible';

export interface ScenarioIssue {
  readonly code: IssueCode;
  /** Key path into the scenario, e.g. ['workloads', 0, 'model', 'heads']. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
  readonly line?: number;
  readonly column?: number;
}

/** `workloads[0].model.heads` from ['workloads', 0, 'model', 'heads']. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(top level)' : out;
}

/** A short, readable rendering of a value found in the file. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'a mapping';
}

/** One issue as one or two lines: `file:line:col: path: message` then the hint. */
export function formatIssue(issue: ScenarioIssue, fileName: string): string {
  const where =
    issue.line !== undefined ? `${fileName}:${issue.line}:${issue.column ?? 1}` : fileName;
  const parts = [`${where}: ${formatPath(issue.path)}: ${issue.message}`];
  if (issue.expected !== undefined || issue.found !== undefined) {
    parts.push(
      issue.expected !== undefined
        ? `  expected ${issue.expected}, found ${issue.found ?? 'nothing'}`
        : `  found ${issue.found ?? 'nothing'}`,
    );
  }
  if (issue.hint !== undefined) parts.push(`  hint: ${issue.hint}`);
  return parts.join('\n');
}
