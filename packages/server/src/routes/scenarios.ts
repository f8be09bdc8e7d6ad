// Scenarios with versions: each save is a new version on top of the one the writer read
// (`baseVersion`); a save on an older base is a 409, never a lost update.
import { parseScenario } from '@aidc/core';
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import { ApiError, invalidScenario } from '../errors.js';
import { param, route } from '../route.js';
import { actor, caller, targetProject, visibleScenario } from './access.js';

/** The scenario parser's own limit is 1 MB; the text field allows that and no more. */
const Yaml = z.string().max(1_000_000).describe('the scenario file (YAML or JSON)');
const ScenarioName = z.string().trim().min(1).max(200);
const VersionQuery = z.strictObject({
  version: z.coerce.number().int().positive().optional(),
});

function validOrThrow(yaml: string): void {
  const parsed = parseScenario(yaml);
  if (!parsed.ok) throw invalidScenario(parsed.issues);
}

const ScenarioView = z.object({
  id: z.string(),
  name: z.string(),
  project: z.string(),
  version: z.int(),
  latestVersion: z.int(),
  yaml: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const scenarioRoutes = [
  route({
    method: 'get',
    path: '/api/v1/scenarios',
    access: 'viewer',
    tag: 'scenarios',
    summary: 'The scenarios of the caller’s projects, latest first',
    response: {
      status: 200,
      schema: z.object({
        scenarios: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            project: z.string(),
            version: z.int(),
            updatedAt: z.string(),
          }),
        ),
      }),
    },
    async handler(call) {
      const who = caller(call);
      const rows = await call.services.store.listScenarios(who.projects);
      return {
        status: 200,
        body: {
          scenarios: rows.map((s) => ({
            id: s.id,
            name: s.name,
            project: s.projectId,
            version: s.version,
            updatedAt: s.updatedAt,
          })),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/scenarios',
    access: 'planner',
    tag: 'scenarios',
    summary: 'Save a new scenario (version 1); 400 with the problems if it does not validate',
    body: z.strictObject({
      name: ScenarioName,
      yaml: Yaml,
      project: z.string().min(1).optional().describe('project id or name'),
    }),
    response: { status: 201, schema: z.object({ id: z.string(), version: z.int() }) },
    async handler(call) {
      validOrThrow(call.body.yaml);
      const projectId = await targetProject(call, call.body.project);
      const made = await call.services.store.createScenario(
        { projectId, name: call.body.name, yaml: call.body.yaml },
        actor(caller(call)),
      );
      return { status: 201, body: made };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/scenarios/:id',
    access: 'viewer',
    tag: 'scenarios',
    summary: 'A scenario’s latest version, or `?version=N`',
    query: VersionQuery,
    response: { status: 200, schema: ScenarioView },
    async handler(call) {
      const s = await visibleScenario(call, param(call, 'id'), call.query.version);
      return {
        status: 200,
        body: {
          id: s.id,
          name: s.name,
          project: s.projectId,
          version: s.version,
          latestVersion: s.latestVersion,
          yaml: s.yaml,
          createdBy: s.createdBy,
          createdAt: s.createdAt,
        },
      };
    },
  }),
  route({
    method: 'put',
    path: '/api/v1/scenarios/:id',
    access: 'planner',
    tag: 'scenarios',
    summary: 'Save a new version on top of `baseVersion`; 409 if someone saved since',
    body: z.strictObject({
      yaml: Yaml,
      baseVersion: z.int().positive().describe('the version the text was edited from'),
      name: ScenarioName.optional(),
    }),
    response: { status: 200, schema: z.object({ id: z.string(), version: z.int() }) },
    async handler(call) {
      const id = param(call, 'id');
      await visibleScenario(call, id);
      validOrThrow(call.body.yaml);
      const saved = await call.services.store.saveScenarioVersion(
        {
          id,
          yaml: call.body.yaml,
          baseVersion: call.body.baseVersion,
          ...(call.body.name !== undefined ? { name: call.body.name } : {}),
        },
        actor(caller(call)),
      );
      if (!saved.ok && saved.reason === 'conflict')
        throw new ApiError(
          'conflict',
          `scenario ${id} is at version ${saved.currentVersion}, not ${call.body.baseVersion}: read it, merge, and save on top of ${saved.currentVersion}`,
          { currentVersion: saved.currentVersion },
        );
      if (!saved.ok) throw new ApiError('not-found', `no scenario ${id}`);
      return { status: 200, body: { id, version: saved.version } };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/scenarios/:id/versions',
    access: 'viewer',
    tag: 'scenarios',
    summary: 'Every version of a scenario: who saved it and when',
    response: {
      status: 200,
      schema: z.object({
        versions: z.array(
          z.object({ version: z.int(), createdBy: z.string(), createdAt: z.string() }),
        ),
      }),
    },
    async handler(call) {
      const s = await visibleScenario(call, param(call, 'id'));
      return {
        status: 200,
        body: { versions: await call.services.store.listScenarioVersions(s.id) },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/scenarios/:id/diff',
    access: 'viewer',
    tag: 'scenarios',
    summary: 'A unified diff between two versions (`?from=1&to=2`; `to` defaults to the latest)',
    query: z.strictObject({
      from: z.coerce.number().int().positive(),
      to: z.coerce.number().int().positive().optional(),
    }),
    response: {
      status: 200,
      schema: z.object({ from: z.int(), to: z.int(), diff: z.string() }),
    },
    async handler(call) {
      const id = param(call, 'id');
      const a = await visibleScenario(call, id, call.query.from);
      const b = await visibleScenario(call, id, call.query.to);
      const diff = createTwoFilesPatch(
        `${a.name} v${a.version}`,
        `${b.name} v${b.version}`,
        a.yaml,
        b.yaml,
        a.createdAt,
        b.createdAt,
      );
      return { status: 200, body: { from: a.version, to: b.version, diff } };
    },
  }),
];
