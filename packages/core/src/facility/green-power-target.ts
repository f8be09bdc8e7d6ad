// The share of green electricity a new data centre must buy at its site (China's national hub
// nodes: over 80% by the end of 2025, NDRC et al. 2024 action plan), against the scenario's
// contracted renewable share (site.renewableShare: green-power trades, green certificates, PPAs).
import type { FacilityCatalog } from '../catalog/facility.js';

export interface GreenPowerCheck {
  readonly region: string;
  readonly minShare: number;
  readonly share: number;
  readonly scope: string;
  readonly document: string;
  readonly meets: boolean;
}

/** The target for the site's region, or undefined where none applies. */
export function checkGreenPowerTarget(
  region: string | undefined,
  renewableShare: number,
  fac: FacilityCatalog,
): GreenPowerCheck | undefined {
  if (region === undefined) return undefined;
  const code = region.trim().toUpperCase();
  const target = fac.greenPowerTargets.value.find((t) => t.regions.includes(code));
  if (!target) return undefined;
  return {
    region: code,
    minShare: target.minShare,
    share: renewableShare,
    scope: target.scope,
    document: target.document,
    // "above 80%": a share at the target meets it (contracts are written in whole percent).
    meets: renewableShare >= target.minShare - 1e-9,
  };
}

export function greenPowerWarning(check: GreenPowerCheck | undefined): string | undefined {
  if (!check || check.meets) return undefined;
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  return `${check.scope} (${check.region}) are to draw over ${pct(check.minShare)} of their electricity from green power (${check.document}); site.renewableShare is ${pct(check.share)}: green-power trades, green certificates (GEC) or a PPA for ${pct(check.minShare)} or more meet it, and market-based carbon counts them`;
}
