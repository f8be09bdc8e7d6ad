// Scale-out network as a folded-Clos (fat-tree) of identical switches, rail-optimised as in
// NVIDIA's DGX SuperPOD reference architectures: NIC n of every server in a group of servers
// cables to leaf n of that group, so each rail has its own leaves. A leaf splits its radix k into
// down and up ports by the oversubscription ratio; two tiers serve up to k leaves, a third tier
// (pods of leaves and spines joined by core switches) beyond that, with the spines' own down:up
// split (the upper-tier taper). Al-Fares et al. 2008, "A scalable, commodity data center network
// architecture" (k-ary fat tree: k^3/4 hosts in three tiers); NVIDIA DGX SuperPOD H100 reference
// architecture, 'Network Fabrics', Table 4 (one scalable unit of 31 DGX H100 + the UFM = 8 leaf
// + 4 spine QM9700) and the larger configurations table (64 SUs = 512 leaf, 512 spine, 256 core).

export interface FabricInput {
  /** Servers the workloads run on. */
  readonly servers: number;
  /** Hot spares: idle until one replaces a failed server (default 0). */
  readonly spareServers?: number;
  /** Leaf ports taken by the fabric manager (UFM) and other appliances (default 0). */
  readonly reservedPorts?: number;
  /** Fabric ports per server (one per rail). */
  readonly portsPerServer: number;
  /** Switch ports at the endpoint speed (a 64 x 800G switch split into 400G ports counts 128). */
  readonly radix: number;
  /** Endpoint line rate, Gb/s. */
  readonly portGbps: number;
  /** Leaf down:up ratio; 1 = non-blocking. */
  readonly oversubscription: number;
  /** Spine down:up ratio in fabrics of three or more tiers; 1 = non-blocking (default). */
  readonly upperOversubscription?: number;
  /** Cable each rail to its own leaves (rail-optimised); false: servers fill leaves in order. */
  readonly railOptimised: boolean;
  /** Largest down:up ratio the workloads' servers may see on a leaf that carries spares in place of
   *  uplinks; beyond it the spares get leaves of their own (default 1: never taper). */
  readonly maxSpareTaper?: number;
}

/** Where the spares and reserved ports went: free ports of whole leaf groups, ports taken from the
 *  leaves' uplinks (a slight taper), or leaf groups of their own. */
export type SparePlacement = 'none' | 'free ports' | 'leaf taper' | 'extra leaf group';

export interface FabricPlan {
  readonly tiers: number;
  readonly switches: { readonly leaf: number; readonly spine: number; readonly core: number };
  /** Ports on the leaves' server side: servers, spares and reserved ports. */
  readonly endpoints: number;
  /** Server ports (workload servers and spares), the NIC side of the server-leaf links. */
  readonly serverPorts: number;
  readonly reservedPorts: number;
  /** Cables (each a link between two ports), all levels. */
  readonly links: number;
  /** Cables by level: server-leaf, leaf-spine and spine-core (per level above the spines). */
  readonly linksByLevel: {
    readonly serverLeaf: number;
    readonly leafSpine: number;
    readonly spineCore: number;
  };
  /** Switch ports in use (both ends of every switch-switch link, the switch end of the rest). */
  readonly switchPorts: number;
  /** Ports per leaf facing servers and facing spines. */
  readonly leafPorts: { readonly down: number; readonly up: number };
  readonly sparePlacement: SparePlacement;
  /** Half the endpoints' injection bandwidth, divided by the leaf and (above two tiers) upper
   *  oversubscription. */
  readonly bisectionTbps: number;
  /** Endpoints a fabric of this many tiers could take with this radix. */
  readonly maxEndpoints: number;
}

/** Spine ports facing down at a spine down:up ratio u (k/2 when non-blocking). */
function spineDown(radix: number, upper: number): number {
  return Math.floor((radix * upper) / (upper + 1));
}

/** Endpoints a t-tier fat tree of radix-k switches serves at leaf ratio o and upper ratio u. */
export function fatTreeCapacity(
  radix: number,
  tiers: number,
  oversubscription = 1,
  upper = 1,
): number {
  const down = Math.floor((radix * oversubscription) / (oversubscription + 1));
  // Two tiers: every leaf reaches every spine; the spines' k ports bound the leaves to k.
  // Three: pods of (spine down ports) leaves, k pods under the core; each further tier x k/2.
  if (tiers <= 2) return down * radix;
  return down * spineDown(radix, upper) * radix * Math.pow(radix / 2, tiers - 3);
}

/** Leaves a t-tier fabric can hold. */
function leafCapacity(radix: number, tiers: number, upper: number): number {
  if (tiers <= 1) return 1;
  return fatTreeCapacity(radix, tiers, 1, upper) / Math.floor(radix / 2);
}

/** The smallest divisor of n that is at least `min`, if within twice `min`; else `min` (an
 *  uneven spread costs less than doubling the spines). */
function smallestDivisorAtLeast(n: number, min: number): number {
  const floor = Math.max(1, min);
  for (let d = floor; d <= Math.min(n, 2 * floor); d++) if (n % d === 0) return d;
  return floor;
}

interface LeafLayout {
  readonly leaf: number;
  readonly down: number;
  readonly up: number;
  readonly placement: SparePlacement;
  /** Uplinks a leaf may drop while its busy servers stay within the taper limit. */
  readonly minUp: number;
}

/** Leaves and their down/up split, with the spares and reserved ports placed as a designer would:
 *  the workloads' servers fill whole leaf groups; spares and reserved ports go into the free ports
 *  of those groups, else take a few uplinks per leaf while the taper stays within the limit, else
 *  get leaf groups of their own. DGX SuperPOD H100 RA, 'Network Fabrics': 'the fabric should be
 *  designed to support the full SU ... and leave the portion of the fabric unused'. */
function layLeaves(input: FabricInput): LeafLayout {
  const k = input.radix;
  const o = input.oversubscription;
  const down0 = Math.floor((k * o) / (o + 1));
  const spares = input.spareServers ?? 0;
  const reserved = input.reservedPorts ?? 0;
  const p = input.portsPerServer;
  const all = input.servers + spares;
  const railed = input.railOptimised && all >= down0;
  if (!railed) {
    const endpoints = all * p + reserved;
    // Everything on one switch needs no uplinks: all k ports face the servers.
    return {
      leaf: endpoints <= k ? 1 : Math.ceil(endpoints / down0),
      down: down0,
      up: k - down0,
      placement: spares + reserved > 0 ? 'free ports' : 'none',
      minUp: k - down0,
    };
  }
  // Rail-optimised: a reserved appliance takes a server's slot on as many rails as its ports.
  const reservedSlots = Math.ceil(reserved / p);
  const extra = spares + reservedSlots;
  const groups = Math.max(1, Math.ceil(input.servers / down0));
  const free = groups * down0 - input.servers;
  const whole = { leaf: p * groups, down: down0, up: k - down0, minUp: k - down0 };
  if (extra === 0) return { ...whole, placement: 'none' };
  if (extra <= free) return { ...whole, placement: 'free ports' };
  const taper = Math.ceil((extra - free) / groups);
  const down = down0 + taper;
  const up = k - down;
  const busiest = Math.ceil(input.servers / groups);
  const limit = (input.maxSpareTaper ?? 1) * o;
  if (up >= 1 && busiest / up <= limit + 1e-12) {
    return {
      leaf: p * groups,
      down,
      up,
      placement: 'leaf taper',
      minUp: Math.ceil(busiest / limit - 1e-12),
    };
  }
  return {
    leaf: p * Math.ceil((input.servers + extra) / down0),
    down: down0,
    up: k - down0,
    placement: 'extra leaf group',
    minUp: k - down0,
  };
}

export function planFabric(input: FabricInput): FabricPlan {
  const k = input.radix;
  const o = input.oversubscription;
  const u = input.upperOversubscription ?? 1;
  const spares = input.spareServers ?? 0;
  const reservedPorts = input.reservedPorts ?? 0;
  const serverPorts = (input.servers + spares) * input.portsPerServer;
  const endpoints = serverPorts + reservedPorts;
  if (serverPorts === 0) {
    return {
      tiers: 0,
      switches: { leaf: 0, spine: 0, core: 0 },
      endpoints: 0,
      serverPorts: 0,
      reservedPorts: 0,
      links: 0,
      linksByLevel: { serverLeaf: 0, leafSpine: 0, spineCore: 0 },
      switchPorts: 0,
      leafPorts: { down: 0, up: 0 },
      sparePlacement: 'none',
      bisectionTbps: 0,
      maxEndpoints: 0,
    };
  }
  const layout = layLeaves(input);
  const { leaf, down, placement } = layout;
  let up = layout.up;
  let tiers = leaf > 1 ? 2 : 1;
  while (leaf > leafCapacity(k, tiers, u)) tiers++;
  let spine = 0;
  let core = 0;
  let leafSpine = 0;
  let spineCore = 0;
  if (tiers === 2) {
    // Every leaf spreads its uplinks evenly over the spines, so the spine count divides the
    // uplinks per leaf (DGX SuperPOD H100 RA Table 4: three SUs, 24 leaves -> 16 spines, not 12).
    // A tapered leaf may leave an uplink port empty when that spreads evenly over fewer spines.
    spine = smallestDivisorAtLeast(up, Math.ceil((leaf * up) / k));
    let even = up % spine === 0;
    for (let u = up - 1; u >= layout.minUp && u >= 1; u--) {
      const s = smallestDivisorAtLeast(u, Math.ceil((leaf * u) / k));
      if (u % s === 0 && (!even || s < spine)) {
        spine = s;
        up = u;
        even = true;
      }
    }
    leafSpine = leaf * up;
  } else if (tiers >= 3) {
    // Pods of (spine down ports) leaves; each leaf sends one uplink to each of `up` spines of its
    // pod; the spines send the rest of their ports up. Tiers above repeat the k/2 split; the top
    // tier uses all k ports downward (Al-Fares et al. 2008).
    const leavesPerPod = spineDown(k, u);
    const pods = Math.ceil(leaf / leavesPerPod);
    leafSpine = leaf * up;
    spine = pods * up;
    spineCore = spine * (k - leavesPerPod);
    const middleTiers = tiers - 3;
    core = middleTiers * spine + Math.ceil(spineCore / k);
  }
  const switchLinks = leafSpine + spineCore * Math.max(1, tiers - 2);
  const totalLinks = endpoints + switchLinks;
  return {
    tiers,
    switches: { leaf, spine, core },
    endpoints,
    serverPorts,
    reservedPorts,
    links: totalLinks,
    linksByLevel: { serverLeaf: endpoints, leafSpine, spineCore },
    switchPorts: endpoints + 2 * switchLinks,
    leafPorts: { down, up },
    sparePlacement: placement,
    bisectionTbps: (endpoints * input.portGbps) / 2 / o / (tiers >= 3 ? u : 1) / 1000,
    maxEndpoints: fatTreeCapacity(k, Math.max(tiers, 2), o, u),
  };
}
