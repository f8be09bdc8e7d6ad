// Facility reference figures: rack power limits by cooling, design PUE by cooling and climate and
// the regulatory PUE limits, tier availability, the electrical design load, checkpoint save costs,
// generator ratings, unit ranges of cooling and power plant, floor and land norms, itemised build
// costs, power-swing limits, storage guidance and server load factors (data/facility.json, a
// source beside each figure).
import { z } from 'zod';
import facilityData from './data/facility.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const positive = z.number().positive();

  const Climate = z.enum(['cold', 'temperate', 'hot']);

  const ClimatePue = sourced(
    z.strictObject({ cold: positive, temperate: positive, hot: positive }),
  );

  const StorageLevels = z.strictObject({ good: positive, better: positive, best: positive });

  const Range = z.strictObject({ minKW: positive, maxKW: positive });

  const TierMap = <T extends z.ZodType>(t: T) => z.strictObject({ I: t, II: t, III: t, IV: t });

  const GeneratorRating = z.enum(['standby', 'prime', 'continuous']);

  const PueCap = z.strictObject({
    country: z.string().regex(/^[A-Z]{2}$/),
    maxPue: z.number().min(1),
    scope: z.string().min(3),
    /** The rule binds only data centres of this rated IT capacity or more (China: large and very
     *  large data centres, 3,000 standard racks of 2.5 kW). */
    minItMW: z.number().positive().optional(),
    document: z.string().min(8),
    /** Stricter limits in parts of the country (China's national computing hub clusters). */
    hubs: z
      .array(
        z.strictObject({
          name: z.string().min(3),
          regions: z.array(z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/)).min(1),
          maxPue: z.number().min(1),
        }),
      )
      .optional(),
  });

  const Tier = z.object({
    availability: sourced(z.number().min(0.9).max(1)),
    redundancy: sourced(z.string()),
    downtimeHoursPerYear: sourced(z.number().min(0)),
  });

  const FacilitySchema = z.object({
    rackPowerLimitKW: z.object({
      air: sourced(positive),
      rearDoor: sourced(positive),
      liquid: sourced(positive),
    }),
    liquidCaptureFraction: sourced(z.number().min(0).max(1)),
    pue: z.object({ air: ClimatePue, liquid: ClimatePue }),
    pueCaps: sourced(z.array(PueCap)),
    /** Shares of green electricity new data centres must reach (China's hub nodes). */
    greenPowerTargets: sourced(
      z.array(
        z.strictObject({
          country: z.string().regex(/^[A-Z]{2}$/),
          minShare: z.number().min(0).max(1),
          scope: z.string().min(3),
          regions: z.array(z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/)).min(1),
          document: z.string().min(8),
        }),
      ),
    ),
    designLoad: z.object({
      measuredPeakFraction: sourced(z.number().min(0.3).max(1)),
      margin: sourced(z.number().min(0).max(0.5)),
    }),
    checkpoint: z.object({
      save: sourced(z.enum(['async', 'sync'])),
      coordinationS: sourced(z.number().min(0)),
      hostCopyGBpsPerGpu: sourced(positive),
      sustainedWriteFraction: sourced(z.number().min(0.01).max(1)),
    }),
    generatorRatings: sourced(
      z.strictObject({
        standby: positive.max(1),
        prime: positive.max(1),
        continuous: positive.max(1),
      }),
    ),
    generatorRatingByTier: sourced(TierMap(GeneratorRating)),
    unitRanges: z.object({
      upsSmall: sourced(Range),
      upsLarge: sourced(Range),
      rackUpsKW: sourced(positive),
      generatorKW: sourced(Range),
      chillerKW: sourced(Range),
      crahKW: sourced(Range),
      cduKW: sourced(Range),
    }),
    smallSite: z.object({
      colocationBelowKW: sourced(positive),
      smallUpsBelowKW: sourced(positive),
    }),
    lineupKW: sourced(positive),
    capex: z.object({
      referenceMarket: sourced(z.string()),
      referenceUsdPerMW: sourced(positive),
      items: z.record(
        z.enum(CAPEX_ITEMS),
        sourced(z.strictObject({ usd: positive, per: z.enum(CAPEX_BASES) })),
      ),
    }),
    powerSwing: z.object({
      generatorStepFraction: sourced(z.number().min(0.05).max(1)),
      gridReviewMW: sourced(positive),
    }),
    climateByCountry: sourced(z.record(z.string(), Climate)),
    tiers: z.object({ I: Tier, II: Tier, III: Tier, IV: Tier }),
    floor: z.object({
      rackFootprintM2: sourced(positive),
      whiteSpaceM2PerRack: sourced(positive),
      supportSpaceFraction: sourced(positive),
      racksPerRow: sourced(z.number().int().positive()),
      grossM2PerMW: sourced(z.strictObject({ low: positive, high: positive })),
      yardM2PerGeneratorMW: sourced(positive),
      yardM2PerChillerMW: sourced(positive),
      substationM2PerMW: sourced(positive),
    }),
    storage: z.object({
      readGBpsPerGpu: sourced(StorageLevels),
      writeGBpsPerGpu: sourced(StorageLevels),
      checkpointsRetained: sourced(z.number().int().positive()),
    }),
    gpuIdleFractionOfTdp: sourced(z.record(z.string(), z.number().min(0).max(1))),
    hostIdleFraction: sourced(z.number().min(0).max(1)),
    itLoadFactor: z.object({
      training: sourced(z.number().min(0).max(1)),
      inference: sourced(z.number().min(0).max(1)),
      idle: sourced(z.number().min(0).max(1)),
    }),
  });

  return {
    Climate,
    ClimatePue,
    FacilitySchema,
    GeneratorRating,
    PueCap,
    Range,
    StorageLevels,
    Tier,
    TierMap,
    positive,
  };
}
type Schemas = ReturnType<typeof catalogSchemas>;
/** The items inside a facility's cost per MW (cost guides list them so). */
export const CAPEX_ITEMS = [
  'substation',
  'switchgear',
  'ups',
  'generators',
  'pdusBusway',
  'coolingPlant',
  'airHandling',
  'liquidCooling',
  'bmsEpms',
  'fireProtection',
  'security',
  'shell',
  'site',
  'backOfHouse',
] as const;
export type CapexItem = (typeof CAPEX_ITEMS)[number];
/** The capex items in a reader's words. */
export const CAPEX_ITEM_LABELS: Readonly<Record<CapexItem, string>> = {
  substation: 'substation',
  switchgear: 'switchgear',
  ups: 'UPS',
  generators: 'generators',
  pdusBusway: 'PDUs and busway',
  coolingPlant: 'cooling plant',
  airHandling: 'air handling',
  liquidCooling: 'liquid cooling (CDUs)',
  bmsEpms: 'BMS and EPMS',
  fireProtection: 'fire detection and suppression',
  security: 'security',
  shell: 'building shell',
  site: 'site works',
  backOfHouse: 'back of house',
};
/** What each item's unit cost is per. */
export const CAPEX_BASES = [
  'facility kW',
  'facility kW per path',
  'UPS kW installed',
  'generator kW installed (standby)',
  'IT kW per path',
  'chiller kW installed',
  'air-handling kW installed',
  'CDU kW installed',
  'IT kW',
  'gross m2',
] as const;
export type CapexBasis = (typeof CAPEX_BASES)[number];
export type FacilityCatalog = z.output<Schemas['FacilitySchema']>;
export type Climate = z.output<Schemas['Climate']>;
export type TierId = keyof FacilityCatalog['tiers'];
export type GeneratorRatingId = z.output<Schemas['GeneratorRating']>;
export type StorageLevel = keyof z.output<Schemas['StorageLevels']>;

export const FACILITY: FacilityCatalog = loadCatalog(
  'facility.json',
  () => {
    const { FacilitySchema } = catalogSchemas();
    return FacilitySchema;
  },
  facilityData,
);
