// Generic (non-LLM) serving in the web app, in Chromium against a real `aidc serve`: the ResNet-50
// and DLRM-DCNv2 example's plan view shows core's figures for both services (the same plan planned
// here) in its headline, its workloads table and its serving section, in English and in Chinese.
// Screenshots go to test-output/web/ to be looked at.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '@aidc/server';
import { makeI18n } from '../src/i18n/index.js';
import { SHOTS, examplePlan, signedInPage, startWebServer, type WebServer } from './web-server.js';

const EXAMPLE = 'resnet50-dlrm-serving.yaml';

describe('generic serving in the web app', () => {
  let web: WebServer | undefined;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  const plan = examplePlan(EXAMPLE);
  const resnet = plan.workloads[0]?.genericInference;
  const dlrm = plan.workloads[1]?.genericInference;

  beforeAll(async () => {
    web = await startWebServer('aidc-web-generic-');
    server = web.server;
    ({ browser, page, pageErrors } = await signedInPage(server, 'mlops'));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const workloadRows = async () =>
    (await page.getByTestId('workloads-table').locator('tbody tr').allInnerTexts()).map((r) =>
      r.split('\t').map((c) => c.trim()),
    );
  const sectionRow = (workload: string, row: string) =>
    page.getByTestId(`generic-serving-${workload}`).locator(`tr[data-row=${row}] td`).innerText();

  it('plans the example as core does: two services, 34 GPUs', () => {
    // The expected plan's figures (examples/expected/resnet50-dlrm-serving.plan.json).
    expect(plan.feasible).toBe(true);
    expect(resnet).toMatchObject({ gpus: 26, batchSize: 512, samplesPerS: 2_000_000 });
    expect(resnet?.latencyMs).toBeCloseTo(11.2, 2);
    expect(dlrm).toMatchObject({ gpus: 8, batchSize: 16_384, samplesPerS: 135_000_000 });
  });

  it('shows the headline, the workloads table and the serving section with core’s figures', async () => {
    if (!resnet || !dlrm) return;
    await page.goto(`${server.url}/#/new/${EXAMPLE}`);
    await page.getByTestId('generic-serving').waitFor();
    const i = makeI18n('en');
    // The headline: the first workload's samples/s and cost per million samples.
    expect(await page.getByTestId('headline-samples-per-s').innerText()).toBe(
      `${i.compact(resnet.samplesPerS)}\nSamples/s`,
    );
    expect(await page.getByTestId('headline-samples-per-s').innerText()).toBe('2M\nSamples/s');
    expect(await page.getByTestId('headline-usd-per-m-samples').innerText()).toBe(
      `${i.usdPrecise(resnet.usdPerMillionSamples ?? NaN)}\nCost per million samples`,
    );
    expect(await page.getByTestId('headline-usd-per-m-samples').innerText()).toMatch(
      /^\$0\.0134\n/,
    );
    expect(await page.getByTestId('headline-gpus').innerText()).toBe(
      `${i.num(plan.cluster.gpus, 0)}\nGPUs`,
    );
    // The workloads table: GPUs, replicas and batch, latency against the SLO, samples/s per GPU
    // and in all.
    const header = await page.getByTestId('workloads-table').locator('thead th').allInnerTexts();
    expect(header.slice(4)).toEqual([
      'Step time / Time to first token / Latency',
      'MFU / Time per output token / Samples/s per GPU',
      'Run length / Output tokens/s / Samples/s',
    ]);
    expect(await workloadRows()).toEqual([
      [
        'image-classifier',
        'inference',
        '26',
        '26 × 1 GPU, batch 512',
        'p99 11.2 ms (SLO 15 ms)',
        i.compact(resnet.samplesPerSPerGpu),
        '2M',
      ],
      [
        'ad-ranking',
        'inference',
        '8',
        '8 × 1 GPU, batch 16,384',
        'p99 1.49 ms (SLO 60 ms)',
        i.compact(dlrm.samplesPerSPerGpu),
        '135M',
      ],
    ]);
    expect(i.compact(resnet.samplesPerSPerGpu)).toBe('82.1K');
    expect(i.compact(dlrm.samplesPerSPerGpu)).toBe('21.5M');
    // The serving section, one table a service.
    expect(
      await page.getByTestId('generic-serving-image-classifier').locator('h4').innerText(),
    ).toBe('image-classifier (resnet50, cnn, online, int8)');
    expect(await sectionRow('image-classifier', 'replicas')).toBe(
      `26 one-GPU replicas (25 for the load, ${i.percent(resnet.loadFraction)} loaded)`,
    );
    expect(await sectionRow('image-classifier', 'batch')).toBe(
      '512 samples, 5.63 ms a batch (memory-bandwidth-bound)',
    );
    expect(await sectionRow('image-classifier', 'throughput')).toBe(
      `2M samples/s; 82.1K per GPU at this batch, ${i.compact(resnet.maxSamplesPerSPerGpu)} at most`,
    );
    expect(await sectionRow('image-classifier', 'flops')).toBe(
      `${i.num(resnet.tflopsPerGpu, 0)} TFLOP/s, MFU ${i.percent(resnet.mfu)}`,
    );
    expect(await sectionRow('image-classifier', 'memory')).toBe(
      '5.8 of 77.3 GB (weights 0.03, embedding tables 0, activations of a batch 5.8)',
    );
    expect(await sectionRow('ad-ranking', 'batch')).toBe(
      `16,384 samples, ${i.num(dlrm.serviceTimeMs, 2)} ms a batch (compute-bound)`,
    );
    expect(await sectionRow('ad-ranking', 'memory')).toContain(
      `embedding tables ${i.num(dlrm.memoryPerGpuGB.embeddings, 2)}`,
    );
    expect(await sectionRow('ad-ranking', 'cost')).toBe(
      i.usdPrecise(dlrm.usdPerMillionSamples ?? NaN),
    );
    expect(await sectionRow('ad-ranking', 'cost')).toBe('$0.000061');
    await page.getByTestId('workloads-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'generic-serving.png'), fullPage: false });
    await page
      .getByTestId('generic-serving')
      .screenshot({ path: join(SHOTS, 'generic-serving-section.png') });
  }, 60_000);

  it('reads in Chinese', async () => {
    if (!resnet) return;
    await page.selectOption('[data-testid=language]', 'zh-CN');
    const section = page.getByTestId('generic-serving');
    await expect.poll(() => section.locator('h3').innerText()).toBe('非 LLM 网络的推理服务');
    expect(await page.getByTestId('headline-samples-per-s').innerText()).toBe('200万\n样本/秒');
    const rows = await workloadRows();
    expect(rows[0]?.slice(3, 5)).toEqual([
      '26 × 1 GPU，批大小 512',
      'p99 11.2 毫秒（SLO 15 毫秒）',
    ]);
    expect(await sectionRow('image-classifier', 'batch')).toBe(
      '512 个样本，每批 5.63 毫秒（受显存带宽限制）',
    );
    // The search's choice of batch, in Chinese with core's figures.
    expect(await page.getByTestId('warnings').innerText()).toContain(
      'image-classifier：在最大到 6827 的 26 个批大小中选定 512（p99 延迟 11.20 毫秒、满足 15 毫秒的最大批）；该批受显存带宽限制',
    );
    await page
      .getByTestId('plan')
      .locator('section')
      .first()
      .screenshot({ path: join(SHOTS, 'generic-serving-zh-headline.png') });
    await section.screenshot({ path: join(SHOTS, 'generic-serving-zh.png') });
    await page.selectOption('[data-testid=language]', 'en');
  }, 60_000);

  it('edits the service in the form: its model, samples/s and latency target', async () => {
    await page.goto(`${server.url}/#/new/${EXAMPLE}`);
    await page.getByTestId('generic-serving').waitFor();
    expect(await page.getByTestId('field-model').inputValue()).toBe('resnet50');
    expect(await page.getByTestId('field-sps').inputValue()).toBe('2000000');
    expect(await page.getByTestId('field-latency').inputValue()).toBe('15');
    expect(await page.getByTestId('field-ttft').count()).toBe(0);
    // A 4 ms p99 target: batches of 128, so 30 replicas (as `aidc sweep` plans it).
    await page.getByTestId('field-latency').fill('4');
    await expect
      .poll(() => page.getByTestId('yaml-editor').innerText())
      .toMatch(/latencyMs: 4, percentile: 99/);
    await expect
      .poll(async () => (await workloadRows())[0]?.slice(2, 5))
      .toEqual(['30', '30 × 1 GPU, batch 128', 'p99 2.99 ms (SLO 4 ms)']);
    await page.getByTestId('inference-fields').screenshot({
      path: join(SHOTS, 'generic-serving-fields.png'),
    });
  }, 60_000);

  it('compares two saved serving scenarios by their serving figures', async () => {
    // The edited one (4 ms) saved under another name, then the example as it is.
    await page.getByLabel('Scenario name').fill('ResNet-50 at 4 ms');
    await page.getByTestId('save').click();
    await page.waitForURL(/#\/s\//);
    await page.goto(`${server.url}/#/new/${EXAMPLE}`);
    await page.getByTestId('generic-serving').waitFor();
    await page.getByTestId('save').click();
    await page.waitForURL(/#\/s\//);
    await page.goto(`${server.url}/#/`);
    const boxes = page.locator('[data-testid=scenario-list] input[type=checkbox]');
    await expect.poll(() => boxes.count()).toBe(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    const table = page.getByTestId('compare-table');
    await expect.poll(() => table.innerText()).toMatch(/\$ per M samples/);
    const row = async (figure: string) =>
      (await table.locator('tbody tr', { has: page.locator(`th[title="${figure}"]`) }).innerText())
        .split('\t')
        .map((c) => c.trim());
    const rows = await Promise.all(
      ['layout', 'batchSize', 'samplesPerS', 'usdPerMillionSamples'].map(row),
    );
    // Listed newest first or not, both plans are there with their own figures.
    expect(rows[0]?.slice(1).sort()).toEqual(['1 GPU x 26 b512', '1 GPU x 30 b128']);
    expect(
      rows[1]
        ?.slice(1)
        .map((c) => c.replace(/ \(.*\)$/, ''))
        .sort(),
    ).toEqual(['128', '512']);
    expect(rows[2]?.slice(1).map((c) => c.replace(/ \(.*\)$/, ''))).toEqual([
      '2,000,000',
      '2,000,000',
    ]);
    // A fraction of a cent per million samples, to three significant digits (core: $0.01337 at
    // 15 ms, $0.01387 at 4 ms).
    expect(
      rows[3]
        ?.slice(1)
        .map((c) => c.replace(/ \(.*\)$/, ''))
        .sort(),
    ).toEqual(['0.0134', '0.0139']);
    await page.screenshot({ path: join(SHOTS, 'generic-serving-compare.png') });
  }, 60_000);

  it('threw no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
  it('shows a generic training workload (ResNet-50 and DLRM training) with core’s figures', async () => {
    const trained = examplePlan('resnet50-dlrm-training.yaml');
    await page.selectOption('[data-testid=language]', 'en');
    await page.goto(`${server.url}/#/new/resnet50-dlrm-training.yaml`);
    await page.getByTestId('workloads-table').waitFor();
    const i = makeI18n('en');
    const rows = await workloadRows();
    trained.workloads.forEach((w, k) => {
      const g = w.genericTraining;
      if (!g) throw new Error(`${w.name} is not a generic training workload`);
      expect(rows[k]).toEqual([
        w.name,
        'training',
        i.num(g.gpus, 0),
        `dp${g.parallelism.dp} pp${g.parallelism.pp} mb${g.parallelism.microBatch}`,
        `${i.num(g.stepTimeS, 3)} s`,
        i.percent(g.mfu),
        `${i.num(g.days, 1)} days`,
      ]);
    });
    const first = trained.workloads[0]?.genericTraining;
    expect(await page.getByTestId('headline-days').innerText()).toBe(
      `${i.num(first?.days ?? NaN, 1)} days\nRun length`,
    );
  }, 60_000);
});
