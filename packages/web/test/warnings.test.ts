// Plan warnings in Chinese: every code core knows has a title in both catalogs and a message
// shape; the warnings of the examples, the validation scenarios and a set of scenarios written to
// provoke the rarer codes all translate, carrying every figure of the English sentence; a message
// whose shape changed falls back to English beside the translated title.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario, planScenario, type Plan } from '@aidc/core';
import { WARNING_CODES } from '../../core/src/warnings.js';
import { pueCapWarning } from '../../core/src/facility/pue.js';
import { makeI18n } from '../src/i18n/index.js';
import { en, zh } from '../src/i18n/messages.js';
import { SHAPES, warningText } from '../src/i18n/warnings.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const zhI18n = makeI18n('zh-CN');
type PlanWarning = Plan['warnings'][number];

const yamlFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(ROOT, dir, f));

// Scenarios that provoke codes the examples do not.
const PROVOKE = [
  `cluster: { gpu: gb200-nvl72, gpus: 144, cooling: air }`,
  `site: { country: AF, powerCapMW: 1 }
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }
workloads:
  - { name: p, type: training, model: llama3.1-70b, tokens: 1e12, seqLen: 8192, globalBatchTokens: 4e6, deadlineDays: 5 }`,
  `cluster: { gpu: h100-sxm-80gb }
workloads:
  - { name: chat, type: inference, model: llama3.1-70b, inputTokens: 1000, outputTokens: 200, gpus: 13, requests: 100, slo: { ttftMs: 1000, percentile: 99 } }
  - { name: on, type: inference, model: llama3.1-70b, inputTokens: 1000, outputTokens: 200, requestsPerSecond: 5, requests: 50 }`,
  `site: { country: CN, pue: 1.22 }
cluster: { gpu: h100-sxm-80gb, gpus: 8192, cooling: air }`,
  `site: { region: CN-GZ }
cluster: { gpu: h100-sxm-80gb, gpus: 1024 }`,
  `cluster: { gpu: h100-sxm-80gb, gpus: 65536 }
workloads:
  - { name: p, type: training, model: llama3.1-405b, tokens: 1e13, seqLen: 8192, globalBatchTokens: 16e6 }`,
  `cluster: { gpu: tpu-v5e, gpus: 1024 }`,
].map(
  (y) =>
    `name: provoke\n${y.includes('workloads:') ? y : `${y}\nworkloads:\n  - { name: p, type: training, model: llama3.1-8b, tokens: 1e11, seqLen: 8192, globalBatchTokens: 4e6 }`}`,
);

function planWarnings(): PlanWarning[] {
  const texts = [
    ...yamlFiles('examples'),
    ...yamlFiles('validation').filter((f) => !f.includes('expected')),
  ].map((f) => readFileSync(f, 'utf8'));
  const out: PlanWarning[] = [];
  for (const text of [...texts, ...PROVOKE]) {
    const parsed = parseScenario(text);
    if (parsed.ok) out.push(...planScenario(parsed.scenario).warnings);
  }
  return out;
}

// Messages of the shapes the scenarios above do not reach, as core builds them.
const SAMPLES: [string, string][] = [
  [
    'searched-settings',
    'dlrm-criteo: chose microbatch 2112 (dp 64; 28 layouts fit in memory); the step is communication-bound',
  ],
  [
    'deadline-unreachable',
    'vit: no size up to 65,536 GPUs finishes within 0.001 days; the fastest, 4096 GPUs, takes 0.004 days (a larger globalBatchSamples allows more data parallelism)',
  ],
  [
    'deadline-missed',
    'vit: takes 0.113 days with expected interruptions (0.108 at steady speed), past the 0.1-day deadline',
  ],
  [
    'nic-speed-mismatch',
    "NVIDIA DGX H100's 400 Gb/s NICs run infiniband-xdr's 800 Gb/s switch ports at 400 Gb/s (split ports): a 800 Gb/s NIC or a 400 Gb/s fabric matches",
  ],
  [
    'nic-speed-mismatch',
    "NVIDIA DGX H100's 400 Gb/s NICs run at infiniband-hdr's 200 Gb/s: half or less of their bandwidth is unused; a 400 Gb/s fabric matches them",
  ],
  [
    'spares-own-leaves',
    "the 3 hot spare servers do not fit the workloads' leaf groups even with a 2:1 taper, so they get leaves of their own",
  ],
  [
    'share-reduced',
    'serve: 56 of the 60 GPUs the other workloads leave (the largest count a layout of its batch divides)',
  ],
  ['over-cluster-gpus', "the workloads use 96 GPUs, more than the cluster's 64"],
  // A country the grid data lacks is refused by the scenario parser now; the warning stays for
  // a region whose country has none.
  [
    'grid-data-missing',
    'no grid data for country XX: the world average 473 gCO2e/kWh is used (give site.gridGCO2PerKWh)',
  ],
  ['idle-gpus', 'chat: 5 of 13 GPUs stay idle (replicas of tp 8 (ep 8, attention dp 8))'],
  [
    'searched-settings',
    'chat: tp 4 x pp 2 chosen by the search (parallelism.tp and parallelism.pp not given)',
  ],
  [
    'searched-settings',
    'image-classifier: chose batch 768 of 26 tried up to 6827 (the largest whose p99 latency, 12.93 ms, meets 15 ms); the batch is memory-bandwidth-bound',
  ],
  [
    'searched-settings',
    'ranker: chose batch 16384 of 15 tried up to 16384; the batch is compute-bound',
  ],
  [
    'restart-loop',
    'p: the job fails every 3.2 min, sooner than its 17.5-min restart: about 2.3e+7 restarts fail for each that succeeds, so the run never finishes in useful time; fewer GPUs per job, a faster restart (reliability.restartMin) or a more reliable fleet (reliability.failuresPer1000NodeDays) is needed',
  ],
  [
    'deadline-unreachable',
    "p: no cluster size finishes within 3 days once expected interruptions are counted (more GPUs fail more often); the fastest, 16384 GPUs, takes 4.21 days. Extend deadlineDays, or give your fleet's own failure rate and restart time (reliability.failuresPer1000NodeDays, reliability.restartMin) if they are better",
  ],
  [
    'unusual-layout',
    'p: cp 8 leaves 512 tokens per rank; context parallelism is run for long sequences (4096+ tokens per rank)',
  ],
  [
    'scale-out-unpublished',
    'p: tpu-v5e has no published data-centre network bandwidth; the traffic between its 256-chip domains is planned at 100 Gb/s per chip (a typical TPU figure)',
  ],
  ['rack-power-exceeded', "racks of 41.2 kW exceed air cooling's 40 kW"],
  [
    'fabric-switch-missing',
    'no switch in the catalog for fabric roce-1600; compute fabric left out',
  ],
  [
    'cluster-not-built',
    'no server platform for mi355x in the catalog (`aidc catalog servers`); servers, racks, network, power and cooling are left out',
  ],
  [
    'owning-above-rental',
    'owning costs $2.16 per GPU-hour in use, above the $1.30 rental price given: no utilisation makes owning cheaper; the server price ($300,000 per dgx-a100) is 77% of capex (give economics.prices.serverUsd.dgx-a100 for a quote)',
  ],
  [
    'pue-above-limit',
    "PUE 1.45 is above DE's limit of 1.2 for data centres entering service from 1 July 2026 (Energieeffizienzgesetz (EnEfG, BGBl. 2023 I Nr. 309), section 11(1): x); liquid cooling, economisers or warm-water heat rejection bring it down",
  ],
  [
    'utilization-not-simulated',
    "economics.utilization is 'simulated' but no simulation ran for this plan, so the money uses the default 70% utilisation; `aidc plan` simulates the scenario's simulation section first",
  ],
];

/** The figures of an English sentence: numbers, with their thousands separators and decimals. */
const figures = (s: string) => [...s.matchAll(/\d[\d,]*(?:\.\d+)?(?:e\+\d+)?/g)].map((m) => m[0]);

describe('plan warnings in Chinese', () => {
  it('every code of core has a title in both catalogs and at least one message shape', () => {
    const codes = Object.keys(WARNING_CODES);
    expect(codes.length).toBeGreaterThan(30);
    const noTitle = codes.filter((c) => !(`warnTitle.${c}` in en) || !(`warnTitle.${c}` in zh));
    const noShape = codes.filter((c) => (SHAPES[c] ?? []).length === 0);
    expect(noTitle).toEqual([]);
    expect(noShape).toEqual([]);
  });

  const warnings = planWarnings();
  it('translates every warning the scenarios give, with all of its figures', () => {
    const seen = new Set(warnings.map((w) => w.code));
    // The scenarios reach most of the codes (the rest are tested from core's own builders below).
    expect(seen.size).toBeGreaterThanOrEqual(20);
    const failed: string[] = [];
    for (const w of warnings) {
      const z = warningText(w, zhI18n);
      if (!z.translated) failed.push(`${w.code}: ${w.message}`);
      expect(z.title, w.code).toBe(zh[`warnTitle.${w.code}` as keyof typeof zh]);
      // The Chinese sentence is Chinese, and carries every figure of the English one.
      expect(z.text, w.message).toMatch(/[\u4e00-\u9fff]/);
      for (const f of figures(w.message)) expect(z.text, w.message).toContain(f);
      expect(z.text).not.toMatch(/\{\w+\}|undefined/);
    }
    expect(failed).toEqual([]);
  });

  it.each(SAMPLES)('translates %s as core phrases it', (code, message) => {
    const z = warningText(
      { code: code as PlanWarning['code'], severity: 'warning', message },
      zhI18n,
    );
    expect(z.translated).toBe(true);
    for (const f of figures(message)) expect(z.text).toContain(f);
    expect(z.text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reads a known message into the catalog sentence', () => {
    const w: PlanWarning = {
      code: 'deadline-missed',
      severity: 'error',
      message:
        'pretrain: meets the 30-day deadline at steady speed (27.5 days) but not with expected interruptions (31.2 days, goodput 88.1%)',
    };
    expect(warningText(w, zhI18n).text).toBe(
      'pretrain：按稳定速度可满足 30 天的期限（27.5 天），但计入预期中断后不能（31.2 天，有效产出率 88.1%）',
    );
    const swing: PlanWarning = {
      code: 'power-swing',
      severity: 'warning',
      message:
        'the training job swings 12.5 MW of IT load (16.3 MW with cooling) about 18 times a day (synchronous checkpoints, failures, job start and stop; Llama 3 reports swings of tens of MW); on generators that step is 42% of their rating, above the ~30% a turbocharged set accepts at once (ISO 8528-5); the utility will want a ramp and fluctuation study for the interconnection; asynchronous checkpoints (reliability.checkpointSave: async), GPU power smoothing or a minimum power floor, ramped job start and stop, and battery storage at the UPS mitigate it',
    };
    const text = warningText(swing, zhI18n).text;
    expect(text).toContain('同步检查点');
    expect(text).toContain('42%');
    expect(text).toContain('并网');
    expect(text).toContain('异步检查点（reliability.checkpointSave: async）、GPU 功率平滑');
  });

  it('translates the PUE limit messages core builds, hub scope included', () => {
    const check = {
      country: 'CN',
      maxPue: 1.2,
      scope: 'new large and very large data centres in the western national computing hub (CN-NM)',
      document: 'NDRC 2021',
      meets: false,
    } as Parameters<typeof pueCapWarning>[0];
    const message = pueCapWarning(check, 1.31) ?? '';
    const z = warningText({ code: 'pue-above-limit', severity: 'error', message }, zhI18n);
    expect(z.translated).toBe(true);
    expect(z.text).toBe(
      'PUE 1.31 高于 CN 对西部国家算力枢纽（CN-NM）的新建大型和超大型数据中心规定的上限 1.2（NDRC 2021）；液冷、自然冷却或温水排热可以降低 PUE',
    );
    // The hub node of the 2024 action plan, and the liquid-cooling fix core adds for air halls.
    const node = {
      ...(check as NonNullable<typeof check>),
      scope: 'new large and very large data centres in the national computing hub node (CN-GZ)',
    };
    const fixed = pueCapWarning(node, 1.3, { liquidPue: 1.15, climate: 'temperate' }) ?? '';
    const zf = warningText({ code: 'pue-above-limit', severity: 'error', message: fixed }, zhI18n);
    expect(zf.translated).toBe(true);
    expect(zf.text).toBe(
      'PUE 1.30 高于 CN 对国家算力枢纽节点（CN-GZ）的新建大型和超大型数据中心规定的上限 1.2（NDRC 2021）；液冷、自然冷却或温水排热可以降低 PUE（液冷在温和气候下的设计 PUE 为 1.15）',
    );
  });

  it('falls back to the English message beside the Chinese title when the shape is unknown', () => {
    const w: PlanWarning = {
      code: 'power-cap-exceeded',
      severity: 'error',
      message: 'the facility now needs 3.2 MW, which a future core phrases differently',
    };
    expect(warningText(w, zhI18n)).toEqual({
      title: '超出供电上限',
      text: w.message,
      translated: false,
    });
    // English readers get core's message as it is.
    expect(warningText(w, makeI18n('en')).text).toBe(w.message);
  });
});
