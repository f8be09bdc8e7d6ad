// Servers per rack: as many as the rack's power (set by its cooling) and its rack units allow.
// A rack-scale system (GB200 NVL72) is one rack.
import type { FacilityCatalog } from '../catalog/facility.js';
import type { PlannableServer } from '../catalog/servers.js';
import type { Scenario } from '../scenario/schema.js';
import { warning, type PlanWarning } from '../warnings.js';

/** Usable rack units of a 48U rack after PDUs, cable management and top-of-rack patching
 *  (estimate: DGX SuperPOD racks are 48U and hold four 8U DGX H100 with the rest for power
 *  shelves and patch panels). */
export const USABLE_RACK_UNITS = 42;

export interface RackFit {
  readonly serversPerRack: number;
  readonly limitedBy: 'power' | 'space' | 'rack-scale system';
  /** Provisioned (nameplate) kW per full rack. */
  readonly rackKW: number;
  /** A single server draws more than the rack limit. */
  readonly overLimit: boolean;
}

export function fitServers(server: PlannableServer, rackLimitKW: number): RackFit {
  const kw = server.maxPowerKW.value;
  if (server.formFactor === 'rack') {
    return {
      serversPerRack: 1,
      limitedBy: 'rack-scale system',
      rackKW: kw,
      overLimit: kw > rackLimitKW,
    };
  }
  const byPower = Math.floor(rackLimitKW / kw);
  const bySpace = Math.floor(USABLE_RACK_UNITS / server.rackUnits.value);
  const serversPerRack = Math.max(1, Math.min(byPower, bySpace));
  return {
    serversPerRack,
    limitedBy: byPower <= bySpace ? 'power' : 'space',
    rackKW: serversPerRack * kw,
    overLimit: byPower < 1,
  };
}

/** The cluster's cooling, the rack power it allows and how many servers one rack holds. */
export interface RackDensity {
  readonly cooling: 'air' | 'liquid';
  readonly rackLimitKW: number;
  readonly fit: RackFit;
  readonly warnings: readonly PlanWarning[];
}

/**
 * Air or liquid (the scenario's, else liquid for a liquid-cooled system or one server above the
 * air limit), the rack limit that follows, and the servers per rack; warns when the cooling
 * cannot remove a system's heat or a rack draws more than its cooling takes.
 */
export function rackDensity(
  server: PlannableServer,
  c: Scenario['cluster'],
  fac: FacilityCatalog,
): RackDensity {
  const warnings: PlanWarning[] = [];
  const serverKW = server.maxPowerKW.value;
  const airLimit = fac.rackPowerLimitKW.air.value;
  const cooling: 'air' | 'liquid' =
    c.cooling ?? (server.liquidCooled.value === true || serverKW > airLimit ? 'liquid' : 'air');
  const rackLimitKW =
    c.rackPowerKW ?? (cooling === 'liquid' ? fac.rackPowerLimitKW.liquid.value : airLimit);
  if (cooling === 'air' && server.liquidCooled.value === true) {
    warnings.push(
      warning(
        'cooling-mismatch',
        `${server.name} is a liquid-cooled system; cluster.cooling: air cannot remove its heat`,
        'cluster.cooling',
      ),
    );
  }
  const fit = fitServers(server, rackLimitKW);
  if (fit.overLimit) {
    warnings.push(
      warning(
        'rack-power-exceeded',
        `one ${server.name} draws ${serverKW} kW, more than the ${rackLimitKW} kW a${cooling === 'air' ? 'n air' : ' liquid'}-cooled rack takes; ${cooling === 'air' ? 'use liquid or rear-door cooling' : 'check the rack limit'}`,
        c.rackPowerKW !== undefined ? 'cluster.rackPowerKW' : 'cluster.cooling',
      ),
    );
  } else if (cooling === 'air' && fit.rackKW > airLimit) {
    warnings.push(
      warning(
        'rack-power-exceeded',
        `racks of ${fit.rackKW.toFixed(1)} kW exceed air cooling's ${airLimit} kW`,
        'cluster.cooling',
      ),
    );
  }
  return { cooling, rackLimitKW, fit, warnings };
}
