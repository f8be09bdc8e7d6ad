// Achievable fractions of datasheet peaks and other documented efficiency factors
// (data/efficiency.json; every value carries its source). One value serves every case of a kind.
import { z } from 'zod';
import efficiencyData from './data/efficiency.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const EfficiencySchema = z.strictObject({
    gemmFraction: sourced(z.record(z.string(), z.number().positive().max(1))),
    fp8GemmFraction: sourced(z.record(z.string(), z.number().positive().max(1))),
    int8GemmFraction: sourced(z.record(z.string(), z.number().positive().max(1))),
    fp4GemmFraction: sourced(z.record(z.string(), z.number().positive().max(1))),
    serving: z.strictObject({
      hbmFraction: sourced(z.number().positive().max(1)),
      attentionFraction: sourced(z.number().positive().max(1)),
      allReduceLatencyUs: sourced(z.number().positive()),
      kvPoolFraction: sourced(z.number().positive().max(1)),
      reserveGB: sourced(z.number().min(0)),
      maxBatchSize: sourced(z.number().int().positive()),
      maxNumTokens: sourced(z.number().int().positive()),
    }),
    attentionFraction: sourced(z.number().positive().max(1)),
    flashAttention: sourced(
      z.strictObject({
        referencePeakTflops: z.number().positive(),
        seqLens: z.array(z.number().int().positive()).min(1),
        forwardCausal: z.record(z.string(), z.array(z.number().positive())),
        forward: z.record(z.string(), z.array(z.number().positive())),
        backward: z.record(z.string(), z.array(z.number().positive())),
      }),
    ),
    softmaxExpFlopsRatio: sourced(z.record(z.string(), z.number().positive())),
    attentionBackwardSmemRatio: sourced(z.record(z.string(), z.number().min(1))),
    lowPrecisionCastBytes: sourced(
      z.strictObject({
        delayed: z.number().positive(),
        current: z.number().positive(),
        mxfp8: z.number().positive(),
        blockwise: z.number().positive(),
        nvfp4: z.number().positive(),
      }),
    ),
    lowPrecisionRecipe: sourced(
      z.record(z.string(), z.enum(['delayed', 'current', 'mxfp8', 'blockwise'])),
    ),
    hbmFraction: sourced(z.number().positive().max(1)),
    scaleUpBusFraction: sourced(z.number().positive().max(1)),
    scaleOutBusFraction: sourced(z.number().positive().max(1)),
    collectiveLatencyUs: sourced(
      z.strictObject({ scaleUp: z.number().positive(), scaleOut: z.number().positive() }),
    ),
    overlapFraction: sourced(z.number().min(0).max(1)),
    stragglerCv: sourced(z.number().min(0).max(0.2)),
    memoryReserveGB: sourced(z.number().min(0)),
    memoryFragmentation: sourced(z.number().min(0).max(0.5)),
    unpublishedScaleOutGbps: sourced(z.number().positive()),
  });

  return { EfficiencySchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type EfficiencyCatalog = z.output<Schemas['EfficiencySchema']>;

export const EFFICIENCY: EfficiencyCatalog = loadCatalog(
  'efficiency.json',
  () => {
    const { EfficiencySchema } = catalogSchemas();
    return EfficiencySchema;
  },
  efficiencyData,
);
