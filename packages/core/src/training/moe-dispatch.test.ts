import { describe, expect, it } from 'vitest';
import { moeDispatchBytesPerToken } from './moe-dispatch.js';

describe('MoE dispatch traffic (Megatron-Core all-to-all dispatcher passes)', () => {
  it('DeepSeek-V3 with ep 8 (32 local experts): permute, chunk sort both ways, unpermute', () => {
    // h 7168, top-8: permute 2 x 8 rows, unpermute 9 rows, sort 2 x 2 x 8 rows of 14,336 bytes.
    const bytes = moeDispatchBytesPerToken(7168, 8, { tp: 1, ep: 8, etp: 1, localExperts: 32 });
    expect(bytes).toBe((16 + 9 + 32) * 14336);
  });

  it('Mixtral 8x7B with ep 8 holds one expert per GPU: no chunk sort', () => {
    const bytes = moeDispatchBytesPerToken(4096, 2, { tp: 1, ep: 8, etp: 1, localExperts: 1 });
    expect(bytes).toBe((4 + 3) * 8192);
  });

  it('tensor-parallel ranks share the copies; expert tensor parallelism gathers etp x the sort', () => {
    const base = { tp: 4, ep: 8, etp: 4, localExperts: 16 };
    const bytes = moeDispatchBytesPerToken(6144, 2, base);
    expect(bytes).toBe(((4 + 3) * 12288 + 2 * 2 * 2 * 12288 * 4) / 4);
    expect(moeDispatchBytesPerToken(6144, 0, base)).toBe(0);
  });
});
