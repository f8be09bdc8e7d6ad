import { describe, expect, it } from 'vitest';
import { exponential, seededRandom, type Random } from '../random.js';
import { createEventQueue } from './event-queue.js';

/** The order the queue must give: a plain list, the earliest (time, sequence) taken each time. */
function referenceQueue() {
  const items: { time: number; seq: number; a: number }[] = [];
  let seq = 0;
  return {
    push(time: number, a: number) {
      items.push({ time, seq: seq++, a });
    },
    pop(): [number, number] | undefined {
      if (items.length === 0) return undefined;
      let best = 0;
      for (let i = 1; i < items.length; i++) {
        const x = items[i]!;
        const b = items[best]!;
        if (x.time < b.time || (x.time === b.time && x.seq < b.seq)) best = i;
      }
      const [x] = items.splice(best, 1);
      return [x!.time, x!.a];
    },
    get size() {
      return items.length;
    },
  };
}

/** Drive both queues with the same operations; every pop must give the same event. */
function agree(ops: number, next: (random: Random, now: number, size: number) => number | 'pop') {
  const random = seededRandom(7);
  const q = createEventQueue(16);
  const ref = referenceQueue();
  const out = { time: 0, kind: 0, a: 0, b: 0 };
  let now = 0;
  let pops = 0;
  let a = 0;
  for (let i = 0; i < ops; i++) {
    const op = next(random, now, ref.size);
    if (op === 'pop') {
      const want = ref.pop();
      const got = q.pop(out);
      expect(got).toBe(want !== undefined);
      if (want) {
        expect([out.time, out.a]).toEqual(want);
        now = out.time;
        pops++;
      }
    } else {
      q.push(op, 3, a, -a);
      ref.push(op, a++);
    }
    expect(q.size).toBe(ref.size);
  }
  while (ref.size > 0) {
    expect(q.pop(out)).toBe(true);
    expect([out.time, out.a]).toEqual(ref.pop());
    expect(out.kind).toBe(3);
    expect(out.b).toBe(-out.a);
  }
  expect(q.pop(out)).toBe(false);
  return pops;
}

describe('calendar event queue', () => {
  it('the hold model: pop the earliest, schedule one an exponential time later', () => {
    let filled = 0;
    const pops = agree(20_000, (random, now) => {
      if (filled < 2_000) {
        filled++;
        return random() * 100;
      }
      // Alternate pop and push (a hold), with a slow drift in the count.
      return random() < 0.5 ? 'pop' : now + exponential(random, 100);
    });
    expect(pops).toBeGreaterThan(8_000);
  });

  it('ties at one time fire in scheduling order, through growing and shrinking', () => {
    // Integer times: many events share each time; the queue grows to thousands, empties, regrows.
    let phase = 0;
    agree(30_000, (random, now, size) => {
      if (size === 0) phase++;
      const filling = phase % 2 === 0 ? size < 4_000 : size < 50;
      if (filling && random() < 0.8) return Math.floor(now) + Math.floor(random() * 20);
      return 'pop';
    });
  });

  it('events far apart and bunched together, before the current time and below zero', () => {
    agree(20_000, (random, now) => {
      const r = random();
      if (r < 0.45) return 'pop';
      // A bunch at nearly one time, a sparse tail years ahead, and a few earlier than now.
      if (r < 0.75) return now + random() * 1e-6;
      if (r < 0.95) return now + random() * 3e7;
      return now - 1 - random() * 1e3;
    });
  });

  it('times of every magnitude', () => {
    agree(10_000, (random) =>
      random() < 0.4 ? 'pop' : Math.exp((random() - 0.5) * 60) * (random() < 0.1 ? -1 : 1),
    );
  });

  it('an event kept outside with a reserved sequence number is ordered as if pushed', () => {
    // A stream of events kept outside (each reserving its number when the one before it is
    // taken, as the simulator keeps its next arrival), the rest pushed: the order is one queue's.
    const random = seededRandom(11);
    const q = createEventQueue(16);
    const ref = referenceQueue();
    const out = { time: 0, kind: 0, a: 0, b: 0 };
    let outsideTime = 0;
    let outsideSeq = q.reserveSequence();
    ref.push(outsideTime, -1);
    let now = 0;
    let a = 0;
    for (let i = 0; i < 20_000; i++) {
      const r = random();
      if (r < 0.5) {
        const t = r < 0.1 ? now : now + exponential(random, 50) * (r < 0.3 ? 1 : 1e-6);
        q.push(t, 0, a, 0);
        ref.push(t, a++);
        continue;
      }
      const want = ref.pop()!;
      if (q.popBefore(outsideTime, outsideSeq, out)) expect([out.time, out.a]).toEqual(want);
      else {
        expect([outsideTime, -1]).toEqual(want);
        outsideTime = Math.floor(now + exponential(random, 10));
        outsideSeq = q.reserveSequence();
        ref.push(outsideTime, -1);
      }
      now = want[0];
    }
  });

  it('rejects a time that is not finite', () => {
    const q = createEventQueue();
    expect(() => q.push(Number.NaN, 0, 0, 0)).toThrow('event time must be finite, got NaN');
    expect(() => q.push(Infinity, 0, 0, 0)).toThrow('got Infinity');
    expect(q.size).toBe(0);
  });
});
