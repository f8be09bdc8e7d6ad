// The simulator's clock: a 4-ary min-heap of events ordered by (time, sequence). The sequence
// number is the order of scheduling, so events at the same time fire in the order they were
// scheduled, on every platform. The heap holds only each event's time, sequence and slot in
// typed arrays; the event's kind and two integer arguments (a job or server index, and the epoch
// that tells a stale completion from a live one) stay in their slot and are never moved. Four
// children per node halve the depth of a binary heap (LaMarca & Ladner 1996, "The influence of
// caches on the performance of heaps", ACM JEA 1).
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are within the heap and the
   slot arrays by construction. */

export interface EventQueue {
  readonly size: number;
  /** Schedule an event; the order is (time, sequence of this call). */
  push(time: number, kind: number, a: number, b: number): void;
  /** Remove the earliest event into `out` (time, kind, a, b); false when empty. */
  pop(out: PoppedEvent): boolean;
}

export interface PoppedEvent {
  time: number;
  kind: number;
  a: number;
  b: number;
}

export function createEventQueue(initialCapacity = 1024): EventQueue {
  let capacity = Math.max(16, initialCapacity);
  let heapTime = new Float64Array(capacity);
  let heapSeq = new Float64Array(capacity);
  let heapSlot = new Int32Array(capacity);
  let kind = new Int32Array(capacity);
  let argA = new Int32Array(capacity);
  let argB = new Int32Array(capacity);
  let freeSlots = new Int32Array(capacity);
  let freeCount = 0;
  let usedSlots = 0;
  let size = 0;
  let nextSeq = 0;

  const grow = () => {
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
    heapTime = f64(heapTime);
    heapSeq = f64(heapSeq);
    heapSlot = i32(heapSlot);
    kind = i32(kind);
    argA = i32(argA);
    argB = i32(argB);
    freeSlots = i32(freeSlots);
  };

  return {
    get size() {
      return size;
    },
    push(t, k, a, b) {
      if (!Number.isFinite(t)) throw new Error(`event time must be finite, got ${t}`);
      if (size >= capacity || usedSlots >= capacity) grow();
      const slot = freeCount > 0 ? freeSlots[--freeCount]! : usedSlots++;
      kind[slot] = k;
      argA[slot] = a;
      argB[slot] = b;
      const s = nextSeq++;
      const time = heapTime;
      const seq = heapSeq;
      const slots = heapSlot;
      let i = size++;
      while (i > 0) {
        const p = (i - 1) >> 2;
        const pt = time[p]!;
        if (t > pt || (t === pt && s > seq[p]!)) break;
        time[i] = pt;
        seq[i] = seq[p]!;
        slots[i] = slots[p]!;
        i = p;
      }
      time[i] = t;
      seq[i] = s;
      slots[i] = slot;
    },
    pop(out) {
      if (size === 0) return false;
      const time = heapTime;
      const seq = heapSeq;
      const slots = heapSlot;
      const top = slots[0]!;
      out.time = time[0]!;
      out.kind = kind[top]!;
      out.a = argA[top]!;
      out.b = argB[top]!;
      freeSlots[freeCount++] = top;
      const n = --size;
      if (n === 0) return true;
      const t = time[n]!;
      const s = seq[n]!;
      const slot = slots[n]!;
      let i = 0;
      for (;;) {
        const first = 4 * i + 1;
        if (first >= n) break;
        let child = first;
        let ct = time[first]!;
        let cs = seq[first]!;
        const last = Math.min(first + 4, n);
        for (let c = first + 1; c < last; c++) {
          const x = time[c]!;
          if (x < ct || (x === ct && seq[c]! < cs)) {
            child = c;
            ct = x;
            cs = seq[c]!;
          }
        }
        if (t < ct || (t === ct && s < cs)) break;
        time[i] = ct;
        seq[i] = cs;
        slots[i] = slots[child]!;
        i = child;
      }
      time[i] = t;
      seq[i] = s;
      slots[i] = slot;
      return true;
    },
  };
}
