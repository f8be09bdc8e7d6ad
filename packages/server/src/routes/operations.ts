// Headroom, plan versus actual and incidents (interface.md §9): what the built facility has
// left, how it performs against its plan, and the failures it has had.
import { FAILURE_CAUSES } from '@aidc/core';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { param, route } from '../route.js';
import { actor, caller } from './access.js';
import { ProjectQuery, opsCall, opsProject } from './inventory.js';

const Days = z.coerce.number().positive().max(400).default(7);

export const operationsRoutes = [
  route({
    method: 'get',
    path: '/api/v1/headroom',
    access: 'viewer',
    tag: 'operations',
    summary:
      'Headroom per rack, feed, panel and cooling loop (measured peak of the last 15 min, else plan); with fitPowerKW, fitHeightU and n, where the next servers fit',
    query: ProjectQuery.extend({
      fitModel: z.string().min(1).default('server'),
      fitPowerKW: z.coerce.number().positive().optional(),
      fitHeightU: z.coerce.number().int().positive().optional(),
      n: z.coerce.number().int().positive().max(100_000).optional(),
    }),
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      const q = call.query;
      const asked = [q.fitPowerKW, q.fitHeightU, q.n].filter((v) => v !== undefined).length;
      if (asked !== 0 && asked !== 3)
        throw new ApiError('bad-request', 'a fit needs fitPowerKW, fitHeightU and n together', {
          problems: [{ path: 'n', message: 'give all three of fitPowerKW, fitHeightU, n' }],
        });
      const result = await call.services.ops.headroomOf(
        project,
        q.fitPowerKW !== undefined && q.fitHeightU !== undefined && q.n !== undefined
          ? {
              server: { model: q.fitModel, powerKW: q.fitPowerKW, heightU: q.fitHeightU },
              n: q.n,
            }
          : undefined,
      );
      return { status: 200, body: result };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/plan-vs-actual',
    access: 'viewer',
    tag: 'operations',
    summary:
      'The facility over the last `days` against the plan it was imported from, with the measured failure rate to feed back into a scenario',
    query: ProjectQuery.extend({ days: Days }),
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      const result = await call.services.ops.planVsActualOf(project, call.query.days);
      if (!result)
        throw new ApiError(
          'not-found',
          'the facility was not imported from a plan: POST /api/v1/inventory/import-plan first',
        );
      return { status: 200, body: result };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/incidents',
    access: 'viewer',
    tag: 'operations',
    summary: 'Failures recorded in the last `days`, and the fleet’s failure shares per cause',
    query: ProjectQuery.extend({ days: Days }),
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      const since = new Date(
        call.services.ops.nowMs() - call.query.days * 86_400_000,
      ).toISOString();
      const incidents = await call.services.ops.incidents(project, since);
      const stats = await call.services.ops.failureStats(project, call.query.days);
      return { status: 200, body: { incidents, shares: stats.shares } };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/incidents',
    access: 'operator',
    tag: 'operations',
    summary: 'Record a failure with its cause (the reliability catalog’s categories)',
    body: z.strictObject({
      cause: z.enum(FAILURE_CAUSES),
      host: z.string().min(1).optional(),
      deviceId: z.string().min(1).optional(),
      gpuSlot: z.int().nonnegative().optional(),
      xid: z.int().positive().optional(),
      at: z.string().optional().describe('ISO-8601; default now'),
      note: z.string().max(10_000).optional(),
      project: z.string().min(1).optional(),
    }),
    response: { status: 201, schema: z.object({ id: z.string() }) },
    async handler(call) {
      const { project: named, ...incident } = call.body;
      const project = await opsProject(call, named);
      const id = await opsCall(() =>
        call.services.ops.recordIncident(project, incident, actor(caller(call))),
      );
      return { status: 201, body: { id } };
    },
  }),
];

const AlertShape = z.object({
  rule: z.string(),
  state: z.enum(['pending', 'firing', 'resolved']),
  labels: z.record(z.string(), z.string()),
  since: z.string(),
  severity: z.string(),
  summary: z.string(),
  value: z.number().nullable(),
  silenced: z.boolean(),
});

const Matcher = z.strictObject({
  label: z.string().min(1).max(200),
  op: z.enum(['=', '!=', '=~', '!~']).default('='),
  value: z.string().max(1000),
});

export const telemetryRoutes = [
  route({
    method: 'post',
    path: '/api/v1/telemetry',
    access: 'operator',
    tag: 'operations',
    summary:
      'Push Prometheus text exposition (Content-Type: text/plain); malformed lines and samples far from the clock are rejected and counted, the rest stored, then the alert rules run',
    query: ProjectQuery.extend({ source: z.string().max(200).optional() }),
    response: {
      status: 200,
      schema: z.object({
        accepted: z.int(),
        rejected: z.int(),
        errors: z.array(z.object({ line: z.int(), reason: z.string() })),
        unplacedHosts: z.array(z.string()),
      }),
    },
    async handler(call) {
      const type = call.c.req.header('content-type') ?? '';
      if (!/^text\/plain\b/i.test(type))
        throw new ApiError(
          'bad-request',
          'send Prometheus text exposition as the body (Content-Type: text/plain; version=0.0.4)',
        );
      const project = await opsProject(call, call.query.project);
      const text = await call.c.req.text();
      const who = caller(call);
      const r = await call.services.ops.ingest(
        project,
        text,
        call.query.source ?? `push by ${who.user.name}`,
        actor(who),
      );
      return {
        status: 200,
        body: {
          accepted: r.accepted,
          rejected: r.rejected,
          errors: r.errors,
          unplacedHosts: r.unplacedHosts,
          alerts: r.alerts,
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/telemetry',
    access: 'viewer',
    tag: 'operations',
    summary: 'What telemetry is held: metrics and their series, unplaced hosts, recent ingests',
    query: ProjectQuery,
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      const ops = call.services.ops.ops;
      const [stats, metrics, unplacedHosts, ingests] = await Promise.all([
        ops.telemetryStats(project),
        ops.metrics(project),
        ops.unplacedHosts(project),
        ops.listIngests(project, 20),
      ]);
      return { status: 200, body: { ...stats, metrics, unplacedHosts, ingests } };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/alerts',
    access: 'viewer',
    tag: 'operations',
    summary: 'Alert instances: pending, firing, and resolved in the last 15 minutes',
    query: ProjectQuery,
    response: { status: 200, schema: z.object({ alerts: z.array(AlertShape) }) },
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      return { status: 200, body: { alerts: await call.services.ops.alerts(project) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/alerts/evaluate',
    access: 'operator',
    tag: 'operations',
    summary: 'Evaluate the alert rules now (the server also does every minute and on each ingest)',
    body: z.strictObject({ project: z.string().min(1).optional() }),
    async handler(call) {
      const project = await opsProject(call, call.body.project);
      const result = await opsCall(() => call.services.ops.evaluate(project));
      return { status: 200, body: result };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/alert-rules',
    access: 'viewer',
    tag: 'operations',
    summary: 'The alert rules in force (YAML): the project’s own, or the defaults at version 0',
    query: ProjectQuery,
    response: {
      status: 200,
      schema: z.object({ yaml: z.string(), version: z.int(), isDefault: z.boolean() }),
    },
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      return { status: 200, body: await call.services.ops.rules(project) };
    },
  }),
  route({
    method: 'put',
    path: '/api/v1/alert-rules',
    access: 'operator',
    tag: 'operations',
    summary:
      'Save the alert rules on top of baseVersion (0 over the defaults); 409 on a stale base',
    body: z.strictObject({
      yaml: z.string().max(1_000_000),
      baseVersion: z.int().nonnegative(),
      project: z.string().min(1).optional(),
    }),
    response: { status: 200, schema: z.object({ version: z.int(), rules: z.int() }) },
    async handler(call) {
      const project = await opsProject(call, call.body.project);
      const saved = await opsCall(() =>
        call.services.ops.saveRules(
          project,
          call.body.yaml,
          call.body.baseVersion,
          actor(caller(call)),
        ),
      );
      return { status: 200, body: saved };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/silences',
    access: 'viewer',
    tag: 'operations',
    summary: 'Silences that have not ended (`?all=true` for every one)',
    query: ProjectQuery.extend({ all: z.enum(['true', 'false']).default('false') }),
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      return {
        status: 200,
        body: { silences: await call.services.ops.silences(project, call.query.all === 'true') },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/silences',
    access: 'operator',
    tag: 'operations',
    summary:
      'Silence the alerts whose labels (with alertname and severity) match, with an owner and an end',
    body: z.strictObject({
      matchers: z.array(Matcher).max(50),
      comment: z.string().min(1).max(2000),
      startsAt: z.string().optional(),
      endsAt: z.string(),
      project: z.string().min(1).optional(),
    }),
    response: { status: 201, schema: z.object({ id: z.string() }) },
    async handler(call) {
      const { project: named, ...input } = call.body;
      const project = await opsProject(call, named);
      const who = caller(call);
      const id = await opsCall(() =>
        call.services.ops.silence(
          project,
          {
            ...input,
            owner: who.user.name,
            ...(input.startsAt ? { startsAt: input.startsAt } : {}),
          },
          actor(who),
        ),
      );
      return { status: 201, body: { id } };
    },
  }),
  route({
    method: 'delete',
    path: '/api/v1/silences/:id',
    access: 'operator',
    tag: 'operations',
    summary: 'End a silence now',
    query: ProjectQuery,
    response: { status: 204 },
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      await opsCall(() =>
        call.services.ops.expireSilence(project, param(call, 'id'), actor(caller(call))),
      );
      return { status: 204, body: null };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/ops/status',
    access: 'viewer',
    tag: 'operations',
    summary:
      'What `aidc ops status --json` prints: inventory, telemetry, alerts, headroom, plan vs actual',
    query: ProjectQuery.extend({ days: Days }),
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      return {
        status: 200,
        body: await call.services.ops.status(project, { days: call.query.days }),
      };
    },
  }),
];
