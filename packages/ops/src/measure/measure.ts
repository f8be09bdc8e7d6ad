// From telemetry series to the facility's measured figures: each host's wall power, and the
// window's means that plan versus actual compares (IT power, GPU utilisation, tensor activity,
// node-days, throughput).
//
// A host's wall power is its BMC's reading when the IPMI exporter reports one
// (`ipmi_dcmi_power_consumption_watts`: DCMI power reading, prometheus-community/ipmi_exporter
// docs/metrics.md, "dcmi" collector). Without it, it is estimated from DCGM: the sum of the
// host's GPUs' `DCGM_FI_DEV_POWER_USAGE` plus the rest of the server (CPUs, memory, NICs, fans)
// at its planned share: the device's design draw (its rating when it has none) less its GPUs'
// TDP. That remainder is taken at its full-load value, which overstates an idle host and so
// errs towards less headroom, the safe side for a capacity check.
import { findGpu, type Inventory, type InventoryDevice } from '@aidc/core';
import type { Series } from '../telemetry-types.js';
import { hostOf } from '../telemetry/targets.js';

export const DCMI_POWER = 'ipmi_dcmi_power_consumption_watts';
export const GPU_POWER = 'DCGM_FI_DEV_POWER_USAGE';
export const GPU_UTIL = 'DCGM_FI_DEV_GPU_UTIL';
export const TENSOR_ACTIVE = 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE';
/** A gauge the training or serving jobs export themselves: tokens per second on the wall clock. */
export const TOKENS_PER_S = 'aidc_tokens_per_second';

/**
 * The draw of a server that is not its GPUs (kW): its design draw (else its rating) less its
 * GPUs' TDP, the share the plan's design basis gives the CPUs, memory, NICs and fans.
 */
export function nonGpuKW(device: InventoryDevice, gpuModels: readonly string[]): number {
  let gpuKW = 0;
  for (const m of gpuModels) gpuKW += (findGpu(m)?.tdpW.value ?? 0) / 1000;
  return Math.max(0, (device.designKW ?? device.powerKW) - gpuKW);
}

export type Reduce = 'peak' | 'mean' | 'last';

function reduce(points: Series['points'], how: Reduce): number | null {
  const last = points[points.length - 1];
  if (last === undefined) return null;
  if (how === 'last') return last.value;
  let acc = how === 'peak' ? -Infinity : 0;
  for (const p of points) acc = how === 'peak' ? Math.max(acc, p.value) : acc + p.value;
  return how === 'peak' ? acc : acc / points.length;
}

/**
 * Each measured host's wall power (kW), from DCMI where reported, else from its GPUs plus its
 * planned non-GPU share (hosts the inventory does not know count their GPUs only). `how` reduces
 * each series over the window: its peak for headroom, its mean for plan versus actual.
 */
export function hostPowerKW(
  inventory: Inventory,
  series: { readonly gpuPower: readonly Series[]; readonly dcmiPower: readonly Series[] },
  how: Reduce,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of series.dcmiPower) {
    const host = hostOf(s.labels);
    const v = reduce(s.points, how);
    if (host !== null && v !== null) out.set(host, (out.get(host) ?? 0) + v / 1000);
  }
  const gpuSum = new Map<string, number>();
  for (const s of series.gpuPower) {
    const host = hostOf(s.labels);
    const v = reduce(s.points, how);
    if (host === null || v === null || out.has(host)) continue;
    gpuSum.set(host, (gpuSum.get(host) ?? 0) + v / 1000);
  }
  if (gpuSum.size === 0) return out;
  const byName = new Map<string, InventoryDevice>();
  for (const d of inventory.devices) byName.set(d.name, d);
  const gpusOf = new Map<string, string[]>();
  for (const g of inventory.gpus) {
    const list = gpusOf.get(g.deviceId);
    if (list) list.push(g.model);
    else gpusOf.set(g.deviceId, [g.model]);
  }
  for (const [host, kw] of gpuSum) {
    const device = byName.get(host);
    out.set(host, kw + (device ? nonGpuKW(device, gpusOf.get(device.id) ?? []) : 0));
  }
  return out;
}

/** The mean over a window of a fleet-wide sum: each series' mean added up. */
function sumOfMeans(series: readonly Series[], scale = 1): number | null {
  let total = 0;
  let any = false;
  for (const s of series) {
    const v = reduce(s.points, 'mean');
    if (v === null) continue;
    total += v * scale;
    any = true;
  }
  return any ? total : null;
}

/** The mean of every point of every series (a fleet-wide average per GPU). */
function meanOfAll(series: readonly Series[], scale = 1): number | null {
  let total = 0;
  let n = 0;
  for (const s of series)
    for (const p of s.points) {
      total += p.value * scale;
      n++;
    }
  return n > 0 ? total / n : null;
}

export interface MeasuredWindow {
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  /**
   * Mean IT power (kW): measured hosts; in-service servers that did not report at the measured
   * servers' mean; other devices at their design draw. Null when no server reported.
   */
  readonly itPowerKW: number | null;
  readonly measuredHosts: number;
  /** In-service servers that reported, of `servers`. */
  readonly measuredServers: number;
  readonly servers: number;
  readonly gpuUtil: number | null;
  readonly tensorActive: number | null;
  /** In-service servers (spares out) × the window's days. */
  readonly nodeDays: number;
  readonly tokensPerS: number | null;
}

/** The window's measured means, from the series read over it. */
export function measureWindow(
  inventory: Inventory,
  window: { readonly startMs: number; readonly endMs: number },
  series: {
    readonly gpuPower: readonly Series[];
    readonly dcmiPower: readonly Series[];
    readonly gpuUtil: readonly Series[];
    readonly tensorActive: readonly Series[];
    readonly tokensPerS: readonly Series[];
  },
): MeasuredWindow {
  const hosts = hostPowerKW(inventory, series, 'mean');
  // Servers that did not report count at the mean of those that did (a partial rollout of the
  // exporters must not read as a facility drawing nameplate); other devices at their design draw.
  const inService = inventory.devices.filter((d) => d.role === 'server' && d.spare !== true);
  let measuredServerKW = 0;
  let measuredServers = 0;
  for (const d of inService) {
    const kw = hosts.get(d.name);
    if (kw !== undefined) {
      measuredServerKW += kw;
      measuredServers++;
    }
  }
  let itPowerKW: number | null = null;
  if (measuredServers > 0) {
    const perServer = measuredServerKW / measuredServers;
    itPowerKW = 0;
    for (const d of inventory.devices) {
      if (d.role === 'server' && d.spare !== true) itPowerKW += hosts.get(d.name) ?? perServer;
      else itPowerKW += hosts.get(d.name) ?? d.designKW ?? d.powerKW;
    }
  }
  const servers = inService.length;
  const days = (window.endMs - window.startMs) / 86_400_000;
  return {
    windowStartMs: window.startMs,
    windowEndMs: window.endMs,
    itPowerKW,
    measuredHosts: hosts.size,
    measuredServers,
    servers,
    // DCGM's GPU utilisation is a percentage; tensor activity a ratio (DCGM field identifiers).
    gpuUtil: meanOfAll(series.gpuUtil, 0.01),
    tensorActive: meanOfAll(series.tensorActive),
    nodeDays: servers * days,
    tokensPerS: sumOfMeans(series.tokensPerS),
  };
}
