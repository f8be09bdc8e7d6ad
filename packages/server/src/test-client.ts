// A scripted client for the server's tests: JSON in and out, a bearer token or a cookie jar.
export interface Reply<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export class Client {
  private cookie: string | undefined;
  csrf: string | undefined;

  constructor(
    readonly base: string,
    public token?: string,
  ) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h['authorization'] = `Bearer ${this.token}`;
    if (this.cookie) h['cookie'] = this.cookie;
    if (body !== undefined) h['content-type'] ??= 'application/json';
    const res = await fetch(this.base + path, {
      method,
      headers: h,
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // a stream or plain text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = Record<string, unknown>>(path: string) => this.call<T>('GET', path);
  post = <T = Record<string, unknown>>(path: string, body?: unknown) =>
    this.call<T>('POST', path, body ?? {});
  put = <T = Record<string, unknown>>(path: string, body: unknown) =>
    this.call<T>('PUT', path, body);

  /** Wait for a job's `end` event on its server-sent event stream; the events seen. */
  async events(jobId: string): Promise<{ event: string; data: Record<string, unknown> }[]> {
    const res = await fetch(`${this.base}/api/v1/jobs/${jobId}/events`, {
      headers: { authorization: `Bearer ${this.token ?? ''}` },
    });
    const text = await res.text();
    return text
      .split('\n\n')
      .filter((block) => block.includes('data:'))
      .map((block) => {
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? '{}';
        return { event, data: JSON.parse(data) as Record<string, unknown> };
      });
  }
}
