// The audit log: who did what, when, to which resource. Admins read all of it; others read the
// entries of their projects (account changes belong to no project and are for admins).
import { z } from 'zod';
import { route } from '../route.js';
import { caller } from './access.js';

export const auditRoutes = [
  route({
    method: 'get',
    path: '/api/v1/audit',
    access: 'viewer',
    tag: 'audit',
    summary: 'Audit entries, oldest first; `?after=SEQ` continues from the last one read',
    query: z.strictObject({
      after: z.coerce.number().int().nonnegative().optional(),
      limit: z.coerce.number().int().positive().max(1000).optional(),
    }),
    response: {
      status: 200,
      schema: z.object({
        entries: z.array(
          z.object({
            seq: z.int(),
            at: z.string(),
            user: z.string(),
            action: z.string(),
            resource: z.string(),
            project: z.string().nullable(),
            detail: z.unknown(),
          }),
        ),
      }),
    },
    async handler(call) {
      const who = caller(call);
      const entries = await call.services.store.listAudit(who.projects, {
        ...(call.query.after !== undefined ? { afterSeq: call.query.after } : {}),
        ...(call.query.limit !== undefined ? { limit: call.query.limit } : {}),
      });
      return {
        status: 200,
        body: {
          entries: entries.map(({ projectId, ...e }) => ({ ...e, project: projectId })),
        },
      };
    },
  }),
];
