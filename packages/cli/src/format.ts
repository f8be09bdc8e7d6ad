// Terminal rendering of plans and catalogs: fixed-width tables, units spelled out.
import {
  CAPEX_ITEM_LABELS,
  layoutName,
  OPEX_LINE_LABELS,
  type PlannedInference,
  type Plan,
  type PlannedTraining,
  grouped,
} from '@aidc/core';
import { formatCashFlows } from './cash-flow-text.js';
import { parallelismText } from './parallelism-text.js';
import { causeLabel, compact, count } from './humanise.js';
import { formatGenericInference } from './generic-inference-text.js';
import { formatGenericTraining } from './generic-training-text.js';

export function table(rows: readonly (readonly string[])[], header?: readonly string[]): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const row of all)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = all.map(line);
  if (header) out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return out.join('\n');
}

/** Label-value lines: labels padded to one width, values left-aligned as prose. */
export function pairs(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`.trimEnd()).join('\n');
}

/** 1.23e6 -> "1.23 M"; keeps three significant digits. */
export function si(x: number, unit = ''): string {
  const abs = Math.abs(x);
  const scales: [number, string][] = [
    [1e15, 'P'],
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, prefix] of scales) {
    if (abs >= scale) return `${(x / scale).toPrecision(3)} ${prefix}${unit}`;
  }
  return `${x.toPrecision(3)}${unit ? ' ' + unit : ''}`;
}

const fixed = (x: number, digits = 1) => x.toFixed(digits);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** What the interruption and energy rows read of a training run (an LLM's or a generic one's). */
export type RunOutcome = Pick<
  PlannedTraining,
  'reliability' | 'days' | 'gpuHours' | 'energyMWh' | 'nameplateEnergyMWh' | 'tCO2e' | 'costUsd'
>;

export function reliabilityRows(t: RunOutcome): [string, string][] {
  const r = t.reliability;
  if (!r) return [];
  const causes = Object.entries(r.interruptionsPerDayByCause)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([cause, perDay]) => `${causeLabel(cause)} ${fixed(perDay, 2)}`)
    .join(', ');
  const mc = r.monteCarlo;
  return [
    [
      'interruptions',
      `${fixed(r.interruptionsPerDay, 2)} per day (MTBF ${fixed(r.mtbfHours, 1)} h; ${causes}), ${fixed(r.interruptionsExpected, 0)} over the run`,
    ],
    [
      'checkpoints',
      `${fixed(r.checkpointGB, 0)} GB, ${r.checkpointSave === 'async' ? `asynchronous: training stops ${fixed(r.checkpointStallS, 1)} s, on storage in ${fixed(r.checkpointWriteS, 1)} s` : `synchronous: training stops ${fixed(r.checkpointStallS, 1)} s`}; every ${fixed(r.checkpointIntervalMin, 0)} min (${r.intervalChosen}); ${fixed(r.restartMin, 1)} min to detect and restart`,
    ],
    ['goodput', pct(r.goodput)],
    [
      'duration',
      `${fixed(t.days)} days, ${si(t.gpuHours)} GPU-hours with interruptions${mc ? `; Monte Carlo P10/P50/P90 ${fixed(mc.p10Days)} / ${fixed(mc.p50Days)} / ${fixed(mc.p90Days)} days (${mc.method === 'events' ? `${mc.trials} runs, seed ${mc.seed}` : mc.method === 'intervals' ? `the sum of simulated checkpoint intervals as normal: too many failures to simulate one by one; seed ${mc.seed}` : 'Daly’s expected time: restarts rarely succeed, no spread simulated'})` : ''}`,
    ],
    ...(t.energyMWh !== undefined
      ? ([
          [
            'energy and carbon',
            `${si((t.energyMWh ?? 0) * 1e6, 'Wh')} expected (${si((t.nameplateEnergyMWh ?? 0) * 1e6, 'Wh')} at GPU TDP x PUE), ${amount(t.tCO2e ?? 0)} tCO2e`,
          ],
          ['run cost', usd(t.costUsd ?? 0)],
        ] as [string, string][])
      : []),
    [
      'hot spares',
      `${count(r.spareServers, 'server')} of ${count(r.spareUnitGpus, 'GPU')} (${pct(r.spareConfidence)} confidence of covering every server in repair)`,
    ],
  ];
}

export function formatTraining(name: string, t: PlannedTraining): string {
  const s = t.stepTimeBreakdownS;
  const m = t.memoryPerGpuGB;
  const lines = [
    `Training "${name}": ${count(t.gpus, 'GPU')}, ${si(t.modelParams)} parameters`,
    pairs([
      ['parallelism', parallelismText(t)],
      [
        'recompute / ZeRO',
        `${t.recompute}${t.recomputeLayers !== undefined ? ` (${t.recomputeLayers} layers per stage)` : ''} / stage ${t.zeroStage}`,
      ],
      [
        'global batch',
        `${t.globalBatchSequences} sequences, ${fixed(t.microbatchesPerStep, 0)} microbatches per step`,
      ],
      ['step time', `${fixed(t.stepTimeS, 2)} s`],
      ['throughput', `${si(t.tokensPerS)} tokens/s`],
      [
        'TFLOP/s per GPU',
        `${fixed(t.tflopsPerGpu)} model, ${fixed(t.hardwareTflopsPerGpu)} hardware`,
      ],
      ['MFU / HFU', `${pct(t.mfu)} / ${pct(t.hfu)}`],
      [
        'memory per GPU',
        `${fixed(m.total)} of ${fixed(t.memoryCapacityGB)} GB (${fixed(t.memoryCapacityGB / 1.073741824, 0)} GiB)`,
      ],
      [
        'ideal duration',
        `${fixed(t.idealDays)} days, ${si(t.idealGpuHours)} GPU-hours (${si(t.steps)} steps)`,
      ],
      ...reliabilityRows(t),
    ]),
    '',
    'Step time by part (s):',
    table(
      [
        ['compute', fixed(s.computeS, 3)],
        ['tensor-parallel comm', fixed(s.tensorParallelCommS, 3)],
        ['context-parallel comm', fixed(s.contextParallelCommS, 3)],
        ['expert-parallel comm', fixed(s.expertParallelCommS, 3)],
        ['pipeline bubble', `${fixed(s.pipelineBubbleS, 3)}  (${pct(s.bubbleFraction)})`],
        ['pipeline p2p', fixed(s.pipelineP2pS, 3)],
        ['data-parallel (exposed)', fixed(s.dataParallelExposedS, 3)],
        ['optimizer', fixed(s.optimizerS, 3)],
        ['stragglers', fixed(s.stragglerS, 3)],
        ['total', fixed(s.totalS, 3)],
      ].map(([a, b]) => ['  ' + (a ?? ''), b ?? '']),
    ),
    '',
    'Memory per GPU (GB):',
    table(
      [
        ['weights', fixed(m.weights)],
        ['gradients', fixed(m.gradients)],
        ['optimizer', fixed(m.optimizer)],
        ['activations', fixed(m.activations)],
        ['reserve', fixed(m.reserve)],
        ['total', fixed(m.total)],
      ].map(([a, b]) => ['  ' + (a ?? ''), b ?? '']),
    ),
  ];
  if (t.alternatives.length > 0) {
    lines.push(
      '',
      `Next best of ${t.searched.evaluated} layouts searched (${t.searched.rejectedForMemory} did not fit):`,
    );
    lines.push(
      table(
        t.alternatives.map((a) => {
          const p = a.parallelism;
          const layout = `tp${p.tp} pp${p.pp} dp${p.dp}${p.cp > 1 ? ` cp${p.cp}` : ''}${p.ep > 1 ? ` ep${p.ep}` : ''} mb${p.microBatch}${p.virtualStages > 1 ? ` v${p.virtualStages}` : ''} ${p.recompute} z${p.zeroStage}`;
          return ['  ' + layout, `+${pct(a.slowerBy)}`, a.why];
        }),
      ),
    );
  }
  return lines.join('\n');
}

/** Hours as "40 min" or "27.1 h". */
const downtime = (hours: number) =>
  hours < 2 ? `${fixed(hours * 60)} min` : `${fixed(hours, 1)} h`;

export function serviceReliabilityRows(
  r: Pick<PlannedInference, 'reliability' | 'mode'>,
): [string, string][] {
  const f = r.reliability;
  if (!f) return [];
  const out = `${fixed(f.meanServersInRepair, 2)} servers out on average`;
  const spares =
    r.mode === 'offline'
      ? `none: an offline job runs on with a replica fewer while a server is repaired (${out})`
      : `${count(f.spareServers, 'server')} of ${count(f.spareUnitGpus, 'GPU')} needed alone (${pct(f.spareConfidence)} confidence of covering every server in repair; ${out}${f.headroomServers > 0 ? `, ${f.headroomServers} covered by replicas beyond the load` : ''})`;
  return [
    [
      'failures',
      `${fixed(f.failuresPerYear, 1)} a year in the service (each replica every ${fixed(f.replicaMtbfDays)} days); ${fixed(f.restartMin, 1)} min to detect and restart${r.mode === 'offline' ? ', a repair without a spare' : ''}: ${downtime(f.downtimeFraction * 8760)} a year per replica`,
    ],
    ['hot spares', spares],
  ];
}

export function formatInference(name: string, r: PlannedInference): string {
  const m = r.memoryPerGpuGB;
  const it = r.iterationMs;
  const latency = r.latencyStatistic;
  const mode =
    r.mode === 'online'
      ? `${fixed(r.requestsPerS, 2)} req/s, ${pct(r.loadFraction)} of the ${si(r.capacityRequestsPerS)} req/s the replicas sustain within the targets`
      : `offline (max throughput of the GPUs)`;
  const lines = [
    `Inference "${name}": ${count(r.gpus, 'GPU')} = ${count(r.replicas, 'replica')}${r.mode === 'online' && r.replicas > r.replicasForLoad ? ` (${r.replicasForLoad} for the load + ${r.replicas - r.replicasForLoad} beyond it)` : ''} x ${layoutName(r.tp, r.pp, r.ep, r.dp)}`,
    pairs([
      ['load', mode],
      ['precision', `weights ${r.precision}, KV cache ${r.kvCachePrecision}`],
      [
        'batch per replica',
        `${fixed(r.batchSize, 1)} sequences in flight (most it can hold: ${r.maxBatchSize})`,
      ],
      [`TTFT / TPOT (${latency})`, `${fixed(r.ttftMs)} ms / ${fixed(r.tpotMs, 1)} ms`],
      ['output tokens/s', `${si(r.outputTokensPerS)} now, ${si(r.maxOutputTokensPerS)} at most`],
      [
        'memory per GPU',
        `${fixed(m.weights)} weights + ${fixed(m.kvCache)} KV cache + ${fixed(m.reserve)} reserve of ${fixed(m.capacity)} GB (${fixed(m.capacity / 1.073741824, 0)} GiB)`,
      ],
      [
        'KV cache',
        `${si(r.kvBytesPerToken, 'B')} per token, ${fixed(r.kvCacheGBPerReplica)} GB per replica`,
      ],
      ...serviceReliabilityRows(r),
      ...(r.usdPerMillionOutputTokens !== undefined
        ? ([
            [
              'cost and energy',
              `${usd(r.usdPerMillionOutputTokens)} and ${fixed(r.kWhPerMillionOutputTokens ?? 0, 1)} kWh per million output tokens; ${si((r.energyMWhPerYear ?? 0) * 1e6, 'Wh')}, ${amount(r.tCO2ePerYear ?? 0)} tCO2e a year`,
            ],
          ] as [string, string][])
        : []),
    ]),
    '',
    'Iteration time by part (ms):',
    table(
      [
        ['matmul compute', fixed(it.linearCompute, 2)],
        ['weight reads', fixed(it.weightRead, 2)],
        ['elementwise', fixed(it.elementwise, 2)],
        ['prefill attention', fixed(it.prefillAttention, 2)],
        ['decode attention (KV reads)', fixed(it.decodeAttention, 2)],
        ['tensor-parallel all-reduce', fixed(it.tensorParallel, 2)],
        ...(r.pp > 1 ? [['pipeline-stage transfers', fixed(it.pipelineTransfer, 2)]] : []),
        ...(it.host > 0 ? [['engine host work not hidden', fixed(it.host, 2)]] : []),
        ['total', fixed(it.total, 2)],
      ].map(([a, b]) => ['  ' + (a ?? ''), b ?? '']),
    ),
  ];
  if (r.alternatives.length > 0) {
    lines.push('', 'Other layouts:');
    lines.push(
      table(r.alternatives.map((a) => [`  ${layoutName(a.tp, a.pp, r.ep, r.dp)}`, a.reason])),
    );
  }
  lines.push('', ...r.notes.map((n) => `  note: ${n}`));
  return lines.join('\n');
}

const int = (x: number) => grouped(Math.round(x));
/** A quantity that is never shown as 0 when it is not: two significant figures below 10. */
const amount = (x: number) =>
  x === 0 || Math.abs(x) >= 10 ? int(x) : Number(x.toPrecision(2)).toString();

export function formatCluster(plan: Plan): string {
  const c = plan.cluster;
  const lines = [
    (c.unit === 'rack'
      ? `Cluster: ${int(c.gpus)} x ${c.gpu} in ${int(c.servers)} ${c.server ?? ''} racks of ${c.gpusPerServer} (${c.hostsPerServer ?? 1} compute trays each)${c.spareHosts ? ` with ${count(c.spareHosts, 'hot spare tray')}: ${int(c.spareHostsInServers ?? 0)} free inside the racks, ${count(c.spareServers ?? 0, 'whole spare rack')}` : ''}`
      : `Cluster: ${int(c.gpus)} x ${c.gpu} in ${int(c.servers)} ${c.server ?? ''} servers of ${c.gpusPerServer}${c.spareServers ? ` (${c.spareServers === 1 ? '1 of them a hot spare' : `${c.spareServers} of them hot spares`})` : ''}`
    ).replace('  ', ' '),
  ];
  const rows: [string, string][] = [];
  const r = c.rackDetail;
  if (r) {
    const perRack =
      r.limitedBy === 'rack-scale system'
        ? `one rack-scale system of ${fixed(r.computeRackKW)} kW each`
        : `${count(r.serversPerRack, 'server')}, ${fixed(r.computeRackKW)} kW each, ${r.limitedBy}-limited`;
    rows.push([
      'racks',
      `${int(r.total)} in ${r.rows === 1 ? '1 row' : `${int(r.rows)} rows`} = ${int(r.compute)} compute (${perRack}) + ${int(r.network)} network + ${int(r.storage)} storage`,
    ]);
  }
  if (c.scaleUpDomains !== undefined) rows.push(['scale-up domains', int(c.scaleUpDomains)]);
  const f = c.fabric;
  if (f) {
    const sw = f.switches;
    rows.push([
      'compute fabric',
      `${f.id}, ${count(f.tiers, 'tier')} of ${f.switch}: ${int(sw.leaf)} leaf + ${int(sw.spine)} spine${sw.core > 0 ? ` + ${int(sw.core)} core` : ''} switches`,
    ]);
    rows.push([
      '',
      `${int(f.links)} links, ${int(f.transceivers)} optical modules${f.transceiver ? ` (${int(f.optics.switchModules)} ${f.transceiver} on switches${f.optics.serverModule ? `, ${int(f.optics.serverModules + f.optics.applianceModules)} ${f.optics.serverModule} on servers` : ''})` : ''}, bisection ${fixed(f.bisectionTbps)} Tb/s${f.oversubscription > 1 ? `, ${f.oversubscription}:1 oversubscribed` : ''}${f.upperOversubscription > 1 ? `, ${f.upperOversubscription}:1 above the leaves` : ''}`,
    ]);
    if (f.sparePlacement === 'leaf taper' || f.sparePlacement === 'extra leaf group') {
      rows.push([
        '',
        f.sparePlacement === 'leaf taper'
          ? `hot spares and fabric manager inside the leaf groups: ${f.leafPorts.down} ports down, ${f.leafPorts.up} up per leaf`
          : 'hot spares on leaf groups of their own',
      ]);
    }
  }
  const sn = c.storageNetwork;
  if (sn) {
    rows.push([
      'storage network',
      `${int(sn.switchCount)} x ${sn.switch} (${count(sn.tiers, 'tier')}), ${int(sn.links)} links${sn.tiers > 1 ? `, ${sn.leafPorts.up} uplinks per leaf for the storage's bandwidth` : ''}`,
    ]);
  }
  const ib = c.inbandNetwork;
  if (ib) {
    rows.push([
      'in-band network',
      `${int(ib.switchCount)} x ${ib.switch} (${count(ib.tiers, 'tier')}), ${int(ib.links)} links`,
    ]);
  }
  const mn = c.managementNetwork;
  if (mn)
    rows.push(['management network', `${int(mn.switches)} x ${mn.switch}, ${int(mn.ports)} ports`]);
  const st = c.storage;
  if (st) {
    rows.push([
      'storage',
      `${fixed(st.capacityTB)} TB online = hot ${fixed(st.hotTB)} TB (datasets ${fixed(st.datasetTB)}, checkpoints ${fixed(st.checkpointsTB)}, models ${fixed(st.artefactsTB)}) + capacity tier ${fixed(st.capacityTierTB)} TB (history, raw data, logs, home)`,
    ]);
    rows.push([
      '',
      `${st.appliances} x ${st.appliance} (${st.performanceAppliances} for performance, sized by ${st.sizedBy}), ${fixed(st.rawTB)} TB raw`,
    ]);
    if (st.backup) {
      const b = st.backup;
      rows.push([
        'backup',
        `${fixed(b.backupTB)} TB: ${fixed(b.protectedTB)} TB protected, a recovery point every ${fixed(b.rpoHours)} h for ${fixed(b.retentionDays)} days, restore within ${fixed(b.rtoHours)} h at ${fixed(b.restoreGBps)} GB/s${b.secondSite ? `; ${fixed(b.secondSiteTB)} TB more at a second site` : '; no second-site copy'}`,
      ]);
    }
    rows.push([
      '',
      `read ${int(st.readGBps)} GB/s, write ${int(st.writeGBps)} GB/s${st.checkpointWriteS > 0 ? `; a checkpoint writes in ${fixed(st.checkpointWriteS)} s` : ''}`,
    ]);
  }
  if (rows.length > 0) lines.push(pairs(rows.map(([a, b]) => ['  ' + a, b] as [string, string])));
  const fa = plan.facility;
  if (fa) {
    const cp = fa.coolingPlant;
    lines.push(
      '',
      `Facility: tier ${fa.tier}, ${fa.cooling} cooling, ${fa.climate} climate`,
      pairs(
        (
          [
            [
              'IT power',
              `${fixed(fa.itPowerMW, 2)} MW expected (servers ${fixed(fa.itByPartMW.servers, 2)}, network ${fixed(fa.itByPartMW.network, 2)}, storage ${fixed(fa.itByPartMW.storage, 2)}), ${fixed(fa.itNameplateMW, 2)} MW nameplate`,
            ],
            ['PUE', `${fa.pue.toFixed(2)} (${fa.pueFrom})`],
            ...(fa.pueCap
              ? [
                  [
                    'PUE limit',
                    `${fa.pueCap.maxPue} for ${fa.pueCap.scope} (${fa.pueCap.country}): ${fa.pueCap.meets ? 'met' : 'not met'}`,
                  ] as [string, string],
                ]
              : []),
            [
              'facility power',
              `${fixed(fa.facilityPowerMW, 2)} MW expected, ${fixed(fa.facilityDesignMW, 2)} MW at design load (IT ${fixed(fa.itDesignMW, 2)} MW: ${fa.designBasis})`,
            ],
            [
              'power lineups',
              `${fa.lineups.topology}, ${fa.lineups.paths} distribution path${fa.lineups.paths > 1 ? 's' : ''}`,
            ],
            [
              'UPS / generators',
              `${fa.ups.modules} x ${int(fa.ups.moduleKW)} kW ${fa.ups.kind} / ${fa.generators.units > 0 ? `${fa.generators.units} x ${int(fa.generators.unitKW)} kW sets at ${int(fa.generators.ratedKW)} kW ${fa.generators.rating}` : "the host's generators"} (${fa.redundancy})`,
            ],
            [
              'availability',
              `${(fa.availability * 100).toFixed(3)}%, ${fa.downtimeHoursPerYear} h/year expected downtime`,
            ],
            [
              'heat',
              `${fixed(cp.heatMW, 2)} MW: ${cp.liquidMW > 0 ? `${fixed(cp.liquidMW, 2)} to liquid via ${cp.cdus.units} CDUs of ${int(cp.cdus.unitKW)} kW, ` : ''}${fixed(cp.airMW, 2)} to air via ${cp.crahs.units > 0 ? `${cp.crahs.units} CRAHs of ${int(cp.crahs.unitKW)} kW; ${cp.chillers.units} chillers of ${int(cp.chillers.unitKW)} kW` : "the host's air handlers and chillers"}`,
            ],
            ['rack limit', `${fixed(fa.rackLimitKW)} kW per rack (${fa.cooling})`],
            [
              'floor',
              `${int(fa.whiteSpaceM2)} m2 white space, ${int(fa.floorAreaM2)} m2 gross (${fa.floorBasis}); yards ${int(fa.generatorYardM2 + fa.chillerYardM2)} m2, substation ${int(fa.substationM2)} m2`,
            ],
            [
              'facility capex',
              `${usd(fa.capexUsd.total)} (${usd(fa.capexUsd.usdPerMWIt)} per MW IT, ${fa.capexUsd.market}): ${[
                ...fa.capexUsd.items,
              ]
                .sort((a, b) => b.usd - a.usd)
                .map((i) => `${CAPEX_ITEM_LABELS[i.item]} ${usd(i.usd)}`)
                .join(', ')}`,
            ],
            ...(fa.powerSwing
              ? [
                  [
                    'power swing',
                    `${fixed(fa.powerSwing.itMW, 2)} MW IT (${fixed(fa.powerSwing.facilityMW, 2)} MW with cooling), ~${int(fa.powerSwing.eventsPerDay)} a day`,
                  ] as [string, string],
                ]
              : []),
          ] as [string, string][]
        ).map(([a, b]) => ['  ' + a, b] as [string, string]),
      ),
    );
  }
  return lines.join('\n');
}

/** Dollars humanised: -$1.2M, $3.40B, $2.83. */
export const usd = (x: number): string => {
  const sign = x < 0 ? '-' : '';
  const abs = Math.abs(x);
  if (abs >= 1e9) return `${sign}$${(abs / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${sign}$${(abs / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${sign}$${(abs / 1e3).toFixed(0)}k`;
  // Below a cent, two significant digits: a real cost is never printed as $0.00.
  if (abs > 0 && abs < 0.01) return `${sign}$${abs.toPrecision(2)}`;
  return `${sign}$${abs.toFixed(2)}`;
};

export function formatFootprint(plan: Plan): string {
  const lines: string[] = [];
  const k = plan.carbon;
  if (k) {
    lines.push(
      'Energy and carbon (a year at the utilisation):',
      pairs(
        (
          [
            ['energy', `${si(k.energyMWhPerYear * 1e6, 'Wh')} per year`],
            [
              'grid',
              `${k.gridGCO2PerKWh.toFixed(0)} gCO2e/kWh (${k.gridSource}); market-based ${k.marketGCO2PerKWh.toFixed(0)} g/kWh${k.marketGCO2PerKWh !== k.gridGCO2PerKWh ? ' (residual mix)' : ''}; renewable share ${pct(k.renewableShare)}`,
            ],
            [
              'operational',
              `${amount(k.operationalTCO2ePerYear)} tCO2e/year location-based, ${amount(k.marketTCO2ePerYear)} market-based`,
            ],
            [
              'embodied',
              `${amount(k.embodiedTCO2e)} tCO2e (GPUs ${amount(k.embodiedByPartTCO2e.gpus)}, servers ${amount(k.embodiedByPartTCO2e.servers)}, network ${amount(k.embodiedByPartTCO2e.network)}, storage ${amount(k.embodiedByPartTCO2e.storage)}, building ${amount(k.embodiedByPartTCO2e.building)}), ${amount(k.embodiedTCO2ePerYear)} per year of life`,
            ],
          ] as [string, string][]
        ).map(([a, b]) => ['  ' + a, b] as [string, string]),
      ),
    );
  }
  const c = plan.cost;
  if (c) {
    const cap = c.capexUsd;
    const op = c.opexUsdPerYear;
    const rows: [string, string][] = [
      [
        'capex',
        `${usd(cap.total)} = servers ${usd(cap.servers)} + network ${usd(cap.network)} + storage ${usd(cap.storage)} + facility ${usd(cap.facility)}`,
      ],
      [
        'opex per year',
        `${usd(op.total)} = ${OPEX_LINE_LABELS.filter(([k]) => op[k] > 0)
          .map(([k, label]) => `${label} ${usd(op[k])}`)
          .join(' + ')} (average year)`,
      ],
      [
        'TCO',
        `${usd(c.tcoUsd)} over ${c.inputs.horizonYears} years = capex - ${usd(c.residualUsd.total)} residual value + opex`,
      ],
      [
        'per GPU-hour',
        `${usd(c.usdPerGpuHour)} per GPU-hour in use (TCO / ${compact(c.gpuHours, 0, true)} GPU-hours at ${pct(c.inputs.utilization)} utilisation)${c.usdPerUsefulGpuHour > c.usdPerGpuHour * 1.005 ? `; ${usd(c.usdPerUsefulGpuHour)} per useful GPU-hour after training interruptions` : ''}`,
      ],
    ];
    const inv = c.investment;
    if (inv) {
      rows.push([
        'investment',
        `renting it out: revenue ${usd(inv.revenueUsdPerYear)}/year on sold hours at ${usd(c.inputs.rentalUsdPerGpuHour ?? 0)}/GPU-hour: NPV ${usd(inv.npvUsd)} at ${pct(c.inputs.discountRate)}, IRR ${inv.irr !== undefined ? pct(inv.irr) : 'none'}, payback ${inv.paybackYears !== undefined ? `${fixed(inv.paybackYears)} years` : 'not within the horizon'}`,
      ]);
    }
    const mc = c.monteCarlo;
    const metric = c.sensitivity.metric === 'npvUsd' ? 'NPV' : 'TCO';
    if (mc) {
      rows.push([
        'risk',
        `${metric} P10/P50/P90 ${usd(mc.p10)} / ${usd(mc.p50)} / ${usd(mc.p90)} (${mc.trials} draws, seed ${mc.seed})`,
      ]);
    }
    const top = c.sensitivity.bars.slice(0, 4);
    rows.push([
      'sensitivity',
      `${metric} swing for each input +-20%: ${top.map((b) => `${b.label} ${usd(b.swing)}`).join(', ')}`,
    ]);
    lines.push('', 'Cost:', pairs(rows.map(([a, b]) => ['  ' + a, b] as [string, string])));
    if (c.cashFlows) lines.push('', formatCashFlows(c.cashFlows));
  }
  const sites = plan.sites;
  if (sites) {
    lines.push(
      '',
      `Sites (ranked; weights tco ${sites.weights.tco}, carbon ${sites.weights.carbon}, pue ${sites.weights.pue}, power ${sites.weights.power}):`,
      table(
        [...sites.rows]
          .sort((a, b) => a.rank - b.rank)
          .map((r) => [
            `  ${r.rank}. ${r.name}`,
            r.pue.toFixed(2),
            `$${r.electricityUsdPerKWh.toFixed(3)}`,
            usd(r.tcoUsd),
            `${r.gridGCO2PerKWh.toFixed(0)} g`,
            amount(r.marketTCO2ePerYear),
            r.powerAvailable ? 'yes' : 'NO',
            r.score.toFixed(2),
          ]),
        ['  site', 'PUE', 'power', 'TCO', 'grid', 'tCO2e/yr', 'power ok', 'score'],
      ),
      `  score: ${sites.scoreMeaning}; tCO2e/yr is market-based`,
    );
  }
  if (plan.assumptions && plan.assumptions.length > 0) {
    lines.push(
      '',
      'Assumptions (`--json` carries the full sources):',
      ...plan.assumptions.map((a) => `  ${a.name}: ${a.value}`),
    );
  }
  return lines.join('\n');
}

/** ANSI styling, applied only when colour is allowed (a terminal without NO_COLOR). */
export function styler(color: boolean) {
  const wrap = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { bold: wrap('1'), warn: wrap('33'), bad: wrap('1;31'), good: wrap('32') };
}

export function formatPlan(plan: Plan, options: { color?: boolean } = {}): string {
  const style = styler(options.color === true);
  const out = [`aidc ${plan.aidcVersion} — ${plan.scenario.name}`, ''];
  for (const w of plan.workloads) {
    if (w.training) out.push(formatTraining(w.name, w.training), '');
    if (w.genericTraining) out.push(formatGenericTraining(w.name, w.genericTraining), '');
    if (w.inference) out.push(formatInference(w.name, w.inference), '');
    if (w.genericInference) out.push(formatGenericInference(w.name, w.genericInference), '');
    if (w.infeasible)
      out.push(
        `${w.type === 'training' ? 'Training' : 'Inference'} "${w.name}": ${style.bad('INFEASIBLE')}`,
        `  why: ${w.infeasible.reason}`,
        `  fix: ${w.infeasible.fix}`,
        '',
      );
  }
  out.push(formatCluster(plan));
  const footprint = formatFootprint(plan);
  if (footprint) out.push('', footprint);
  if (plan.warnings.length > 0) {
    out.push(
      '',
      style.warn('Warnings:'),
      ...plan.warnings.map((w) => `  - ${style.warn(w.message)}`),
    );
  }
  return out.join('\n');
}
