// The capital the built cluster costs: servers, networks (their bills of materials), storage by
// tier, and the facility per MW at the site's market (or a quote, or colocation).
import type { TierId } from '../catalog/facility.js';
import { STORAGE_APPLIANCES } from '../catalog/storage.js';
import { billUsd } from '../cluster/network-bill.js';
import type { ClusterBuild } from '../cluster/plan-cluster.js';
import type { FacilityPlan } from '../facility/plan-facility.js';
import { quoted, type PriceBook } from './electricity-price.js';

/** Hardware and facility prices of the built cluster. */
export function capitalInputs(
  c: ClusterBuild,
  f: FacilityPlan,
  colocation: boolean,
  book: PriceBook,
  buildCostRatio: number,
) {
  const price = (path: string) => quoted(path, book).value;
  const networks = [c.fabric, c.storageNetwork, c.inbandNetwork].filter((n) => n !== undefined);
  let networkUsd = 0;
  // Each network's bill of materials: switches, optical modules and fibre, priced by catalog path.
  for (const n of networks) networkUsd += billUsd(n.bill, price);
  networkUsd += c.managementNetwork.switches * price(`switchUsd.${c.managementNetwork.switch}`);
  const appliance = STORAGE_APPLIANCES.find((a) => a.id === c.storage.appliance);
  const st = c.storage;
  // Flash for what the jobs read and write at speed; hard disk for the capacity tier, backup and
  // the second-site copy.
  const hotTB = Math.max(st.hotTB, st.performanceAppliances * (appliance?.usableTB.value ?? 0));
  const diskTB = st.capacityTierTB + (st.backup?.backupTB ?? 0) + (st.backup?.secondSiteTB ?? 0);
  const storageTB = hotTB + diskTB;
  const tier: TierId = f.tier;
  const build = quoted(`facilityBuildUsdPerMW.${tier}`, book);
  const liquid = quoted('liquidCoolingUsdPerMW', book);
  // The facility plan's capex is at its site's market; a candidate site elsewhere scales by the
  // ratio of their markets' $/W (a quoted facility price is taken as the site's own).
  const ratio = build.user === true ? 1 : buildCostRatio;
  // The facility plan's itemised capex (at the guide's reference market) unless a price is quoted.
  const perMW =
    build.user === true || f.itNameplateMW <= 0
      ? build.value + (f.cooling === 'liquid' ? liquid.value : 0)
      : f.capexUsd.total / f.itNameplateMW;
  const facilityUsdPerMW = colocation ? 0 : perMW * ratio;
  const server = quoted(`serverUsd.${c.server}`, book);
  return {
    server,
    build,
    serverUsd: server.value,
    networkUsd,
    storageUsd: hotTB * price('storageUsdPerTB') + diskTB * price('capacityStorageUsdPerTB'),
    storageTB,
    facilityUsdPerMW,
  };
}
