// Part of `npm run build`: the bundled catalogs (packages/core/src/catalog/data) checked once, when
// aidc is built, against their schemas (every figure with its source) and for references between
// them that do not resolve (a server's GPU, a price's server). Start-up trusts them after this.
// Exits 1 with each problem on its own line.
import {
  BUILT_IN_CATALOGS,
  catalogReferences,
  formatCatalogIssue,
  validateCatalogs,
} from '@aidc/core';

const problems = [
  ...validateCatalogs(),
  ...catalogReferences(BUILT_IN_CATALOGS).map((p) => `catalog reference ${formatCatalogIssue(p)}`),
];
if (problems.length > 0) {
  for (const p of problems) console.error(`aidc build: ${p}`);
  console.error(
    `aidc build: ${problems.length} catalog problem(s); fix packages/core/src/catalog/data`,
  );
  process.exit(1);
}
