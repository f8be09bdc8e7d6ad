// A worker's /metrics, in the Prometheus text format (version 0.0.4): the queue as Redis holds
// it (jobs by state, workers connected), this worker's jobs in progress, and its finished jobs'
// counts and durations.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Job duration buckets, seconds: a sweep chunk takes about a second, a simulation minutes. */
export const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

export type Outcome = 'completed' | 'failed' | 'cancelled' | 'handed_back';

export class WorkerMetrics {
  private readonly counts = new Map<string, number>();
  private readonly histograms = new Map<string, { buckets: number[]; sum: number; n: number }>();
  active = 0;
  variants = 0;

  constructor(readonly concurrency: number) {}

  finished(kind: string, outcome: Outcome, seconds: number): void {
    const key = `${kind}\u0000${outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (outcome !== 'completed') return;
    const h = this.histograms.get(kind) ?? {
      buckets: DURATION_BUCKETS.map(() => 0),
      sum: 0,
      n: 0,
    };
    DURATION_BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.buckets[i] = (h.buckets[i] ?? 0) + 1;
    });
    h.sum += seconds;
    h.n++;
    this.histograms.set(kind, h);
  }

  /** The exposition text, with the queue's figures read at scrape time. */
  render(queue: { counts: Record<string, number>; workers: number } | undefined): string {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string) =>
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    if (queue) {
      metric('aidc_queue_jobs', 'gauge', 'Jobs in the queue by state (all workers).');
      for (const [state, n] of Object.entries(queue.counts))
        out.push(`aidc_queue_jobs{state="${state}"} ${n}`);
      metric('aidc_queue_workers', 'gauge', 'Workers connected to the queue (all machines).');
      out.push(`aidc_queue_workers ${queue.workers}`);
    }
    metric('aidc_queue_up', 'gauge', 'Whether Redis answered this scrape.');
    out.push(`aidc_queue_up ${queue ? 1 : 0}`);
    metric('aidc_worker_active_jobs', 'gauge', "This worker's jobs in progress.");
    out.push(`aidc_worker_active_jobs ${this.active}`);
    metric('aidc_worker_concurrency', 'gauge', 'Jobs this worker runs at once.');
    out.push(`aidc_worker_concurrency ${this.concurrency}`);
    metric('aidc_worker_variants_total', 'counter', 'Sweep variants this worker planned.');
    out.push(`aidc_worker_variants_total ${this.variants}`);
    metric('aidc_worker_jobs_total', 'counter', "This worker's finished jobs by kind and outcome.");
    for (const [key, n] of [...this.counts].sort()) {
      const [kind, outcome] = key.split('\u0000');
      out.push(`aidc_worker_jobs_total{kind="${kind}",outcome="${outcome}"} ${n}`);
    }
    metric('aidc_worker_job_duration_seconds', 'histogram', "This worker's completed jobs.");
    for (const [kind, h] of [...this.histograms].sort()) {
      DURATION_BUCKETS.forEach((b, i) =>
        out.push(
          `aidc_worker_job_duration_seconds_bucket{kind="${kind}",le="${b}"} ${h.buckets[i]}`,
        ),
      );
      out.push(`aidc_worker_job_duration_seconds_bucket{kind="${kind}",le="+Inf"} ${h.n}`);
      out.push(`aidc_worker_job_duration_seconds_sum{kind="${kind}"} ${h.sum}`);
      out.push(`aidc_worker_job_duration_seconds_count{kind="${kind}"} ${h.n}`);
    }
    return out.join('\n') + '\n';
  }
}

/** An HTTP server answering GET /metrics (and 404 for anything else). */
export async function serveMetrics(
  host: string,
  port: number,
  render: () => Promise<string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    render().then(
      (text) =>
        res
          .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
          .end(text),
      (error: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  const shown = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return {
    url: `http://${shown}:${a.port}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
