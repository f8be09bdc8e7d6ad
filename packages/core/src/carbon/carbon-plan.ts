// The carbon stage: a year's operational emissions at the site's grid (location-based, and
// market-based net of contracted renewables) and the embodied emissions of what is built.
import { CARBON } from '../catalog/carbon.js';
import type { Gpu } from '../catalog/gpus.js';
import type { ClusterBuild } from '../cluster/plan-cluster.js';
import {
  embodiedCarbon,
  marketFactor,
  operationalCarbon,
  type EmbodiedCarbon,
} from './plan-carbon.js';
import type { GridIntensity } from './grid.js';

export interface CarbonPlan {
  readonly energyMWhPerYear: number;
  readonly operationalTCO2ePerYear: number;
  /** Net of the site's renewable share (market-based accounting). */
  readonly marketTCO2ePerYear: number;
  readonly embodiedTCO2e: number;
  readonly embodiedTCO2ePerYear: number;
  readonly embodiedByPartTCO2e: EmbodiedCarbon['byPartTCO2e'];
  readonly gridGCO2PerKWh: number;
  readonly gridSource: string;
  /** Market-based factor: the residual mix where published, else the grid (before renewables). */
  readonly marketGCO2PerKWh: number;
  readonly marketSource: string;
  readonly renewableShare: number;
}

export interface CarbonInput {
  readonly grid: GridIntensity;
  readonly renewableShare: number;
  readonly energyMWhPerYear: number;
  readonly gpu: Gpu;
  readonly gpus: number;
  readonly cluster: ClusterBuild;
  /** Flash and disk of every tier, TB. */
  readonly storageTB: number;
  /** The building's IT capacity (0 when colocated: the landlord's building is not ours). */
  readonly itNameplateMW: number;
}

export function planCarbon(input: CarbonInput): CarbonPlan {
  const { grid, renewableShare, cluster } = input;
  const ops = operationalCarbon(input.energyMWhPerYear, grid, renewableShare);
  const embodied = embodiedCarbon(
    {
      gpu: input.gpu,
      gpus: input.gpus,
      servers: cluster.servers,
      switches:
        (cluster.fabric?.switchCount ?? 0) +
        (cluster.storageNetwork?.switchCount ?? 0) +
        (cluster.inbandNetwork?.switchCount ?? 0) +
        cluster.managementNetwork.switches,
      transceivers:
        (cluster.fabric?.transceivers ?? 0) +
        (cluster.storageNetwork?.transceivers ?? 0) +
        (cluster.inbandNetwork?.transceivers ?? 0),
      storageTB: input.storageTB,
      itNameplateMW: input.itNameplateMW,
    },
    CARBON,
  );
  return {
    energyMWhPerYear: input.energyMWhPerYear,
    operationalTCO2ePerYear: ops.locationTCO2e,
    marketTCO2ePerYear: ops.marketTCO2e,
    embodiedTCO2e: embodied.totalTCO2e,
    embodiedTCO2ePerYear: embodied.perYearTCO2e,
    embodiedByPartTCO2e: embodied.byPartTCO2e,
    gridGCO2PerKWh: grid.gCO2PerKWh,
    gridSource: grid.source,
    marketGCO2PerKWh: marketFactor(grid),
    marketSource:
      grid.residualSource ??
      `no residual mix published: the grid figure (GHG Protocol Scope 2 Guidance 2015, Table 6.3)`,
    renewableShare,
  };
}
