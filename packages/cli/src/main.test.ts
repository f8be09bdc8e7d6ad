import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './test-io.js';
import { InventorySchema, type Plan } from '@aidc/core';

const root = join(import.meta.dirname, '..', '..', '..');
const example = (name: string) => join(root, 'examples', name);

function scenarioFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aidc-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

describe('aidc plan: inference', () => {
  it('prints the chat service and the offline job', async () => {
    const r = await run(['plan', example('llama3.1-70b-chat-and-batch.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Inference "chat": \d+ GPUs = \d+ replicas x tp \d/);
    expect(r.out).toMatch(/TTFT \/ TPOT \(p99\)\s+\d+\.\d ms \/ \d+\.\d ms/);
    expect(r.out).toContain('Inference "batch-summaries": 16 GPUs');
    expect(r.out).toContain('offline (max throughput of the GPUs)');
  });

  it('--json carries the inference fields of interface.md', async () => {
    const r = await run(['plan', example('llama3.1-70b-chat-and-batch.yaml'), '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    const chat = plan.workloads[0].inference;
    for (const k of [
      'gpus',
      'replicas',
      'tp',
      'batchSize',
      'ttftMs',
      'tpotMs',
      'outputTokensPerS',
      'maxOutputTokensPerS',
      'kvCacheGBPerReplica',
    ]) {
      expect(chat, k).toHaveProperty(k);
    }
    expect(chat.gpus).toBe(chat.replicas * chat.tp);
    expect(chat.tpotMs).toBeLessThanOrEqual(40);
    expect(chat.ttftMs).toBeLessThanOrEqual(1000);
    expect(plan.workloads[1].inference.gpus).toBe(16);
  });

  it('an unreachable latency target exits 1 with the reason and a fix', async () => {
    const file = scenarioFile(`name: too fast
cluster: { gpu: a100-sxm-80gb }
workloads:
  - name: chat
    type: inference
    model: llama3.1-70b
    requestsPerSecond: 5
    inputTokens: 1000
    outputTokens: 200
    slo: { tpotMs: 3 }
`);
    const r = await run(['plan', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('misses the targets even at batch 1: TPOT');
    expect(r.err).toContain('fix: loosen slo.tpotMs');
  });

  it('fp4 on an H100 is an invalid scenario with the line', async () => {
    const file = scenarioFile(`name: fp4
cluster: { gpu: h100-sxm-80gb }
workloads:
  - name: chat
    type: inference
    model: llama3.1-8b
    precision: fp4
    requestsPerSecond: 5
    inputTokens: 1000
    outputTokens: 200
`);
    const r = await run(['check', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/scenario\.yaml:7:\d+: workloads\[0\]\.precision/);
    expect(r.err).toContain('Blackwell');
  });
});

describe('aidc plan: the building', () => {
  it('--json carries cluster and facility fields of interface.md', async () => {
    const r = await run(['plan', example('llama3.1-405b-16k-h100.yaml'), '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    const c = plan.cluster;
    expect(c.servers - c.spareServers).toBe(2048);
    expect(c.spareServers).toBeGreaterThan(0);
    const t = plan.workloads[0].training;
    for (const k of ['interruptionsExpected', 'mtbfHours', 'checkpointIntervalMin', 'goodput']) {
      expect(typeof t.reliability[k], k).toBe('number');
    }
    expect(t.days).toBeGreaterThan(t.idealDays);
    expect(t.gpuHours).toBeCloseTo(t.days * 24 * t.gpus, 3);
    expect(typeof c.racks).toBe('number');
    expect(c.fabric).toMatchObject({ id: 'infiniband-ndr', tiers: 3 });
    for (const k of ['leaf', 'spine', 'core']) expect(c.fabric.switches, k).toHaveProperty(k);
    for (const k of ['links', 'transceivers', 'bisectionTbps'])
      expect(typeof c.fabric[k], k).toBe('number');
    for (const k of ['capacityTB', 'writeGBps', 'readGBps'])
      expect(typeof c.storage[k], k).toBe('number');
    const f = plan.facility;
    for (const k of ['itPowerMW', 'facilityPowerMW', 'pue', 'floorAreaM2']) {
      expect(typeof f[k], k).toBe('number');
      expect(Number.isFinite(f[k]), k).toBe(true);
    }
    expect(f.cooling).toBe('air');
    expect(f.tier).toBe('III');
  });

  it('prints the bill of materials and the facility summary', async () => {
    const r = await run(['plan', example('llama2-70b-deadline.yaml')]);
    // One leaf per rail for every 32 workload servers; the hot spares and the UFM fit inside.
    const servers = Number(/in (\d+) dgx-h100 servers/.exec(r.out)?.[1]);
    const spares = Number(/\((\d+) of them (?:a )?hot spares?\)/.exec(r.out)?.[1] ?? 0);
    const leaves = Number(
      /compute fabric\s+infiniband-ndr, 2 tiers of quantum-2-qm9700: (\d+) leaf \+ \d+ spine/.exec(
        r.out,
      )?.[1],
    );
    expect(servers).toBeGreaterThan(0);
    expect(leaves).toBe(8 * Math.ceil((servers - spares) / 32));
    expect(r.out).toMatch(/goodput\s+\d+\.\d%/);
    expect(r.out).toMatch(/Monte Carlo P10\/P50\/P90 [\d.]+ \/ [\d.]+ \/ [\d.]+ days/);
    expect(r.out).toMatch(/Facility: tier III, air cooling/);
    // ~1 MW of design load: one lineup and a reserve, frames right-sized, not 1,250 kW each.
    expect(r.out).toMatch(
      /UPS \/ generators\s+2 x [\d,]+ kW UPS frames \/ 2 x [\d,]+ kW sets at [\d,]+ kW continuous/,
    );
  });
});

describe('aidc plan', () => {
  it('prints a plan for the 405B example', async () => {
    const r = await run(['plan', example('llama3.1-405b-16k-h100.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Training "pretrain": 16384 GPUs');
    expect(r.out).toMatch(/MFU \/ HFU\s+\d+\.\d% \/ \d+\.\d%/);
  });

  it('--json prints only JSON with the interface fields', async () => {
    const r = await run(['plan', example('llama3.1-8b-small.yaml'), '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    const t = plan.workloads[0].training;
    expect(plan.aidcVersion).toBe('0.1.0');
    expect(plan.schemaVersion).toBe('0.2');
    for (const k of [
      'gpus',
      'parallelism',
      'recompute',
      'zeroStage',
      'modelFlopsPerToken',
      'stepTimeS',
      'tokensPerS',
      'tflopsPerGpu',
      'hardwareTflopsPerGpu',
      'mfu',
      'hfu',
      'memoryPerGpuGB',
      'idealDays',
      'idealGpuHours',
      'days',
      'gpuHours',
    ]) {
      expect(t, k).toHaveProperty(k);
    }
    expect(t.parallelism.tp).toBe(2);
    expect(plan.scenario.workloads[0].precision).toBe('bf16');
    // Settings the scenario left out are named with the values the search chose.
    const searched = (plan as Plan).warnings.find((w) => w.code === 'searched-settings');
    expect(searched?.message).toMatch(/chosen by the search.*pp=\d+.*microBatch=\d+/);
    expect(searched?.message).not.toMatch(/tp=/);
    expect(searched?.path).toBe('workloads[0]');
  });

  it('--out writes the plan JSON', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'aidc-')), 'plan.json');
    const r = await run(['plan', example('llama3.1-8b-small.yaml'), '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).cluster.gpus).toBe(64);
  });

  it('--inventory writes the planned inventory, valid against its schema', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'aidc-')), 'inventory.json');
    const r = await run(['plan', example('llama3.1-8b-small.yaml'), '--inventory', out]);
    expect(r.code).toBe(0);
    const inventory = InventorySchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    // 64 GPUs in 8-GPU servers plus the plan's spare server.
    expect(inventory.gpus.length).toBe(72);
    expect(r.err).toContain(`wrote ${out} (`);
  });

  it('sizes a cluster by deadline', async () => {
    const r = await run(['plan', example('llama2-70b-deadline.yaml'), '--json']);
    const t = JSON.parse(r.out).workloads[0].training;
    expect(t.idealDays).toBeLessThanOrEqual(30);
    expect(t.gpus % 8).toBe(0);
  });

  it('exits 1 with file, line, column and key path for an invalid scenario', async () => {
    const file = scenarioFile(
      'name: x\ncluster:\n  gpu: h100-sxm-80gb\n  gpus: -8\nworkloads: []\n',
    );
    const r = await run(['plan', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:4:9: cluster.gpus: out of range`);
    expect(r.err).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('exits 1 and says why and what would fix it when the model does not fit', async () => {
    const file = scenarioFile(`name: too big
cluster: { gpu: a100-sxm-40gb, gpus: 8 }
workloads:
  - { name: w, type: training, model: llama3.1-405b, tokens: 1e9, seqLen: 8192, globalBatchSequences: 8 }
`);
    const r = await run(['plan', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not fit in GPU memory');
    expect(r.err).toContain('fix:');
  });

  it('exits 2 for a missing file or a usage error', async () => {
    expect((await run(['plan', '/nonexistent.yaml'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});

describe('aidc check, compare, catalog', () => {
  it('check exits 0 for every example', async () => {
    for (const name of [
      'llama3.1-405b-16k-h100.yaml',
      'llama2-70b-deadline.yaml',
      'llama3.1-8b-small.yaml',
    ]) {
      expect((await run(['check', example(name)])).code).toBe(0);
    }
  });

  it('compare puts key figures side by side with differences against the first', async () => {
    const files = [example('llama3.1-8b-small.yaml'), example('llama3.1-405b-16k-h100.yaml')];
    const r = await run(['compare', ...files]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^GPUs\s+64\s+16\.4k \(\+25500\.0%\)$/m);
    expect(r.out).toMatch(/^TCO\s+\$[\d.]+M\s+\$[\d.]+B \(\+[\d.]+%\)$/m);
    const json = JSON.parse((await run(['compare', ...files, '--json'])).out);
    expect(json.files).toEqual(files);
    expect(json.figures.gpus).toEqual([64, 16384]);
    // Reliability side by side: the 405B run loses more to interruptions and keeps more spares.
    const [small, big] = json.figures.goodput as [number, number];
    expect(big).toBeLessThan(small);
    // Fractions as plan --json carries them, not percent.
    expect(small).toBeLessThanOrEqual(1);
    const plan = JSON.parse((await run(['plan', files[0]!, '--json'])).out);
    expect(json.figures.mfu[0]).toBeCloseTo(plan.workloads[0].training.mfu, 12);
    expect(r.out).toMatch(/^MFU\s+\d+\.\d%/m);
    expect(json.figures.spareServers[1]).toBeGreaterThan(json.figures.spareServers[0]);
    const csv = (await run(['compare', ...files, '--csv'])).out.split('\n');
    expect(csv[1]).toBe('gpus,64,16384');
  });

  it('catalog sites lists countries with climate, PUE, grid intensity and price', async () => {
    const r = await run(['catalog', 'sites']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NO\s+cold\s+1\.20\s+1\.10\s+\d+\s+\d+%\s+0\.\d+$/m);
    expect(r.out).toMatch(/^US\s+temperate/m);
  });

  it('catalog sites lists the regions with their zone, climate and price, and says where a price is the country’s', async () => {
    const r = await run(['catalog', 'sites', '--sources']);
    expect(r.code).toBe(0);
    // Inner Mongolia: hub node, cold, MEE 2022 0.6849, China's residual 585.6, its own price.
    expect(r.out).toMatch(/^CN-NM\s+Inner Mongolia\s+Inner Mongolia\s+cold\s+685\s+586\s+0\.063/m);
    expect(r.out).toMatch(/^SE-BD\s+.*SE-SE1\s+-\s+15\s+/m);
    // Shandong: the compiled 110 kV two-part price of March 2025, 0.65986875 / 7.2734.
    expect(r.out).toMatch(/^CN-SD\s+Shandong\s+-\s+temperate\s+641\s+586\s+0\.091/m);
    // A province without a sourced price says what is missing and that the national price applies.
    expect(r.out).toMatch(
      /CN-XJ electricity: No industrial electricity price of Xinjiang's own is catalogued: .*China's national price \(prices\.json electricityUsdPerKWh\.CN\) applies/,
    );
    expect(r.out).toContain(
      "US-WY electricity: no provincial or state tariff in the catalog: the country's price applies (US)",
    );
    expect(r.out).toMatch(/CN-GS climate: estimate: Qingyang cluster/);
    expect(r.out).toMatch(/CN-NX hub cluster: Zhongwei/);
  });

  it('catalog lists every interface GPU id, with sources on request', async () => {
    const r = await run(['catalog', 'gpus', '--sources']);
    for (const id of [
      'v100-sxm2-32gb',
      'a100-sxm-80gb',
      'h100-sxm-80gb',
      'h800-sxm-80gb',
      'h200-sxm-141gb',
      'b200-sxm-180gb',
      'gb200-nvl72',
      'mi300x',
      'tpu-v5p',
      // interface.md §4
      'b300-sxm-288gb',
      'gb300-nvl72',
      'h20-96gb',
      'l40s',
      'rtx-pro-6000',
      'mi325x',
      'mi355x',
      'ascend-910b',
      'ascend-910c',
      'tpu-v5e',
      'tpu-v6e',
    ]) {
      expect(r.out).toContain(id);
    }
    expect(r.out).toContain('Sources:');
    const models = await run(['catalog', 'models']);
    for (const id of [
      'gpt3-175b',
      'llama3.1-405b',
      'bloom-176b',
      'opt-175b',
      'mixtral-8x7b',
      'deepseek-v3',
    ]) {
      expect(models.out).toContain(id);
    }
    for (const id of ['resnet50', 'bert-large', 'vit-l16', 'unet-sd2', 'dlrm-dcnv2', 'lstm-speech'])
      expect(models.out).toContain(id);
    expect((await run(['catalog', 'sites-nope'])).code).toBe(2);
  });

  it('catalog failures and prices show the rates and prices with their sources', async () => {
    const failures = await run(['catalog', 'failures', '--sources']);
    expect(failures.code).toBe(0);
    expect(failures.out).toContain('4.42 job-stopping failures per 1000 node-days');
    // GPU faults: 38.2% of 4.42.
    expect(failures.out).toMatch(/^gpu\s+38\.2%\s+1\.688$/m);
    expect(failures.out).toContain('Dubey et al. 2024');
    const prices = await run(['catalog', 'prices', '--sources']);
    expect(prices.code).toBe(0);
    expect(prices.out).toMatch(/^serverUsd\.dgx-h100\s+330,000\s+2023-12\s+secondary$/m);
    expect(prices.out).toContain('Sources:');
  });

  it('catalog frameworks lists each profile default with its confidence and, on request, its source', async () => {
    const frameworks = await run(['catalog', 'frameworks', '--sources']);
    expect(frameworks.code).toBe(0);
    expect(frameworks.out).toMatch(/^megatron-core \(training\)/m);
    expect(frameworks.out).toMatch(/gradientBucket\s+max\(40\.0 M, 1\.00 M x dp\)\s+\(datasheet\)/);
    expect(frameworks.out).toMatch(/^megatron-2021 \(training\)[\s\S]*?flashAttention\s+false/m);
    expect(frameworks.out).toMatch(/^vllm \(inference\)[\s\S]*?kvCacheReservation\s+incremental/m);
    expect(frameworks.out).toContain('distributed_data_parallel_config.py');
  });
});

describe('bad input and failed writes are errors a user reads, never an internal error', () => {
  const small = example('llama3.1-8b-small.yaml');
  /** A failed write is exit 2, "cannot write FILE: <reason>", never an internal error. */
  const expectCannotWrite = (r: { code: number; err: string }, target: string, reason: RegExp) => {
    expect(r.code, target).toBe(2);
    expect(r.err).toMatch(new RegExp(`cannot write ${target.replace(/[/.]/g, '\\$&')}: `));
    expect(r.err).toMatch(reason);
    expect(r.err).not.toMatch(/internal error/);
  };

  it('--out into a missing folder, onto a folder, onto a full disk: exit 2, cannot write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-out-'));
    const cases: [string, RegExp][] = [
      [join(dir, 'missing', 'plan.json'), /folder does not exist/],
      [dir, /is a folder/],
      ['/dev/full', /disk is full/],
    ];
    for (const [target, reason] of cases)
      expectCannotWrite(await run(['plan', small, '--out', target]), target, reason);
  });

  it('--html, and sweep --csv/--xlsx, into a missing folder, onto a folder or a full disk: exit 2, cannot write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-out-'));
    const missing = join(dir, 'missing', 'out');
    const writes: [string[], string, RegExp][] = [
      [['plan', small, '--html', `${missing}.html`], `${missing}.html`, /folder does not exist/],
      [['plan', small, '--html', '/dev/full'], '/dev/full', /disk is full/],
      [['plan', small, '--html', dir], dir, /is a folder/],
    ];
    for (const flag of ['--csv', '--xlsx'])
      writes.push(
        [
          ['sweep', small, '--vary', 'cluster.gpus=64,128', flag, `${missing}.x`],
          `${missing}.x`,
          /folder does not exist/,
        ],
        [
          ['sweep', small, '--vary', 'cluster.gpus=64,128', flag, '/dev/full'],
          '/dev/full',
          /disk is full/,
        ],
      );
    for (const [args, target, reason] of writes) {
      const r = await run(args);
      expectCannotWrite(r, target, reason);
      expect(r.err, 'no stack trace').not.toMatch(/at .*\.js:\d+/);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a written plan replaces the old file whole, and leaves no temporary file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidc-out-'));
    const out = join(dir, 'plan.json');
    writeFileSync(out, 'old');
    expect((await run(['plan', small, '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).cluster.gpus).toBe(64);
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });

  it('a YAML alias bomb is refused as a syntax problem (exit 1)', async () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [k, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ])
      rows.push(`${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`);
    rows.push(`g: [${Array(9).fill('*f').join(',')}]`);
    const r = await run(['check', scenarioFile(rows.join('\n'))]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/YAML aliases expand too far/);
  });

  it('an oversize file and too many workloads say the limit', async () => {
    const big = await run(['check', scenarioFile(`name: x\n# ${'y'.repeat(1_100_000)}\n`)]);
    expect(big.code).toBe(1);
    expect(big.err).toMatch(/too large/);
    const w =
      '  - { name: t, type: training, model: llama3.1-8b, tokens: 1e9, seqLen: 2048, globalBatchSequences: 64 }';
    const many = await run([
      'check',
      scenarioFile(
        `name: x\ncluster: { gpu: h100-sxm-80gb, gpus: 8 }\nworkloads:\n${Array(300).fill(w).join('\n')}\n`,
      ),
    ]);
    expect(many.code).toBe(1);
    expect(many.err).toMatch(/workloads/);
    expect(many.err).toMatch(/256/);
  });

  it('economics.utilization 0 is an input error, not $Infinity', async () => {
    const text = readFileSync(small, 'utf8') + '\neconomics: { utilization: 0 }\n';
    const r = await run(['plan', scenarioFile(text)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/economics\.utilization/);
    expect(r.err).toMatch(/> 0/);
  });
});

describe('extreme inputs end quickly with a clear answer', () => {
  const small = readFileSync(example('llama3.1-8b-small.yaml'), 'utf8');

  it('a failure rate that outpaces the restart: planned, with the run said never to finish', async () => {
    const r = await run([
      'plan',
      scenarioFile(small + '\nreliability: { failuresPer1000NodeDays: 1e5 }\n'),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sooner than its 17\.5-min restart/);
    expect(r.out).toMatch(/never finishes in useful time/);
    expect(r.out).not.toMatch(/NaN|Infinity/);
  });

  it('1e30 training tokens is an input error with the limit', async () => {
    const r = await run(['check', scenarioFile(small.replace(/tokens: .*/, 'tokens: 1e30'))]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/tokens: .*\n {2}expected a number <= 10000000000000000, found 1e\+30/);
  });
});

describe('counts read as English', () => {
  it('one GPU is "1 GPU", not "1 GPUs"', async () => {
    const r = await run([
      'plan',
      scenarioFile(`name: one GPU
cluster: { gpu: h100-sxm-80gb, gpus: 8 }
workloads:
  - { name: s, type: inference, model: llama3.1-8b, requestsPerSecond: 0.01, inputTokens: 100, outputTokens: 10, slo: { ttftMs: 2000 } }
`),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Inference "s": 1 GPU = 1 replica x tp 1/);
    expect(r.out).not.toMatch(/\b1 GPUs\b/);
  });
});

describe('small quantities are not printed as 0', () => {
  it("a short run's carbon: 0.035 tCO2e, not 0 tCO2e", async () => {
    const small = readFileSync(example('llama3.1-8b-small.yaml'), 'utf8');
    const r = await run(['plan', scenarioFile(small.replace(/tokens: .*/, 'tokens: 1e9'))]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/energy and carbon .*, 0\.0\d+ tCO2e\n/);
    expect(r.out).not.toMatch(/[^.\d]0 tCO2e/);
  });
});
