// An online inference service as the simulator runs it, from the plan's inference figures: a
// replica is tp x pp GPUs serving up to `slots` requests at once (its continuous batch), each
// request holding a slot for its own latency; the plan's capacity at the SLO sets both.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are within the curve by construction. */
import { FAILURE_RATES, isGenericInference, type Plan } from '@aidc/core';

export type Balancer = 'least-wait' | 'random';

export interface ServiceModel {
  readonly workload: string;
  readonly gpusPerReplica: number;
  /** Requests/s one replica sustains within the latency targets (the plan's capacity). */
  readonly capacityPerReplica: number;
  /** Requests a replica serves at once: the planner's concurrency at its percentile (mean
   *  b + z sqrt(b) at capacity), the batch the engine can hold within the targets. */
  readonly slots: number;
  /** Mean seconds a request holds its slot (prompt and every output token), by Little's law at
   *  capacity: b / capacity. */
  readonly holdS: number;
  /** Queueing a request may see and still meet the SLO: the TTFT target less the replica's own
   *  TTFT at capacity (0 when only TPOT is targeted: a request must start at once). */
  readonly waitBudgetS: number;
  readonly requestsPerS: number;
  /** Multiples of requestsPerS in equal steps over the day. */
  readonly loadProfile: readonly number[];
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly intervalS: number;
  /** Seconds from placing a scaled-up replica to its serving: container start, weight load and
   *  engine warm-up. The autoscaler provisions that far ahead. */
  readonly startS: number;
  readonly balancer: Balancer;
}

export interface ServiceSettings {
  readonly workload: string;
  readonly loadProfile: readonly number[];
  readonly autoscale: {
    readonly minReplicas?: number | undefined;
    readonly maxReplicas?: number | undefined;
    readonly intervalMin?: number | undefined;
    readonly startMin?: number | undefined;
  };
  readonly balancer: Balancer;
}

const Z: Record<string, number> = { mean: 0, p50: 0, p90: 1.282, p99: 2.326 };

/** Linear interpolation of a curve's y at x (clamped to its ends). */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (x <= xs[0]!) return ys[0]!;
  for (let i = 1; i < n; i++)
    if (x <= xs[i]!)
      return ys[i - 1]! + ((x - xs[i - 1]!) / (xs[i]! - xs[i - 1]!)) * (ys[i]! - ys[i - 1]!);
  return ys[n - 1]!;
}

/**
 * The service of `simulation.services[index]` from the plan. Errors name the key path, what was
 * expected and what was found.
 */
export function serviceModelFromPlan(
  plan: Plan,
  settings: ServiceSettings,
  index: number,
): ServiceModel {
  const at = `simulation.services[${index}]`;
  const w = plan.workloads.find((x) => x.name === settings.workload);
  const online = plan.workloads.filter((x) => x.inference?.mode === 'online').map((x) => x.name);
  const hint = online.length > 0 ? `one of ${online.join(', ')}` : 'none in this scenario';
  if (!w)
    throw new Error(
      `${at}.workload: expected the name of an online inference workload (${hint}), found '${settings.workload}'`,
    );
  if (w.genericInference)
    throw new Error(
      `${at}.workload: '${w.name}' serves a generic network by samples (no tokens); the service simulator models token-generating LLM services only (requestsPerSecond, inputTokens, outputTokens): its plan's samples/s, batch and p${w.genericInference.percentile} latency are the analytic figures (${hint === 'none in this scenario' ? 'no LLM service to simulate here' : `simulate ${hint}`})`,
    );
  const inf = w.inference;
  if (!inf || inf.mode !== 'online')
    throw new Error(
      `${at}.workload: expected an online inference workload (one with requestsPerSecond: ${hint}), found ${w.type === 'inference' ? 'an offline one' : `a ${w.type} workload`} '${w.name}'`,
    );
  if (w.infeasible || inf.replicas < 1 || inf.capacityRequestsPerS <= 0)
    throw new Error(
      `${at}.workload: '${w.name}' has no feasible plan to serve (see aidc plan); fix the workload first`,
    );
  const found = plan.scenario.workloads.find((x) => x.name === w.name);
  const scenarioWorkload =
    found?.type === 'inference' && !isGenericInference(found) ? found : undefined;
  const outputTokens = scenarioWorkload?.outputTokens ?? 1;
  const ttftTarget = scenarioWorkload?.slo?.ttftMs;
  const capacityPerReplica = inf.capacityRequestsPerS / inf.replicas;
  // The concurrency at capacity: where the replica's curve gives capacityPerReplica requests/s.
  const curve = inf.latencyCurve;
  const rates = curve.map((p) => p.outputTokensPerS / outputTokens);
  const batches = curve.map((p) => p.batch);
  let batch = interpolate(rates, batches, capacityPerReplica);
  if (capacityPerReplica < rates[0]!) batch = (batches[0]! * capacityPerReplica) / rates[0]!;
  const z = Z[inf.latencyStatistic] ?? 0;
  const slots = Math.max(1, Math.floor(batch + z * Math.sqrt(batch)));
  const ttftS =
    interpolate(
      batches,
      curve.map((p) => p.ttftMs),
      batch,
    ) / 1000;
  const a = settings.autoscale;
  const maxReplicas = a.maxReplicas ?? inf.replicas;
  const minReplicas = a.minReplicas ?? Math.min(1, maxReplicas);
  if (minReplicas > maxReplicas)
    throw new Error(
      `${at}.autoscale.minReplicas: expected at most maxReplicas (${maxReplicas}, the plan's replicas when not given), found ${minReplicas}`,
    );
  const stepS = 86_400 / settings.loadProfile.length;
  const intervalS = a.intervalMin !== undefined ? a.intervalMin * 60 : stepS;
  // A replica starts as a job restarts (schedule, container, communicator, weights), without
  // the failure's detection: the catalog's restart time unless the scenario gives its own.
  const startMin = a.startMin ?? FAILURE_RATES.restartMin.value;
  if (startMin * 60 >= intervalS)
    throw new Error(
      `${at}.autoscale.startMin: expected less than the ${intervalS / 60}-minute autoscaling interval (a replica must serve before the next decision), found ${startMin}${a.startMin === undefined ? ' (the default: the catalog restart time)' : ''}; give a shorter startMin or a longer intervalMin`,
    );
  return {
    workload: w.name,
    gpusPerReplica: inf.tp * inf.pp,
    capacityPerReplica,
    slots,
    holdS: batch / capacityPerReplica,
    waitBudgetS: ttftTarget !== undefined ? Math.max(0, ttftTarget / 1000 - ttftS) : 0,
    requestsPerS: inf.requestsPerS,
    loadProfile: settings.loadProfile,
    minReplicas,
    maxReplicas,
    intervalS,
    startS: startMin * 60,
    balancer: settings.balancer,
  };
}

/** Requests/s the profile asks for at time t (s from midnight of day 0). */
export function loadAt(model: ServiceModel, t: number): number {
  const p = model.loadProfile;
  const day = t / 86_400;
  const step = Math.min(p.length - 1, Math.floor((day - Math.floor(day)) * p.length));
  return model.requestsPerS * p[step]!;
}

/**
 * Replicas the autoscaler asks for over [t, t + interval + ahead): the peak load of the profile
 * steps the window overlaps over one replica's capacity, rounded up, within the bounds. The
 * daily profile is known, so the autoscaler provisions for the interval's peak, not behind it.
 * At each interval boundary it sets the replicas for the interval (`ahead` 0, stopping any
 * above); a start time before the boundary it starts those the next interval adds (`ahead`: the
 * start time), so that they serve from the boundary on.
 */
export function desiredReplicas(model: ServiceModel, t: number, ahead = 0): number {
  const p = model.loadProfile;
  const stepS = 86_400 / p.length;
  let peak = 0;
  const end = t + model.intervalS + ahead;
  for (let s = Math.floor(t / stepS) * stepS; s < end - 1e-9; s += stepS)
    peak = Math.max(peak, loadAt(model, Math.max(s, t)));
  const need = Math.ceil(peak / model.capacityPerReplica - 1e-9);
  return Math.min(model.maxReplicas, Math.max(model.minReplicas, need));
}
