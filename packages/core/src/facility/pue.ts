// Design PUE of a new build by cooling and climate, and the regulatory PUE limits it must meet
// (Singapore IMDA DC-CFA 2022; China MIIT 2021 and NDRC 2021; Germany EnEfG 2023 section 11).
import type { Climate, FacilityCatalog } from '../catalog/facility.js';

export function designPue(
  cooling: 'air' | 'liquid',
  climate: Climate,
  fac: FacilityCatalog,
): number {
  return fac.pue[cooling].value[climate];
}

export interface PueCheck {
  readonly country: string;
  readonly maxPue: number;
  readonly scope: string;
  readonly document: string;
  readonly meets: boolean;
  /** The stricter hub-cluster limit that applies to the site's region, if any. */
  readonly hub?: string;
  /** A stricter limit elsewhere in the country, when the site names no region. */
  readonly strictestHubMaxPue?: number;
}

/** The PUE limit for a new data centre at the site (its region's, else its country's). */
export function checkPueCap(
  country: string | undefined,
  pue: number,
  fac: FacilityCatalog,
  region?: string,
): PueCheck | undefined {
  const cap = fac.pueCaps.value.find((c) => c.country === country);
  if (!cap) return undefined;
  const hub = region !== undefined ? cap.hubs?.find((h) => h.regions.includes(region)) : undefined;
  const maxPue = hub ? Math.min(hub.maxPue, cap.maxPue) : cap.maxPue;
  const strictest =
    region === undefined && cap.hubs ? Math.min(...cap.hubs.map((h) => h.maxPue)) : undefined;
  return {
    country: cap.country,
    maxPue,
    scope: hub ? `${cap.scope} in the ${hub.name} (${region})` : cap.scope,
    document: cap.document,
    meets: pue <= maxPue + 1e-9,
    ...(hub ? { hub: hub.name } : {}),
    ...(strictest !== undefined ? { strictestHubMaxPue: strictest } : {}),
  };
}

export function pueCapWarning(check: PueCheck | undefined, pue: number): string | undefined {
  if (!check) return undefined;
  if (!check.meets) {
    return `PUE ${pue.toFixed(2)} is above ${check.country}'s limit of ${check.maxPue} for ${check.scope} (${check.document}); liquid cooling, economisers or warm-water heat rejection bring it down`;
  }
  if (check.strictestHubMaxPue !== undefined && pue > check.strictestHubMaxPue + 1e-9) {
    return `PUE ${pue.toFixed(2)} meets ${check.country}'s ${check.maxPue} for ${check.scope} but not the stricter limits of its national computing hub clusters (down to ${check.strictestHubMaxPue}; give site.region to check the site's own) (${check.document})`;
  }
  return undefined;
}
