// aidc core: the pure calculation. Shells (CLI, server, web) call these functions.
export { parseScenario, type ParseResult } from './scenario/parse.js';
export { formatIssue, formatPath, type ScenarioIssue } from './scenario/issues.js';
export {
  ScenarioSchema,
  type Scenario,
  type TrainingWorkload,
  type InferenceWorkload,
  type Workload,
  type GenericTrainingWorkload,
  isGenericTraining,
  TRACE_SUMMARY_IDS,
  type GenericInferenceWorkload,
  isGenericInference,
} from './scenario/schema.js';
export {
  GENERIC_MODEL_PRESETS,
  GENERIC_TRAINING,
  findGenericPreset,
  type GenericPreset,
} from './catalog/generic-models.js';
export { resolveGenericModel, type GenericModel } from './generic/generic-model.js';
export {
  genericForwardTime,
  genericStepTime,
  type GenericStepBreakdown,
} from './generic/step-time.js';
export {
  planGenericTraining,
  type GenericTrainingResult,
} from './generic/plan-generic-training.js';
export {
  planGenericInference,
  type GenericInferenceResult,
} from './generic/plan-generic-inference.js';
export { servingBatchTime, servingMemoryGB } from './generic/serve-time.js';
export { batchedLatencyS, sustainedRate } from './generic/serving-batch.js';
export {
  keyFigures,
  KEY_FIGURE_KEYS,
  keyFigureKeys,
  type FigureScope,
  type FigureUnit,
  type KeyFigure,
} from './key-figures.js';
export {
  planScenario,
  clearPlanCaches,
  resolveModel,
  AIDC_VERSION,
  PLAN_SCHEMA_VERSION,
  type BuiltPlan,
  type Plan,
  type PlannedTraining,
  type PlannedGenericTraining,
  type PlannedInference,
  type PlannedGenericInference,
  type PlanOptions,
  type UnbuiltPlan,
  type WorkloadPlan,
} from './plan.js';
export { GPUS, findGpu, peakFlops, resolveGpu, type Gpu } from './catalog/gpus.js';
export { MODEL_PRESETS, findModelPreset, type ModelPreset } from './catalog/models.js';
export { FABRICS, findFabric, type Fabric } from './catalog/fabrics.js';
export { EFFICIENCY } from './catalog/efficiency.js';
export {
  FRAMEWORKS,
  frameworkIds,
  resolveFramework,
  trainingFramework,
  type FrameworkProfile,
} from './catalog/frameworks.js';
export {
  shapeFromInput,
  shapeFromPreset,
  countParams,
  type ModelShape,
} from './training/model-shape.js';
export {
  forwardFlopsPerToken,
  modelFlopsPerToken,
  recomputeFlopsPerToken,
} from './training/flops.js';
export { memoryPerGpu, activationBytesPerTokenPerLayer, bytesPerParam } from './training/memory.js';
export { stepTime, type StepTimeBreakdown } from './training/step-time.js';
export { searchParallelism } from './training/search.js';
export { planTraining, trainingContext, type TrainingResult } from './training/plan-training.js';
export {
  allReduceS,
  reduceScatterS,
  allGatherS,
  allToAllS,
  sendS,
} from './training/collectives.js';
export { closestMatches, editDistance } from './util/closest-matches.js';
export { grouped } from './util/grouped.js';
export {
  planInference,
  tpCandidates,
  ppCandidates,
  layoutName,
  type InferenceResult,
  type InferenceAlternative,
} from './inference/plan-inference.js';
export { iterationCost, type IterationCost, type ServingContext } from './inference/step-cost.js';
export {
  operatingPoint,
  bestBatch,
  batchLimit,
  reservedTokensPerRequest,
  zScore,
} from './inference/batching.js';
export {
  kvBytesPerToken,
  kvBytesPerTokenPerGpu,
  weightBytesPerGpu,
  servingMemory,
} from './inference/memory.js';
export { weightBytes, defaultKvPrecision, precisionSupportIssue } from './inference/precision.js';
export { SERVERS, findServer, serverForGpu, type Server } from './catalog/servers.js';
export {
  SWITCHES,
  TRANSCEIVERS,
  FABRIC_DESIGN,
  findSwitch,
  switchForFabric,
  type Switch,
  type Transceiver,
} from './catalog/switches.js';
export { STORAGE_APPLIANCES, STORAGE_CAPACITY, type StorageAppliance } from './catalog/storage.js';
export {
  CAPEX_ITEM_LABELS,
  FACILITY,
  type FacilityCatalog,
  type TierId,
} from './catalog/facility.js';
export { planFabric, fatTreeCapacity, type FabricPlan } from './cluster/fabric.js';
export { planStorage, type StoragePlan } from './cluster/storage.js';
export { fitServers } from './cluster/racks.js';
export { planCluster, type ClusterBuild, type NetworkPlan } from './cluster/plan-cluster.js';
export { planPower, type PowerPlan } from './facility/power.js';
export { planFacility, type FacilityLoad, type FacilityPlan } from './facility/plan-facility.js';
export { planLineups, redundantUnits, sizeUnits, unitsAtTier } from './facility/units.js';
export { planCooling, type CoolingPlan } from './facility/cooling.js';
export {
  planReliability,
  planServiceReliability,
  type ServiceReliabilityResult,
  interruptionRates,
  ratesWith,
  type ReliabilityResult,
} from './reliability/plan-reliability.js';
export { youngInterval, dalyInterval, expectedWallTime } from './reliability/checkpoint.js';
export { simulateRun } from './reliability/monte-carlo.js';
export { poissonCdf, poissonQuantile } from './reliability/poisson.js';
export { FAILURE_RATES, FAILURE_CAUSES, type FailureCause } from './catalog/failure-rates.js';
export {
  POWER_CAP_THROUGHPUT,
  powerCapThroughputCurve,
  type PowerCapThroughputCatalog,
  type ThroughputAtPower,
} from './catalog/power-cap-throughput.js';
export {
  energyRates,
  runEnergy,
  powerAt,
  type EnergyRates,
  type RunEnergy,
} from './energy/plan-energy.js';
export {
  siteGridIntensity,
  embodiedCarbon,
  operationalCarbon,
  type EmbodiedCarbon,
} from './carbon/plan-carbon.js';
export { countryGridIntensity, worldGridIntensity, DEFAULT_GRID_YEAR } from './carbon/grid.js';
export {
  evaluateEconomics,
  tornado,
  economicMonteCarlo,
  OPEX_LINE_LABELS,
  type EconomicInputs,
  type EconomicResult,
  type OpexLines,
} from './economics/plan-economics.js';
export { npv, irr, paybackYears } from './economics/finance.js';
export { CASH_FLOW_COLUMNS } from './economics/cash-flow-table.js';
export { planFootprint, type Footprint } from './economics/plan-footprint.js';
export type { CarbonPlan } from './carbon/carbon-plan.js';
export type { CostPlan } from './economics/cost-plan.js';
export type { Assumption } from './catalog/assumption.js';
export type { SimulatedUtilization } from './economics/utilization.js';
export { compareSites, type SiteComparison, type SiteRow } from './sites/compare-sites.js';
export { CARBON, type CarbonCatalog } from './catalog/carbon.js';
export { PRICES, type PriceCatalog } from './catalog/prices.js';
export {
  BUILT_IN_CATALOGS,
  catalogReferences,
  extendCatalogs,
  formatCatalogIssue,
  type CatalogExtension,
  type Catalogs,
  type CatalogsResult,
} from './catalog/catalogs.js';
export {
  CATALOG_FILE_KEYS,
  parseCatalogFile,
  type CatalogFileResult,
} from './catalog/catalog-file.js';
export { INVESTMENT, type InvestmentCatalog } from './catalog/investment.js';
export {
  parseVary,
  parsePath,
  expandGrid,
  withValue,
  varyPathProblem,
  sweepRow,
  type Vary,
} from './sweep/grid.js';
export {
  gridValues,
  parseVaries,
  planVariant,
  variantScenario,
  prepareSweep,
  rowColumns,
  runSweep,
  sweepColumns,
  VaryError,
  type Sweep,
  type SweepCell,
  type SweepResult,
  type SweepRow,
  type VaryParse,
} from './sweep/run-sweep.js';
export {
  REGIONS,
  findRegion,
  CHINA_HUB_ZONES,
  type Region,
  type ChinaHubZone,
} from './catalog/regions.js';
export {
  BUILD_COST_REFERENCE,
  BUILD_COST_MARKETS,
  buildCostPerW,
  buildCostRatio,
  type BuildCost,
} from './catalog/build-cost.js';
export {
  RESIDUAL_MIX,
  EGRID_RESIDUAL_MIX,
  RESIDUAL_MIX_FULL_DISCLOSURE,
  residualMixGCO2PerKWh,
  residualMixForEgridSubregion,
} from './catalog/residual-mix.js';
export { validateCatalogs, registeredCatalogs, type CatalogIssue } from './catalog/sourced.js';
export { scenarioJsonSchema, SCENARIO_SCHEMA_ID } from './scenario/json-schema.js';
export {
  PlanSchema,
  type Assert,
  type DeepReadonly,
  type PlanSchemaIsPlan,
  type SameType,
} from './plan-schema/plan.js';
export { planJsonSchema, PLAN_SCHEMA_ID } from './plan-schema/json-schema.js';
export { nonFiniteNumbers, physicalBoundViolations } from './properties/plan-invariants.js';
export { seededRandom, exponential, type Random } from './util/random.js';
export {
  InventorySchema,
  INVENTORY_KINDS,
  INVENTORY_ITEM_SCHEMAS,
  RACK_ROLES,
  DEVICE_ROLES,
  feedCapacityKW,
  type Inventory,
  type InventoryKind,
  type InventorySite,
  type InventoryHall,
  type InventoryRow,
  type InventoryRack,
  type InventoryCoolingLoop,
  type InventoryDevice,
  type InventoryGpu,
  type InventoryPanel,
  type InventoryFeed,
  type InventoryLink,
} from './inventory/inventory-schema.js';
export {
  planInventory,
  feedSizing,
  INVENTORY_FABRICS,
  type InventoryFabric,
} from './inventory/plan-inventory.js';
export {
  POWER_DISTRIBUTION,
  powerConvention,
  type PowerConvention,
} from './catalog/power-distribution.js';
export { yamlOffset, yamlSyntaxProblems, type YamlSyntaxProblem } from './util/yaml-offset.js';
