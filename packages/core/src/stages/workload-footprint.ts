// Each workload's share of the energy, carbon and money stage: a training run's MWh, tCO2e and
// cost, a service's year and its cost per million tokens or samples.
import { powerAt, runEnergy } from '../energy/plan-energy.js';
import type { Footprint } from '../economics/plan-footprint.js';
import type { WorkloadPlan } from '../plan-types.js';

const HOURS_PER_YEAR = 8760;

interface Rates {
  readonly footprint: Footprint;
  /** Location-based and market-based carbon intensity of the energy, gCO2e/kWh. */
  readonly gridG: number;
  readonly marketG: number;
}

export function withWorkloadFootprints(
  workloads: readonly WorkloadPlan[],
  footprint: Footprint,
): WorkloadPlan[] {
  const { carbon } = footprint;
  const rates: Rates = {
    footprint,
    gridG: carbon.gridGCO2PerKWh,
    marketG: carbon.marketGCO2PerKWh * (1 - carbon.renewableShare),
  };
  return workloads.map((w) => {
    if (w.genericTraining)
      return {
        ...w,
        genericTraining: { ...w.genericTraining, ...runFootprint(rates, w.genericTraining) },
      };
    if (w.training)
      return { ...w, training: { ...w.training, ...runFootprint(rates, w.training) } };
    if (w.inference) {
      const r = w.inference;
      const y = serviceYear(rates, r.gpus, r.mode === 'online', r.loadFraction, r.outputTokensPerS);
      return {
        ...w,
        inference: {
          ...r,
          energyMWhPerYear: y.energyMWhPerYear,
          tCO2ePerYear: y.tCO2ePerYear,
          kWhPerMillionOutputTokens: y.kWhPerMillion,
          usdPerMillionOutputTokens: y.usdPerMillion,
        },
      };
    }
    if (w.genericInference) {
      const r = w.genericInference;
      const y = serviceYear(rates, r.gpus, r.mode === 'online', r.loadFraction, r.samplesPerS);
      return {
        ...w,
        genericInference: {
          ...r,
          energyMWhPerYear: y.energyMWhPerYear,
          tCO2ePerYear: y.tCO2ePerYear,
          kWhPerMillionSamples: y.kWhPerMillion,
          usdPerMillionSamples: y.usdPerMillion,
        },
      };
    }
    return w;
  });
}

/** A training run's energy, carbon and cost: busy for the goodput share of the wall time
 *  (detection and restarts leave GPUs idle). */
function runFootprint(
  { footprint: { rates, cost }, gridG, marketG }: Rates,
  t: { gpus: number; days: number; gpuHours: number; reliability?: { goodput: number } },
) {
  const kw = powerAt(rates, rates.trainingKWPerGpu, t.reliability?.goodput ?? 1);
  const energy = runEnergy(rates, kw, t.gpus, t.days * 24);
  return {
    energyMWh: energy.energyMWh,
    itEnergyMWh: energy.itEnergyMWh,
    nameplateEnergyMWh: energy.nameplateEnergyMWh,
    kWhPerGpuHour: energy.kWhPerGpuHour,
    tCO2e: (energy.energyMWh * gridG) / 1000,
    tCO2eMarket: (energy.energyMWh * marketG) / 1000,
    costUsd: t.gpuHours * cost.usdPerGpuHour,
  };
}

/** A service's year: busy in proportion to the load against what the replicas sustain
 *  (offline: always), and its energy and cost per million units (tokens or samples) served. */
function serviceYear(
  { footprint: { rates, cost }, gridG }: Rates,
  gpus: number,
  online: boolean,
  loadFraction: number,
  unitsPerS: number,
) {
  const kw = powerAt(rates, rates.inferenceKWPerGpu, online ? loadFraction : 1);
  const energy = runEnergy(rates, kw, gpus, HOURS_PER_YEAR);
  const unitsPerYear = unitsPerS * 3600 * HOURS_PER_YEAR;
  const perMillion = unitsPerYear > 0 ? 1e6 / unitsPerYear : 0;
  return {
    energyMWhPerYear: energy.energyMWh,
    tCO2ePerYear: (energy.energyMWh * gridG) / 1000,
    kWhPerMillion: energy.energyMWh * 1000 * perMillion,
    usdPerMillion: gpus * HOURS_PER_YEAR * cost.usdPerGpuHour * perMillion,
  };
}
