// The plan's facility as a zod schema: IT and facility power, lineups, UPS and generators,
// cooling plant, floor and land, itemised capex, tier, PUE limit and power swing (FacilityPlan).
import { z } from 'zod';
import { CAPEX_BASES, CAPEX_ITEMS } from '../catalog/facility.js';
import { absentOr, count, num, share } from './primitives.js';

const Units = z.strictObject({ units: count, unitKW: num });

export const FacilityPlanSchema = z.strictObject({
  itPowerMW: num.describe('expected IT draw, servers at their workloads load factor'),
  itNameplateMW: num,
  itDesignMW: num,
  designBasis: z.string(),
  itByPartMW: z.strictObject({ servers: num, network: num, storage: num }),
  pue: num.min(1),
  facilityPowerMW: num,
  facilityNameplateMW: num,
  facilityDesignMW: num,
  hosting: z.enum(['dedicated', 'colocation']),
  lineups: z.strictObject({
    topology: z.string(),
    needed: count,
    installed: count,
    loadPerLineupKW: num,
    lineupKW: num,
    paths: count,
  }),
  ups: z.strictObject({ modules: count, moduleKW: num, capacityMW: num, kind: z.string() }),
  generators: z.strictObject({
    units: count,
    unitKW: num,
    rating: z.enum(['standby', 'prime', 'continuous']),
    ratedKW: num,
    capacityMW: num,
  }),
  redundancy: z.string(),
  whiteSpaceM2: num,
  floorAreaM2: num,
  floorBasis: z.string(),
  grossRangeM2: z.strictObject({ low: num, high: num }),
  generatorYardM2: num,
  chillerYardM2: num,
  substationM2: num,
  siteM2: num,
  cooling: z.enum(['air', 'liquid']),
  coolingPlant: z.strictObject({
    cooling: z.enum(['air', 'liquid']),
    heatMW: num,
    liquidMW: num,
    airMW: num,
    cdus: Units,
    crahs: Units,
    chillers: Units,
  }),
  tier: z.enum(['I', 'II', 'III', 'IV']),
  availability: share,
  downtimeHoursPerYear: num,
  climate: z.string(),
  pueFrom: z.string(),
  pueCap: absentOr(
    z.strictObject({
      country: z.string(),
      maxPue: num,
      scope: z.string(),
      document: z.string(),
      meets: z.boolean(),
      hub: absentOr(z.string()),
      strictestHubMaxPue: absentOr(num),
    }),
  ),
  rackLimitKW: num,
  capexUsd: z.strictObject({
    total: num,
    items: z.array(
      z.strictObject({
        item: z.enum(CAPEX_ITEMS),
        usd: num,
        quantity: num,
        per: z.enum(CAPEX_BASES),
        usdPerUnit: num,
      }),
    ),
    usdPerMWIt: num,
    market: z.string(),
    referenceTotal: num.describe("the same build at the cost guide's reference market"),
    marketRatio: num.describe("the site's construction $/W over the reference market's"),
  }),
  tierValue: absentOr(
    z.strictObject({
      comparedWith: z.literal('II'),
      extraCapexUsd: num,
      downtimeHoursSavedPerYear: num,
    }),
  ),
  powerSwing: absentOr(
    z.strictObject({
      itMW: num,
      facilityMW: num,
      eventsPerDay: num,
      cause: z.string(),
      shareOfGenerators: num,
      exceedsGeneratorStep: z.boolean(),
      needsGridReview: z.boolean(),
    }),
  ),
});
