import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import {
  createAllocation,
  releaseGpu,
  releaseWholeGpus,
  takeGpu,
  takeWholeGpus,
  WHOLE,
} from './allocation.js';
import { buildCluster } from './cluster.js';
import { emptyPlaced, groupsByFreeServers, place } from './placement.js';

const cluster = buildCluster({
  gpu: 'h100-sxm-80gb',
  servers: 64,
  gpusPerServer: 8,
  serversPerDomain: 1,
  serversPerLeafGroup: 4,
  serversPerRack: 4,
});

describe('the leaf groups a gang job larger than one group spreads over', () => {
  it('most free servers first, ties by index, the groups with none left out', () => {
    const a = createAllocation(cluster);
    // 16 groups of 4: free counts 0..4 drawn at random, against a comparison sort.
    const random = seededRandom(3);
    for (let trial = 0; trial < 20; trial++) {
      for (let lg = 0; lg < cluster.leafGroups; lg++)
        a.freeServersInGroup[lg] = Math.floor(random() * 5);
      const expected = Array.from({ length: cluster.leafGroups }, (_, i) => i)
        .filter((i) => a.freeServersInGroup[i]! > 0)
        .sort((x, y) => a.freeServersInGroup[y]! - a.freeServersInGroup[x]! || x - y);
      expect([...groupsByFreeServers(a)]).toEqual(expected);
    }
  });

  it('a 40-GPU job on groups of 32 GPUs takes the emptiest groups’ servers whole', () => {
    const a = createAllocation(cluster);
    // Fill group 0 with a one-server job so that groups 1 and 2 are the first whole ones.
    const one = emptyPlaced();
    expect(place(a, 8, 1000, 'topology', one)).toBe(true);
    const gang = emptyPlaced();
    expect(place(a, 40, 1000, 'topology', gang)).toBe(true);
    // 5 servers: the 4 of the first full group (1), then 1 of the next (2): two leaf groups.
    expect(gang.servers.length).toBe(5);
    expect(new Set(gang.servers.map((s) => cluster.servers[s]!.leafGroup)).size).toBe(2);
    expect(
      gang.servers.every(
        (s) => cluster.servers[s]!.leafGroup !== cluster.servers[one.server]!.leafGroup,
      ),
    ).toBe(true);
  });
});

describe("taking and giving back a server's GPUs at once", () => {
  it('leaves the free-count buckets as one GPU at a time would', () => {
    const one = createAllocation(cluster);
    const many = createAllocation(cluster);
    const random = seededRandom(11);
    const held: [number, number][] = [];
    for (let step = 0; step < 400; step++) {
      if (held.length > 0 && random() < 0.4) {
        const [s, mask] = held.splice(Math.floor(random() * held.length), 1)[0]!;
        for (let i = 0; i < 8; i++) if (mask & (1 << i)) releaseGpu(one, s * 8 + i, WHOLE);
        releaseWholeGpus(many, s, mask);
      } else {
        const s = Math.floor(random() * 64);
        const free = many.wholeFree[s]!;
        if (free === 0) continue;
        const count = 1 + Math.floor(random() * free);
        let mask = 0;
        for (let i = 0, left = count; i < 8 && left > 0; i++)
          if (one.freeMilli[s * 8 + i] === WHOLE) {
            takeGpu(one, s * 8 + i, WHOLE);
            mask |= 1 << i;
            left--;
          }
        expect(takeWholeGpus(many, s, count)).toBe(mask);
        held.push([s, mask]);
      }
      expect(many.allocatedMilli).toBe(one.allocatedMilli);
      expect([...many.bucketSize]).toEqual([...one.bucketSize]);
      expect([...many.position]).toEqual([...one.position]);
      expect([...many.freeServersInGroup]).toEqual([...one.freeServersInGroup]);
      for (let k = 0; k <= 8; k++)
        expect([...many.buckets[k]!.subarray(0, many.bucketSize[k])]).toEqual([
          ...one.buckets[k]!.subarray(0, one.bucketSize[k]),
        ]);
    }
    expect(() => takeWholeGpus(many, 0, 9)).toThrow(/wholly free GPUs, asked 9/);
  });
});
