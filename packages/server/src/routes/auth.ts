// Sign-in for the web app: a session cookie (HttpOnly, SameSite=Strict, Secure) and a CSRF token
// that cookie-authenticated writes must echo in `X-CSRF-Token`. Scripts use bearer tokens.
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { verifyPassword } from '../auth/passwords.js';
import { newSecret, secretHash } from '../auth/secrets.js';
import { ApiError } from '../errors.js';
import { route } from '../route.js';
import { actor, caller } from './access.js';

export const SESSION_COOKIE = 'aidc_session';
/** Sessions last a working day (OWASP Session Management Cheat Sheet: short absolute timeouts). */
const SESSION_HOURS = 12;

const SignIn = z.strictObject({
  name: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
});

const UserView = z.object({ id: z.string(), name: z.string(), role: z.string() });

export const authRoutes = [
  route({
    method: 'post',
    path: '/api/v1/auth/sign-in',
    access: 'public',
    tag: 'auth',
    summary: 'Sign in with a name and password; sets the session cookie and returns the CSRF token',
    body: SignIn,
    response: {
      status: 200,
      schema: z.object({ user: UserView, csrfToken: z.string(), expiresAt: z.string() }),
    },
    async handler(call) {
      const { c, services, body } = call;
      let address = 'unknown';
      try {
        address = getConnInfo(c).remote.address ?? 'unknown';
      } catch {
        // not on a Node socket (in-memory requests in tests)
      }
      const wait = services.signInLimit(`${address}|${body.name}`);
      if (wait > 0)
        throw new ApiError(
          'rate-limited',
          'too many sign-in attempts; wait and try again',
          {},
          {
            'Retry-After': String(wait),
          },
        );
      const user = await services.store.findUser(body.name);
      const ok =
        user !== undefined &&
        !user.disabled &&
        user.passwordHash !== null &&
        (await verifyPassword(body.password, user.passwordHash));
      if (!ok || !user) {
        await services.store.recordRefusal(
          { id: null, name: body.name },
          'session.refused',
          'sessions',
        );
        throw new ApiError('unauthenticated', 'wrong name or password');
      }
      const session = newSecret();
      const csrf = newSecret();
      const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString();
      await services.store.createSession(
        { hash: secretHash(session), userId: user.id, csrf, expiresAt },
        { id: user.id, name: user.name },
      );
      setCookie(c, SESSION_COOKIE, session, {
        httpOnly: true,
        secure: services.secureCookies,
        sameSite: 'Strict',
        path: '/',
        maxAge: SESSION_HOURS * 3600,
      });
      return {
        status: 200,
        body: {
          user: { id: user.id, name: user.name, role: user.role },
          csrfToken: csrf,
          expiresAt,
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/auth/sign-out',
    access: 'viewer',
    tag: 'auth',
    summary: 'End the session of the cookie',
    response: { status: 204 },
    async handler(call) {
      const who = caller(call);
      const cookie = getCookie(call.c, SESSION_COOKIE);
      if (cookie) await call.services.store.deleteSession(secretHash(cookie), actor(who));
      deleteCookie(call.c, SESSION_COOKIE, { path: '/' });
      return { status: 204, body: null };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/me',
    access: 'viewer',
    tag: 'auth',
    summary: 'The signed-in user, their projects, and (for a cookie session) the CSRF token',
    response: {
      status: 200,
      schema: z.object({
        user: UserView,
        projects: z.array(z.object({ id: z.string(), name: z.string() })),
        csrfToken: z.string().optional(),
      }),
    },
    async handler(call) {
      const who = caller(call);
      const projects = await call.services.store.listProjects(
        who.projects === 'all' ? undefined : who.user.id,
      );
      return {
        status: 200,
        body: {
          user: { id: who.user.id, name: who.user.name, role: who.user.role },
          projects,
          ...(who.csrf !== undefined ? { csrfToken: who.csrf } : {}),
        },
      };
    },
  }),
];
