// Every catalog data file of core is loaded (and therefore checked by core's catalog test).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { registeredCatalogs } from '@aidc/core';
import { describe, expect, it } from 'vitest';

describe('catalog files', () => {
  it('every JSON file under core/src/catalog/data is a registered catalog', () => {
    const dir = join(import.meta.dirname, '..', '..', 'core', 'src', 'catalog', 'data');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect([...new Set(registeredCatalogs())].sort()).toEqual(files.sort());
  });
});
