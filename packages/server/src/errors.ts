// One error type for every refusal the API makes, and its JSON body:
// `{ "error": { "code", "message", ...details } }` with the HTTP status the code implies.
import { formatPath, type ScenarioIssue } from '@aidc/core';
import type { z } from 'zod';

export type ErrorCode =
  | 'bad-request'
  | 'invalid-scenario'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'rate-limited'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  'bad-request': 400,
  'invalid-scenario': 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'rate-limited': 429,
  internal: 500,
};

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }

  body(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

/** A problem as the API reports it: the key path, and where the file says so, line and column. */
export interface Problem {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
}

export function scenarioProblems(issues: readonly ScenarioIssue[]): Problem[] {
  return issues.map((i) => ({
    path: formatPath(i.path),
    message: i.message,
    ...(i.line !== undefined ? { line: i.line } : {}),
    ...(i.column !== undefined ? { column: i.column } : {}),
    ...(i.expected !== undefined ? { expected: i.expected } : {}),
    ...(i.found !== undefined ? { found: i.found } : {}),
    ...(i.hint !== undefined ? { hint: i.hint } : {}),
  }));
}

export function invalidScenario(issues: readonly ScenarioIssue[]): ApiError {
  return new ApiError(
    'invalid-scenario',
    `the scenario is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'})`,
    { problems: scenarioProblems(issues) },
  );
}

/** A request body or query that does not match its schema: each problem with its key path. */
export function invalidRequest(where: 'body' | 'query', error: z.ZodError): ApiError {
  const problems: Problem[] = error.issues.map((i) => ({
    path: formatPath(i.path.filter((p): p is string | number => typeof p !== 'symbol')),
    message: i.message,
  }));
  return new ApiError('bad-request', `the request ${where} is not valid`, { problems });
}

export const notFound = (what: string): ApiError => new ApiError('not-found', `no ${what}`);
