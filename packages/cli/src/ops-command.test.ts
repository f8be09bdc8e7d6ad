// `aidc ops` end to end on a SQLite store: import the plan, ingest a scrape with a bad line,
// set rules, record an incident, read the status; and the errors a user meets.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { capture } from './test-io.js';

const root = join(import.meta.dirname, '..', '..', '..');
const planFile = join(root, 'examples', 'expected', 'llama3.1-8b-small.plan.json');
const netboxFile = join(root, 'packages', 'ops', 'test-fixtures', 'netbox-dcim.json');

async function run(...args: string[]) {
  const io = capture();
  const code = await main(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('aidc ops', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aidc-ops-cli-'));
  const db = `sqlite:${join(dir, 'aidc.db')}`;
  let host = '';

  beforeAll(async () => {
    const r = await run('ops', 'import-plan', planFile, '--db', db);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^aidc ops import-plan: [\d,]+ things written \(1 sites, /);
    const exported = await run('ops', 'export-netbox', '--db', db);
    const list = (JSON.parse(exported.out) as { devices: { results: { name: string }[] } }).devices;
    host = list.results.find((d) => d.name.startsWith('gpu-'))!.name;
  });

  it('ingests a scrape, naming the bad line and the host it does not know', async () => {
    const file = join(dir, 'scrape.prom');
    writeFileSync(
      file,
      [
        '# TYPE DCGM_FI_DEV_GPU_TEMP gauge',
        `DCGM_FI_DEV_GPU_TEMP{gpu="0",Hostname="${host}"} 95`,
        `DCGM_FI_DEV_GPU_TEMP{gpu="1",Hostname="${host}"} 61`,
        'DCGM_FI_DEV_GPU_TEMP{gpu="0",Hostname="rack-b-07"} 58',
        'DCGM_FI_DEV_GPU_TEMP{gpu=0} 58',
      ].join('\n') + '\n',
    );
    const r = await run('ops', 'ingest', file, '--db', db);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${file}: 3 samples stored, 1 line rejected`);
    expect(r.err).toContain(`${file}:5: `);
    expect(r.err).toContain('1 host not in the inventory (kept): rack-b-07');
    const json = await run('ops', 'ingest', file, '--db', db, '--json');
    const body = JSON.parse(json.out) as { accepted: number; rejected: number; seconds: number };
    expect([body.accepted, body.rejected]).toEqual([3, 1]);
    expect(body.seconds).toBeGreaterThan(0);
  });

  it('prints the rules in force, saves new ones, refuses bad ones with their line', async () => {
    const shown = await run('ops', 'rules', '--db', db);
    expect(shown.out).toContain('gpu_temperature_high');
    const good = join(dir, 'rules.yaml');
    writeFileSync(
      good,
      'rules:\n  - name: hot\n    expr: DCGM_FI_DEV_GPU_TEMP\n    threshold: 90\n    forMinutes: 0\n    severity: critical\n',
    );
    const saved = await run('ops', 'rules', good, '--db', db);
    expect(saved.code).toBe(0);
    expect(saved.err).toBe('aidc ops rules: 1 rule saved as version 1');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'rules:\n  - name: hot\n    expr: DCGM_FI_DEV_GPU_TEMP{\n    threshold: 90\n    forMinutes: 0\n    severity: warning\n',
    );
    const refused = await run('ops', 'rules', bad, '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/the alert rules are not valid/);
    expect(refused.err).toContain(
      `${bad}:3:32 rules.0.expr: expected a label name or "}", found the end of the expression`,
    );
  });

  it('records incidents with a catalog cause and refuses others', async () => {
    const ok = await run('ops', 'incident', '--cause', 'hbm', '--host', host, '--db', db);
    expect(ok.code).toBe(0);
    const bad = await run('ops', 'incident', '--cause', 'gremlins', '--host', host, '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('cause: expected one of "gpu"');
    const when = await run(
      'ops',
      'incident',
      '--cause',
      'gpu',
      '--host',
      host,
      '--at',
      'soon',
      '--db',
      db,
    );
    expect(when.code).toBe(1);
    expect(when.err).toContain('at: expected an ISO-8601 time');
  });

  it('shows the status: alerts, headroom, plan versus actual', async () => {
    // A fresh ingest evaluates the saved rule: gpu 0 at 95 °C fires.
    await run('ops', 'ingest', join(dir, 'scrape.prom'), '--db', db);
    const text = await run('ops', 'status', '--db', db);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Alerts: 1 firing');
    expect(text.out).toMatch(/hot\s+firing\s+critical/);
    expect(text.out).toContain('unplaced hosts  1: rack-b-07');
    expect(text.out).toContain('Plan vs actual');
    const json = JSON.parse((await run('ops', 'status', '--db', db, '--json')).out) as {
      alerts: { firing: { rule: string }[] };
      planVsActual: { rows: { figure: string }[] };
    };
    expect(json.alerts.firing.map((a) => a.rule)).toEqual(['hot']);
    expect(json.planVsActual.rows.map((r) => r.figure)).toContain('failureRate');
    expect((await run('ops', 'status', '--days', '0', '--db', db)).code).toBe(2);
  });

  it('puts the measured failure rate into a scenario, keeping its comments', async () => {
    const scenario = join(dir, 'scenario.yaml');
    writeFileSync(
      scenario,
      readFileSync(join(root, 'examples', 'llama3.1-8b-small.yaml'), 'utf8') + '# the end\n',
    );
    // Minutes of a nine-server facility are not a failure rate to plan with...
    const early = await run('ops', 'feedback', scenario, '--db', db);
    expect(early.code).toBe(1);
    expect(early.err).toMatch(/not enough to plan with yet: measured over 0\.\d hours only/);
    // ...unless the operator says so.
    const r = await run('ops', 'feedback', scenario, '--db', db, '--force');
    expect(r.code).toBe(0);
    const value = /failuresPer1000NodeDays: ([\d.e+]+)/.exec(r.out)?.[1];
    expect(Number(value)).toBeGreaterThan(0);
    expect(r.out).toContain('# the end');
    // The one HBM incident recorded above moves the HBM share off the catalog's 0.1718.
    const hbm = Number(/hbm: ([\d.]+)/.exec(r.out)?.[1]);
    expect(hbm).toBeCloseTo((100 * 0.1718 + 1) / 101, 3);
    expect(r.err).toMatch(/^aidc ops feedback: reliability\.failuresPer1000NodeDays: /);
    const none = await run(
      'ops',
      'feedback',
      scenario,
      '--db',
      db,
      '--project',
      'empty',
      '--force',
    );
    expect(none.code).toBe(1);
    expect(none.err).toContain('no measured exposure yet');
  });

  it('imports a NetBox export into another project', async () => {
    const r = await run('ops', 'import-netbox', netboxFile, '--db', db, '--project', 'hall-b');
    expect(r.code).toBe(0);
    expect(r.err).toContain('4 racks');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ sites: 7 }));
    const bad = await run('ops', 'import-netbox', broken, '--db', db, '--project', 'hall-b');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/cannot be imported/);
  });

  it('says what is wrong with the files it is given', async () => {
    const missing = await run('ops', 'import-plan', join(dir, 'nope.json'), '--db', db);
    expect([missing.code, missing.err]).toEqual([
      1,
      `aidc ops import-plan: cannot read ${join(dir, 'nope.json')}: no such file`,
    ]);
    const scenario = await run(
      'ops',
      'import-plan',
      join(root, 'examples', 'llama3.1-8b-small.yaml'),
      '--db',
      db,
    );
    expect(scenario.code).toBe(1);
    expect(scenario.err).toContain('is not JSON');
    const notPlan = join(dir, 'not-plan.json');
    writeFileSync(notPlan, readFileSync(netboxFile));
    const wrong = await run('ops', 'import-plan', notPlan, '--db', db);
    expect(wrong.err).toContain(
      'not a plan: expected the JSON that `aidc plan FILE --json` writes',
    );
    const badDb = await run('ops', 'status', '--db', 'mysql://x');
    expect(badDb.code).toBe(2);
  });
});
