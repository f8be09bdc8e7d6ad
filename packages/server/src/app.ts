// The HTTP application: the route table mounted on Hono behind one pipeline — request id and
// log line, body limit, credentials (401), role (403), CSRF for cookie sessions (403), rate
// limit (429), body and query validation (400) — and one error mapper for every refusal.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ApiError, invalidRequest } from './errors.js';
import { secretHash } from './auth/secrets.js';
import { openApiDocument } from './openapi.js';
import { RateLimiter, DEFAULT_LIMITS, type RateLimit } from './rate-limit.js';
import { mayCall, type Principal, type Route, type Services } from './route.js';
import { ROUTES } from './routes/index.js';
import { DEFAULT_WEB_ROOT, webFiles } from './web-files.js';
import { SESSION_COOKIE } from './routes/auth.js';

export interface AppOptions {
  /** The largest request body, in bytes (a scenario is at most 1 MB; JSON escapes add some). */
  readonly maxBodyBytes?: number;
  readonly rateLimit?: RateLimit;
  readonly signInLimit?: RateLimit;
  /** The web app's built files (default packages/web/dist). */
  readonly webRoot?: string;
}

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

type Env = { Variables: { requestId: string; user?: string } };

function remoteAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

async function principalOf(c: Context, services: Services): Promise<Principal | undefined> {
  const { store } = services;
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (token === undefined)
      throw new ApiError('unauthenticated', 'the Authorization header must be "Bearer <token>"');
    const found = await store.useToken(secretHash(token));
    if (!found || found.user.disabled)
      throw new ApiError('unauthenticated', 'the token is not valid (revoked, or never issued)');
    const projects =
      found.user.role === 'admin' ? 'all' : await store.memberProjectIds(found.user.id);
    return { user: found.user, via: 'token', projects };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie !== undefined) {
    const hash = secretHash(cookie);
    const found = await store.findSession(hash);
    if (!found || found.user.disabled) return undefined;
    const projects =
      found.user.role === 'admin' ? 'all' : await store.memberProjectIds(found.user.id);
    return { user: found.user, via: 'session', csrf: found.csrf, sessionHash: hash, projects };
  }
  return undefined;
}

async function readBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new ApiError('bad-request', 'send the body as JSON (Content-Type: application/json)');
  const text = await c.req.text();
  try {
    return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new ApiError('bad-request', `the body is not JSON: ${(error as Error).message}`);
  }
}

function mount(app: Hono<Env>, r: Route, services: Services, limiter: RateLimiter): void {
  app.on(r.method.toUpperCase(), r.path, async (c) => {
    const principal = r.access === 'public' ? undefined : await principalOf(c, services);
    if (r.access !== 'public') {
      if (!principal)
        throw new ApiError(
          'unauthenticated',
          'sign in or send "Authorization: Bearer <token>"',
          {},
          {
            'WWW-Authenticate': 'Bearer realm="aidc"',
          },
        );
      c.set('user', principal.user.name);
      if (!mayCall(principal.user.role, r.access))
        throw new ApiError(
          'forbidden',
          `${r.method.toUpperCase()} ${r.path} needs the ${r.access} role; ${principal.user.name} is ${principal.user.role}`,
        );
      if (
        principal.via === 'session' &&
        r.method !== 'get' &&
        c.req.header('x-csrf-token') !== principal.csrf
      )
        throw new ApiError(
          'csrf',
          'a signed-in write must send the X-CSRF-Token header from sign-in',
        );
    }
    const wait = limiter.take(principal ? `user:${principal.user.id}` : `addr:${remoteAddress(c)}`);
    if (wait > 0)
      throw new ApiError(
        'rate-limited',
        `too many requests; try again in ${wait} s`,
        {},
        {
          'Retry-After': String(wait),
        },
      );
    let body: unknown;
    if (r.body) {
      const parsed = r.body.safeParse(await readBody(c));
      if (!parsed.success) throw invalidRequest('body', parsed.error);
      body = parsed.data;
    }
    let query: unknown = {};
    if (r.query) {
      const parsed = r.query.safeParse(c.req.query());
      if (!parsed.success) throw invalidRequest('query', parsed.error);
      query = parsed.data;
    }
    const reply = await r.handler({ c, body, query, params: c.req.param(), principal, services });
    if (reply instanceof Response) return reply;
    if (reply.status === 204) return c.body(null, 204);
    return c.json(reply.body, reply.status as 200);
  });
}

export function createApp(services: Services, options: AppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const limiter = new RateLimiter(options.rateLimit ?? DEFAULT_LIMITS.requests);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
    services.log({
      at: new Date().toISOString(),
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      // The route's pattern, not the URL: ids are fine, but queries could carry anything.
      path: c.req.routePath || new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(c.get('user') ? { user: c.get('user') } : {}),
    });
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBody,
      onError: () => {
        throw new ApiError('too-large', `the request body is larger than ${maxBody} bytes`, {
          limitBytes: maxBody,
        });
      },
    }),
  );

  app.get('/healthz', async (c) => {
    try {
      await services.store.ping();
      return c.json({ ok: true, version: services.version, store: services.store.dialect });
    } catch {
      return c.json({ ok: false, version: services.version, store: services.store.dialect }, 503);
    }
  });
  const openapi = openApiDocument(ROUTES, services.version);
  app.get('/api/v1/openapi.json', (c) => c.json(openapi));
  for (const r of ROUTES) mount(app, r, services, limiter);

  const web = webFiles(options.webRoot ?? DEFAULT_WEB_ROOT);
  app.get('*', (c, next) => (c.req.path.startsWith('/api/') ? next() : web(c)));

  app.notFound((c) =>
    c.json(
      new ApiError('not-found', `no route ${c.req.method} ${new URL(c.req.url).pathname}`).body(),
      404,
    ),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
      return c.json(error.body(), error.status as 400);
    }
    const requestId = c.get('requestId');
    services.log({
      at: new Date().toISOString(),
      level: 'error',
      msg: 'unhandled',
      requestId,
      error: error.message,
    });
    return c.json(
      { error: { code: 'internal', message: 'internal error; the server log has it', requestId } },
      500,
    );
  });
  return app;
}
