// The committed scenario schema is the one the zod schema generates, and every example validates
// against it with a real JSON Schema validator (Ajv, draft 2020-12).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { scenarioJsonSchema } from '@aidc/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..', '..');
const committed = join(root, 'schemas', 'scenario.schema.json');

describe('scenario JSON Schema', () => {
  const generated = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
  if (process.env['REGEN']) writeFileSync(committed, generated);

  it('schemas/scenario.schema.json is what the zod schema generates (REGEN=1 rewrites it)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(generated);
  });

  it('every example validates; a misspelt key and a wrong type do not', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(scenarioJsonSchema());
    const dir = join(root, 'examples');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
      const ok = validate(parse(readFileSync(join(dir, f), 'utf8')));
      expect(ok, `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const bad = parse(readFileSync(join(dir, 'llama3.1-8b-small.yaml'), 'utf8'));
    bad.cluster.gpuz = 1;
    expect(validate(bad)).toBe(false);
    bad.cluster = { gpu: 'h100-sxm-80gb', gpus: 'many' };
    expect(validate(bad)).toBe(false);
  });
});
