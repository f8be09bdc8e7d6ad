// PrometheusSource against a real Prometheus (test-prometheus.ts) scraping the DCGM exporter
// fixture every second, plus the selector, step and error rules on their own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_POINTS_PER_SERIES,
  PrometheusSource,
  parseSampleValue,
  promqlSelector,
  queryStepMs,
} from './prometheus-source.js';
import {
  SKIP_PROMETHEUS,
  fixtureTargets,
  startTestPrometheus,
  type TestPrometheus,
} from './test-prometheus.js';
import { OpsStore, Store } from '@aidc/store';
import { SMALL_INVENTORY } from '../../../ops/src/inventory/small-inventory.fixture.js';
import { OpsService } from './ops-service.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/dcgm-exporter.prom', import.meta.url));
const DAY = 86_400_000;
const STEP = 250;
/**
 * A window from about `fromMs` to now whose end is one of its evaluation times (its start plus a
 * whole number of steps), so the latest scrape, however recent, is in the last point.
 */
function windowSince(fromMs: number): [number, number] {
  const until = Date.now();
  return [until - Math.ceil((until - fromMs) / STEP) * STEP, until];
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
async function close(server: Server) {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('PromQL selectors, steps and values', () => {
  it('writes matchers as PromQL string literals, escaping \\, " and line breaks', () => {
    expect(promqlSelector('DCGM_FI_DEV_GPU_TEMP', [])).toBe('DCGM_FI_DEV_GPU_TEMP');
    expect(
      promqlSelector('DCGM_FI_DEV_POWER_USAGE', [
        { label: 'Hostname', op: '=', value: 'hgx-a01' },
        { label: 'gpu', op: '=~', value: '[0-3]|\\d{2}' },
        { label: 'path', op: '!=', value: 'C:\\GPU "0"\nnext' },
        { label: 'modelName', op: '!~', value: '.*A100.*' },
      ]),
    ).toBe(
      'DCGM_FI_DEV_POWER_USAGE{Hostname="hgx-a01",gpu=~"[0-3]|\\\\d{2}",path!="C:\\\\GPU \\"0\\"\\nnext",modelName!~".*A100.*"}',
    );
    expect(() => promqlSelector('up{job="x"}', [])).toThrow(/not a Prometheus metric name/);
    expect(() => promqlSelector('up', [{ label: 'a-b', op: '=', value: '' }])).toThrow(
      /not a Prometheus label name/,
    );
  });

  it('keeps a range query under 11,000 points: the preferred step, or the window / 10,000', () => {
    expect(queryStepMs(0, 3_600_000, 15_000)).toBe(15_000); // an hour: 240 steps
    expect(queryStepMs(0, 10_000 * 15_000, 15_000)).toBe(15_000); // exactly 10,000 steps
    const month = queryStepMs(0, 30 * DAY, 15_000);
    expect(month).toBe(260_000); // 30 days / 10,000 = 259.2 s, rounded up to a second
    expect((30 * DAY) / month).toBeLessThanOrEqual(11_000);
    for (const days of [1, 7, 90, 365, 3650]) {
      const step = queryStepMs(0, days * DAY, 1000);
      expect((days * DAY) / step).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    }
    expect(queryStepMs(5, 5, 15_000)).toBe(15_000);
  });

  it('reads Prometheus sample values, NaN and infinities included', () => {
    expect(parseSampleValue('612.87')).toBe(612.87);
    expect(parseSampleValue('1e+21')).toBe(1e21);
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-Inf')).toBe(-Infinity);
    expect(() => parseSampleValue('')).toThrow(/not a sample value/);
    expect(() => parseSampleValue('hot')).toThrow(/not a sample value/);
  });

  it('refuses an address that is not an http(s) URL, saying what to give', () => {
    expect(() => new PrometheusSource('localhost:9090')).toThrow(/not http or https/);
    expect(() => new PrometheusSource('prometheus')).toThrow(/is not a URL.*http:\/\/127/);
    expect(() => new PrometheusSource('ftp://host:9090')).toThrow(/not http or https/);
    expect(() => new PrometheusSource('http://host:9090/?x=1')).toThrow(/query or fragment/);
    expect(new PrometheusSource('http://host:9090/').url).toBe('http://host:9090');
    expect(new PrometheusSource('https://u:secret@host/prom').url).toBe('https://host/prom');
  });
});

describe('PrometheusSource errors', () => {
  it('names the server and the refused connection when nothing listens', async () => {
    const server = await listen(() => undefined);
    const url = urlOf(server);
    await close(server); // the port is free now: nothing listens on it
    const source = new PrometheusSource(url);
    await expect(source.series('DCGM_FI_DEV_GPU_TEMP', [], 0, 60_000)).rejects.toThrow(
      `Prometheus at ${url} is unreachable for the /api/v1/query_range request (ECONNREFUSED)`,
    );
    await expect(source.ping()).rejects.toThrow(/is unreachable for the readiness check/);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const server = await listen(() => undefined); // accepts, never answers
    try {
      const source = new PrometheusSource(urlOf(server), { timeoutMs: 300 });
      await expect(source.instant('up', [], Date.now())).rejects.toThrow(
        `Prometheus at ${urlOf(server)} did not answer the /api/v1/query request within 0.3 s`,
      );
    } finally {
      await close(server);
    }
  });

  it('reports an HTTP failure that is not Prometheus JSON, and a not-ready server', async () => {
    const server = await listen((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway\n');
    });
    try {
      const source = new PrometheusSource(urlOf(server));
      await expect(source.series('up', [], 0, 60_000)).rejects.toThrow(
        /answered the \/api\/v1\/query_range request with HTTP 502 and no JSON: Bad Gateway/,
      );
      await expect(source.ping()).rejects.toThrow(/is not ready: \/-\/ready answered 502/);
    } finally {
      await close(server);
    }
  });
});

describe.skipIf(SKIP_PROMETHEUS)(
  SKIP_PROMETHEUS
    ? 'PrometheusSource on a real Prometheus (skipped: AIDC_SKIP_PROMETHEUS=1)'
    : 'PrometheusSource on a real Prometheus scraping the DCGM fixture',
  () => {
    let prometheus: TestPrometheus;
    let source: PrometheusSource;
    let startedMs: number;
    const targets = fixtureTargets(FIXTURE);
    // hgx-a02's GPU 5 heats up by a degree a scrape, from the fixture's value.
    const rising = /^(DCGM_FI_DEV_GPU_TEMP\{gpu="5",.*Hostname="hgx-a02".*\}) (\d+)$/m;
    const baseTemp = Number(rising.exec(targets[1]?.text ?? '')?.[2]);
    // A label value that needs escaping both in the exposition and in PromQL.
    const escaped = 'aidc_test_escaping{path="C:\\\\GPU \\"0\\"\\nnext"} 1\n';

    beforeAll(async () => {
      expect(targets.map((t) => t.instance)).toEqual(['hgx-a01:9400', 'hgx-a02:9400']);
      expect(baseTemp).toBeGreaterThan(0);
      startedMs = Date.now();
      prometheus = await startTestPrometheus([
        { instance: 'hgx-a01:9400', metrics: () => targets[0]!.text + escaped },
        {
          instance: 'hgx-a02:9400',
          metrics: (n) =>
            targets[1]!.text.replace(rising, (_l, s: string) => `${s} ${baseTemp + n}`),
        },
      ]);
      source = new PrometheusSource(prometheus.url, { stepMs: STEP });
    }, 20_000);

    afterAll(async () => {
      await prometheus?.stop();
    });

    it('is ready', async () => {
      await expect(source.ping()).resolves.toBeUndefined();
    });

    it("reads one GPU's power draw: the fixture's value at every step, with its labels", async () => {
      const series = await source.series(
        'DCGM_FI_DEV_POWER_USAGE',
        [
          { label: 'Hostname', op: '=', value: 'hgx-a01' },
          { label: 'gpu', op: '=', value: '3' },
        ],
        ...windowSince(startedMs),
      );
      expect(series).toHaveLength(1);
      const [s] = series;
      expect(s!.metric).toBe('DCGM_FI_DEV_POWER_USAGE');
      expect(s!.labels).toEqual({
        gpu: '3',
        UUID: 'GPU-a17c9ca0-be5a-6f60-452f-6b487cc62a6b',
        pci_bus_id: '00000000:5D:00.0',
        device: 'nvidia3',
        modelName: 'NVIDIA H100 80GB HBM3',
        Hostname: 'hgx-a01',
        DCGM_FI_DRIVER_VERSION: '535.161.08',
        instance: 'hgx-a01:9400',
        job: 'dcgm-exporter',
      });
      expect(s!.points.length).toBeGreaterThan(0);
      for (const p of s!.points) expect(p.value).toBe(580.728); // the fixture's line
      const times = s!.points.map((p) => p.tsMs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBe(STEP);

      const now = await source.instant(
        'DCGM_FI_DEV_POWER_USAGE',
        [{ label: 'Hostname', op: '=', value: 'hgx-a02' }],
        Date.now(),
      );
      expect(now.map((x) => x.labels['gpu']).sort()).toEqual([
        '0',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
      ]);
      expect(now.find((x) => x.labels['gpu'] === '3')?.points[0]?.value).toBe(637.806);
    });

    it('selects with regular expressions and negations, anchored as PromQL anchors them', async () => {
      const [since, until] = windowSince(Date.now() - 10_000);
      const gpus = (series: readonly { labels: Readonly<Record<string, string>> }[]) =>
        series.map((s) => `${s.labels['Hostname']}/${s.labels['gpu']}`).sort();
      const low = await source.series(
        'DCGM_FI_DEV_GPU_UTIL',
        [
          { label: 'Hostname', op: '=~', value: 'hgx-a0[12]' },
          { label: 'gpu', op: '=~', value: '[0-3]' },
          { label: 'gpu', op: '!=', value: '2' },
        ],
        since,
        until,
      );
      expect(gpus(low)).toEqual([
        'hgx-a01/0',
        'hgx-a01/1',
        'hgx-a01/3',
        'hgx-a02/0',
        'hgx-a02/1',
        'hgx-a02/3',
      ]);
      // `=~ "hgx"` is anchored: it matches no Hostname.
      expect(
        await source.series(
          'DCGM_FI_DEV_GPU_UTIL',
          [{ label: 'Hostname', op: '=~', value: 'hgx' }],
          since,
          until,
        ),
      ).toEqual([]);
      const xid = await source.instant(
        'DCGM_FI_DEV_XID_ERRORS',
        [{ label: 'Hostname', op: '!~', value: '.*01' }],
        until,
      );
      expect(xid).toHaveLength(8);
      expect(xid.filter((s) => s.points[0]?.value !== 0).map((s) => s.labels['gpu'])).toEqual([
        '6',
      ]);
    });

    it('round-trips a label value with a backslash, quotes and a line break', async () => {
      const value = 'C:\\GPU "0"\nnext';
      const series = await source.instant(
        'aidc_test_escaping',
        [{ label: 'path', op: '=', value }],
        Date.now(),
      );
      expect(series).toHaveLength(1);
      expect(series[0]!.labels['path']).toBe(value);
    });

    it("follows a scripted series: hgx-a02's GPU 5 warming a degree a scrape", async () => {
      while (prometheus.scrapes('hgx-a02:9400') < 4) await new Promise((r) => setTimeout(r, 200));
      const series = await source.series(
        'DCGM_FI_DEV_GPU_TEMP',
        [
          { label: 'Hostname', op: '=', value: 'hgx-a02' },
          { label: 'gpu', op: '=', value: '5' },
        ],
        ...windowSince(startedMs),
      );
      const values = series[0]!.points.map((p) => p.value);
      expect(values[0]).toBe(baseTemp);
      expect(values[values.length - 1]).toBeGreaterThanOrEqual(baseTemp + 2);
      for (let i = 1; i < values.length; i += 1) {
        expect(values[i]! - values[i - 1]!).toBeGreaterThanOrEqual(0);
        expect(values[i]! - values[i - 1]!).toBeLessThanOrEqual(1);
      }
    }, 15_000);

    it('asks a long window at a coarser step, which Prometheus accepts; its own limit is real', async () => {
      const until = Date.now();
      const step = queryStepMs(until - 90 * DAY, until, STEP);
      const since = until - MAX_POINTS_PER_SERIES * step; // `until` is then an evaluation time
      expect(step).toBe(778_000); // 90 days / 10,000 = 777.6 s, rounded up
      expect(queryStepMs(since, until, STEP)).toBe(step);
      const series = await source.series(
        'DCGM_FI_DEV_POWER_USAGE',
        [
          { label: 'Hostname', op: '=', value: 'hgx-a01' },
          { label: 'gpu', op: '=', value: '3' },
        ],
        since,
        until,
      );
      expect(series).toHaveLength(1);
      expect(series[0]!.points.at(-1)).toEqual({ tsMs: until, value: 580.728 });
      // The same window at a one-second step is more than Prometheus evaluates.
      await expect(
        source.queryRange('DCGM_FI_DEV_POWER_USAGE', since, until, 1000),
      ).rejects.toThrow(
        `Prometheus at ${prometheus.url} rejected the /api/v1/query_range request (HTTP 400, bad_data): exceeded maximum resolution of 11,000 points per timeseries`,
      );
    });

    it('reports a PromQL error and a bad regular expression with the server and the query', async () => {
      await expect(source.queryRange('sum(DCGM_FI_DEV_GPU_UTIL', 0, 1000, 1000)).rejects.toThrow(
        /^Prometheus at http:\/\/127\.0\.0\.1:\d+ rejected the \/api\/v1\/query_range request \(HTTP 400, bad_data\): .*parse error.*; query: sum\(DCGM_FI_DEV_GPU_UTIL$/,
      );
      await expect(
        source.series('DCGM_FI_DEV_GPU_UTIL', [{ label: 'gpu', op: '=~', value: '((' }], 0, 1000),
      ).rejects.toThrow(/rejected the \/api\/v1\/query_range request \(HTTP 400, bad_data\): .*/);
      expect(prometheus.stderr()).toBe('');
    });

    it('is what the operations service reads: alerts and headroom from Prometheus, not the store', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aidc-ops-prom-'));
      const store = await Store.open({ dialect: 'sqlite', target: join(dir, 'aidc.db') });
      try {
        const actor = { id: null, name: 'test' };
        const project = (await store.ensureProject('default', actor)).id;
        const ops = new OpsService(new OpsStore(store), { telemetry: source });
        // The fixture's two hosts as one rack of the small test inventory.
        const d1 = SMALL_INVENTORY.devices[0]!;
        await ops.importInventory(
          project,
          {
            ...SMALL_INVENTORY,
            devices: [
              { ...d1, name: 'hgx-a01' },
              { ...d1, id: 'd2', name: 'hgx-a02', position: 9 },
            ],
          },
          actor,
          { replace: true, action: 'inventory.import' },
        );
        // The default rules: hgx-a02's GPU 6 shows XID 79 (fallen off the bus), a hardware XID.
        const result = await ops.evaluate(project);
        expect(result.errors).toEqual([]);
        const firing = (await ops.alerts(project)).filter((a) => a.state === 'firing');
        expect(firing.map((a) => [a.rule, a.labels['Hostname'], a.labels['gpu']])).toContainEqual([
          'xid_hardware',
          'hgx-a02',
          '6',
        ]);
        // Nothing was ingested into the store, yet both hosts are measured.
        expect((await store.db.selectFrom('ops_samples').selectAll().execute()).length).toBe(0);
        const { headroom } = await ops.headroomOf(project);
        const rack = headroom.racks[0]!;
        expect(rack.basis).toBe('measured');
        expect(rack.measuredDevices).toBe(2);
        expect(rack.measuredKW).toBeGreaterThan(0);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
