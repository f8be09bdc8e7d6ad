// The OpenAPI 3.1 document of the route table, with request and response schemas generated from
// the same zod schemas that validate requests (zod 4's JSON Schema output is draft 2020-12,
// the dialect of OpenAPI 3.1).
import { z } from 'zod';
import type { Route } from './route.js';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        problems: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: {
              path: { type: 'string' },
              message: { type: 'string' },
              line: { type: 'integer' },
              column: { type: 'integer' },
              expected: { type: 'string' },
              found: { type: 'string' },
              hint: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out['$schema'];
  return out;
};

const ERRORS: Record<string, string> = {
  '400': 'the body, query or scenario is not valid (problems with key paths and lines)',
  '401': 'no credentials, or a token that is not valid',
  '403': 'the caller’s role may not do this, or a cookie write without the CSRF token',
  '404': 'no such resource in the caller’s projects',
  '409': 'a version conflict, or a name that exists',
  '413': 'the body is too large',
  '429': 'rate-limited (Retry-After says when to retry)',
};

export function openApiDocument(
  routes: readonly Route[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (r.query) {
      const q = jsonSchema(r.query, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(q.properties ?? {}))
        parameters.push({
          name,
          in: 'query',
          required: q.required?.includes(name) ?? false,
          schema,
        });
    }
    const status = String(r.response?.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: {
        description: 'success',
        ...(r.response?.schema
          ? { content: { 'application/json': { schema: jsonSchema(r.response.schema, 'output') } } }
          : {}),
      },
    };
    for (const [code, description] of Object.entries(ERRORS)) {
      if (r.access === 'public' && (code === '401' || code === '403')) continue;
      responses[code] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    (paths[path] ??= {})[r.method] = {
      operationId: `${r.method}${path.replace(/[^A-Za-z0-9]+(\w)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      summary: r.summary,
      tags: [r.tag],
      'x-aidc-role': r.access,
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  paths['/healthz'] = {
    get: {
      operationId: 'getHealthz',
      summary: 'Liveness and the store’s reachability (public)',
      tags: ['system'],
      'x-aidc-role': 'public',
      security: [],
      responses: { '200': { description: 'up' }, '503': { description: 'the store is down' } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'aidc API',
      version,
      description:
        'Plan, simulate and run data centers for large AI models: scenarios with versions, plans, sweeps, simulations, accounts and the audit log.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'an API token (aidc users add, POST /api/v1/tokens)',
        },
        session: { type: 'apiKey', in: 'cookie', name: 'aidc_session' },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
