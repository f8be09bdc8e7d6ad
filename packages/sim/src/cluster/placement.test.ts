import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { createAllocation } from './allocation.js';
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
