// What a plan tells its reader beside the figures (interface.md §5): a stable code a program can
// match, a severity, the message in words, and the scenario key it concerns. Each code has one
// severity: info, what aidc chose or filled in; warning, a risk or an assumption to check; error,
// the plan does not meet what the scenario asks (a deadline, a power cap, the cluster's GPUs).

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Every warning code and its severity. */
export const WARNING_CODES = {
  // Workloads.
  'deadline-sized': 'info',
  'deadline-unreachable': 'error',
  'deadline-missed': 'error',
  'batch-rounded': 'info',
  'unusual-layout': 'warning',
  'scale-out-unpublished': 'warning',
  'searched-settings': 'info',
  'share-reduced': 'info',
  'over-cluster-gpus': 'error',
  'slo-percentile-ignored': 'warning',
  'requests-ignored': 'warning',
  'idle-gpus': 'warning',
  // Reliability.
  'restart-loop': 'error',
  'low-goodput': 'warning',
  // Cluster.
  'cluster-not-built': 'warning',
  'cooling-mismatch': 'error',
  'rack-power-exceeded': 'warning',
  'nic-speed-mismatch': 'warning',
  'fabric-tiers': 'info',
  'spares-own-leaves': 'info',
  'fabric-switch-missing': 'warning',
  // Facility.
  'pue-above-limit': 'error',
  'pue-above-hub-limit': 'warning',
  'site-pue-above-limit': 'warning',
  'green-power-below-target': 'warning',
  'colocation-hosting': 'info',
  'power-cap-exceeded': 'error',
  'power-swing': 'warning',
  'tier-value': 'info',
  // Energy, carbon and money.
  'grid-data-missing': 'warning',
  'electricity-price-missing': 'warning',
  'owning-above-rental': 'warning',
  'rent-below-levelised-cost': 'warning',
  'utilization-not-simulated': 'warning',
} as const satisfies Record<string, Severity>;
export type WarningCode = keyof typeof WARNING_CODES;

export interface PlanWarning {
  readonly code: WarningCode;
  readonly severity: Severity;
  readonly message: string;
  /** The scenario key it concerns, e.g. `workloads[0].deadlineDays` (absent: the whole plan). */
  readonly path?: string;
}

/** A warning of `code`, at its severity. */
export function warning(code: WarningCode, message: string, path?: string): PlanWarning {
  return { code, severity: WARNING_CODES[code], message, ...(path !== undefined ? { path } : {}) };
}

/** A workload stage's warning placed under the workload's key path (`workloads[2]`): its path,
 *  relative to the workload, becomes `workloads[2].<path>`. */
export function underWorkload(w: PlanWarning, index: number): PlanWarning {
  const at = `workloads[${index}]`;
  return { ...w, path: w.path !== undefined ? `${at}.${w.path}` : at };
}
