// npm run bench:ingest: telemetry ingest into SQLite with the built `aidc ops ingest`, in
// samples per second of parsing and committing (what the command reports for each file: the
// process start, reading the file and the alert evaluation after it are not counted), and the
// process's peak resident memory. DCGM-exporter-shaped scrapes of HOSTS servers × 8 GPUs × 8
// fields, RUNS times:
// - new series: the first scrape into a fresh store (every series is created);
// - new process: one more scrape by a second process (the series exist; its cache loads them);
// - steady: SCRAPES scrapes in one process, after its first (what a long-running ingest does).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const BIN = join(root, 'packages/cli/bin/aidc.js');
const HOSTS = Number(process.env['HOSTS'] ?? 1000);
const SCRAPES = Number(process.env['SCRAPES'] ?? 8);
const RUNS = Number(process.env['RUNS'] ?? 3);

const FIELDS: readonly [string, string, (h: number, g: number, s: number) => number][] = [
  ['DCGM_FI_DEV_GPU_UTIL', 'gauge', (h, g, s) => (h * 7 + g * 3 + s) % 101],
  ['DCGM_FI_DEV_POWER_USAGE', 'gauge', (h, g, s) => 450 + ((h + g + s) % 250) + 0.25],
  ['DCGM_FI_DEV_GPU_TEMP', 'gauge', (h, g) => 55 + ((h + g) % 20)],
  ['DCGM_FI_DEV_MEMORY_TEMP', 'gauge', (h, g) => 60 + ((h + g) % 20)],
  ['DCGM_FI_DEV_XID_ERRORS', 'gauge', () => 0],
  ['DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', 'gauge', (h, g, s) => ((h + g + s) % 100) / 100],
  ['DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'gauge', (h, g, s) => ((h + 2 * g + s) % 100) / 100],
  ['DCGM_FI_DEV_FB_USED', 'gauge', (h, g) => 60_000 + h + g],
];

/** One scrape of every host, timestamped, as dcgm-exporter writes it (one file for the fleet). */
function scrape(s: number, tsMs: number): string {
  const lines: string[] = [];
  for (const [name, type, value] of FIELDS) {
    lines.push(`# HELP ${name} ${name}.`, `# TYPE ${name} ${type}`);
    for (let h = 0; h < HOSTS; h++)
      for (let g = 0; g < 8; g++)
        lines.push(
          `${name}{gpu="${g}",UUID="GPU-${h.toString(16).padStart(8, '0')}-${g}",pci_bus_id="00000000:${(0x18 + g * 0x10).toString(16).toUpperCase()}:00.0",device="nvidia${g}",modelName="NVIDIA H100 80GB HBM3",Hostname="gpu-${String(h).padStart(5, '0')}",DCGM_FI_DRIVER_VERSION="550.54.15"} ${value(h, g, s)} ${tsMs}`,
        );
  }
  return lines.join('\n') + '\n';
}

interface Result {
  accepted: number;
  rejected: number;
  seconds: number;
  maxRssMiB: number;
}

function ingest(db: string, files: string[]): Result[] {
  const r = spawnSync(
    process.execPath,
    [BIN, 'ops', 'ingest', ...files, '--db', `sqlite:${db}`, '--json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`aidc ops ingest exited ${r.status}: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as Result | { files: Result[] };
  const results = 'files' in out ? out.files : [out];
  for (const x of results)
    if (x.rejected !== 0) throw new Error(`aidc ops ingest rejected ${x.rejected} lines`);
  return results;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const dir = mkdtempSync(join(tmpdir(), 'aidc-bench-ingest-'));
try {
  const now = Date.now();
  const files = Array.from({ length: SCRAPES + 2 }, (_, s) => {
    const file = join(dir, `scrape-${s}.prom`);
    // Timestamps in the last minutes: within the ingest's clock window.
    writeFileSync(file, scrape(s, now - (SCRAPES + 2 - s) * 15_000));
    return file;
  });
  const fresh: number[] = [];
  const reopened: number[] = [];
  const steady: number[] = [];
  const rss: number[] = [];
  let samples = 0;
  for (let run = 0; run < RUNS; run++) {
    const db = join(dir, `run-${run}.db`);
    const [first] = ingest(db, [files[0]!]);
    samples = first!.accepted;
    fresh.push(first!.accepted / first!.seconds);
    const [second, ...rest] = ingest(db, files.slice(1));
    reopened.push(second!.accepted / second!.seconds);
    for (const r of rest) steady.push(r.accepted / r.seconds);
    rss.push(first!.maxRssMiB, ...rest.map((r) => r.maxRssMiB));
  }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `aidc ops ingest into SQLite, ${fmt(samples)} samples a scrape (${HOSTS} hosts × 8 GPUs × ${FIELDS.length} fields), built code:`,
  );
  console.log(`  new series         ${fmt(median(fresh))} samples/s (median of ${fresh.length})`);
  console.log(
    `  new process        ${fmt(median(reopened))} samples/s (median of ${reopened.length})`,
  );
  console.log(`  steady             ${fmt(median(steady))} samples/s (median of ${steady.length})`);
  console.log(`  peak resident memory  ${fmt(Math.max(...rss))} MiB (largest of the processes)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
