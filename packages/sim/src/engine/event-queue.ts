// The simulator's clock: a calendar queue (Brown 1988, "Calendar queues: a fast O(1) priority
// queue implementation for the simulation event set problem", CACM 31(10):1220) of events ordered
// by (time, sequence). The sequence number is the order of scheduling, so events at the same time
// fire in the order they were scheduled, on every platform.
//
// Time is cut into buckets of one width; virtual bucket v = floor(time / width) lives in bucket
// v mod n, a list kept sorted by (time, sequence). Popping scans the buckets from the current
// virtual bucket on and takes the first list head that belongs to the bucket being looked at;
// after a whole turn of the calendar without one (the events are sparse for the width) it takes
// the earliest head directly. The calendar doubles when the events outnumber twice its buckets
// and halves below half, re-estimating the width as three times the mean gap between the
// earliest events (gaps over twice the mean left out), Brown's rule. So push and pop take a
// constant expected time, where a heap takes log n: 100,000 pending events are ~8 levels of a
// 4-ary heap.
//
// Each event's time, sequence, kind and two integer arguments (a job or server index, and the
// epoch that tells a stale completion from a live one) stay in one slot of typed arrays; the
// buckets link slots. Nothing is allocated per event.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are within the bucket and
   slot arrays by construction. */

export interface EventQueue {
  readonly size: number;
  /** Schedule an event; the order is (time, sequence of this call). */
  push(time: number, kind: number, a: number, b: number): void;
  /** Remove the earliest event into `out` (time, kind, a, b); false when empty. */
  pop(out: PoppedEvent): boolean;
  /** `pop`, but only an event that goes before (time, sequence); false when none does. */
  popBefore(time: number, sequence: number, out: PoppedEvent): boolean;
  /** The sequence number of an event kept outside the queue: ordered as if pushed now. */
  reserveSequence(): number;
}

export interface PoppedEvent {
  time: number;
  kind: number;
  a: number;
  b: number;
}

const MIN_BUCKETS = 16;
/** Earliest events whose gaps set the bucket width on a resize (Brown 1988, §3). */
const WIDTH_SAMPLE = 25;

export function createEventQueue(initialCapacity = 1024): EventQueue {
  let capacity = Math.max(16, initialCapacity);
  let time = new Float64Array(capacity);
  let seq = new Float64Array(capacity);
  let kind = new Int32Array(capacity);
  let argA = new Int32Array(capacity);
  let argB = new Int32Array(capacity);
  let next = new Int32Array(capacity);
  // Each pending event's virtual bucket, floor(time / width).
  let virtual = new Float64Array(capacity);
  let freeSlots = new Int32Array(capacity);
  let freeCount = 0;
  let usedSlots = 0;
  let size = 0;
  let nextSeq = 0;

  let buckets = MIN_BUCKETS;
  let head = new Int32Array(buckets).fill(-1);
  let width = 1;
  // Every pending event's virtual bucket is at least this one.
  let current = 0;
  let popsSinceResize = 0;

  const growSlots = () => {
    const old = capacity;
    capacity *= 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, old));
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a.subarray(0, old));
      return b;
    };
    time = f64(time);
    seq = f64(seq);
    kind = i32(kind);
    argA = i32(argA);
    argB = i32(argB);
    next = i32(next);
    virtual = f64(virtual);
    freeSlots = i32(freeSlots);
  };

  // The bucket count is a power of two (16, doubled and halved), so v mod n is v's low bits:
  // a whole number as a double converts to 32-bit two's complement exactly modulo 2^32, of which
  // n is a divisor, negative ones included.
  let mask = buckets - 1;
  const bucketOf = (v: number) => v & mask;
  /** Link a slot into its bucket's list, after every event that goes before it. */
  const link = (slot: number) => {
    const t = time[slot]!;
    const s = seq[slot]!;
    const v = Math.floor(t / width);
    virtual[slot] = v;
    if (v < current) current = v;
    const b = bucketOf(v);
    let cur = head[b]!;
    if (cur < 0 || t < time[cur]! || (t === time[cur]! && s < seq[cur]!)) {
      next[slot] = cur;
      head[b] = slot;
      return;
    }
    let prev = cur;
    cur = next[cur]!;
    while (cur >= 0 && (time[cur]! < t || (time[cur]! === t && seq[cur]! < s))) {
      prev = cur;
      cur = next[cur]!;
    }
    next[slot] = cur;
    next[prev] = slot;
  };

  /** Re-lay the pending events on `count` buckets with a width from their earliest gaps. */
  const resize = (count: number) => {
    const slots = new Int32Array(size);
    let n = 0;
    for (let b = 0; b < buckets; b++) for (let e = head[b]!; e >= 0; e = next[e]!) slots[n++] = e;
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = time[slots[i]!]!;
    times.sort();
    const m = Math.min(n, WIDTH_SAMPLE);
    if (m >= 2) {
      const mean = (times[m - 1]! - times[0]!) / (m - 1);
      let sum = 0;
      let k = 0;
      for (let i = 1; i < m; i++) {
        const gap = times[i]! - times[i - 1]!;
        if (gap <= 2 * mean) {
          sum += gap;
          k++;
        }
      }
      let w = k > 0 ? (3 * sum) / k : 0;
      // The earliest events all at one time: the mean gap of all of them instead.
      if (!(w > 0)) w = (3 * (times[n - 1]! - times[0]!)) / (n - 1);
      // Virtual bucket numbers stay below 2^40, where v + 1 is exact.
      w = Math.max(w, Math.max(Math.abs(times[0]!), Math.abs(times[n - 1]!)) * 2 ** -40);
      // Events all at one time leave the width as it was.
      if (w > 0 && Number.isFinite(w)) width = w;
    }
    buckets = count;
    mask = count - 1;
    head = new Int32Array(count).fill(-1);
    current = n > 0 ? Math.floor(times[0]! / width) : 0;
    // Each old list latest first: most land at the head of their new list.
    for (let i = n - 1; i >= 0; i--) link(slots[i]!);
    popsSinceResize = 0;
  };

  // Where `earliest` found the earliest event: its virtual bucket, and whether a whole turn of
  // the calendar was empty before it.
  let earliestVirtual = 0;
  let earliestSparse = false;
  /** The slot of the earliest pending event (there is one). */
  const earliest = (): number => {
    let v = current;
    for (let turn = 0; turn < buckets; turn++, v++) {
      const e = head[bucketOf(v)]!;
      if (e >= 0 && virtual[e]! <= v) {
        earliestVirtual = v;
        earliestSparse = false;
        return e;
      }
    }
    // A whole turn of empty buckets: the earliest list head, wherever it is.
    let found = -1;
    for (let b = 0; b < buckets; b++) {
      const e = head[b]!;
      if (
        e >= 0 &&
        (found < 0 ||
          time[e]! < time[found]! ||
          (time[e]! === time[found]! && seq[e]! < seq[found]!))
      )
        found = e;
    }
    earliestVirtual = virtual[found]!;
    earliestSparse = true;
    return found;
  };
  /** Remove the event `earliest` found, into `out`. */
  const take = (found: number, out: PoppedEvent) => {
    const v = earliestVirtual;
    head[bucketOf(v)] = next[found]!;
    current = v;
    popsSinceResize++;
    out.time = time[found]!;
    out.kind = kind[found]!;
    out.a = argA[found]!;
    out.b = argB[found]!;
    freeSlots[freeCount++] = found;
    size--;
    if (buckets > MIN_BUCKETS && size < buckets / 2) resize(buckets / 2);
    // The width was too small for how sparse the events are now: estimate it again, at most
    // once every `buckets` pops, so the resizing costs O(1) a pop amortised.
    else if (earliestSparse && popsSinceResize >= buckets) resize(buckets);
  };

  return {
    get size() {
      return size;
    },
    push(t, k, a, b) {
      if (!Number.isFinite(t)) throw new Error(`event time must be finite, got ${t}`);
      if (usedSlots >= capacity && freeCount === 0) growSlots();
      const slot = freeCount > 0 ? freeSlots[--freeCount]! : usedSlots++;
      time[slot] = t;
      seq[slot] = nextSeq++;
      kind[slot] = k;
      argA[slot] = a;
      argB[slot] = b;
      link(slot);
      size++;
      if (size > 2 * buckets) resize(2 * buckets);
    },
    pop(out) {
      if (size === 0) return false;
      take(earliest(), out);
      return true;
    },
    popBefore(t, sq, out) {
      if (size === 0) return false;
      const e = earliest();
      if (time[e]! < t || (time[e]! === t && seq[e]! < sq)) {
        take(e, out);
        return true;
      }
      // No pending event is in an earlier virtual bucket than the earliest one's.
      current = earliestVirtual;
      if (earliestSparse && ++popsSinceResize >= buckets) resize(buckets);
      return false;
    },
    reserveSequence: () => nextSeq++,
  };
}
