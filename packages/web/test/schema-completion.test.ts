// Key completion in the YAML editor: the key path at a line, read from indentation, and the keys
// the scenario JSON Schema allows there.
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '@aidc/core';
import { keyPathAt, schemasAt } from '../src/components/schema-completion.js';

const lines = `name: x
cluster:
  gpu: h100-sxm-80gb
  gp
workloads:
  - name: pretrain
    type: training
    model:
      layers: 32
      hi
  - na
`.split('\n');

const keys = (path: string[]) =>
  new Set(
    schemasAt(scenarioJsonSchema() as never, path).flatMap((s) => Object.keys(s.properties ?? {})),
  );

describe('YAML key completion', () => {
  it('reads the key path from indentation, through list items', () => {
    expect(keyPathAt(lines, 1)).toEqual([]);
    expect(keyPathAt(lines, 4)).toEqual(['cluster']);
    expect(keyPathAt(lines, 7)).toEqual(['workloads']);
    expect(keyPathAt(lines, 10)).toEqual(['workloads', 'model']);
    expect(keyPathAt(lines, 11)).toEqual(['workloads']);
  });

  it('offers the keys the schema allows at that path', () => {
    expect([...keys([])]).toEqual(expect.arrayContaining(['name', 'cluster', 'workloads', 'site']));
    expect([...keys(['cluster'])]).toEqual(expect.arrayContaining(['gpu', 'gpus', 'fabric']));
    expect([...keys(['workloads'])]).toEqual(
      expect.arrayContaining(['name', 'type', 'model', 'tokens']),
    );
    expect([...keys(['workloads', 'model'])]).toEqual(
      expect.arrayContaining(['layers', 'hidden', 'heads']),
    );
    expect(keys(['cluster', 'nothing']).size).toBe(0);
  });
});
