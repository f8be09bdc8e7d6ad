// Reliability against published failure observations (issue 5). The rows aidc's model is meant
// to reproduce are held to bounds; the RSC level rows and Acme's count are printed by
// `npm run fidelity` with the gap explained in reliability-fidelity-lib.ts, and pinned here so
// that a change to the rates shows up.
import { describe, expect, it } from 'vitest';
import { reliabilityComparisons } from './reliability-fidelity-lib.js';

const rows = new Map(reliabilityComparisons().map((r) => [r.id, r]));
const error = (id: string) => {
  const r = rows.get(id);
  if (!r) throw new Error(`no row ${id}`);
  return r.error;
};

describe('fidelity against published failure observations', () => {
  it('MTTF scales with job size as on Meta RSC (8 vs 1,024 GPUs) within 5%', () => {
    expect(Math.abs(error('rsc:mttf-8-over-1024-gpus'))).toBeLessThanOrEqual(0.05);
  });

  it("Llama 3 405B's goodput: at most 5% below its 'higher than 90%' effective training time", () => {
    // A lower bound: any goodput above 0.90 agrees with it; aidc's 0.874 is a miss, held here.
    expect(error('llama3-405b:effective-training-time')).toBeGreaterThanOrEqual(-0.05);
  });

  it("Llama 3 405B's 419 interruptions in 54 days within 20%", () => {
    expect(Math.abs(error('llama3-405b:unexpected-interruptions-54-days'))).toBeLessThanOrEqual(
      0.2,
    );
  });

  it("goodput reproduces RSC's ETTR model: the failure rate for 0.9 at 12k GPUs within 10%", () => {
    expect(Math.abs(error('rsc:rf-for-ettr-0.9-at-12000-gpus'))).toBeLessThanOrEqual(0.1);
    // "On the order of 10 s": the same order.
    const write = rows.get('rsc:checkpoint-write-for-ettr-0.9-at-12000-gpus');
    expect(write?.predicted).toBeGreaterThan(3);
    expect(write?.predicted).toBeLessThan(30);
  });

  it('the rows whose gap is explained stay where they are', () => {
    expect(error('rsc:mttf-1024-gpus')).toBeCloseTo(4.37, 2);
    expect(error('rsc:projected-mttf-16384-gpus')).toBeCloseTo(0.473, 2);
    expect(error('acme:infrastructure-failures-6-months')).toBeCloseTo(-0.389, 2);
  });
});
