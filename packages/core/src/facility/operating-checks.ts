// Checks of the facility against how the cluster runs: the power swing of its largest training
// job (Llama 3, Sec. 3.3.4) against the generators and the grid, and whether the tier's extra
// availability is worth its capex when IT failures already cost the run more.
import { FACILITY, type FacilityCatalog } from '../catalog/facility.js';
import type { FacilityPlan } from './plan-facility.js';
import { powerSwing, powerSwingWarning, type PowerSwing } from './power-swing.js';
import { tierValueWarning } from './tier-value.js';
import { warning, type PlanWarning } from '../warnings.js';

export interface TrainingJobRun {
  readonly gpus: number;
  readonly checkpointSave: 'async' | 'sync';
  readonly checkpointIntervalMin: number;
  readonly interruptionsPerDay: number;
  readonly goodput: number;
}

export function facilityChecks(
  facility: FacilityPlan,
  jobs: readonly TrainingJobRun[],
  serverNameplateKW: number,
  gpusPerServer: number,
  fac: FacilityCatalog = FACILITY,
): { powerSwing?: PowerSwing; warnings: PlanWarning[] } {
  const warnings: PlanWarning[] = [];
  const largest = jobs.reduce<TrainingJobRun | undefined>(
    (best, j) => (best === undefined || j.gpus > best.gpus ? j : best),
    undefined,
  );
  if (!largest) return { warnings };
  const swing = powerSwing({
    jobServers: Math.ceil(largest.gpus / gpusPerServer),
    serverNameplateKW,
    trainingLoad: fac.itLoadFactor.training.value,
    idleLoad: fac.itLoadFactor.idle.value,
    pue: facility.pue,
    save: largest.checkpointSave,
    checkpointIntervalMin: largest.checkpointIntervalMin,
    interruptionsPerDay: largest.interruptionsPerDay,
    generatorMW: facility.generators.capacityMW,
    generatorStepFraction: fac.powerSwing.generatorStepFraction.value,
    gridReviewMW: fac.powerSwing.gridReviewMW.value,
  });
  const swingWarning = powerSwingWarning(swing, fac.powerSwing.generatorStepFraction.value);
  if (swingWarning) warnings.push(warning('power-swing', swingWarning));
  const loss = Math.max(...jobs.map((j) => 1 - j.goodput));
  const tierWarning = tierValueWarning(facility.tier, facility.tierValue, loss);
  if (tierWarning) warnings.push(warning('tier-value', tierWarning, 'cluster.tier'));
  return { powerSwing: swing, warnings };
}
