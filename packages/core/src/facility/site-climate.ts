// The climate class a site's design PUE is read at: its region's where the regions catalog gives
// one (Chinese provinces, from the Koppen-Geiger class at the hub cluster or capital), else its
// country's (facility.json climateByCountry), else temperate.
import type { Climate, FacilityCatalog } from '../catalog/facility.js';
import { findRegion, REGIONS, type Region } from '../catalog/regions.js';

export interface SiteLocation {
  readonly country?: string | undefined;
  readonly region?: string | undefined;
}

export function siteClimate(
  site: SiteLocation | undefined,
  fac: FacilityCatalog,
  regions: readonly Region[] = REGIONS,
): Climate {
  const region = site?.region !== undefined ? findRegion(site.region, regions) : undefined;
  if (region?.climate) return region.climate.value;
  const country = site?.country ?? region?.country ?? site?.region?.slice(0, 2);
  return fac.climateByCountry.value[country ?? ''] ?? 'temperate';
}
