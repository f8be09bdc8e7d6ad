// Users (admins manage them), each user's API tokens, and projects: the unit of access.
import { ROLES, type Store, type User } from '@aidc/store';
import { z } from 'zod';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { newToken, secretHash } from '../auth/secrets.js';
import { ApiError, notFound } from '../errors.js';
import { param, route } from '../route.js';
import { actor, caller } from './access.js';

const Name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'letters, digits and . _ @ -, up to 64')
  .describe('a user or project name');
const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1000);

const userView = (u: User) => ({
  id: u.id,
  name: u.name,
  role: u.role,
  disabled: u.disabled,
  createdAt: u.createdAt,
});
const UserView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
});

/** The ids of named projects, each created if it does not exist yet. */
async function projectIds(
  store: Store,
  names: readonly string[],
  by: { id: string | null; name: string },
) {
  const ids: string[] = [];
  for (const name of names) ids.push((await store.ensureProject(name, by)).id);
  return ids;
}

/**
 * A new user and their first API token (shown once). Used by `POST /users` and by
 * `aidc users add`, so both write the same rows and the same audit entries.
 */
export async function addUser(
  store: Store,
  input: {
    name: string;
    role: User['role'];
    password?: string | undefined;
    projects: readonly string[];
  },
  by: { id: string | null; name: string },
): Promise<{ user: User; token: string } | undefined> {
  const ids = await projectIds(store, input.projects, by);
  const user = await store.createUser(
    {
      name: input.name,
      role: input.role,
      passwordHash: input.password === undefined ? null : await hashPassword(input.password),
      projectIds: ids,
    },
    by,
  );
  if (!user) return undefined;
  const token = newToken();
  await store.createToken({ userId: user.id, name: 'first token', hash: secretHash(token) }, by);
  return { user, token };
}

export const accountRoutes = [
  route({
    method: 'get',
    path: '/api/v1/users',
    access: 'admin',
    tag: 'users',
    summary: 'Every user',
    response: { status: 200, schema: z.object({ users: z.array(UserView) }) },
    async handler(call) {
      return {
        status: 200,
        body: { users: (await call.services.store.listUsers()).map(userView) },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/users',
    access: 'admin',
    tag: 'users',
    summary: 'Add a user with a role and projects; returns their first API token, once',
    body: z.strictObject({
      name: Name,
      role: z.enum(ROLES),
      password: Password.optional().describe('for the web sign-in; scripts need only the token'),
      projects: z.array(Name).max(100).default(['default']),
    }),
    response: {
      status: 201,
      schema: z.object({ user: UserView, token: z.string().describe('shown only here') }),
    },
    async handler(call) {
      const made = await addUser(call.services.store, call.body, actor(caller(call)));
      if (!made) throw new ApiError('conflict', `a user named ${call.body.name} exists`);
      return { status: 201, body: { user: userView(made.user), token: made.token } };
    },
  }),
  route({
    method: 'patch',
    path: '/api/v1/users/:id',
    access: 'admin',
    tag: 'users',
    summary: "Change a user's role or password, or disable them (their sessions end)",
    body: z.strictObject({
      role: z.enum(ROLES).optional(),
      disabled: z.boolean().optional(),
      password: Password.optional(),
    }),
    response: { status: 200, schema: z.object({ user: UserView }) },
    async handler(call) {
      const { role, disabled, password } = call.body;
      const user = await call.services.store.updateUser(
        param(call, 'id'),
        {
          ...(role !== undefined ? { role } : {}),
          ...(disabled !== undefined ? { disabled } : {}),
          ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
        },
        actor(caller(call)),
      );
      if (!user) throw notFound(`user ${param(call, 'id')}`);
      return { status: 200, body: { user: userView(user) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/tokens',
    access: 'viewer',
    tag: 'tokens',
    summary: "The caller's live API tokens (never their values)",
    response: {
      status: 200,
      schema: z.object({
        tokens: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            createdAt: z.string(),
            lastUsedAt: z.string().nullable(),
          }),
        ),
      }),
    },
    async handler(call) {
      const who = caller(call);
      return { status: 200, body: { tokens: await call.services.store.listTokens(who.user.id) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/tokens',
    access: 'viewer',
    tag: 'tokens',
    summary: 'A new API token for the caller, shown once',
    body: z.strictObject({ name: z.string().min(1).max(100) }),
    response: { status: 201, schema: z.object({ id: z.string(), token: z.string() }) },
    async handler(call) {
      const who = caller(call);
      const token = newToken();
      const info = await call.services.store.createToken(
        { userId: who.user.id, name: call.body.name, hash: secretHash(token) },
        actor(who),
      );
      return { status: 201, body: { id: info.id, token } };
    },
  }),
  route({
    method: 'delete',
    path: '/api/v1/tokens/:id',
    access: 'viewer',
    tag: 'tokens',
    summary: 'Revoke one of the caller’s tokens',
    response: { status: 204 },
    async handler(call) {
      const who = caller(call);
      const ok = await call.services.store.revokeToken(param(call, 'id'), who.user.id, actor(who));
      if (!ok) throw notFound(`token ${param(call, 'id')}`);
      return { status: 204, body: null };
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/projects',
    access: 'viewer',
    tag: 'projects',
    summary: 'The projects the caller is a member of (every project, for admins)',
    response: {
      status: 200,
      schema: z.object({ projects: z.array(z.object({ id: z.string(), name: z.string() })) }),
    },
    async handler(call) {
      const who = caller(call);
      const projects = await call.services.store.listProjects(
        who.projects === 'all' ? undefined : who.user.id,
      );
      return { status: 200, body: { projects } };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/projects',
    access: 'admin',
    tag: 'projects',
    summary: 'Create a project',
    body: z.strictObject({ name: Name }),
    response: { status: 201, schema: z.object({ id: z.string(), name: z.string() }) },
    async handler(call) {
      const store = call.services.store;
      if (await store.findProject(call.body.name))
        throw new ApiError('conflict', `a project named ${call.body.name} exists`);
      const p = await store.ensureProject(call.body.name, actor(caller(call)));
      return { status: 201, body: p };
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/projects/:id/members',
    access: 'admin',
    tag: 'projects',
    summary: 'Add a user to a project',
    body: z.strictObject({ user: z.string().min(1).describe('user id or name') }),
    response: { status: 204 },
    async handler(call) {
      const store = call.services.store;
      const project = await store.findProject(param(call, 'id'));
      if (!project) throw notFound(`project ${param(call, 'id')}`);
      const user = await store.findUser(call.body.user);
      if (!user) throw notFound(`user ${call.body.user}`);
      await store.addMember(user.id, project.id, actor(caller(call)));
      return { status: 204, body: null };
    },
  }),
];
