// The storage fabric sized by the bandwidth the storage delivers, not by the servers' port count:
// every server's storage ports land on a leaf (for reach and redundancy), and each leaf gets the
// uplinks its share of the storage bandwidth needs, at least two; the appliances sit on
// non-blocking leaves of their own. DGX SuperPOD H100 RA, 'Network Fabrics': storage has a fabric
// of its own, apart from compute; the Clos layout is fabric.ts's.
import type { FabricPlan } from './fabric.js';

export interface StorageFabricInput {
  /** Storage ports of all servers. */
  readonly serverPorts: number;
  /** Ports of all storage appliances. */
  readonly appliancePorts: number;
  /** Bandwidth the servers draw from storage at most, Gb/s (the appliances' delivered rate). */
  readonly bandwidthGbps: number;
  /** Switch ports at the storage port rate. */
  readonly radix: number;
  readonly portGbps: number;
}

/** Uplinks every server leaf keeps whatever its load: one to each of two spines. */
export const MIN_LEAF_UPLINKS = 2;

export function planStorageFabric(input: StorageFabricInput): FabricPlan {
  const k = input.radix;
  const g = input.portGbps;
  const endpoints = input.serverPorts + input.appliancePorts;
  const base = {
    endpoints,
    serverPorts: input.serverPorts,
    reservedPorts: 0,
    sparePlacement: 'none' as const,
    bisectionTbps: Math.min(input.bandwidthGbps, (endpoints * g) / 2) / 1000,
    maxEndpoints: k * Math.floor(k / 2),
  };
  if (endpoints <= k) {
    return {
      ...base,
      tiers: endpoints > 0 ? 1 : 0,
      switches: { leaf: endpoints > 0 ? 1 : 0, spine: 0, core: 0 },
      links: endpoints,
      linksByLevel: { serverLeaf: endpoints, leafSpine: 0, spineCore: 0 },
      switchPorts: endpoints,
      leafPorts: { down: endpoints, up: 0 },
      maxEndpoints: k,
    };
  }
  // Server leaves: uplinks for their share of the bandwidth (at least two, at most half the ports).
  let up = MIN_LEAF_UPLINKS;
  let leaves = Math.ceil(input.serverPorts / (k - up));
  for (let i = 0; i < 8; i++) {
    const need = Math.min(
      Math.floor(k / 2),
      Math.max(MIN_LEAF_UPLINKS, Math.ceil(input.bandwidthGbps / leaves / g)),
    );
    if (need === up) break;
    up = need;
    leaves = Math.ceil(input.serverPorts / (k - up));
  }
  const half = Math.floor(k / 2);
  const applianceLeaves = Math.ceil(input.appliancePorts / half);
  const leafSpine = leaves * up + input.appliancePorts;
  const spine = Math.max(MIN_LEAF_UPLINKS, Math.ceil(leafSpine / k));
  const allLeaves = leaves + applianceLeaves;
  // Beyond k leaves the spines need a core above them (rare: storage leaves are few).
  const tiers = allLeaves > k ? 3 : 2;
  const spineCore = tiers === 3 ? spine * half : 0;
  const core = tiers === 3 ? Math.ceil(spineCore / k) : 0;
  const switchLinks = leafSpine + spineCore;
  return {
    ...base,
    tiers,
    switches: { leaf: allLeaves, spine, core },
    links: endpoints + switchLinks,
    linksByLevel: { serverLeaf: endpoints, leafSpine, spineCore },
    switchPorts: endpoints + 2 * switchLinks,
    leafPorts: { down: k - up, up },
  };
}
