// What the handlers share: the signed-in caller, the scenario or project they may touch, and the
// actor written into the audit log.
import type { Actor, ScenarioVersion } from '@aidc/store';
import { ApiError, notFound } from '../errors.js';
import { canSee, type Call, type Principal } from '../route.js';

/** The caller of a route that is not public (the app has already refused anonymous calls). */
export function caller(call: Call<unknown, unknown>): Principal {
  if (!call.principal) throw new ApiError('unauthenticated', 'sign in or send a bearer token');
  return call.principal;
}

export function actor(principal: Principal): Actor & { id: string } {
  return { id: principal.user.id, name: principal.user.name };
}

/** A scenario version the caller may see; 404 otherwise (other projects' scenarios do not exist for them). */
export async function visibleScenario(
  call: Call<unknown, unknown>,
  id: string,
  version?: number,
): Promise<ScenarioVersion> {
  const who = caller(call);
  const found = await call.services.store.getScenario(id, version);
  if (!found || !canSee(who, found.projectId))
    throw notFound(version === undefined ? `scenario ${id}` : `scenario ${id} version ${version}`);
  return found;
}

/**
 * The project a new scenario goes to: the one named, else the caller's only project, else the
 * `default` project if the caller is in it.
 */
export async function targetProject(call: Call<unknown, unknown>, named?: string): Promise<string> {
  const who = caller(call);
  const store = call.services.store;
  if (named !== undefined) {
    const p = await store.findProject(named);
    if (!p || !canSee(who, p.id)) throw notFound(`project ${named}`);
    return p.id;
  }
  const mine = who.projects === 'all' ? undefined : who.projects;
  if (mine?.length === 1 && mine[0] !== undefined) return mine[0];
  const fallback = await store.findProject('default');
  if (fallback && canSee(who, fallback.id)) return fallback.id;
  throw new ApiError('bad-request', 'say which project this is for ("project")', {
    problems: [{ path: 'project', message: 'required: you are in several projects' }],
  });
}
