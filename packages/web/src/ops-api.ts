// The operations API (interface.md §9) as the Operations page reads it: the shapes it uses, and
// the calls with the project named in each. The inventory is read one kind at a time: a 16k-GPU
// facility's whole inventory (with its 56k links) is about 13 MB, its racks and devices a tenth.
import { api, type Me } from './api.js';

export type Role = Me['user']['role'];
/** Operators (and admins) write inventory, silences and alert rules; the server checks too. */
export const canOperate = (role: Role) => role === 'operator' || role === 'admin';

export interface Hall {
  id: string;
  siteId: string;
  name: string;
}
export interface Site {
  id: string;
  name: string;
  region?: string;
}
export interface Row {
  id: string;
  hallId: string;
  name: string;
  index: number;
}
export interface Rack {
  id: string;
  rowId: string;
  name: string;
  position: number;
  role: 'compute' | 'network' | 'storage';
  units: number;
  powerLimitKW: number;
  coolingLimitKW: number;
}
export interface Device {
  id: string;
  name: string;
  role: 'server' | 'switch' | 'storage' | 'pdu' | 'cdu' | 'management';
  model: string;
  rackId: string | null;
  position: number | null;
  heightU: number;
  powerKW: number;
  spare?: boolean;
  fabric?: string;
  tier?: 'leaf' | 'spine' | 'core';
}
export interface Gpu {
  id: string;
  deviceId: string;
  slot: number;
}

export interface RackHeadroom {
  rackId: string;
  name: string;
  limitKW: number;
  plannedKW: number;
  measuredKW: number | null;
  loadKW: number;
  basis: 'measured' | 'planned';
  headroomKW: number;
  fraction: number;
}
export interface FeedHeadroom {
  feedId: string;
  name: string;
  rackId: string | null;
  side: 'A' | 'B';
  capacityKW: number;
  loadKW: number;
  headroomKW: number;
  fraction: number;
}
export type FitLimit = 'space' | 'power' | 'feed' | 'cooling' | 'coolingLoop';
export interface FitResult {
  requested: number;
  placed: number;
  fitsTotal: number;
  short: number;
  racks: { rackId: string; name: string; fits: number; place: number; limitedBy: FitLimit }[];
  limitedBy: FitLimit[];
}
export interface HeadroomAnswer {
  headroom: { racks: RackHeadroom[]; feeds: FeedHeadroom[] };
  fit?: FitResult;
}

export interface Alert {
  rule: string;
  state: 'pending' | 'firing' | 'resolved';
  labels: Record<string, string>;
  since: string;
  severity: string;
  summary: string;
  value: number | null;
  silenced: boolean;
}
export interface Silence {
  id: string;
  matchers: { label: string; op: string; value: string }[];
  owner: string;
  comment: string;
  endsAt?: string;
  endsAtMs?: number;
}

export type PlanFigure =
  'itPower' | 'gpuUtilisation' | 'tensorActive' | 'failureRate' | 'throughput';
export interface PlanVsActualRow {
  figure: PlanFigure;
  unit: string;
  planned: number | null;
  actual: number | null;
  gap: number | null;
  interval?: { lower: number; upper: number; confidence: number };
}
export interface PlanVsActual {
  planId: string | null;
  window: { start: string; end: string };
  rows: PlanVsActualRow[];
  feedback: {
    key: string;
    value: number;
    lower: number;
    upper: number;
    confidence: number;
    catalogDefault: number;
    catalogInside: boolean;
  } | null;
  /** Whether the rate has enough behind it to plan with (a day and 1,000 node-days). */
  feedbackReady?: { ok: boolean; reason: string };
}

export interface OpsStatus {
  inventory: {
    origin: { kind: 'plan' | 'netbox' | 'manual'; detail: string };
    planId: string | null;
    counts: Record<string, number>;
  };
  telemetry: {
    series: number;
    samples: number;
    newest: string | null;
    unplacedHosts: { host: string; series: number }[];
  };
  alerts: { firing: Alert[]; pending: Alert[]; silenced: number };
  headroom: {
    racks: number;
    measuredRacks: number;
    tightestRacks: RackHeadroom[];
    tightestFeeds: FeedHeadroom[];
    overLimit: { racks: number; feeds: number; loops: number };
  };
  planVsActual: PlanVsActual | null;
}

export interface Layout {
  sites: Site[];
  halls: Hall[];
  rows: Row[];
  racks: Rack[];
  devices: Device[];
}

const q = (project: string, extra: Record<string, string | number> = {}) =>
  '?' + new URLSearchParams({ project, ...extra } as Record<string, string>).toString();

async function kind<T>(project: string, name: string, parent?: string): Promise<T[]> {
  const r = await api<Record<string, T[]>>(
    'GET',
    `/api/v1/inventory${q(project, parent === undefined ? { kind: name } : { kind: name, parent })}`,
  );
  return r[name] ?? [];
}

export const opsApi = {
  status: (project: string) => api<OpsStatus>('GET', `/api/v1/ops/status${q(project)}`),
  async layout(project: string): Promise<Layout> {
    const [sites, halls, rows, racks, devices] = await Promise.all([
      kind<Site>(project, 'sites'),
      kind<Hall>(project, 'halls'),
      kind<Row>(project, 'rows'),
      kind<Rack>(project, 'racks'),
      kind<Device>(project, 'devices'),
    ]);
    return { sites, halls, rows, racks, devices };
  },
  gpus: (project: string) => kind<Gpu>(project, 'gpus'),
  /** One server's GPUs (the inventory's things whose parent it is). */
  gpusOf: (project: string, deviceId: string) => kind<Gpu>(project, 'gpus', deviceId),
  headroom: (project: string, fit?: { powerKW: number; heightU: number; n: number }) =>
    api<HeadroomAnswer>(
      'GET',
      `/api/v1/headroom${q(project, fit ? { fitPowerKW: fit.powerKW, fitHeightU: fit.heightU, n: fit.n } : {})}`,
    ),
  alerts: (project: string) => api<{ alerts: Alert[] }>('GET', `/api/v1/alerts${q(project)}`),
  silences: (project: string) =>
    api<{ silences: Silence[] }>('GET', `/api/v1/silences${q(project)}`),
  silence: (
    project: string,
    body: {
      matchers: { label: string; op: '='; value: string }[];
      comment: string;
      endsAt: string;
    },
  ) => api<{ id: string }>('POST', '/api/v1/silences', { ...body, project }),
  endSilence: (project: string, id: string) =>
    api<null>('DELETE', `/api/v1/silences/${encodeURIComponent(id)}${q(project)}`),
  evaluate: (project: string) => api<unknown>('POST', '/api/v1/alerts/evaluate', { project }),
  importPlan: (project: string, planId: string, replace: boolean) =>
    api<{ written: number; counts: Record<string, number> }>(
      'POST',
      '/api/v1/inventory/import-plan',
      { planId, project, replace },
    ),
};
