// `aidc catalog gpus|models|fabrics|servers|switches|facility|sites|failures|prices|frameworks|investment [--sources]`.
import {
  countryGridIntensity,
  BUILD_COST_MARKETS,
  BUILD_COST_REFERENCE,
  buildCostPerW,
  RESIDUAL_MIX,
  residualMixGCO2PerKWh,
  DEFAULT_GRID_YEAR,
  FAILURE_CAUSES,
  FAILURE_RATES,
  FACILITY,
  FRAMEWORKS,
  INVESTMENT,
  resolveFramework,
  STORAGE_APPLIANCES,
  STORAGE_CAPACITY,
  FABRIC_DESIGN,
  SWITCHES,
  TRANSCEIVERS,
  grouped,
  BUILT_IN_CATALOGS,
  type Catalogs,
} from '@aidc/core';
import { si, table } from './format.js';
import { sourcedEntries } from './sourced-entries.js';
import { genericModelsText } from './generic-models-text.js';

export const CATALOG_KINDS = [
  'gpus',
  'models',
  'fabrics',
  'servers',
  'switches',
  'facility',
  'sites',
  'failures',
  'prices',
  'frameworks',
  'investment',
] as const;

/** Every `{ value, source }` leaf under an object, as "path: source" lines. */
export function sourceLines(node: unknown, path: string): string[] {
  return sourcedEntries(node, path).map((e) => `  ${e.path}: ${e.source}`);
}

const withSources = (text: string, items: readonly { id: string }[], sources: boolean) =>
  sources
    ? `${text}\n\nSources:\n${items.flatMap((i) => [`${i.id}:`, ...sourceLines(i, '')]).join('\n')}`
    : text;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

const nicText = (n: { count: number; gbps: number } | null) => (n ? `${n.count}x${n.gbps}G` : '-');

/** The software-stack profiles: each default a framework brings, with its source. */
function formatFrameworks(sources: boolean): string {
  const keys = [
    'flashAttention',
    'sequenceParallel',
    'dataParallelOverlap',
    'hierarchicalDataParallel',
    'gradientBucket',
    'gradReduceBytes',
    'maxBatchSize',
    'maxNumTokens',
    'kvCacheReservation',
    'kvPoolBasis',
  ] as const;
  const show = (v: unknown): string => {
    if (v === undefined) return '-';
    if (typeof v === 'object' && v !== null && 'minParams' in v) {
      const b = v as { minParams: number; paramsPerDpRank: number };
      return b.paramsPerDpRank > 0
        ? `max(${si(b.minParams)}, ${si(b.paramsPerDpRank)} x dp)`
        : si(b.minParams);
    }
    return String(v);
  };
  const blocks = Object.entries(FRAMEWORKS).map(([id, own]) => {
    const p = resolveFramework(id) ?? own;
    const lines = [
      `${id} (${p.kind}): ${own.name}${own.extends ? `; extends ${own.extends}` : ''}`,
    ];
    for (const key of keys) {
      const entry = p[key] as { value: unknown; source: string; confidence?: string } | undefined;
      if (!entry) continue;
      const kind = entry.confidence ? `  (${entry.confidence})` : '';
      lines.push(`  ${key.padEnd(25)} ${show(entry.value).padEnd(26)}${kind}`.trimEnd());
      if (sources) lines.push(`      ${entry.source}`);
    }
    if (sources && own.source) lines.push(`  source: ${own.source}`);
    return lines.join('\n');
  });
  return [
    'Framework profiles: the defaults a workload gets from `framework:` (explicit keys override).',
    ...blocks,
  ].join('\n\n');
}

export function formatCatalog(
  kind: CatalogKind,
  sources: boolean,
  catalogs: Catalogs = BUILT_IN_CATALOGS,
): string {
  const { gpus: GPUS, servers: SERVERS, fabrics: FABRICS, models: MODEL_PRESETS } = catalogs;
  const { prices: PRICES, regions: REGIONS } = catalogs;
  if (kind === 'frameworks') return formatFrameworks(sources);
  if (kind === 'servers') {
    const rows = SERVERS.map((s) => [
      s.id,
      s.gpu,
      String(s.gpusPerServer.value),
      String(s.maxPowerKW.value ?? '-'),
      s.rackUnits.value === null
        ? '-'
        : s.formFactor === 'rack'
          ? `rack ${s.rackUnits.value}U`
          : `${s.rackUnits.value}U`,
      nicText(s.computeNics.value),
      nicText(s.storageNics.value),
      s.liquidCooled.value === null ? '-' : s.liquidCooled.value ? 'liquid' : 'air',
    ]);
    const text = table(rows, [
      'id',
      'gpu',
      'GPUs',
      'max kW',
      'height',
      'compute',
      'storage',
      'cooling',
    ]);
    return withSources(text, SERVERS, sources);
  }
  if (kind === 'switches') {
    const rows = SWITCHES.map((s) => [
      s.id,
      s.fabrics.join(' '),
      `${s.ports.value}x${s.portGbps.value}G`,
      `${s.rackUnits.value}U`,
      String(s.maxPowerW.value),
    ]);
    const optics = TRANSCEIVERS.map((t) => [t.id, `${t.gbps.value}G`, `${t.powerW.value} W`]);
    const storage = STORAGE_APPLIANCES.map((a) => [
      a.id,
      `${a.readGBps.value}/${a.writeGBps.value} GB/s`,
      `${a.usableTB.value} TB`,
      `${a.rackUnits.value}U`,
    ]);
    const text = [
      table(rows, ['switch', 'fabrics', 'ports', 'height', 'max W']),
      '',
      table(optics, ['transceiver', 'rate', 'power']),
      '',
      table(storage, ['storage appliance', 'read/write', 'usable', 'height']),
      '',
      table(
        [
          ['fabric manager (UFM) leaf ports', String(FABRIC_DESIGN.fabricManagerPorts.value)],
          ['largest leaf taper for hot spares', `${FABRIC_DESIGN.maxSpareTaper.value}:1`],
          ['online storage per GPU', `${STORAGE_CAPACITY.onlineTBPerGpu.value} TB`],
          [
            'backup RPO / retention / RTO',
            `${STORAGE_CAPACITY.backupRpoHours.value} h / ${STORAGE_CAPACITY.backupRetentionDays.value} days / ${STORAGE_CAPACITY.backupRtoHours.value} h`,
          ],
        ],
        ['design default', 'value'],
      ),
    ].join('\n');
    const design = [
      { id: 'fabric design', ...FABRIC_DESIGN },
      { id: 'storage capacity and backup', ...STORAGE_CAPACITY },
    ];
    return withSources(
      text,
      [...SWITCHES, ...TRANSCEIVERS, ...STORAGE_APPLIANCES, ...design],
      sources,
    );
  }
  if (kind === 'sites') {
    const countries = Object.keys(FACILITY.climateByCountry.value).sort();
    const rows = countries.map((c) => {
      const climate = FACILITY.climateByCountry.value[c] ?? 'temperate';
      const grid = countryGridIntensity(c);
      const price = PRICES.electricityUsdPerKWh.value[c];
      return [
        c,
        climate,
        FACILITY.pue.air.value[climate].toFixed(2),
        FACILITY.pue.liquid.value[climate].toFixed(2),
        grid ? grid.gCO2PerKWh.toFixed(0) : '-',
        grid?.carbonFreeShare !== undefined ? `${(grid.carbonFreeShare * 100).toFixed(0)}%` : '-',
        price !== undefined ? price.toFixed(3) : '-',
      ];
    });
    const countryTable = table(rows, [
      'country',
      'climate',
      'PUE air',
      'PUE liquid',
      `gCO2e/kWh ${DEFAULT_GRID_YEAR}`,
      'carbon-free',
      '$/kWh',
    ]);
    const regionTable = table(
      REGIONS.map((r) => {
        const residual = residualMixGCO2PerKWh(r.code);
        const build = buildCostPerW(r.code);
        return [
          r.code,
          r.name,
          r.iso ?? r.chinaHubZone ?? r.gridZone ?? '-',
          r.climate?.value ?? '-',
          r.gridGCO2PerKWh ? r.gridGCO2PerKWh.value.toFixed(0) : 'country',
          residual ? residual.value.toFixed(0) : '-',
          r.electricityUsdPerKWh ? r.electricityUsdPerKWh.value.toFixed(3) : 'country',
          build ? `${build.value.toFixed(2)} (${build.market})` : '-',
        ];
      }),
      [
        'region',
        'name',
        'ISO / hub / grid zone',
        'climate',
        'gCO2e/kWh',
        'residual mix',
        '$/kWh',
        'build $/W',
      ],
    );
    const marketTable = table(
      [BUILD_COST_REFERENCE, ...BUILD_COST_MARKETS].map((m) => [
        m.market,
        m.code,
        m.value.toFixed(2),
        (m.value / BUILD_COST_REFERENCE.value).toFixed(2),
      ]),
      ['build-cost market', 'code', '$/W of IT', 'x US average'],
    );
    const residualTable = table(
      Object.entries(RESIDUAL_MIX)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([c, f]) => [c, f.value.toFixed(0)]),
      ['country', 'residual mix gCO2/kWh'],
    );
    const text = [countryTable, '', regionTable, '', marketTable, '', residualTable].join('\n');
    if (!sources) return text;
    return [
      text,
      '',
      'Sources:',
      `  climate: ${FACILITY.climateByCountry.source}`,
      `  PUE air: ${FACILITY.pue.air.source}`,
      `  PUE liquid: ${FACILITY.pue.liquid.source}`,
      `  grid: Electricity Maps ${DEFAULT_GRID_YEAR} yearly zone averages via @tgwf/co2 (ODbL)`,
      `  electricity: ${PRICES.electricityUsdPerKWh.source} (${PRICES.electricityUsdPerKWh.date})`,
      ...REGIONS.flatMap((r) => [
        `  ${r.code} grid: ${r.gridGCO2PerKWh?.source ?? `no state figure in the catalog: the country's grid applies (${r.country})`}`,
        `  ${r.code} electricity: ${r.electricityUsdPerKWh?.source ?? r.electricityPriceGap ?? `no provincial or state tariff in the catalog: the country's price applies (${r.country})`}`,
        ...(r.climate ? [`  ${r.code} climate: ${r.climate.source}`] : []),
        ...(r.chinaHubCluster ? [`  ${r.code} hub cluster: ${r.chinaHubCluster}`] : []),
      ]),
      ...[BUILD_COST_REFERENCE, ...BUILD_COST_MARKETS].map(
        (m) => `  build ${m.market}: ${m.source}`,
      ),
      ...Object.entries(RESIDUAL_MIX).map(([c, f]) => `  residual mix ${c}: ${f.source}`),
    ].join('\n');
  }
  if (kind === 'failures') {
    const f = FAILURE_RATES;
    const rate = f.nodeFailuresPer1000NodeDays.value;
    const text = [
      `${rate} job-stopping failures per 1000 node-days (8 GPUs a node), split by cause:`,
      table(
        FAILURE_CAUSES.map((c) => {
          const share = f.shares.value[c] ?? 0;
          return [c, `${(share * 100).toFixed(1)}%`, (rate * share).toFixed(3)];
        }),
        ['cause', 'share', 'per 1000 node-days'],
      ),
      '',
      table(
        [
          ['detection', `${f.detectionMin.value} min`],
          ['restart', `${f.restartMin.value} min`],
          ['repair of a failed server', `${f.repairHours.value} h`],
        ],
        ['figure', 'value'],
      ),
    ].join('\n');
    return sources ? `${text}\n\nSources:\n${sourceLines(f, '').join('\n')}` : text;
  }
  if (kind === 'prices') {
    const entries = sourcedEntries(PRICES, '');
    const rows = entries.map((e) => {
      const value =
        typeof e.value === 'number'
          ? grouped(e.value)
          : `${Object.keys(e.value as object).length} entries (see --sources)`;
      return [e.path, value, e.date ?? '-', e.confidence ?? '-'];
    });
    const text = [
      table(rows, ['price (economics.prices path)', 'value (USD unless named)', 'date', 'kind']),
      '',
      'Any of these paths takes a vendor quote in a scenario: economics.prices: { serverUsd.dgx-h100: 280000 }.',
    ].join('\n');
    return sources ? `${text}\n\nSources:\n${sourceLines(PRICES, '').join('\n')}` : text;
  }
  if (kind === 'investment') {
    const entries = sourcedEntries(INVESTMENT, '');
    const rows = entries.map((e) => {
      const value = Array.isArray(e.value)
        ? e.value.join(', ')
        : typeof e.value === 'number'
          ? String(e.value)
          : `${Object.keys(e.value as object).length} GPUs (see --sources)`;
      return [e.path, value, e.date ?? '-', e.confidence ?? '-'];
    });
    const text = [
      table(rows, ['investment default', 'value', 'date', 'kind']),
      '',
      'The investment case (economics: phases, debt, taxRate, ...) takes these when a key is left out.',
    ].join('\n');
    return sources ? `${text}\n\nSources:\n${sourceLines(INVESTMENT, '').join('\n')}` : text;
  }
  if (kind === 'facility') {
    const f = FACILITY;
    const text = table(
      [
        [
          'rack limit kW (air / rear door / liquid)',
          `${f.rackPowerLimitKW.air.value} / ${f.rackPowerLimitKW.rearDoor.value} / ${f.rackPowerLimitKW.liquid.value}`,
        ],
        ['PUE air (cold / temperate / hot)', Object.values(f.pue.air.value).join(' / ')],
        ['PUE liquid (cold / temperate / hot)', Object.values(f.pue.liquid.value).join(' / ')],
        ...(['I', 'II', 'III', 'IV'] as const).map((t) => [
          `tier ${t}`,
          `${(f.tiers[t].availability.value * 100).toFixed(3)}%, ${f.tiers[t].redundancy.value}, ${f.tiers[t].downtimeHoursPerYear.value} h/yr`,
        ]),
        [
          'load factor (training / inference / idle)',
          `${f.itLoadFactor.training.value} / ${f.itLoadFactor.inference.value} / ${f.itLoadFactor.idle.value}`,
        ],
      ],
      ['figure', 'value'],
    );
    return sources ? `${text}\n\nSources:\n${sourceLines(f, '').join('\n')}` : text;
  }
  if (kind === 'gpus') {
    const rows = GPUS.map((g) => {
      const p = g.peakDenseTflops.value;
      return [
        g.id,
        String(p.bf16 ?? p.fp16 ?? '-'),
        String(p.fp8 ?? '-'),
        String(p.fp4 ?? '-'),
        String(g.hbmGB.value),
        String(g.hbmTBps.value),
        String(g.scaleUpGBps.value),
        String(g.scaleUpDomainGpus.value),
        String(g.scaleOutGbpsPerGpu.value ?? '-'),
        String(g.tdpW.value ?? '-'),
      ];
    });
    const text = table(rows, [
      'id',
      'bf16 TF',
      'fp8 TF',
      'fp4 TF',
      'HBM GB',
      'HBM TB/s',
      'scale-up GB/s',
      'domain',
      'NIC Gb/s',
      'TDP W',
    ]);
    return withSources(text, GPUS, sources);
  }
  if (kind === 'models') {
    const rows = MODEL_PRESETS.map((m) => [
      m.id,
      si(m.params),
      String(m.shape.layers),
      String(m.shape.hidden),
      `${m.shape.heads}/${m.shape.kvHeads}`,
      `${m.shape.ffnHidden} ${m.shape.ffnType}`,
      String(m.shape.vocab),
      m.shape.moe
        ? `${m.shape.moe.activeExperts}+${m.shape.moe.sharedExperts} of ${m.shape.moe.experts}`
        : '-',
    ]);
    const text = table(rows, [
      'id',
      'params',
      'layers',
      'hidden',
      'heads/kv',
      'ffn',
      'vocab',
      'experts',
    ]);
    const llm = sources
      ? `${text}\n\nSources:\n${MODEL_PRESETS.map((m) => `${m.id}: ${m.source}`).join('\n')}`
      : text;
    return `${llm}\n\n${genericModelsText(sources)}`;
  }
  const rows = FABRICS.map((f) => [
    f.id,
    String(f.portGbps.value),
    String(f.switchRadix.value),
    String(f.switchLatencyUs.value),
  ]);
  const text = table(rows, ['id', 'port Gb/s', 'radix', 'latency us']);
  if (!sources) return text;
  const src = FABRICS.flatMap((f) => [
    `${f.id}:`,
    `  portGbps: ${f.portGbps.source}`,
    `  switchRadix: ${f.switchRadix.source}`,
    `  switchLatencyUs: ${f.switchLatencyUs.source}`,
  ]);
  return `${text}\n\nSources:\n${src.join('\n')}`;
}
