// The site's construction-cost market against the guide average the facility's unit costs stand
// for (catalog/build-cost.ts: Turner & Townsend 2025-2026 and Cushman & Wakefield 2025 $/W of IT):
// the facility plan builds at it, and each candidate site of a comparison at its own.
import { BUILD_COST_REFERENCE, buildCostPerW } from '../catalog/build-cost.js';
import { findRegion, REGIONS, type Region } from '../catalog/regions.js';

export interface SiteMarket {
  /** Site market $/W over the reference market's (1 with no market of its own). */
  readonly ratio: number;
  /** The market's name, or the reference's when the site has none. */
  readonly market: string;
  readonly source: string;
}

/** The ISO code a site's build cost is looked up by: its region's, else its country's. */
export function siteMarketCode(
  site: { readonly country?: string | undefined; readonly region?: string | undefined } | undefined,
  regions: readonly Region[] = REGIONS,
): string | undefined {
  const region = site?.region !== undefined ? findRegion(site.region, regions) : undefined;
  return region?.code ?? site?.country ?? region?.country ?? site?.region?.slice(0, 2);
}

/** The construction-cost market of a region or country code. */
export function siteBuildCost(code: string | undefined): SiteMarket {
  const cost = code !== undefined ? buildCostPerW(code) : undefined;
  if (!cost || code === undefined)
    return {
      ratio: 1,
      market: BUILD_COST_REFERENCE.market,
      source: `${BUILD_COST_REFERENCE.market} average (${code ?? 'no site'}: no market of its own in the cost guides)`,
    };
  const ratio = cost.value / BUILD_COST_REFERENCE.value;
  return {
    ratio,
    market: cost.market,
    source: `${cost.market} $${cost.value.toFixed(2)}/W against the ${BUILD_COST_REFERENCE.market} $${BUILD_COST_REFERENCE.value.toFixed(2)}/W (x${ratio.toFixed(2)}): ${cost.source}`,
  };
}
