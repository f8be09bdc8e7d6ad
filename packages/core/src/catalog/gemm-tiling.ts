// How GEMMs map onto a GPU's streaming multiprocessors (data/gemm-tiling.json): the output tile
// and the SM count that set wave and tile quantization.
import { z } from 'zod';
import tilingData from './data/gemm-tiling.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const TilingSchema = z.strictObject({
    tile: sourced(
      z.strictObject({ m: z.number().int().positive(), n: z.number().int().positive() }),
    ),
    sms: sourced(z.record(z.string(), z.number().int().positive())),
    thinTileRows: sourced(z.number().int().positive()),
  });

  return { TilingSchema };
}
export const GEMM_TILING = loadCatalog(
  'gemm-tiling.json',
  () => {
    const { TilingSchema } = catalogSchemas();
    return TilingSchema;
  },
  tilingData,
);
