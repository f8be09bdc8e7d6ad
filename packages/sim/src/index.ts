// @aidc/sim: the planned cluster in operation, as a discrete-event simulation (pure, like core).
export { createEventQueue, type EventQueue, type PoppedEvent } from './engine/event-queue.js';
export {
  seededRandom,
  exponential,
  lognormal,
  standardNormal,
  deriveSeed,
  type Random,
} from './random.js';
export {
  buildCluster,
  clusterShapeFromPlan,
  type ClusterShape,
  type SimCluster,
  type SimServer,
} from './cluster/cluster.js';
export { PLACEMENTS, place, type Placement, type Placed } from './cluster/placement.js';
export { createAllocation, type Allocation } from './cluster/allocation.js';
export {
  TraceError,
  bySubmitTime,
  jobTable,
  mergeJobs,
  type JobSource,
  type JobTable,
  type SimJob,
} from './jobs/job.js';
export {
  syntheticJobTable,
  syntheticJobs,
  type SyntheticMix,
  type DurationDistribution,
} from './jobs/synthetic.js';
export { readAlibabaOpenb, splitCsvLine } from './jobs/alibaba-openb.js';
export { readGavelTrace, type GavelOptions } from './jobs/gavel.js';
export { readTiresiasTrace, readTiresiasClusterSpec } from './jobs/tiresias.js';
export { readPolluxTrace, type PolluxOptions } from './jobs/pollux.js';
export { readAidcCsv } from './jobs/aidc-csv.js';
export { readPhillyRuntimes } from './jobs/philly-runtime.js';
export { fitToSummary, TRACE_SUMMARIES, type TraceSummaryId } from './jobs/fit-summary.js';
export {
  POLICIES,
  schedulingPolicy,
  type PolicyName,
  type SchedulingPolicy,
  type SchedulerView,
} from './schedulers/index.js';
export {
  simulate,
  type FailureModel,
  type PowerModel,
  type SimulationInput,
  type SimulationResult,
  type SimulationRun,
  type JobOutcomes,
  type ServiceReplicas,
} from './simulate.js';
export {
  serviceModelFromPlan,
  desiredReplicas,
  loadAt,
  type Balancer,
  type ServiceModel,
  type ServiceSettings,
} from './services/service-model.js';
export {
  simulateRequests,
  MAX_REQUESTS,
  type ReplicaChange,
  type RequestOutcome,
} from './services/requests.js';
export { distribution, quantile, type Distribution } from './stats.js';
export {
  clusterFromPlan,
  failuresFromPlan,
  powerFromPlan,
  trainingJobsFromPlan,
} from './from-plan.js';
export {
  simulatePlan,
  jobsFor,
  type PlanSimulation,
  type ServiceOutcome,
  type SimulatePlanOptions,
  type SimulationSettings,
} from './simulate-plan.js';
export { erlangC, erlangCMeanWait } from './queueing/erlang-c.js';
export { runMmc, type MmcRun } from './queueing/mmc-run.js';
export { loneJobRuns, type LoneJobRuns } from './lone-job.js';
export { simulationJson } from './simulation-json.js';
export * from './openb/index.js';
export {
  SIMULATION_COLUMNS,
  simulateVariant,
  simulationRow,
  sweepTraces,
} from './sweep-variant.js';
