// Where a cluster's hot spares go. A spare counts in the unit a failure takes out (a DGX server,
// a GB200 compute tray). In a rack-scale system a spare tray cannot join another rack's NVLink
// domain (NVIDIA GB200 NVL72: one NVLink switch domain per rack of 18 compute trays), so spares are
// trays left free inside the workloads' racks, and beyond those whole racks: a tray in repair takes
// its rack's domain out of a job that spans the rack, so one spare rack per tray in repair.

export interface SparePlacementInput {
  /** GPUs the workloads use. */
  readonly gpus: number;
  /** GPUs of one built unit (a server, or a rack-scale system). */
  readonly gpusPerServer: number;
  /** GPUs of the unit a failure takes out (a server, a compute tray). */
  readonly gpusPerHost: number;
  /** Hot spares needed, in hosts (reliability/spare-pool.ts). */
  readonly spareHosts: number;
}

export interface SparePlan {
  /** Units the workloads run on. */
  readonly workloadServers: number;
  /** Whole spare units (servers, or racks of a rack-scale system). */
  readonly spareServers: number;
  readonly spareHosts: number;
  /** Spare hosts left free inside the workloads' units (trays of a partly used rack). */
  readonly spareHostsInServers: number;
  readonly hostsPerServer: number;
}

export function placeSpares(input: SparePlacementInput): SparePlan {
  const workloadServers = Math.ceil(input.gpus / input.gpusPerServer);
  const hostsPerServer = Math.max(1, Math.floor(input.gpusPerServer / input.gpusPerHost));
  if (hostsPerServer === 1) {
    // A server holds one host or part of one: spares are whole servers.
    const spareServers = Math.ceil((input.spareHosts * input.gpusPerHost) / input.gpusPerServer);
    return {
      workloadServers,
      spareServers,
      spareHosts: input.spareHosts,
      spareHostsInServers: 0,
      hostsPerServer,
    };
  }
  const freeHosts = workloadServers * hostsPerServer - Math.ceil(input.gpus / input.gpusPerHost);
  const inServers = Math.min(freeHosts, input.spareHosts);
  return {
    workloadServers,
    spareServers: input.spareHosts - inServers,
    spareHosts: input.spareHosts,
    spareHostsInServers: inServers,
    hostsPerServer,
  };
}
