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
  /** A stricter limit for a part of the country (China's national computing hub zones). */
  readonly hubMaxPue?: number;
}

/** The country's PUE limit for new data centres and whether the plan's PUE meets it. */
export function checkPueCap(
  country: string | undefined,
  pue: number,
  fac: FacilityCatalog,
): PueCheck | undefined {
  const cap = fac.pueCaps.value.find((c) => c.country === country);
  if (!cap) return undefined;
  return {
    country: cap.country,
    maxPue: cap.maxPue,
    scope: cap.scope,
    document: cap.document,
    meets: pue <= cap.maxPue + 1e-9,
    ...(cap.hubMaxPue !== undefined ? { hubMaxPue: cap.hubMaxPue } : {}),
  };
}

export function pueCapWarning(check: PueCheck | undefined, pue: number): string | undefined {
  if (!check) return undefined;
  if (!check.meets) {
    return `PUE ${pue.toFixed(2)} is above ${check.country}'s limit of ${check.maxPue} for ${check.scope} (${check.document}); liquid cooling, economisers or warm-water heat rejection bring it down`;
  }
  if (check.hubMaxPue !== undefined && pue > check.hubMaxPue + 1e-9) {
    return `PUE ${pue.toFixed(2)} meets ${check.country}'s ${check.maxPue} for ${check.scope} but not the ${check.hubMaxPue} of its national computing hub zones (${check.document})`;
  }
  return undefined;
}
