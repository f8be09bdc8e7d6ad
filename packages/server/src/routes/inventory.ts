// The facility's inventory (interface.md §9): read it whole or one kind at a time, import it
// from a plan or a NetBox export, edit one thing; operators write, everyone signed in reads.
// Every write is audited with the caller.
import { isInventoryKind } from '@aidc/ops';
import { z } from 'zod';
import { ApiError, notFound } from '../errors.js';
import { OpsError } from '../ops/ops-service.js';
import { canSee, param, route } from '../route.js';
import { actor, caller, targetProject } from './access.js';
import type { Call } from '../route.js';

export const ProjectQuery = z.strictObject({
  project: z.string().min(1).optional().describe('project id or name (default: your only one)'),
});

/** An operations error as the API's error. */
export function opsFailure(error: unknown): never {
  if (error instanceof OpsError) {
    const problems = error.problems.map((p) => ({
      path: p.path,
      message: `expected ${p.expected}, found ${p.found}`,
      expected: p.expected,
      found: p.found,
    }));
    if (error.kind === 'not-found') throw new ApiError('not-found', error.message);
    throw new ApiError(error.kind === 'conflict' ? 'conflict' : 'bad-request', error.message, {
      ...(problems.length > 0 ? { problems } : {}),
    });
  }
  throw error;
}

/** Run an operations call, turning its refusals into API errors. */
export async function opsCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return opsFailure(error);
  }
}

export async function opsProject(call: Call<unknown, unknown>, named?: string): Promise<string> {
  return targetProject(call, named);
}

const Counts = z.record(z.string(), z.int());

export const inventoryRoutes = [
  route({
    method: 'get',
    path: '/api/v1/inventory',
    access: 'viewer',
    tag: 'operations',
    summary:
      'The facility’s inventory (schema: core’s InventorySchema); `?kind=racks` for one list, with `&parent=ID` the things in (or on) one thing: a rack’s devices, a server’s GPUs',
    query: ProjectQuery.extend({
      kind: z.string().optional(),
      parent: z.string().min(1).optional(),
    }),
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      const { kind, parent } = call.query;
      if (kind === undefined) {
        if (parent !== undefined)
          throw new ApiError(
            'bad-request',
            '`parent` goes with `kind` (e.g. ?kind=devices&parent=RACK)',
            {
              problems: [{ path: 'kind', message: 'required with parent' }],
            },
          );
        return { status: 200, body: await call.services.ops.inventory(project) };
      }
      if (!isInventoryKind(kind)) throw notFound(`inventory kind ${kind}`);
      const list = await call.services.ops.ops.listObjects(project, kind, parent);
      return { status: 200, body: { [kind]: list.map((o) => o.doc) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/inventory/import-plan',
    access: 'operator',
    tag: 'operations',
    summary: 'Build the inventory a stored plan (`planId`) or a plan JSON (`plan`) describes',
    body: z
      .strictObject({
        planId: z.string().min(1).optional(),
        plan: z.record(z.string(), z.unknown()).optional(),
        project: z.string().min(1).optional(),
        replace: z.boolean().default(false).describe('drop the project’s earlier inventory first'),
      })
      .refine((b) => (b.planId === undefined) !== (b.plan === undefined), {
        message: 'give either planId or plan',
        path: ['planId'],
      }),
    response: { status: 201, schema: z.object({ written: z.int(), counts: Counts }) },
    async handler(call) {
      const who = caller(call);
      let plan: unknown = call.body.plan;
      let planId: string | null = null;
      let projectName = call.body.project;
      if (call.body.planId !== undefined) {
        const stored = await call.services.store.getPlan(call.body.planId);
        if (!stored || !canSee(who, stored.projectId)) throw notFound(`plan ${call.body.planId}`);
        plan = stored.plan;
        planId = stored.id;
        projectName ??= stored.projectId;
      }
      const project = await opsProject(call, projectName);
      const result = await opsCall(() =>
        call.services.ops.importPlan(project, plan, planId, actor(who), call.body.replace),
      );
      return { status: 201, body: result };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/inventory/import-netbox',
    access: 'operator',
    tag: 'operations',
    summary:
      'Import a NetBox DCIM export (sites, locations, racks, devices, power panels and feeds)',
    body: z.strictObject({
      netbox: z
        .record(z.string(), z.unknown())
        .describe('the lists of NetBox’s /api/dcim/ endpoints'),
      project: z.string().min(1).optional(),
      replace: z.boolean().default(false),
    }),
    response: { status: 201, schema: z.object({ written: z.int(), counts: Counts }) },
    async handler(call) {
      const project = await opsProject(call, call.body.project);
      const result = await opsCall(() =>
        call.services.ops.importNetbox(
          project,
          call.body.netbox,
          actor(caller(call)),
          call.body.replace,
        ),
      );
      return { status: 201, body: result };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/inventory/netbox',
    access: 'viewer',
    tag: 'operations',
    summary: 'The inventory as NetBox DCIM JSON (what import-netbox reads)',
    query: ProjectQuery,
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      return { status: 200, body: await call.services.ops.exportNetbox(project) };
    },
  }),
  route({
    method: 'put',
    path: '/api/v1/inventory/:kind/:id',
    access: 'operator',
    tag: 'operations',
    summary: 'Create or replace one thing of a kind (racks, devices, gpus, feeds, ...)',
    query: ProjectQuery,
    body: z.record(z.string(), z.unknown()),
    response: { status: 200, schema: z.object({ created: z.boolean() }) },
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      const result = await opsCall(() =>
        call.services.ops.putItem(
          project,
          param(call, 'kind'),
          param(call, 'id'),
          call.body,
          actor(caller(call)),
        ),
      );
      return { status: result.created ? 201 : 200, body: result };
    },
  }),
  route({
    method: 'delete',
    path: '/api/v1/inventory/:kind/:id',
    access: 'operator',
    tag: 'operations',
    summary: 'Delete one thing (409 while something still sits in or on it)',
    query: ProjectQuery,
    response: { status: 204 },
    async handler(call) {
      const project = await opsProject(call, call.query.project);
      await opsCall(() =>
        call.services.ops.deleteItem(
          project,
          param(call, 'kind'),
          param(call, 'id'),
          actor(caller(call)),
        ),
      );
      return { status: 204, body: null };
    },
  }),
];
