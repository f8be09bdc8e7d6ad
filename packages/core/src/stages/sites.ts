// The site stage: the same cluster and building ranked at each candidate site, with a warning
// where a site's rule for new data centres caps the PUE below the design's.
import { FACILITY } from '../catalog/facility.js';
import type { ClusterBuild } from '../cluster/plan-cluster.js';
import type { FacilityPlan } from '../facility/plan-facility.js';
import { pueFix, pueFixText } from '../facility/pue.js';
import { siteClimate } from '../facility/site-climate.js';
import type { SimulatedUtilization } from '../economics/utilization.js';
import { compareSites, type SiteComparison } from '../sites/compare-sites.js';
import { warning, type PlanWarning } from '../warnings.js';
import type { PlanContext } from './context.js';

export interface SiteStage {
  readonly sites?: SiteComparison;
  readonly warnings: readonly PlanWarning[];
}

export function planSites(
  ctx: PlanContext,
  gpus: number,
  cluster: ClusterBuild,
  facility: FacilityPlan,
  simulatedUtilization: SimulatedUtilization | undefined,
): SiteStage {
  const { scenario, gpu } = ctx;
  if (scenario.sites === undefined) return { warnings: [] };
  const sites = compareSites({
    scenario,
    catalogs: ctx.catalogs,
    gpu,
    gpus,
    cluster,
    facility,
    ...(simulatedUtilization ? { simulatedUtilization } : {}),
  });
  // A candidate whose design PUE breaks the site's limit for new data centres cannot be built
  // as planned there.
  const warnings = sites.rows.flatMap((r, i) => {
    if (!r.pueLimit || r.pueLimit.meets) return [];
    const climate = siteClimate(scenario.sites?.[i], FACILITY, ctx.catalogs.regions);
    const fix = pueFix(r.pueLimit, facility.cooling, climate, FACILITY);
    return [
      warning(
        'site-pue-above-limit',
        `candidate site ${r.name}: design PUE ${r.pue.toFixed(2)} is above the ${r.pueLimit.maxPue} limit for ${r.pueLimit.scope} (${r.pueLimit.document}); it is ranked at ${r.pue.toFixed(2)}, but a build there needs a design that meets the limit (liquid cooling, economisers, warm-water heat rejection, or give the site's pue)${pueFixText(fix)}`,
        'sites',
      ),
    ];
  });
  return { sites, warnings };
}
