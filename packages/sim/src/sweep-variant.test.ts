import { describe, expect, it } from 'vitest';
import { parseVaries, prepareSweep } from '@aidc/core';
import { simulateVariant, sweepTraces } from './sweep-variant.js';

const base = `name: sweep of a simulation
cluster: { gpu: h100-sxm-80gb, gpus: 64 }
workloads:
  - { name: t, type: training, model: llama3.1-8b, tokens: 1e10, seqLen: 4096, globalBatchTokens: 2e6 }
simulation:
  days: 1
  jobs:
    trace: a.csv
    format: alibaba-openb
`;

function sweepOf(...specs: string[]) {
  const v = parseVaries(specs);
  if (!v.ok) throw new Error(v.message);
  return prepareSweep(base, v.varies);
}

describe('sweepTraces', () => {
  it('names the base trace and every trace a --vary gives, each once', () => {
    expect(
      sweepTraces(sweepOf('simulation.jobs.trace=a.csv,b.csv', 'simulation.days=1,2')),
    ).toEqual(['a.csv', 'b.csv']);
  });
});

describe('simulateVariant', () => {
  const trace = [
    'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time',
    'p1,1000,1024,1,1000,,LS,Running,0,7200,0',
    'p2,1000,1024,8,1000,,LS,Running,600,4200,600',
  ].join('\n');

  it('plans and simulates the variant with the trace it names', () => {
    const { row, failed } = simulateVariant(sweepOf('simulation.policy=fifo,sjf'), 0, {
      'a.csv': trace,
    });
    expect(failed).toBe(false);
    expect(row['simulation.policy']).toBe('fifo');
    expect(row['simJobsCompleted']).toBe(2);
    // 1 GPU for 2 h and 8 GPUs for 1 h of 64 GPUs (and the spares) over 24 h.
    expect(Number(row['simUtilization'])).toBeGreaterThan(0);
    expect(Number(row['simUtilization'])).toBeLessThan((2 + 8) / (64 * 24));
  });

  it('a trace it was not given, or an invalid variant, is a row with the reason', () => {
    expect(simulateVariant(sweepOf('simulation.days=1'), 0, {}).row['reason']).toBe(
      'simulation.jobs.trace: a.csv was not read',
    );
    const invalid = simulateVariant(sweepOf('simulation.days=-1'), 0, { 'a.csv': trace });
    expect(invalid.failed).toBe(true);
    expect(String(invalid.row['reason'])).toMatch(/simulation\.days/);
  });
});
