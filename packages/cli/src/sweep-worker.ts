// A worker thread of `aidc sweep --jobs N`: plans (and with --simulate simulates) the variants it
// is sent, by index, and answers each with its row. bin/sweep-worker.js runs it from the CLI's
// bundle (with its code cache), the built code that `streamSweep` starts.
import { parentPort, workerData } from 'node:worker_threads';
import { runVariant, type SweepJob, type WorkerReply } from './sweep-command.js';

export function runSweepWorker(): void {
  const job = workerData as SweepJob;
  const port = parentPort;
  if (!port) throw new Error('sweep-worker runs as a worker thread of aidc sweep');

  port.on('message', (index: number) => {
    let reply: WorkerReply;
    try {
      reply = { index, ...runVariant(job, index) };
    } catch (error) {
      reply = { index, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}
