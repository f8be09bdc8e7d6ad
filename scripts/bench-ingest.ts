// npm run bench:ingest: telemetry ingest into SQLite with the built `aidc ops ingest`, in
// samples per second of parsing and committing (what the command reports as its ingest time:
// the process start, reading the file and the alert evaluation after it are not counted), and
// the process's peak resident memory. A DCGM-exporter-shaped file of HOSTS servers × 8 GPUs ×
// 8 fields is ingested into a fresh store (cold: every series is new) and then SCRAPES more
// files of the same series at later times (warm: the series exist), RUNS times each.
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

function ingest(db: string, file: string): Result {
  const r = spawnSync(
    process.execPath,
    [BIN, 'ops', 'ingest', file, '--db', `sqlite:${db}`, '--json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`aidc ops ingest exited ${r.status}: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as Result;
  if (out.rejected !== 0) throw new Error(`aidc ops ingest rejected ${out.rejected} lines`);
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const dir = mkdtempSync(join(tmpdir(), 'aidc-bench-ingest-'));
try {
  const now = Date.now();
  const files = Array.from({ length: SCRAPES + 1 }, (_, s) => {
    const file = join(dir, `scrape-${s}.prom`);
    // Timestamps in the last minutes: within the ingest's clock window.
    writeFileSync(file, scrape(s, now - (SCRAPES + 1 - s) * 15_000));
    return file;
  });
  const cold: number[] = [];
  const warm: number[] = [];
  const rss: number[] = [];
  let samples = 0;
  for (let run = 0; run < RUNS; run++) {
    const db = join(dir, `run-${run}.db`);
    const first = ingest(db, files[0]!);
    samples = first.accepted;
    cold.push(first.accepted / first.seconds);
    rss.push(first.maxRssMiB);
    for (const file of files.slice(1)) {
      const r = ingest(db, file);
      warm.push(r.accepted / r.seconds);
      rss.push(r.maxRssMiB);
    }
  }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `aidc ops ingest into SQLite, ${fmt(samples)} samples a file (${HOSTS} hosts × 8 GPUs × ${FIELDS.length} fields), built code:`,
  );
  console.log(`  cold (new series)     ${fmt(median(cold))} samples/s (median of ${cold.length})`);
  console.log(`  warm (known series)   ${fmt(median(warm))} samples/s (median of ${warm.length})`);
  console.log(`  peak resident memory  ${fmt(Math.max(...rss))} MiB (largest of ${rss.length} runs)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
