// A route of the API as data: method, path, who may call it, the schemas of its body and query,
// and the handler. The app mounts the table, the OpenAPI document is generated from it, and a
// test walks it to check that every route refuses the callers it should.
import type { Context } from 'hono';
import type { z } from 'zod';
import type { Job, Store, User } from '@aidc/store';
import type { JobRunner } from './jobs/runner.js';
import type { OpsService } from './ops/ops-service.js';
import type { Logger } from './log.js';

/** The least role a route needs: `viewer` is anyone signed in. Admins may call every route. */
export type Access = 'public' | 'viewer' | 'planner' | 'operator' | 'admin';

export interface Principal {
  readonly user: User;
  readonly via: 'token' | 'session';
  /** The session's CSRF token (cookie sign-ins only). */
  readonly csrf?: string;
  readonly sessionHash?: string;
  /** The projects the user may see: all of them for admins. */
  readonly projects: readonly string[] | 'all';
}

export interface Services {
  readonly store: Store;
  readonly runner: JobRunner;
  /** Operations: inventory, telemetry, alerts, headroom, plan versus actual. */
  readonly ops: OpsService;
  readonly log: Logger;
  readonly version: string;
  /** Whether the session cookie carries `Secure` (on unless the server is told it is plain HTTP on a LAN). */
  readonly secureCookies: boolean;
  readonly signInLimit: (key: string) => number;
}

export interface Call<B, Q> {
  readonly c: Context;
  readonly body: B;
  readonly query: Q;
  readonly params: Record<string, string>;
  readonly principal: Principal | undefined;
  readonly services: Services;
}

/** A handler's answer: a status and a JSON body, or a finished Response (streams). */
export type Reply = { readonly status: number; readonly body: unknown } | Response;

export interface Route<B = unknown, Q = unknown> {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly access: Access;
  readonly summary: string;
  readonly tag: string;
  readonly body?: z.ZodType<B>;
  readonly query?: z.ZodType<Q>;
  /** The success status and the body's schema, for the OpenAPI document. */
  readonly response?: { readonly status: number; readonly schema?: z.ZodType };
  readonly handler: (call: Call<B, Q>) => Promise<Reply>;
}

/** A route with its body and query types inferred from its schemas. */
export function route<B = undefined, Q = undefined>(r: Route<B, Q>): Route<unknown, unknown> {
  return r as unknown as Route<unknown, unknown>;
}

/** A path parameter (the router only calls a route whose pattern matched, so it is there). */
export function param(call: { params: Record<string, string> }, name: string): string {
  return call.params[name] ?? '';
}

/** The object without the named keys. */
export function without<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const drop = new Set<PropertyKey>(keys);
  return Object.fromEntries(Object.entries(value).filter(([k]) => !drop.has(k))) as Omit<T, K>;
}

export function mayCall(role: User['role'], access: Access): boolean {
  if (access === 'public' || access === 'viewer' || role === 'admin') return true;
  return role === access;
}

/** Whether the principal may see things of that project. */
export function canSee(principal: Principal, projectId: string): boolean {
  return principal.projects === 'all' || principal.projects.includes(projectId);
}

/** The job as the API shows it. */
export function jobView(job: Job): Record<string, unknown> {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    scenarioId: job.scenarioId,
    scenarioVersion: job.scenarioVersion,
    progress: job.progress,
    request: job.request,
    ...(job.status === 'succeeded' ? { result: job.result } : {}),
    ...(job.error !== null ? { error: job.error } : {}),
    aidcVersion: job.aidcVersion,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}
