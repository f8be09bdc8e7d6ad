// Plans answer inline: a plan takes milliseconds, so the request waits for it. The plan JSON is
// exactly what `aidc plan --json` prints, stored with the scenario version and aidc version.
import { nonFiniteNumbers, parseScenario, planScenario } from '@aidc/core';
import { z } from 'zod';
import { invalidScenario, notFound } from '../errors.js';
import { canSee, param, route, without } from '../route.js';
import { actor, caller, visibleScenario } from './access.js';

const PlanMeta = {
  id: z.string(),
  scenarioId: z.string(),
  scenarioVersion: z.int(),
  aidcVersion: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
};

export const planRoutes = [
  route({
    method: 'post',
    path: '/api/v1/plans',
    access: 'planner',
    tag: 'plans',
    summary: 'Plan a scenario version (the latest if none is given) and keep the plan',
    body: z.strictObject({
      scenarioId: z.string().min(1),
      version: z.int().positive().optional(),
    }),
    response: {
      status: 201,
      schema: z.object({
        id: z.string(),
        scenarioVersion: z.int(),
        plan: z.record(z.string(), z.unknown()).describe('plan JSON (schemas/plan.schema.json)'),
      }),
    },
    async handler(call) {
      const s = await visibleScenario(call, call.body.scenarioId, call.body.version);
      // A stored version validated when it was saved; a later aidc may read it differently.
      const parsed = parseScenario(s.yaml);
      if (!parsed.ok) throw invalidScenario(parsed.issues);
      const plan = planScenario(parsed.scenario);
      const bad = nonFiniteNumbers(plan);
      if (bad.length > 0)
        throw new Error(`the plan has non-finite figures at ${bad.slice(0, 5).join(', ')}`);
      const stored = await call.services.store.createPlan(
        {
          projectId: s.projectId,
          scenarioId: s.id,
          scenarioVersion: s.version,
          aidcVersion: call.services.version,
          plan,
        },
        actor(caller(call)),
      );
      return { status: 201, body: { id: stored.id, scenarioVersion: s.version, plan } };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/plans/:id',
    access: 'viewer',
    tag: 'plans',
    summary: 'A stored plan with the scenario version and aidc version it came from',
    response: {
      status: 200,
      schema: z.object({ ...PlanMeta, plan: z.record(z.string(), z.unknown()) }),
    },
    async handler(call) {
      const who = caller(call);
      const p = await call.services.store.getPlan(param(call, 'id'));
      if (!p || !canSee(who, p.projectId)) throw notFound(`plan ${param(call, 'id')}`);
      return { status: 200, body: without(p, 'projectId') };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/scenarios/:id/plans',
    access: 'viewer',
    tag: 'plans',
    summary: 'The plans made of a scenario, newest first (without the plan documents)',
    response: { status: 200, schema: z.object({ plans: z.array(z.object(PlanMeta)) }) },
    async handler(call) {
      const s = await visibleScenario(call, param(call, 'id'));
      return { status: 200, body: { plans: await call.services.store.listPlans(s.id) } };
    },
  }),
];
