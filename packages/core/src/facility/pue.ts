// Design PUE of a new build by cooling and climate, and the regulatory PUE limits it must meet
// (Singapore IMDA DC-CFA 2022; China NDRC et al. 2024 action plan; Germany EnEfG 2023 section 11).
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

/** The PUE limit for a new data centre at the site (its region's, else its country's); none where
 *  the country has no limit or the facility is below the size the rule binds (`itMW`, rated). */
export function checkPueCap(
  country: string | undefined,
  pue: number,
  fac: FacilityCatalog,
  region?: string,
  itMW?: number,
): PueCheck | undefined {
  const cap = fac.pueCaps.value.find((c) => c.country === country);
  if (!cap) return undefined;
  if (cap.minItMW !== undefined && itMW !== undefined && itMW < cap.minItMW) return undefined;
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

/** What would bring an air-cooled design under the limit: liquid cooling's design PUE in the
 *  site's climate, when it meets the limit (absent when the design is liquid already or liquid
 *  does not meet it either). */
export interface PueFix {
  readonly liquidPue: number;
  readonly climate: Climate;
}

export function pueFix(
  check: Pick<PueCheck, 'maxPue' | 'meets'> | undefined,
  cooling: 'air' | 'liquid',
  climate: Climate,
  fac: FacilityCatalog,
): PueFix | undefined {
  if (!check || check.meets || cooling === 'liquid') return undefined;
  const liquidPue = designPue('liquid', climate, fac);
  return liquidPue <= check.maxPue + 1e-9 ? { liquidPue, climate } : undefined;
}

/** The fix in words, appended to a limit warning: ` (liquid cooling designs for 1.15 in a
 *  temperate climate)`. */
export function pueFixText(fix: PueFix | undefined): string {
  return fix ? ` (liquid cooling designs for ${fix.liquidPue} in a ${fix.climate} climate)` : '';
}

export function pueCapWarning(
  check: PueCheck | undefined,
  pue: number,
  fix?: PueFix,
): string | undefined {
  if (!check) return undefined;
  if (!check.meets) {
    return `PUE ${pue.toFixed(2)} is above ${check.country}'s limit of ${check.maxPue} for ${check.scope} (${check.document}); liquid cooling, economisers or warm-water heat rejection bring it down${pueFixText(fix)}`;
  }
  if (check.strictestHubMaxPue !== undefined && pue > check.strictestHubMaxPue + 1e-9) {
    return `PUE ${pue.toFixed(2)} meets ${check.country}'s ${check.maxPue} for ${check.scope} but not the stricter limits of its national computing hub clusters (down to ${check.strictestHubMaxPue}; give site.region to check the site's own) (${check.document})`;
  }
  return undefined;
}
