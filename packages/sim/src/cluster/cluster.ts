// The planned cluster as the simulator sees it: hosts (a DGX-class server, or a compute tray of a
// rack-scale system) with their GPUs, grouped into scale-up (NVLink) domains, leaf groups of the
// scale-out fabric, and racks, all from the plan's cluster counts.
import type { Plan } from '@aidc/core';

export interface SimServer {
  /** `srv-0001`, … in build order. */
  readonly id: string;
  readonly gpus: number;
  /** Scale-up (NVLink) domain: the server itself, or the rack of a rack-scale system. */
  readonly domain: number;
  /** Leaf group: the servers cabled to the same set of leaf switches (a scalable unit). */
  readonly leafGroup: number;
  readonly rack: number;
}

export interface SimCluster {
  readonly gpu: string;
  readonly servers: readonly SimServer[];
  readonly gpusPerServer: number;
  readonly totalGpus: number;
  readonly domains: number;
  readonly serversPerDomain: number;
  readonly leafGroups: number;
  readonly serversPerLeafGroup: number;
  readonly racks: number;
}

export interface ClusterShape {
  readonly gpu: string;
  /** Hosts (the unit a failure takes out). */
  readonly servers: number;
  readonly gpusPerServer: number;
  readonly serversPerDomain: number;
  readonly serversPerLeafGroup: number;
  readonly serversPerRack: number;
}

/**
 * Hosts and their places from the plan. A rack-scale unit (GB200 NVL72) is split into its
 * compute trays, one scale-up domain per unit. Leaf groups: a server's scale-out ports land on
 * min(ports, leaves) leaves when the fabric is rail-optimised (one leaf per rail), else on as
 * few leaves as hold them; a group of those leaves has (leaves in group x down ports) / ports
 * per server servers (DGX SuperPOD: 8 rails, 32 down ports per leaf -> 32-server units).
 */
export function clusterShapeFromPlan(plan: Plan): ClusterShape {
  const c = plan.cluster;
  const hostsPerUnit = c.hostsPerServer ?? 1;
  const servers = c.servers * hostsPerUnit;
  const gpusPerServer = c.gpusPerServer / hostsPerUnit;
  if (!Number.isInteger(gpusPerServer) || gpusPerServer < 1)
    throw new Error(`plan has ${c.gpusPerServer} GPUs per unit over ${hostsPerUnit} hosts`);
  const domains = c.scaleUpDomains ?? servers;
  const serversPerDomain = Math.max(1, Math.round(servers / Math.max(1, domains)));
  const serversPerRack = Math.max(1, (c.rackDetail?.serversPerRack ?? servers) * hostsPerUnit);
  let serversPerLeafGroup = servers;
  const f = c.fabric;
  if (f && f.switches.leaf > 0 && f.leafPorts.down > 0) {
    const portsPerServer = Math.max(1, Math.round(f.serverPorts / servers));
    const leaves = f.switches.leaf;
    const leavesPerGroup = f.railOptimised
      ? Math.min(portsPerServer, leaves)
      : Math.ceil(portsPerServer / f.leafPorts.down);
    serversPerLeafGroup = Math.max(
      1,
      Math.min(servers, Math.floor((leavesPerGroup * f.leafPorts.down) / portsPerServer)),
    );
  }
  return {
    gpu: c.gpu,
    servers,
    gpusPerServer,
    serversPerDomain,
    serversPerLeafGroup,
    serversPerRack,
  };
}

export function buildCluster(shape: ClusterShape): SimCluster {
  const {
    servers: n,
    gpusPerServer,
    serversPerDomain,
    serversPerLeafGroup,
    serversPerRack,
  } = shape;
  if (!Number.isInteger(n) || n < 1) throw new Error(`a cluster needs servers, got ${n}`);
  if (!Number.isInteger(gpusPerServer) || gpusPerServer < 1 || gpusPerServer > 32)
    throw new Error(`a server holds 1 to 32 GPUs, got ${gpusPerServer}`);
  const digits = Math.max(4, String(n).length);
  const servers: SimServer[] = [];
  for (let i = 0; i < n; i++) {
    servers.push({
      id: `srv-${String(i + 1).padStart(digits, '0')}`,
      gpus: gpusPerServer,
      domain: Math.floor(i / serversPerDomain),
      leafGroup: Math.floor(i / serversPerLeafGroup),
      rack: Math.floor(i / serversPerRack),
    });
  }
  return {
    gpu: shape.gpu,
    servers,
    gpusPerServer,
    totalGpus: n * gpusPerServer,
    domains: Math.ceil(n / serversPerDomain),
    serversPerDomain,
    leafGroups: Math.ceil(n / serversPerLeafGroup),
    serversPerLeafGroup,
    racks: Math.ceil(n / serversPerRack),
  };
}
