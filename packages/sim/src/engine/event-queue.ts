// The simulator's clock: a binary min-heap of events ordered by (time, sequence). The sequence
// number is the order of scheduling, so events at the same time fire in the order they were
// scheduled, on every platform. Events are kept in parallel typed arrays (no object per event):
// a kind, and two integer arguments (a job or server index, and the epoch that tells a stale
// completion from a live one).
/* eslint-disable @typescript-eslint/no-non-null-assertion -- the hot loop indexes typed arrays
   sized to the cluster, the job list or the heap, always within range by construction. */

export interface EventQueue {
  readonly size: number;
  /** Schedule an event; returns nothing, the order is (time, sequence of this call). */
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
  let time = new Float64Array(capacity);
  let seq = new Float64Array(capacity);
  let kind = new Int32Array(capacity);
  let argA = new Int32Array(capacity);
  let argB = new Int32Array(capacity);
  let size = 0;
  let nextSeq = 0;

  const grow = () => {
    capacity *= 2;
    const t = new Float64Array(capacity);
    t.set(time);
    time = t;
    const s = new Float64Array(capacity);
    s.set(seq);
    seq = s;
    const k = new Int32Array(capacity);
    k.set(kind);
    kind = k;
    const x = new Int32Array(capacity);
    x.set(argA);
    argA = x;
    const y = new Int32Array(capacity);
    y.set(argB);
    argB = y;
  };

  const less = (i: number, j: number) =>
    time[i]! < time[j]! || (time[i] === time[j] && seq[i]! < seq[j]!);

  const move = (from: number, to: number) => {
    time[to] = time[from]!;
    seq[to] = seq[from]!;
    kind[to] = kind[from]!;
    argA[to] = argA[from]!;
    argB[to] = argB[from]!;
  };

  return {
    get size() {
      return size;
    },
    push(t, k, a, b) {
      if (!Number.isFinite(t)) throw new Error(`event time must be finite, got ${t}`);
      if (size + 1 >= capacity) grow();
      // Slot `capacity - 1` is scratch space for the element being sifted.
      const scratch = capacity - 1;
      time[scratch] = t;
      seq[scratch] = nextSeq++;
      kind[scratch] = k;
      argA[scratch] = a;
      argB[scratch] = b;
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(scratch, parent)) break;
        move(parent, i);
        i = parent;
      }
      move(scratch, i);
    },
    pop(out) {
      if (size === 0) return false;
      out.time = time[0]!;
      out.kind = kind[0]!;
      out.a = argA[0]!;
      out.b = argB[0]!;
      size--;
      if (size === 0) return true;
      const scratch = capacity - 1;
      move(size, scratch);
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && less(right, left) ? right : left;
        if (!less(child, scratch)) break;
        move(child, i);
        i = child;
      }
      move(scratch, i);
      return true;
    },
  };
}
