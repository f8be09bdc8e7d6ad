// The utilisation the money uses: the scenario's, a simulation's, or the default when a
// simulation was asked for and none ran.
import type { Scenario } from '../scenario/schema.js';
import { warning, type PlanWarning } from '../warnings.js';

export interface SimulatedUtilization {
  readonly value: number;
  readonly basis: string;
}

/** The utilisation the money uses: the scenario's, or a simulated one, or (asked to be
 *  simulated without a simulation run) the default, with a warning saying so. */
export function resolvedUtilization(
  e: Scenario['economics'],
  simulated: SimulatedUtilization | undefined,
): { value: number; text: string; source: string; warning?: PlanWarning } {
  if (e.utilization !== 'simulated')
    return {
      value: e.utilization,
      text: `${(e.utilization * 100).toFixed(0)}%`,
      source: 'economics.utilization',
    };
  if (simulated)
    return {
      value: simulated.value,
      text: `${(simulated.value * 100).toFixed(1)}% simulated`,
      source: `aidc simulate of the scenario's simulation section: ${simulated.basis}`,
    };
  return {
    value: DEFAULT_UTILIZATION,
    text: `${(DEFAULT_UTILIZATION * 100).toFixed(0)}% (not simulated)`,
    source: 'the default utilisation: no simulation ran for this plan',
    warning: warning(
      'utilization-not-simulated',
      `economics.utilization is 'simulated' but no simulation ran for this plan, so the money uses the default ${(DEFAULT_UTILIZATION * 100).toFixed(0)}% utilisation; \`aidc plan\` simulates the scenario's simulation section first`,
      'economics.utilization',
    ),
  };
}

/** The scenario schema's default utilisation. */
const DEFAULT_UTILIZATION = 0.7;
