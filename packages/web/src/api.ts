// The aidc server's API as the web app calls it: same origin, the session cookie, and the CSRF
// token on every write. Errors come back as ApiFailure with the server's code and problems.
export interface Problem {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrf: string | undefined;

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const data = (text ? JSON.parse(text) : null) as Record<string, unknown> | null;
  if (!res.ok) {
    const error = (data?.['error'] ?? {}) as Record<string, unknown>;
    throw new ApiFailure(
      res.status,
      String(error['code'] ?? res.status),
      String(error['message'] ?? res.statusText),
      error,
    );
  }
  return data as T;
}

export interface Me {
  readonly user: { id: string; name: string; role: 'viewer' | 'planner' | 'operator' | 'admin' };
  readonly projects: { id: string; name: string }[];
  readonly csrfToken?: string;
}

export async function signIn(name: string, password: string): Promise<void> {
  const r = await api<{ csrfToken: string }>('POST', '/api/v1/auth/sign-in', { name, password });
  csrf = r.csrfToken;
}

export async function me(): Promise<Me> {
  const r = await api<Me>('GET', '/api/v1/me');
  if (r.csrfToken) csrf = r.csrfToken;
  return r;
}

export async function signOut(): Promise<void> {
  await api('POST', '/api/v1/auth/sign-out', {});
  csrf = undefined;
}

export interface ScenarioSummary {
  id: string;
  name: string;
  version: number;
  updatedAt: string;
}
export interface ScenarioDoc extends ScenarioSummary {
  latestVersion: number;
  yaml: string;
}
export interface JobView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: { done: number; total: number };
  result?: unknown;
  error?: string;
}

/** Follow a job's server-sent events until it ends; `onProgress` at each change. */
export function followJob(id: string, onProgress: (job: JobView) => void): Promise<JobView> {
  return new Promise((resolve, reject) => {
    const source = new EventSource(`/api/v1/jobs/${id}/events`, { withCredentials: true });
    source.addEventListener('progress', (e) => onProgress(JSON.parse((e as MessageEvent).data)));
    source.addEventListener('end', (e) => {
      source.close();
      const job = JSON.parse((e as MessageEvent).data) as JobView;
      onProgress(job);
      resolve(job);
    });
    source.onerror = () => {
      source.close();
      reject(new Error('the job stream closed'));
    };
  });
}

export const canWrite = (role: Me['user']['role']) => role === 'planner' || role === 'admin';
