// Series ids in memory, found by a hash of the metric and its labels: the ingest's hot path.
// Each label pair is hashed with two 32-bit FNV-1a hashes (Fowler, Noll, Vo; IETF
// draft-eastlake-fnv), mixed, and the pairs are added up, so the labels' order does not matter and
// nothing is sorted; the two sums make a 53-bit map key. A hit is confirmed by comparing the
// labels, so a collision can never merge two series.

interface Entry {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly count: number;
  readonly id: number;
}

const P1 = 0x01000193;
const P2 = 0x01000193 ^ 0x2c1b3c6d;

/** The hash of a metric and its label set, whatever order the labels come in. */
export function seriesHash(metric: string, labels: Readonly<Record<string, string>>): number {
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (let i = 0; i < metric.length; i++) {
    const c = metric.charCodeAt(i);
    a = Math.imul(a ^ c, P1);
    b = Math.imul(b ^ c, P2);
  }
  let sumA = a;
  let sumB = b;
  for (const name in labels) {
    let x = 0x811c9dc5;
    let y = 0x5bd1e995;
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      x = Math.imul(x ^ c, P1);
      y = Math.imul(y ^ c, P2);
    }
    x = Math.imul(x ^ 0x3d, P1);
    y = Math.imul(y ^ 0x3d, P2);
    const value = labels[name] as string;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      x = Math.imul(x ^ c, P1);
      y = Math.imul(y ^ c, P2);
    }
    // Each pair's hash is mixed (MurmurHash3's fmix32 finaliser) before it is added, so that sums
    // of similar pairs do not collide.
    sumA = (sumA + fmix(x)) | 0;
    sumB = (sumB + fmix(y)) | 0;
  }
  return (sumA >>> 0) * 0x200000 + ((sumB >>> 0) & 0x1fffff);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function countOf(labels: Readonly<Record<string, string>>): number {
  return Object.keys(labels).length;
}

export class SeriesCache {
  private readonly buckets = new Map<number, Entry[]>();
  size = 0;

  get(metric: string, labels: Readonly<Record<string, string>>, hash: number): number | undefined {
    const bucket = this.buckets.get(hash);
    if (!bucket) return undefined;
    for (const e of bucket) {
      if (e.metric !== metric) continue;
      let n = 0;
      let same = true;
      for (const k in labels) {
        if (labels[k] !== e.labels[k]) {
          same = false;
          break;
        }
        n++;
      }
      if (same && n === e.count) return e.id;
    }
    return undefined;
  }

  set(metric: string, labels: Readonly<Record<string, string>>, hash: number, id: number): void {
    const entry = { metric, labels, count: countOf(labels), id };
    const bucket = this.buckets.get(hash);
    if (bucket) bucket.push(entry);
    else this.buckets.set(hash, [entry]);
    this.size++;
  }

  /** Every entry of another cache (the ids an ingest created, once it has committed). */
  merge(other: SeriesCache): void {
    for (const [hash, bucket] of other.buckets)
      for (const e of bucket) this.set(e.metric, e.labels, hash, e.id);
  }
}
