import { describe, expect, it } from 'vitest';
import { placeSpares } from './spare-placement.js';

describe('hot spares in the unit a failure takes out', () => {
  it('DGX servers: one spare server per spare host', () => {
    const s = placeSpares({ gpus: 16_384, gpusPerServer: 8, gpusPerHost: 8, spareHosts: 15 });
    expect(s).toMatchObject({ workloadServers: 2048, spareServers: 15, spareHostsInServers: 0 });
  });

  it('GB200 NVL72: full racks leave no free trays, so each tray in repair needs a spare rack', () => {
    // 9,216 GPUs = 128 racks of 18 trays; a failed tray takes its rack's NVLink domain out.
    const s = placeSpares({ gpus: 9216, gpusPerServer: 72, gpusPerHost: 4, spareHosts: 6 });
    expect(s).toMatchObject({ workloadServers: 128, spareServers: 6, hostsPerServer: 18 });
  });

  it('GB200 NVL72: trays left free inside the racks are spares first', () => {
    // 9,200 GPUs = 2,300 trays in 128 racks (2,304 trays): 4 trays free.
    const few = placeSpares({ gpus: 9200, gpusPerServer: 72, gpusPerHost: 4, spareHosts: 3 });
    expect(few).toMatchObject({ spareServers: 0, spareHostsInServers: 3 });
    const more = placeSpares({ gpus: 9200, gpusPerServer: 72, gpusPerHost: 4, spareHosts: 6 });
    expect(more).toMatchObject({ spareServers: 2, spareHostsInServers: 4 });
  });
});
