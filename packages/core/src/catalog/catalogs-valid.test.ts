// The bundled catalogs are not parsed at start-up (loadCatalog trusts them); this checks every one
// against its schema, so a bad figure fails the test suite instead of a user's plan.
import { describe, expect, it } from 'vitest';
import '../index.js';
import { registeredCatalogs, validateCatalogs } from './sourced.js';

describe('bundled catalogs', () => {
  it('every registered data file is valid against its schema', () => {
    expect(registeredCatalogs().length).toBeGreaterThanOrEqual(17);
    expect(validateCatalogs()).toEqual([]);
  });
});
