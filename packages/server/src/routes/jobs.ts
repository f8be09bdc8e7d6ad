// Sweeps and simulations are jobs: the request is checked and stored, answered 202 with the job,
// and run off the request. Poll `GET /jobs/:id` or stream `GET /jobs/:id/events`.
import { VaryError } from '@aidc/core';
import { JOB_KINDS, JOB_STATUSES, type Job, type JobKind } from '@aidc/store';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import {
  RequestProblem,
  SimulationRequest,
  SweepRequest,
  simulationProblem,
  sweepSize,
} from '../jobs/compute.js';
import { ApiError, notFound } from '../errors.js';
import { canSee, jobView, param, route, without, type Call } from '../route.js';
import { actor, caller, visibleScenario } from './access.js';

const JobView = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  status: z.enum(JOB_STATUSES),
  scenarioId: z.string(),
  scenarioVersion: z.int(),
  progress: z.object({ done: z.int(), total: z.int() }),
  request: z.unknown(),
  result: z.unknown().optional().describe('when succeeded: the sweep rows or the simulation JSON'),
  error: z.string().optional(),
  aidcVersion: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

async function visibleJob(call: Call<unknown, unknown>, kind?: JobKind): Promise<Job> {
  const who = caller(call);
  const job = await call.services.store.getJob(param(call, 'id'));
  if (!job || !canSee(who, job.projectId) || (kind !== undefined && job.kind !== kind))
    throw notFound(`${kind ?? 'job'} ${param(call, 'id')}`);
  return job;
}

function jobRoutesOf(kind: JobKind, plural: string) {
  return [
    route({
      method: 'get',
      path: `/api/v1/${plural}/:id`,
      access: 'viewer',
      tag: plural,
      summary: `A ${kind} job: status, progress and, when done, its result`,
      response: { status: 200, schema: JobView },
      async handler(call) {
        return { status: 200, body: jobView(await visibleJob(call, kind)) };
      },
    }),
  ];
}

export const jobRoutes = [
  route({
    method: 'post',
    path: '/api/v1/sweeps',
    access: 'planner',
    tag: 'sweeps',
    summary: 'Start a sweep of a scenario version over the varied keys (202 with the job)',
    body: SweepRequest,
    response: { status: 202, schema: JobView },
    async handler(call) {
      const s = await visibleScenario(call, call.body.scenarioId, call.body.version);
      let total: number;
      try {
        total = sweepSize(s.yaml, call.body);
      } catch (error) {
        if (error instanceof RequestProblem || error instanceof VaryError)
          throw new ApiError('bad-request', (error as Error).message, {
            problems: [{ path: 'vary', message: (error as Error).message }],
          });
        throw error;
      }
      const job = await call.services.store.createJob(
        {
          projectId: s.projectId,
          kind: 'sweep',
          scenarioId: s.id,
          scenarioVersion: s.version,
          request: call.body,
          total,
          aidcVersion: call.services.version,
        },
        actor(caller(call)),
      );
      call.services.runner.enqueue(job.id);
      return { status: 202, body: jobView(job) };
    },
  }),
  ...jobRoutesOf('sweep', 'sweeps'),
  route({
    method: 'post',
    path: '/api/v1/simulations',
    access: 'planner',
    tag: 'simulations',
    summary: 'Start a simulation of a scenario version’s planned cluster (202 with the job)',
    body: SimulationRequest,
    response: { status: 202, schema: JobView },
    async handler(call) {
      const s = await visibleScenario(call, call.body.scenarioId, call.body.version);
      const problem = simulationProblem(s.yaml, call.body);
      if (problem)
        throw new ApiError('bad-request', problem, {
          problems: [{ path: 'scenarioId', message: problem }],
        });
      const kept = without(call.body, 'traceText');
      const job = await call.services.store.createJob(
        {
          projectId: s.projectId,
          kind: 'simulation',
          scenarioId: s.id,
          scenarioVersion: s.version,
          // The trace's text stays in the request so a requeued job can run again.
          request: call.body.traceText === undefined ? kept : call.body,
          total: 1,
          aidcVersion: call.services.version,
        },
        actor(caller(call)),
      );
      call.services.runner.enqueue(job.id);
      return { status: 202, body: jobView(job) };
    },
  }),
  ...jobRoutesOf('simulation', 'simulations'),
  route({
    method: 'get',
    path: '/api/v1/jobs',
    access: 'viewer',
    tag: 'jobs',
    summary: 'The latest 500 jobs of the caller’s projects (`?kind=`, `?status=`)',
    query: z.strictObject({
      kind: z.enum(JOB_KINDS).optional(),
      status: z.enum(JOB_STATUSES).optional(),
    }),
    response: {
      status: 200,
      schema: z.object({ jobs: z.array(JobView.omit({ result: true })) }),
    },
    async handler(call) {
      const who = caller(call);
      const jobs = await call.services.store.listJobs(who.projects, {
        ...(call.query.kind ? { kind: call.query.kind } : {}),
        ...(call.query.status ? { status: call.query.status } : {}),
      });
      return {
        status: 200,
        body: {
          jobs: jobs.map((j) => {
            return without(jobView(j), 'result');
          }),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/jobs/:id',
    access: 'viewer',
    tag: 'jobs',
    summary: 'A job of either kind',
    response: { status: 200, schema: JobView },
    async handler(call) {
      return { status: 200, body: jobView(await visibleJob(call)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/jobs/:id/cancel',
    access: 'planner',
    tag: 'jobs',
    summary: 'Cancel a queued or running job (a sweep stops between variants)',
    response: { status: 200, schema: JobView },
    async handler(call) {
      const job = await visibleJob(call);
      if (job.status !== 'queued' && job.status !== 'running')
        throw new ApiError('conflict', `job ${job.id} has already ${job.status}`);
      call.services.runner.cancel(job.id);
      await call.services.store.cancelJob(job.id, actor(caller(call)));
      const now = await call.services.store.getJob(job.id);
      return { status: 200, body: jobView(now ?? job) };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/jobs/:id/events',
    access: 'viewer',
    tag: 'jobs',
    summary:
      'Server-sent events: `progress` with the job (without its result) at each change, then `end` with the whole job',
    response: { status: 200 },
    async handler(call) {
      const first = await visibleJob(call);
      const { runner, store } = call.services;
      return streamSSE(call.c, async (stream) => {
        const ended = (j: Job) => !['queued', 'running'].includes(j.status);
        const send = async (j: Job) => {
          const view = jobView(j);
          if (ended(j)) await stream.writeSSE({ event: 'end', data: JSON.stringify(view) });
          else {
            const rest = without(view, 'result');
            await stream.writeSSE({ event: 'progress', data: JSON.stringify(rest) });
          }
        };
        if (ended(first)) return send(first);
        await new Promise<void>((resolve) => {
          let done = false;
          const finish = () => {
            if (done) return;
            done = true;
            unsubscribe();
            clearInterval(poll);
            resolve();
          };
          const onJob = (j: Job) => {
            void send(j).then(() => ended(j) && finish());
          };
          const unsubscribe = runner.subscribe(first.id, onJob);
          // The store is the truth (another server may run the job): read it every few seconds.
          const poll = setInterval(() => {
            void store.getJob(first.id).then((j) => j && onJob(j));
          }, 2000);
          stream.onAbort(finish);
          void store.getJob(first.id).then((j) => j && onJob(j));
        });
      });
    },
  }),
];
