// Candidate sites side by side: the same cluster at each site's PUE (its climate or override),
// electricity price, grid intensity, renewable share and power cap; ranked by a weighted score of
// relative gaps: on each criterion a site scores its gap to the best candidate as a share of the
// largest value among them, so a 0.3% TCO edge counts 0.003 and twelve times the carbon ~0.92;
// 0 = best on every criterion. A site without the power it needs scores 1 on power.
import type { Catalogs } from '../catalog/catalogs.js';
import { FACILITY } from '../catalog/facility.js';
import type { Gpu } from '../catalog/gpus.js';
import type { ClusterBuild } from '../cluster/plan-cluster.js';
import type { FacilityPlan } from '../facility/plan-facility.js';
import { checkPueCap } from '../facility/pue.js';
import { siteClimate } from '../facility/site-climate.js';
import type { SimulatedUtilization } from '../economics/utilization.js';
import { planFootprint } from '../economics/plan-footprint.js';
import type { Scenario } from '../scenario/schema.js';

export interface SiteRow {
  readonly name: string;
  readonly country?: string;
  readonly pue: number;
  readonly facilityPowerMW: number;
  readonly electricityUsdPerKWh: number;
  readonly energyCostUsdPerYear: number;
  readonly tcoUsd: number;
  readonly npvUsd?: number;
  readonly gridGCO2PerKWh: number;
  readonly operationalTCO2ePerYear: number;
  readonly marketTCO2ePerYear: number;
  /** The site's power cap covers the design load (true when no cap is given). */
  readonly powerAvailable: boolean;
  /** The PUE limit for a new data centre at the site (Singapore, China, Germany), when there is one. */
  readonly pueLimit?: {
    readonly maxPue: number;
    readonly meets: boolean;
    readonly scope: string;
    readonly document: string;
  };
  readonly score: number;
  readonly rank: number;
}

export interface SiteComparison {
  readonly weights: Scenario['siteWeights'];
  /** What a score means, in words for the page. */
  readonly scoreMeaning: string;
  readonly rows: readonly SiteRow[];
}

export function compareSites(input: {
  scenario: Scenario;
  catalogs: Catalogs;
  gpu: Gpu;
  gpus: number;
  cluster: ClusterBuild;
  facility: FacilityPlan;
  simulatedUtilization?: SimulatedUtilization;
}): SiteComparison {
  const { scenario, facility } = input;
  const candidates = scenario.sites ?? [];
  const raw = candidates.map((site, i) => {
    const country = site.country ?? site.region?.slice(0, 2);
    const climate = siteClimate(site, FACILITY, input.catalogs.regions);
    const pue = site.pue ?? FACILITY.pue[facility.cooling].value[climate];
    const fp = planFootprint({ ...input, site, pue, monteCarlo: false });
    const designMW = facility.itNameplateMW * pue;
    const cap = checkPueCap(country, pue, FACILITY, site.region, facility.itNameplateMW);
    return {
      name: site.name ?? site.region ?? site.country ?? `site ${i + 1}`,
      ...(country !== undefined ? { country } : {}),
      pue,
      facilityPowerMW: facility.itPowerMW * pue,
      electricityUsdPerKWh: fp.cost.inputs.electricityUsdPerKWh,
      energyCostUsdPerYear: fp.cost.opexUsdPerYear.electricity,
      tcoUsd: fp.cost.tcoUsd,
      ...(fp.cost.investment ? { npvUsd: fp.cost.investment.npvUsd } : {}),
      gridGCO2PerKWh: fp.carbon.gridGCO2PerKWh,
      operationalTCO2ePerYear: fp.carbon.operationalTCO2ePerYear,
      marketTCO2ePerYear: fp.carbon.marketTCO2ePerYear,
      powerAvailable: site.powerCapMW === undefined || site.powerCapMW >= designMW,
      ...(cap
        ? {
            pueLimit: {
              maxPue: cap.maxPue,
              meets: cap.meets,
              scope: cap.scope,
              document: cap.document,
            },
          }
        : {}),
    };
  });
  const gap = (values: number[]) => {
    const best = Math.min(...values);
    const worst = Math.max(...values);
    return values.map((v) => (worst > 0 ? (v - best) / worst : 0));
  };
  const w = scenario.siteWeights;
  const tco = gap(raw.map((r) => r.tcoUsd));
  const carbon = gap(raw.map((r) => r.marketTCO2ePerYear));
  // PUE's scale starts at 1 (no overhead): the gap is in the overhead, PUE - 1.
  const pue = gap(raw.map((r) => r.pue - 1));
  const total = w.tco + w.carbon + w.pue + w.power || 1;
  const scored = raw.map((r, i) => ({
    ...r,
    score:
      (w.tco * (tco[i] ?? 0) +
        w.carbon * (carbon[i] ?? 0) +
        w.pue * (pue[i] ?? 0) +
        w.power * (r.powerAvailable ? 0 : 1)) /
      total,
  }));
  const order = [...scored].sort((a, b) => a.score - b.score);
  return {
    weights: w,
    scoreMeaning:
      'weighted sum of each criterion’s gap to the best candidate as a share of the largest value (PUE on its overhead above 1); 0 = best on every criterion',
    rows: scored.map((r) => ({ ...r, rank: order.indexOf(r) + 1 })),
  };
}
