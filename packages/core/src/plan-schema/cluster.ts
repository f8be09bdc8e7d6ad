// The plan's cluster as a zod schema: servers, spares, racks, the compute, storage and in-band
// fabrics with their bills of materials, the management network and storage (ClusterBuild).
import { z } from 'zod';
import { absentOr, count, num } from './primitives.js';

const Network = z.strictObject({
  tiers: count,
  switches: z.strictObject({ leaf: count, spine: count, core: count }),
  endpoints: count,
  serverPorts: count,
  reservedPorts: count,
  links: count,
  linksByLevel: z.strictObject({ serverLeaf: count, leafSpine: count, spineCore: count }),
  switchPorts: count,
  leafPorts: z.strictObject({ down: count, up: count }),
  sparePlacement: z.enum(['none', 'free ports', 'leaf taper', 'extra leaf group']),
  bisectionTbps: num,
  maxEndpoints: num,
  id: z.string(),
  switch: z.string(),
  portGbps: num,
  oversubscription: num,
  upperOversubscription: num,
  railOptimised: z.boolean(),
  switchCount: count,
  powerKW: num,
  rackUnits: num,
  transceivers: count,
  transceiver: absentOr(z.string()),
  optics: z.strictObject({
    switchModules: count,
    serverModules: count,
    serverModule: absentOr(z.string()),
    applianceModules: count,
  }),
  bill: z.array(
    z.strictObject({
      kind: z.enum(['switch', 'transceiver', 'cable']),
      part: z.string(),
      count,
      pricePath: z.string(),
    }),
  ),
});

const Storage = z.strictObject({
  capacityTB: num,
  hotTB: num,
  capacityTierTB: num,
  rawTB: num,
  backup: absentOr(
    z.strictObject({
      rpoHours: num,
      retentionDays: num,
      rtoHours: num,
      secondSite: z.boolean(),
      protectedTB: num,
      recoveryPoints: num,
      backupTB: num,
      secondSiteTB: num,
      restoreGBps: num,
    }),
  ),
  datasetTB: num,
  checkpointsTB: num,
  artefactsTB: num,
  readGBps: num,
  writeGBps: num,
  checkpointWriteS: num,
  appliance: z.string(),
  appliances: count,
  performanceAppliances: count,
  sizedBy: z.enum(['capacity', 'read bandwidth', 'write bandwidth']),
  rackUnits: num,
  powerKW: num,
});

const Counts = { gpu: z.string(), gpus: count, servers: count, gpusPerServer: count };

/** The built cluster (ClusterBuild): servers with their spares, racks, networks, storage. */
export const BuiltClusterSchema = z.strictObject({
  ...Counts,
  server: z.string(),
  unit: z.enum(['server', 'rack']),
  spareServers: count,
  spareHosts: count,
  spareHostsInServers: count,
  hostsPerServer: count,
  scaleUpDomains: count,
  racks: count,
  rackDetail: z.strictObject({
    compute: count,
    network: count,
    storage: count,
    total: count,
    rows: count,
    serversPerRack: count,
    limitedBy: z.string(),
    computeRackKW: num,
  }),
  fabric: absentOr(Network),
  storageNetwork: absentOr(Network),
  inbandNetwork: absentOr(Network),
  managementNetwork: z.strictObject({ switch: z.string(), switches: count, ports: count }),
  storage: Storage,
});

/** A key only a built plan has. */
const absent = absentOr(z.never());

/** The cluster of a plan that could not be built: the counts alone. */
export const UnbuiltClusterSchema = z.strictObject({
  ...Counts,
  server: absent,
  unit: absent,
  spareServers: absent,
  spareHosts: absent,
  spareHostsInServers: absent,
  hostsPerServer: absent,
  scaleUpDomains: absent,
  racks: absent,
  rackDetail: absent,
  fabric: absent,
  storageNetwork: absent,
  inbandNetwork: absent,
  managementNetwork: absent,
  storage: absent,
});
