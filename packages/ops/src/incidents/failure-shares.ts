// The fleet's own share of failures per cause, blended with the catalog's: the posterior mean of
// a Dirichlet–multinomial model with the catalog shares as the prior's pseudo-counts (Gelman et
// al., "Bayesian Data Analysis", 3rd ed. 2013, §3.4, the multinomial model with a Dirichlet
// prior): share_c = (k × catalog_c + n_c) / (k + N).
import { FAILURE_CAUSES, FAILURE_RATES, type FailureCause } from '@aidc/core';
import type { Incident } from './incident-schema.js';

/**
 * The prior's weight k in incidents. Estimate: the catalog's shares come from 419 interruptions
 * of one job on one fleet (Llama 3 405B, 16,384 H100, 54 days; Dubey et al. 2024, Table 5); for
 * another fleet they are worth about a quarter of that, so 100 of its own incidents weigh as
 * much as the catalog, 10 move the shares by under a tenth of the way and 400 carry 80 %.
 */
export const DEFAULT_PRIOR_WEIGHT = 100;

export interface FailureSharesOptions {
  readonly priorWeight?: number;
}

export interface CauseShare {
  readonly cause: FailureCause;
  readonly incidents: number;
  readonly catalogShare: number;
  /** The fleet's own share, n_c / N; null without incidents. */
  readonly fleetShare: number | null;
  /** The blend a plan should use. */
  readonly share: number;
}

export interface FailureShares {
  readonly incidents: number;
  readonly priorWeight: number;
  /** How much of each share is the fleet's: N / (k + N). */
  readonly fleetWeight: number;
  readonly causes: readonly CauseShare[];
  /** The blended shares by cause, in the catalog's shape. */
  readonly shares: Readonly<Record<FailureCause, number>>;
}

/**
 * The fleet's failure shares per cause, replacing the catalog's as incidents accumulate.
 *
 * @example
 * failureShares(incidents).shares.hbm // 0.1718 with no incidents; the fleet's own with hundreds
 */
export function failureShares(
  incidents: readonly Pick<Incident, 'cause'>[],
  catalogShares: Readonly<Partial<Record<FailureCause, number>>> = FAILURE_RATES.shares.value,
  options: FailureSharesOptions = {},
): FailureShares {
  const k = options.priorWeight ?? DEFAULT_PRIOR_WEIGHT;
  if (!Number.isFinite(k) || k < 0)
    throw new RangeError(`priorWeight is ${k}: expected a finite number ≥ 0`);
  const catalogTotal = FAILURE_CAUSES.reduce((s, c) => s + (catalogShares[c] ?? 0), 0);
  if (!(catalogTotal > 0)) throw new RangeError('the catalog shares sum to 0');
  const counts = new Map<FailureCause, number>();
  for (const i of incidents) counts.set(i.cause, (counts.get(i.cause) ?? 0) + 1);
  const n = incidents.length;
  if (n === 0 && k === 0) throw new RangeError('no incidents and no prior: no shares to give');
  const causes = FAILURE_CAUSES.map((cause): CauseShare => {
    const catalogShare = (catalogShares[cause] ?? 0) / catalogTotal;
    const count = counts.get(cause) ?? 0;
    return {
      cause,
      incidents: count,
      catalogShare,
      fleetShare: n > 0 ? count / n : null,
      share: (k * catalogShare + count) / (k + n),
    };
  });
  return {
    incidents: n,
    priorWeight: k,
    fleetWeight: n / (k + n),
    causes,
    shares: Object.fromEntries(causes.map((c) => [c.cause, c.share])) as Record<
      FailureCause,
      number
    >,
  };
}
