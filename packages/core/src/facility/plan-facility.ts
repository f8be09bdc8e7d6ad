// The building around a cluster: design PUE (or the site's), the electrical design load, power
// lineups, UPS and generators, cooling plant, floor and land, itemised capex, the tier's
// availability and what it costs over Tier II, and the country's PUE limit as a check.
import type { Region } from '../catalog/regions.js';
import type { FacilityLoad } from '../cluster/plan-cluster.js';
import type { FacilityCatalog, TierId } from '../catalog/facility.js';
import type { Scenario } from '../scenario/schema.js';
import { checkGreenPowerTarget, greenPowerWarning } from './green-power-target.js';
import { facilityCapex, type CapexLine } from './capex.js';
import { planCooling, type CoolingPlan } from './cooling.js';
import { serverDesignFraction, type DesignBasis } from './design-load.js';
import { planFloor, type FloorPlan } from './floor.js';
import { planPower, type ItLoadKW, type PowerPlan } from './power.js';
import { checkPueCap, designPue, pueCapWarning, pueFix, type PueCheck } from './pue.js';
import { siteClimate } from './site-climate.js';
import { siteBuildCost, siteMarketCode } from './site-market.js';
import type { PowerSwing } from './power-swing.js';
import type { TierValue } from './tier-value.js';
import type { Lineup } from './units.js';
import { warning, type PlanWarning } from '../warnings.js';

export interface FacilityPlan extends PowerPlan, FloorPlan {
  readonly cooling: 'air' | 'liquid';
  readonly coolingPlant: CoolingPlan;
  readonly tier: TierId;
  readonly availability: number;
  readonly downtimeHoursPerYear: number;
  readonly climate: string;
  readonly pueFrom: string;
  readonly pueCap?: PueCheck;
  readonly rackLimitKW: number;
  /** Itemised build cost at the site's construction market (the guide's unit costs x its $/W
   *  over the reference market's). */
  readonly capexUsd: {
    readonly total: number;
    readonly items: readonly CapexLine[];
    readonly usdPerMWIt: number;
    readonly market: string;
    /** The same build at the cost guide's reference market. */
    readonly referenceTotal: number;
    /** Site market over the reference market. */
    readonly marketRatio: number;
  };
  /** The capex and downtime against Tier II (Tier III and IV only). */
  readonly tierValue?: TierValue;
  /** The largest training job's power swing (set once the run is planned). */
  readonly powerSwing?: PowerSwing;
}

export type { FacilityLoad } from '../cluster/plan-cluster.js';

export interface FacilityInput extends FacilityLoad {
  readonly scenario: Scenario;
  readonly fac: FacilityCatalog;
  /** The regions catalog the site's climate and construction market are read from. */
  readonly regions: readonly Region[];
}

function build(input: FacilityInput, tier: TierId) {
  const { scenario, fac } = input;
  const c = scenario.cluster;
  const climate = siteClimate(scenario.site, fac, input.regions);
  const pue = scenario.site?.pue ?? designPue(input.cooling, climate, fac);
  const basis: DesignBasis = c.designLoad ?? 'measured';
  const fraction = serverDesignFraction(basis, {
    measuredPeakFraction: fac.designLoad.measuredPeakFraction.value,
    margin: fac.designLoad.margin.value,
  });
  const shared = { network: input.networkKW, storage: input.storageKW };
  const design: ItLoadKW = { servers: input.serverNameplateKW * fraction, ...shared };
  const rating = fac.generatorRatingByTier.value[tier];
  const ur = fac.unitRanges;
  const lineup: Lineup = c.lineup ?? 'block-redundant';
  const power = planPower({
    expected: { servers: input.expectedServerKW, ...shared },
    nameplate: { servers: input.serverNameplateKW, ...shared },
    design,
    designBasis:
      basis === 'nameplate'
        ? 'servers at nameplate'
        : `servers at ${(fac.designLoad.measuredPeakFraction.value * 100).toFixed(0)}% of nameplate (measured peak) + ${(fac.designLoad.margin.value * 100).toFixed(0)}% margin`,
    pue,
    tier,
    units: {
      upsSmall: ur.upsSmall.value,
      upsLarge: ur.upsLarge.value,
      rackUpsKW: ur.rackUpsKW.value,
      generator: ur.generatorKW.value,
      smallUpsBelowKW: fac.smallSite.smallUpsBelowKW.value,
      colocationBelowKW: fac.smallSite.colocationBelowKW.value,
      lineupKW: fac.lineupKW.value,
      lineup,
      generatorRating: rating,
      ratingFraction: fac.generatorRatings.value[rating],
    },
  });
  const coolingPlant = planCooling(
    input.cooling,
    design.servers,
    input.networkKW + input.storageKW,
    fac.liquidCaptureFraction.value,
    tier,
    { cdu: ur.cduKW.value, crah: ur.crahKW.value, chiller: ur.chillerKW.value },
    power.hosting,
  );
  const installed = (u: { units: number; unitKW: number }) => u.units * u.unitKW;
  const floor = planFloor(
    input.racks,
    power.itDesignMW,
    power.facilityDesignMW,
    (power.generators.units * power.generators.unitKW) / 1000,
    installed(coolingPlant.chillers) / 1000,
    power.hosting,
    fac,
  );
  const capex = facilityCapex(
    {
      hosting: power.hosting,
      itDesignKW: power.itDesignMW * 1000,
      facilityDesignKW: power.facilityDesignMW * 1000,
      paths: power.lineups.paths,
      upsKW: power.ups.capacityMW * 1000,
      generatorStandbyKW: power.generators.units * power.generators.unitKW,
      chillerKW: installed(coolingPlant.chillers),
      airHandlingKW: installed(coolingPlant.crahs),
      cduKW: installed(coolingPlant.cdus),
      grossM2: floor.floorAreaM2,
    },
    fac,
  );
  return { climate, pue, power, coolingPlant, floor, capex };
}

export function planFacility(input: FacilityInput): {
  facility: FacilityPlan;
  warnings: PlanWarning[];
} {
  const { scenario, fac } = input;
  const tier: TierId = scenario.cluster.tier ?? 'III';
  const warnings: PlanWarning[] = [];
  const b = build(input, tier);
  const t = fac.tiers[tier];
  let tierValue: TierValue | undefined;
  if (tier === 'III' || tier === 'IV') {
    const two = build(input, 'II');
    tierValue = {
      comparedWith: 'II',
      extraCapexUsd: b.capex.totalUsd - two.capex.totalUsd,
      downtimeHoursSavedPerYear:
        fac.tiers.II.downtimeHoursPerYear.value - t.downtimeHoursPerYear.value,
    };
  }
  const site = scenario.site;
  const country = site?.country ?? site?.region?.slice(0, 2);
  const pueCap = checkPueCap(country, b.pue, fac, site?.region, b.power.itNameplateMW);
  // Built at the site's construction market (Turner & Townsend, Cushman & Wakefield $/W).
  const m = siteBuildCost(siteMarketCode(site, input.regions));
  const capWarning = pueCapWarning(pueCap, b.pue, pueFix(pueCap, input.cooling, b.climate, fac));
  if (capWarning) {
    warnings.push(
      warning(
        pueCap?.meets === false ? 'pue-above-limit' : 'pue-above-hub-limit',
        capWarning,
        site?.pue !== undefined ? 'site.pue' : 'cluster.cooling',
      ),
    );
  }
  // A hosted cluster moves into a data centre that exists: the target is for new builds.
  const green =
    b.power.hosting === 'colocation'
      ? undefined
      : greenPowerWarning(checkGreenPowerTarget(site?.region, site?.renewableShare ?? 0, fac));
  if (green) warnings.push(warning('green-power-below-target', green, 'site.renewableShare'));
  if (b.power.hosting === 'colocation') {
    warnings.push(
      warning(
        'colocation-hosting',
        `a ${(b.power.itDesignMW * 1000).toFixed(0)} kW cluster is hosted, not built for: racks with rack-mount UPS in a colocation hall or machine room, on the host's generators and cooling; the money pays the host's rent per kW of IT (economics.prices.colocationUsdPerKWMonth)`,
        'economics.prices.colocationUsdPerKWMonth',
      ),
    );
  }
  const cap = scenario.site?.powerCapMW;
  if (cap !== undefined && b.power.facilityDesignMW > cap) {
    warnings.push(
      warning(
        'power-cap-exceeded',
        `the facility needs ${b.power.facilityDesignMW.toFixed(1)} MW at design load, above the site's ${cap} MW cap`,
        'site.powerCapMW',
      ),
    );
  }
  return {
    facility: {
      ...b.power,
      ...b.floor,
      cooling: input.cooling,
      coolingPlant: b.coolingPlant,
      tier,
      availability: t.availability.value,
      downtimeHoursPerYear: t.downtimeHoursPerYear.value,
      climate: b.climate,
      pueFrom:
        scenario.site?.pue !== undefined
          ? 'site.pue'
          : `new-build design PUE for ${input.cooling} cooling in a ${b.climate} climate`,
      ...(pueCap ? { pueCap } : {}),
      rackLimitKW: input.rackLimitKW,
      capexUsd: {
        total: b.capex.totalUsd * m.ratio,
        items: b.capex.items.map((i) => ({
          ...i,
          usd: i.usd * m.ratio,
          usdPerUnit: i.usdPerUnit * m.ratio,
        })),
        usdPerMWIt: b.capex.usdPerMWIt * m.ratio,
        market:
          m.ratio === 1
            ? b.capex.market
            : `${m.market}: x${m.ratio.toFixed(2)} the ${b.capex.market}`,
        referenceTotal: b.capex.totalUsd,
        marketRatio: m.ratio,
      },
      ...(tierValue ? { tierValue } : {}),
    },
    warnings,
  };
}
