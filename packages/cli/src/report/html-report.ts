// `aidc plan FILE --html report.html`: one self-contained, printable page: summary, workloads,
// bill of materials, facility, reliability, energy and carbon, cost, and the assumptions with
// their sources. Charts are inline SVG (ECharts SSR); the page has no script and loads nothing.
import {
  BUILT_IN_CATALOGS,
  CAPEX_ITEM_LABELS,
  findGpu,
  findServer,
  isGenericInference,
  layoutName,
  OPEX_LINE_LABELS,
  type Catalogs,
  type Plan,
  grouped,
} from '@aidc/core';
import { causeLabel, compact, count } from '../humanise.js';
import { parallelismText } from '../parallelism-text.js';
import { sourcedEntries, valueText } from '../sourced-entries.js';
import { cashFlowSection } from './cash-flow-section.js';
import { bars, lines, stackedBar, tornadoChart } from './charts.js';
import { esc, figure, grid, htmlPage, kv, pct } from './html-parts.js';
import { genericInferenceSection, genericInferenceSummary } from './generic-inference-section.js';
import { genericTrainingSection, genericTrainingSummary } from './generic-training-section.js';

const n = (x: number, digits = 1) => compact(x, digits, true);
const usd = (x: number) => `${x < 0 ? '−' : ''}$${n(Math.abs(x), Math.abs(x) < 100 ? 2 : 1)}`;

/** Racks drawn row by row, coloured by role (compute, network, storage). */
function rackLayout(compute: number, network: number, storage: number, perRow: number): string {
  const racks = [
    ...Array<string>(compute).fill('#2f6fb0'),
    ...Array<string>(network).fill('#e07b39'),
    ...Array<string>(storage).fill('#3a9c6b'),
  ];
  const shown = racks.slice(0, 600);
  const w = 14;
  const h = 22;
  const gap = 3;
  const rows = Math.ceil(shown.length / perRow);
  const width = perRow * (w + gap) + 20;
  const height = rows * (h + 12) + 40;
  const cells = shown
    .map((color, i) => {
      const x = 10 + (i % perRow) * (w + gap);
      const y = 10 + Math.floor(i / perRow) * (h + 12);
      return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${color}" rx="2"/>`;
    })
    .join('');
  const legend = [
    ['#2f6fb0', `compute (${compute})`],
    ['#e07b39', `network (${network})`],
    ['#3a9c6b', `storage (${storage})`],
  ]
    .map(
      ([c, t], i) =>
        `<rect x="${10 + i * 150}" y="${height - 22}" width="12" height="12" fill="${c}"/><text x="${28 + i * 150}" y="${height - 12}" font-size="12" font-family="sans-serif">${t}</text>`,
    )
    .join('');
  const note =
    racks.length > shown.length
      ? `<text x="10" y="${height - 30}" font-size="11" font-family="sans-serif">first ${shown.length} of ${racks.length} racks shown</text>`
      : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(width, 470)}" height="${height}" role="img" aria-label="rack layout">${cells}${note}${legend}</svg>`;
}

export function renderHtmlReport(plan: Plan, catalogs: Catalogs = BUILT_IN_CATALOGS): string {
  const s: string[] = [];
  const c = plan.cluster;
  const f = plan.facility;
  const cost = plan.cost;
  const carbon = plan.carbon;
  const training = plan.workloads.filter((w) => w.training);

  // Summary.
  const summary: [string, string][] = [
    [
      'GPUs',
      `${grouped(c.gpus)} × ${c.gpu} in ${grouped(c.servers)} ${c.unit === 'rack' ? `racks of ${c.hostsPerServer ?? 1} compute trays` : 'servers'}`,
    ],
  ];
  for (const w of training) {
    const t = w.training;
    if (t)
      summary.push([
        `${w.name}`,
        `${t.days.toFixed(1)} days (${t.idealDays.toFixed(1)} at steady speed) on ${n(t.gpus, 0)} GPUs, ${n(t.gpuHours, 0)} GPU-hours, MFU ${pct(t.mfu)}${t.costUsd !== undefined ? `; run cost ${usd(t.costUsd)}` : ''}${t.energyMWh !== undefined ? `, ${n(t.energyMWh, 0)} MWh, ${n(t.tCO2eMarket ?? t.tCO2e ?? 0, 0)} tCO2e` : ''}`,
      ]);
  }
  for (const w of plan.workloads)
    if (w.genericTraining) summary.push(genericTrainingSummary(w.name, w.genericTraining));
  for (const w of plan.workloads)
    if (w.genericInference) summary.push(genericInferenceSummary(w.name, w.genericInference));
  for (const w of plan.workloads) {
    const r = w.inference;
    if (r)
      summary.push([
        `${w.name}`,
        `${n(r.outputTokensPerS, 0)} output tokens/s on ${r.gpus} GPUs, TTFT ${r.ttftMs.toFixed(0)} ms / TPOT ${r.tpotMs.toFixed(1)} ms (${r.latencyStatistic})${r.usdPerMillionOutputTokens !== undefined ? `; ${usd(r.usdPerMillionOutputTokens)} per million output tokens` : ''}`,
      ]);
  }
  if (f)
    summary.push([
      'power',
      `${f.itPowerMW.toFixed(2)} MW IT, ${f.facilityPowerMW.toFixed(2)} MW facility (PUE ${f.pue.toFixed(2)})`,
    ]);
  if (cost) {
    summary.push([
      'capex / TCO',
      `${usd(cost.capexUsd.total)} / ${usd(cost.tcoUsd)} over ${cost.inputs.horizonYears} years`,
    ]);
    summary.push([
      'cost per GPU-hour',
      `${usd(cost.usdPerGpuHour)} in use (TCO / GPU-hours at ${pct(cost.inputs.utilization)} utilisation)${cost.investment ? `; renting out at ${usd(cost.inputs.rentalUsdPerGpuHour ?? 0)}` : ''}`,
    ]);
    if (cost.investment)
      summary.push(['NPV', `${usd(cost.investment.npvUsd)} at ${pct(cost.inputs.discountRate)}`]);
  }
  if (carbon)
    summary.push([
      'emissions',
      `${n(carbon.marketTCO2ePerYear, 0)} tCO2e a year operational, ${n(carbon.embodiedTCO2e, 0)} t embodied`,
    ]);
  s.push(`<section id="summary"><h2>Summary</h2>${kv(summary)}</section>`);
  // The warnings beside the headline answer: what a reader must know before the detail.
  if (plan.warnings.length > 0)
    s.push(
      `<section id="warnings"><h2>Warnings</h2><ul>${plan.warnings.map((w) => `<li>${esc(w.message)}</li>`).join('')}</ul></section>`,
    );

  // Workloads.
  const ws: string[] = [];
  for (const w of plan.workloads) {
    if (w.infeasible) {
      ws.push(
        `<h3>${esc(w.name)}: infeasible</h3><p class="warn">${esc(w.infeasible.reason)}</p><p>Fix: ${esc(w.infeasible.fix)}</p>`,
      );
      continue;
    }
    if (w.genericTraining) {
      ws.push(genericTrainingSection(w.name, w.genericTraining));
      continue;
    }
    if (w.genericInference) {
      ws.push(genericInferenceSection(w.name, w.genericInference));
      continue;
    }
    const t = w.training;
    if (t) {
      const st = t.stepTimeBreakdownS;
      const m = t.memoryPerGpuGB;
      ws.push(
        `<h3>${esc(w.name)} (training, ${t.gpus} GPUs)</h3>`,
        kv([
          ['parallelism', parallelismText(t)],
          [
            'step time',
            `${t.stepTimeS.toFixed(2)} s, ${n(t.tokensPerS)} tokens/s, MFU ${pct(t.mfu)}`,
          ],
          ['memory per GPU', `${m.total.toFixed(1)} of ${t.memoryCapacityGB.toFixed(1)} GB`],
        ]),
        figure(
          `${w.name}-step-time`,
          stackedBar('Step time by part', 's', [
            ['compute', st.computeS],
            ['tensor-parallel', st.tensorParallelCommS],
            ['context-parallel', st.contextParallelCommS],
            ['expert-parallel', st.expertParallelCommS],
            ['pipeline bubble', st.pipelineBubbleS],
            ['pipeline p2p', st.pipelineP2pS],
            ['data-parallel exposed', st.dataParallelExposedS],
            ['optimizer', st.optimizerS],
            ['stragglers', st.stragglerS],
          ]),
          'Where each optimizer step goes: compute, communication and the pipeline bubble.',
        ),
        figure(
          `${w.name}-memory`,
          stackedBar('Memory per GPU', 'GB', [
            ['weights', m.weights],
            ['gradients', m.gradients],
            ['optimizer', m.optimizer],
            ['activations', m.activations],
            ['reserve', m.reserve],
          ]),
          `Of ${t.memoryCapacityGB.toFixed(1)} GB of HBM.`,
        ),
      );
    }
    const r = w.inference;
    if (r) {
      const curve = r.latencyCurve;
      const spec = plan.scenario.workloads.find((sw) => sw.name === w.name);
      const slo = spec?.type === 'inference' && !isGenericInference(spec) ? spec.slo : undefined;
      ws.push(
        `<h3>${esc(w.name)} (inference, ${r.gpus} GPUs = ${r.replicas} × ${layoutName(r.tp, r.pp, r.ep, r.dp).replace(' x ', ' × ')})</h3>`,
        kv([
          [
            'operating point',
            `${r.batchSize.toFixed(1)} sequences in flight, TTFT ${r.ttftMs.toFixed(0)} ms, TPOT ${r.tpotMs.toFixed(1)} ms (${r.latencyStatistic})`,
          ],
          [
            'throughput',
            `${n(r.outputTokensPerS, 0)} output tokens/s now, ${n(r.maxOutputTokensPerS, 0)} at most`,
          ],
          [
            'KV cache',
            `${r.kvCacheGBPerReplica.toFixed(0)} GB per replica, ${grouped(r.kvCacheTokensPerReplica)} tokens`,
          ],
          ...(r.reliability
            ? ([
                [
                  'failures',
                  `${r.reliability.failuresPerYear.toFixed(1)} a year, ${r.reliability.restartMin.toFixed(1)} min each to detect and restart; ${
                    r.mode === 'offline'
                      ? 'no hot spares: an offline job runs on with a replica fewer during a repair'
                      : `${count(r.reliability.spareServers, 'hot spare server')} needed alone`
                  }`,
                ],
              ] as [string, string][])
            : []),
        ]),
        figure(
          `${w.name}-latency`,
          lines(
            'Latency and throughput against batch (one replica)',
            'sequences in flight',
            curve.map((p) => p.batch),
            {
              name: 'latency',
              unit: 'ms',
              series: [
                ['TTFT', curve.map((p) => p.ttftMs)],
                ['TPOT', curve.map((p) => p.tpotMs)],
              ],
            },
            {
              name: 'throughput',
              unit: 'tokens/s',
              series: [['output tokens/s', curve.map((p) => p.outputTokensPerS)]],
            },
            {
              x: { value: r.batchSize, label: 'operating point' },
              y: [
                ...(slo?.ttftMs !== undefined ? [{ value: slo.ttftMs, label: 'TTFT target' }] : []),
                ...(slo?.tpotMs !== undefined ? [{ value: slo.tpotMs, label: 'TPOT target' }] : []),
              ],
            },
          ),
          'The operating point (dotted) is the largest batch whose latencies meet the targets (dotted, when given).',
        ),
      );
    }
  }
  s.push(`<section id="workloads"><h2>Workloads</h2>${ws.join('')}</section>`);

  // Bill of materials.
  const bom: string[][] = [
    [
      `${c.server ?? 'server'}`,
      String(c.servers),
      c.unit === 'rack'
        ? `racks; ${count(c.spareHosts ?? 0, 'hot spare tray')}: ${c.spareHostsInServers ?? 0} inside the racks, ${count(c.spareServers ?? 0, 'whole spare rack')}`
        : c.spareServers
          ? count(c.spareServers, 'hot spare')
          : '',
    ],
  ];
  for (const net of [c.fabric, c.storageNetwork, c.inbandNetwork]) {
    if (!net) continue;
    bom.push([
      `${net.switch} (${net.id})`,
      String(net.switchCount),
      `${count(net.tiers, 'tier')}, leaf ${net.switches.leaf} / spine ${net.switches.spine} / core ${net.switches.core}`,
    ]);
    // Optical modules as the bill lists them: switch side and server side, one row each.
    for (const line of net.bill)
      if (line.kind === 'transceiver')
        bom.push([line.part, String(line.count), `optical modules (${net.id})`]);
    const fibre = net.bill.find((line) => line.kind === 'cable');
    if (fibre) bom.push(['fibre patch', String(fibre.count), `${net.id} links`]);
  }
  if (c.managementNetwork)
    bom.push([
      c.managementNetwork.switch,
      String(c.managementNetwork.switches),
      'out-of-band management',
    ]);
  if (c.storage)
    bom.push([
      c.storage.appliance,
      String(c.storage.appliances),
      `${c.storage.capacityTB.toFixed(0)} TB, read ${c.storage.readGBps.toFixed(0)} GB/s, write ${c.storage.writeGBps.toFixed(0)} GB/s`,
    ]);
  s.push(
    `<section id="bom"><h2>Cluster bill of materials</h2>${grid(['item', 'count', 'notes'], bom)}${c.fabric ? `<p>Compute fabric bisection ${c.fabric.bisectionTbps.toFixed(0)} Tb/s.</p>` : ''}</section>`,
  );

  // Facility.
  if (f && c.rackDetail) {
    const r = c.rackDetail;
    s.push(
      `<section id="facility"><h2>Facility</h2>`,
      kv([
        [
          'tier',
          `${f.tier}: ${(f.availability * 100).toFixed(3)}% available, ${f.downtimeHoursPerYear} h/year downtime; ${f.redundancy}`,
        ],
        [
          'racks',
          `${r.total} in ${r.rows === 1 ? '1 row' : `${r.rows} rows`}; ${r.serversPerRack} servers per compute rack, ${r.computeRackKW.toFixed(1)} kW`,
        ],
        [
          'cooling',
          `${f.cooling}: ${f.coolingPlant.cdus.units} CDUs, ${f.coolingPlant.crahs.units} CRAHs, ${f.coolingPlant.chillers.units} chillers`,
        ],
        [
          'design load',
          `IT ${f.itDesignMW.toFixed(2)} MW (${f.designBasis}), facility ${f.facilityDesignMW.toFixed(2)} MW`,
        ],
        ['power lineups', `${f.lineups.topology}, ${f.lineups.paths} distribution path(s)`],
        [
          'UPS / generators',
          `${f.ups.modules} × ${f.ups.moduleKW.toFixed(0)} kW ${f.ups.kind} / ${f.generators.units > 0 ? `${f.generators.units} × ${f.generators.unitKW.toFixed(0)} kW sets at ${f.generators.ratedKW.toFixed(0)} kW ${f.generators.rating}` : "the host's generators"}`,
        ],
        ...(f.pueCap
          ? ([
              [
                'PUE limit',
                `${f.pueCap.maxPue} for ${f.pueCap.scope} (${f.pueCap.country}): ${f.pueCap.meets ? 'met' : 'not met'}`,
              ],
            ] as [string, string][])
          : []),
        [
          'floor',
          `${f.whiteSpaceM2.toFixed(0)} m² white space, ${f.floorAreaM2.toFixed(0)} m² gross (${f.floorBasis}); yards ${(f.generatorYardM2 + f.chillerYardM2).toFixed(0)} m², substation ${f.substationM2.toFixed(0)} m²`,
        ],
        ...(f.powerSwing
          ? ([
              [
                'power swing',
                `${f.powerSwing.itMW.toFixed(2)} MW IT (${f.powerSwing.facilityMW.toFixed(2)} MW with cooling), ~${f.powerSwing.eventsPerDay.toFixed(0)} a day: ${f.powerSwing.cause}`,
              ],
            ] as [string, string][])
          : []),
      ]),
      `<h3>Facility capex (${esc(f.capexUsd.market)})</h3>`,
      grid(
        ['item', 'USD', 'quantity', 'unit cost'],
        [...f.capexUsd.items]
          .sort((a, b) => b.usd - a.usd)
          .map((i) => [
            CAPEX_ITEM_LABELS[i.item],
            `$${(i.usd / 1e6).toFixed(2)}M`,
            `${i.quantity.toFixed(0)} ${i.per}`,
            `$${i.usdPerUnit.toFixed(0)}`,
          ]),
      ),
      `<p>Total $${(f.capexUsd.total / 1e6).toFixed(1)}M, $${(f.capexUsd.usdPerMWIt / 1e6).toFixed(1)}M per MW of IT design load.</p>`,
      figure(
        'power',
        bars('Power drawn (expected)', 'MW', [
          ['servers', f.itByPartMW.servers],
          ['network', f.itByPartMW.network],
          ['storage', f.itByPartMW.storage],
          ['cooling and losses', f.facilityPowerMW - f.itPowerMW],
        ]),
        `IT ${f.itPowerMW.toFixed(2)} MW, facility ${f.facilityPowerMW.toFixed(2)} MW (PUE ${f.pue.toFixed(2)}, ${f.pueFrom}).`,
      ),
      figure(
        'racks',
        rackLayout(r.compute, r.network, r.storage, r.total > 200 ? 48 : 24),
        'Rack layout, row by row.',
      ),
      `</section>`,
    );
  }

  // Reliability.
  const rel = training
    .map((w) => w.training?.reliability && { name: w.name, r: w.training.reliability })
    .filter((x) => x);
  if (rel.length > 0) {
    s.push(`<section id="reliability"><h2>Reliability</h2>`);
    for (const x of rel) {
      if (!x) continue;
      const r = x.r;
      s.push(
        kv([
          [
            x.name,
            `${r.interruptionsPerDay.toFixed(2)} interruptions a day (MTBF ${r.mtbfHours.toFixed(1)} h), ${r.interruptionsExpected.toFixed(0)} over the run`,
          ],
          [
            'checkpoints',
            `every ${r.checkpointIntervalMin.toFixed(0)} min (${r.intervalChosen}); ${r.checkpointSave === 'async' ? 'asynchronous' : 'synchronous'}: training stops ${r.checkpointStallS.toFixed(1)} s, ${r.checkpointWriteS.toFixed(1)} s to storage`,
          ],
          ['goodput', pct(r.goodput)],
          ...(r.monteCarlo
            ? ([
                [
                  'finish (P10/P50/P90)',
                  `${r.monteCarlo.p10Days.toFixed(1)} / ${r.monteCarlo.p50Days.toFixed(1)} / ${r.monteCarlo.p90Days.toFixed(1)} days`,
                ],
              ] as [string, string][])
            : []),
          [
            'hot spares',
            `${count(r.spareServers, 'server')} of ${r.spareUnitGpus} GPUs (${(r.spareConfidence * 100).toFixed(0)}% confidence of covering every server in repair)`,
          ],
        ]),
        figure(
          `${x.name}-interruptions`,
          bars(
            'Interruptions per day by cause',
            'per day',
            Object.entries(r.interruptionsPerDayByCause).map(
              ([cause, perDay]) => [causeLabel(cause), perDay] as [string, number],
            ),
          ),
          'Failure rates from Meta RSC, split by Llama 3’s causes.',
        ),
      );
    }
    s.push(`</section>`);
  }

  // Energy and carbon.
  if (carbon) {
    const e = carbon.embodiedByPartTCO2e;
    s.push(
      `<section id="carbon"><h2>Energy and carbon</h2>`,
      kv([
        ['energy', `${n(carbon.energyMWhPerYear, 0)} MWh a year`],
        ['grid', `${carbon.gridGCO2PerKWh.toFixed(0)} gCO2e/kWh — ${carbon.gridSource}`],
        [
          'operational',
          `${n(carbon.operationalTCO2ePerYear, 0)} tCO2e/year location-based, ${n(carbon.marketTCO2ePerYear, 0)} market-based`,
        ],
        [
          'embodied',
          `${n(carbon.embodiedTCO2e, 0)} tCO2e, ${n(carbon.embodiedTCO2ePerYear, 0)} a year of life`,
        ],
      ]),
      figure(
        'embodied',
        bars('Embodied carbon by part', 'tCO2e', [
          ['GPUs', e.gpus],
          ['servers', e.servers],
          ['network', e.network],
          ['storage', e.storage],
          ['building', e.building],
        ]),
        'Manufacturing and construction emissions.',
      ),
      `</section>`,
    );
  }

  // Cost.
  if (cost) {
    const cap = cost.capexUsd;
    const op = cost.opexUsdPerYear;
    const years = Array.from({ length: Math.round(cost.inputs.horizonYears) + 1 }, (_, i) => i);
    const metricBase =
      cost.sensitivity.metric === 'npvUsd' ? (cost.investment?.npvUsd ?? 0) : cost.tcoUsd;
    s.push(
      `<section id="cost"><h2>Cost</h2>`,
      kv([
        ['capex', usd(cap.total)],
        ['opex per year', usd(op.total)],
        [
          'TCO',
          `${usd(cost.tcoUsd)} (capex - ${usd(cost.residualUsd.total)} residual + opex); ${usd(cost.usdPerGpuHour)} per GPU-hour in use${cost.usdPerUsefulGpuHour > cost.usdPerGpuHour * 1.005 ? `, ${usd(cost.usdPerUsefulGpuHour)} per useful training GPU-hour` : ''}`,
        ],
        ...(cost.investment
          ? ([
              [
                'investment',
                `NPV ${usd(cost.investment.npvUsd)}, IRR ${cost.investment.irr !== undefined ? pct(cost.investment.irr) : 'none'}, payback ${cost.investment.paybackYears !== undefined ? `${cost.investment.paybackYears.toFixed(1)} years` : 'beyond the horizon'}`,
              ],
            ] as [string, string][])
          : []),
        ...(cost.monteCarlo
          ? ([
              [
                `${cost.monteCarlo.metric === 'npvUsd' ? 'NPV' : 'TCO'} P10/P50/P90`,
                `${usd(cost.monteCarlo.p10)} / ${usd(cost.monteCarlo.p50)} / ${usd(cost.monteCarlo.p90)}`,
              ],
            ] as [string, string][])
          : []),
      ]),
      figure(
        'capex',
        bars('Capital cost', '$M', [
          ['servers', cap.servers / 1e6],
          ['network', cap.network / 1e6],
          ['storage', cap.storage / 1e6],
          ['facility', cap.facility / 1e6],
        ]),
        'By category.',
      ),
      figure(
        'opex',
        bars(
          'Operating cost per year',
          '$M',
          OPEX_LINE_LABELS.map(([k, label]) => [label, op[k] / 1e6]),
        ),
        'By category, the average year of the horizon (hardware support starts when the included years end).',
      ),
      figure(
        'tco',
        lines('Cumulative cost', 'year', years, {
          name: 'cost',
          unit: '$M',
          series: [['TCO', cost.tcoByYearUsd.map((v) => v / 1e6)]],
        }),
        'Capital at year 0, operating cost each year; the last year returns the residual value.',
      ),
      figure(
        'tornado',
        tornadoChart(
          `Sensitivity of ${cost.sensitivity.metric === 'npvUsd' ? 'NPV' : 'TCO'} to each input ±20%`,
          metricBase,
          cost.sensitivity.bars.slice(0, 8),
        ),
        'Inputs ranked by the swing they cause.',
      ),
      `</section>`,
    );
  }

  if (cost?.cashFlows) s.push(cashFlowSection(cost.cashFlows));

  // Candidate sites.
  if (plan.sites) {
    const w = plan.sites.weights;
    const rows = [...plan.sites.rows]
      .sort((a, b) => a.rank - b.rank)
      .map((r) => [
        `${r.rank}. ${r.name}`,
        r.pue.toFixed(2),
        `$${r.electricityUsdPerKWh.toFixed(3)}/kWh`,
        usd(r.tcoUsd),
        r.npvUsd !== undefined ? usd(r.npvUsd) : '-',
        `${r.gridGCO2PerKWh.toFixed(0)} g/kWh`,
        n(r.marketTCO2ePerYear, 0),
        r.powerAvailable ? 'yes' : 'no',
        r.score.toFixed(2),
      ]);
    s.push(
      `<section id="sites"><h2>Candidate sites</h2><p>Ranked by a weighted score, weights TCO ${w.tco}, carbon ${w.carbon}, PUE ${w.pue}, power availability ${w.power}. The score is the ${esc(plan.sites.scoreMeaning)}.</p>${grid(['site', 'PUE', 'electricity', 'TCO', 'NPV', 'grid', 'tCO2e/yr', 'power', 'score'], rows)}</section>`,
    );
  }

  // Assumptions and sources.
  const src: string[][] = (plan.assumptions ?? []).map((a) => [
    a.name,
    a.value,
    a.confidence ?? '',
    a.source,
  ]);
  const catalogued = [
    findGpu(c.gpu, catalogs.gpus),
    c.server ? findServer(c.server, catalogs.servers) : undefined,
  ];
  for (const item of catalogued) {
    if (!item) continue;
    for (const e of sourcedEntries(item)) {
      src.push([
        `${item.id} ${e.path}`,
        valueText(e.value),
        e.confidence ?? '',
        e.date !== undefined ? `${e.source} (${e.date})` : e.source,
      ]);
    }
  }
  s.push(
    `<section id="sources"><h2>Assumptions and sources</h2>${grid(['figure', 'value', 'kind', 'source'], src)}</section>`,
  );

  return htmlPage(
    `${plan.scenario.name} — aidc plan`,
    `<h1>${esc(plan.scenario.name)}</h1>\n<p class="meta">aidc ${esc(plan.aidcVersion)} plan — ${plan.feasible ? 'feasible' : 'has infeasible workloads'}</p>\n${s.join('\n')}`,
  );
}
