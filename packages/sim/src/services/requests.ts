// A service's requests over the simulated time: Poisson arrivals at the profile's rate, balanced
// across the replicas that are up, each replica serving up to `slots` requests at once in arrival
// order (an M/M/c queue per replica: exponential holding times of the service's mean), and a
// request meeting its SLO when it waits no longer than the TTFT budget left beyond the replica's
// own latency. Routing to the replica whose batch frees a slot first makes the replicas one
// M/M/(n c) queue; random routing makes n independent M/M/c queues (Erlang C for both).
/* eslint-disable @typescript-eslint/no-non-null-assertion -- the loop indexes typed arrays sized
   to the replicas and their slots, always within range by construction. */
import { deriveSeed, exponential, seededRandom } from '../random.js';
import { loadAt, type ServiceModel } from './service-model.js';

/** A replica coming up (serving from `t`) or going down (taking no new requests from `t`). */
export interface ReplicaChange {
  readonly t: number;
  readonly replica: number;
  readonly up: boolean;
}

export interface RequestOutcome {
  /** Seconds of the horizon whose requests were simulated (from 0). */
  readonly simulatedS: number;
  readonly requests: number;
  /** Share of the requests that met the latency SLO. */
  readonly sloAttainment: number;
  /** Arrivals that found no replica up (they miss the SLO). */
  readonly unserved: number;
  /** Share of the served requests that waited for a slot. */
  readonly waitedShare: number;
  /** Queueing before a slot, seconds, over the served requests. */
  readonly waitS: { mean: number; p50: number; p90: number; p99: number };
  /** SLO attainment by hour of the day (requests of that hour on every simulated day). */
  readonly sloAttainmentByHour: number[];
}

/** At most this many requests are simulated; a longer horizon is cut to the whole days (or part
 *  of a day) that hold them, and `simulatedS` says how much. */
export const MAX_REQUESTS = 10_000_000;

export function simulateRequests(
  model: ServiceModel,
  changes: readonly ReplicaChange[],
  horizonS: number,
  seed: number,
): RequestOutcome {
  const p = model.loadProfile;
  const meanRate = (model.requestsPerS * p.reduce((a, b) => a + b, 0)) / p.length;
  let endS = horizonS;
  if (meanRate * horizonS > MAX_REQUESTS) {
    const perDay = meanRate * 86_400;
    const days = Math.floor(MAX_REQUESTS / perDay);
    endS = days >= 1 ? days * 86_400 : MAX_REQUESTS / meanRate;
  }
  const n = model.maxReplicas;
  const c = model.slots;
  // Each replica's slots as a binary min-heap of the times they free, in slotFree[r*c, r*c+c).
  const slotFree = new Float64Array(n * c);
  const active = new Uint8Array(n);
  // A min-tree over the replicas' earliest free slot (Infinity when down) for least-wait routing.
  let leaves = 1;
  while (leaves < n) leaves *= 2;
  const tree = new Float64Array(2 * leaves).fill(Infinity);
  const setLeaf = (r: number, v: number) => {
    let i = leaves + r;
    tree[i] = v;
    for (i >>= 1; i >= 1; i >>= 1) tree[i] = Math.min(tree[2 * i]!, tree[2 * i + 1]!);
  };
  const upList = new Int32Array(n);
  const upPos = new Int32Array(n).fill(-1);
  let upCount = 0;
  const apply = (ch: ReplicaChange) => {
    const r = ch.replica;
    if (ch.up && !active[r]) {
      active[r] = 1;
      slotFree.fill(ch.t, r * c, r * c + c);
      setLeaf(r, ch.t);
      upPos[r] = upCount;
      upList[upCount++] = r;
    } else if (!ch.up && active[r]) {
      active[r] = 0;
      setLeaf(r, Infinity);
      const at = upPos[r]!;
      const last = upList[--upCount]!;
      upList[at] = last;
      upPos[last] = at;
      upPos[r] = -1;
    }
  };
  const pickLeastWait = () => {
    let i = 1;
    while (i < leaves) i = tree[2 * i]! <= tree[2 * i + 1]! ? 2 * i : 2 * i + 1;
    return i - leaves;
  };

  const arrivals = seededRandom(deriveSeed(seed, 30));
  const holds = seededRandom(deriveSeed(seed, 31));
  const routing = seededRandom(deriveSeed(seed, 32));
  const stepS = 86_400 / p.length;
  let waits = new Float32Array(1 << 16);
  let nWaits = 0;
  let waitSum = 0;
  let requests = 0;
  let met = 0;
  let unserved = 0;
  const byHour = new Float64Array(24);
  const metByHour = new Float64Array(24);
  let next = 0;
  let t = 0;
  while (t < endS) {
    const rate = loadAt(model, t);
    const boundary = (Math.floor(t / stepS + 1e-9) + 1) * stepS;
    if (rate <= 0) {
      t = boundary;
      continue;
    }
    const arrival = t + exponential(arrivals, 1 / rate);
    // Memoryless: an arrival past the step's end is redrawn at the next step's rate.
    if (arrival >= boundary) {
      t = boundary;
      continue;
    }
    t = arrival;
    if (t >= endS) break;
    while (next < changes.length && changes[next]!.t <= t) apply(changes[next++]!);
    requests++;
    const hour = Math.floor((t % 86_400) / 3600);
    byHour[hour]!++;
    if (upCount === 0) {
      unserved++;
      continue;
    }
    const r =
      model.balancer === 'least-wait'
        ? pickLeastWait()
        : upList[Math.min(upCount - 1, Math.floor(routing() * upCount))]!;
    const base = r * c;
    const free = slotFree[base]!;
    const start = free > t ? free : t;
    const wait = start - t;
    if (wait <= model.waitBudgetS + 1e-9) {
      met++;
      metByHour[hour]!++;
    }
    if (wait > 0) {
      if (nWaits >= waits.length) {
        const grown = new Float32Array(waits.length * 2);
        grown.set(waits);
        waits = grown;
      }
      waits[nWaits++] = wait;
      waitSum += wait;
    }
    // Replace the heap's top with the slot's new free time and sift it down.
    const v = start + exponential(holds, model.holdS);
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= c) break;
      const rr = l + 1;
      const child = rr < c && slotFree[base + rr]! < slotFree[base + l]! ? rr : l;
      if (slotFree[base + child]! >= v) break;
      slotFree[base + i] = slotFree[base + child]!;
      i = child;
    }
    slotFree[base + i] = v;
    setLeaf(r, slotFree[base]!);
  }
  const served = requests - unserved;
  const sorted = waits.subarray(0, nWaits).sort();
  const zeros = served - nWaits;
  // Type-7 quantiles of the served requests' waits: the zeros, then the sorted positive waits.
  const at = (k: number) => (k < zeros ? 0 : sorted[k - zeros]!);
  const quantile = (q: number) => {
    if (served === 0) return 0;
    const h = (served - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(served - 1, lo + 1);
    return at(lo) + (h - lo) * (at(hi) - at(lo));
  };
  return {
    simulatedS: endS,
    requests,
    sloAttainment: requests > 0 ? met / requests : 1,
    unserved,
    waitedShare: served > 0 ? nWaits / served : 0,
    waitS: {
      mean: served > 0 ? waitSum / served : 0,
      p50: quantile(0.5),
      p90: quantile(0.9),
      p99: quantile(0.99),
    },
    sloAttainmentByHour: Array.from(byHour, (k, h) => (k > 0 ? metByHour[h]! / k : 1)),
  };
}
