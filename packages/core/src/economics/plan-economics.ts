// Money over the horizon, year by year: capital cost by category, operating cost per year (energy,
// hardware support after the included years, facility maintenance, insurance, property and
// equipment tax, staff, connectivity, software, colocation), residual value at the end, TCO net of
// it, and the unit costs that TCO gives; with a rental price, the lessor's view: revenue on sold
// hours, NPV, IRR and payback. Then a tornado (each input +-20%) and a seeded Monte Carlo.
//
// One rule for the building and the hardware: each is charged for the share of its life the
// horizon uses (straight line), the rest returns as residual value, so TCO = capex - residual +
// opex, and every $/GPU-hour is that TCO over the hours it names.
import { seededRandom } from '../util/random.js';
import { irr, npv, paybackYears } from './finance.js';

/** Every number the money model uses; sensitivity and Monte Carlo perturb these. */
export interface EconomicInputs {
  readonly gpus: number;
  readonly servers: number;
  readonly serverUsd: number;
  readonly networkUsd: number;
  readonly storageUsd: number;
  /** Facility construction per MW of critical IT (0 when colocated). */
  readonly facilityUsdPerMW: number;
  readonly itNameplateMW: number;
  /** Facility power drawn when the GPUs are busy / idle, MW (IT x PUE). */
  readonly busyFacilityMW: number;
  readonly idleFacilityMW: number;
  readonly electricityUsdPerKWh: number;
  /** Years of hardware support included in the purchase price. */
  readonly supportYearsIncluded: number;
  /** Hardware support after those years, a share of the hardware price a year. */
  readonly postWarrantySupportFraction: number;
  /** Facility plant maintenance, a share of the facility's cost a year. */
  readonly facilityMaintenanceFraction: number;
  /** Property insurance on hardware and facility, a share of their cost a year. */
  readonly insuranceFraction: number;
  /** Real-property tax on the facility, a share of its cost a year. */
  readonly propertyTaxFraction: number;
  /** Personal-property tax on the hardware's book value, a share a year. */
  readonly equipmentTaxFraction: number;
  readonly staffPerMW: number;
  readonly staffUsdPerYear: number;
  readonly softwareUsdPerGpuYear: number;
  /** Front-end / WAN connectivity: capacity and its price. */
  readonly wanGbps: number;
  readonly wanUsdPerGbpsMonth: number;
  /** Colocation per kW of IT per month (0 when the facility is owned). */
  readonly colocationUsdPerKWMonth: number;
  /** Share of the year's GPU-hours in use (owner) or sold (lessor). */
  readonly utilization: number;
  /** Whole years. */
  readonly horizonYears: number;
  readonly depreciationYears: number;
  readonly facilityLifeYears: number;
  /** Share of the hardware price recovered at the end of the horizon; default its book value. */
  readonly residualValueShare?: number | undefined;
  readonly discountRate: number;
  readonly rentalUsdPerGpuHour?: number | undefined;
  /** Share of busy GPU time a training run loses to interruptions (1 - its goodput). */
  readonly failureDowntime?: number;
}

export interface OpexLines {
  readonly electricity: number;
  /** Hardware support beyond the years the purchase price includes. */
  readonly maintenance: number;
  readonly facilityMaintenance: number;
  readonly insurance: number;
  readonly propertyTax: number;
  readonly staff: number;
  readonly connectivity: number;
  readonly software: number;
  readonly colocation: number;
  readonly total: number;
}

export interface EconomicResult {
  readonly capexUsd: {
    readonly servers: number;
    readonly network: number;
    readonly storage: number;
    readonly facility: number;
    readonly total: number;
  };
  /** The average year of the horizon. */
  readonly opexUsdPerYear: OpexLines;
  /** Each year of the horizon, year 1 first. */
  readonly opexByYearUsd: readonly OpexLines[];
  readonly energyMWhPerYear: number;
  /** What the horizon consumes of hardware and facility, per year (capex - residual) / years. */
  readonly depreciationUsdPerYear: number;
  /** Value left at the end of the horizon: hardware and facility. */
  readonly residualUsd: {
    readonly hardware: number;
    readonly facility: number;
    readonly total: number;
  };
  /** Capex - residual + opex over the horizon, undiscounted. */
  readonly tcoUsd: number;
  /** Cumulative cost at the end of each year, index 0 = the day of purchase (capex); the last
   *  year is net of the residual value, so it ends at tcoUsd. */
  readonly tcoByYearUsd: readonly number[];
  /** GPU-hours in use (owner) or sold (lessor) over the horizon: GPUs x 8760 x utilisation x years. */
  readonly gpuHours: number;
  /** TCO per GPU-hour in use or sold. */
  readonly usdPerGpuHour: number;
  /** TCO per GPU-hour of useful training work: in-use hours less a training run's interruptions. */
  readonly usdPerUsefulGpuHour: number;
  /** Levelised cost per GPU-hour in use at the discount rate: discounted costs (capex, opex, less
   *  the discounted residual) over discounted hours; the price at which a lessor's NPV is 0.
   *  Equals usdPerGpuHour at a 0% rate. */
  readonly levelisedUsdPerGpuHour: number;
  readonly investment?: {
    /** Sold GPU-hours x rental price: a lessor bills reserved hours; a tenant's job failures are
     *  the tenant's loss. */
    readonly revenueUsdPerYear: number;
    readonly npvUsd: number;
    readonly irr?: number;
    readonly paybackYears?: number;
    readonly cashFlowsUsd: readonly number[];
  };
}

/** The operating-cost lines in the words a planner reads, in the order the page lists them. */
export const OPEX_LINE_LABELS = [
  ['electricity', 'electricity'],
  ['maintenance', 'hardware support'],
  ['facilityMaintenance', 'plant maintenance'],
  ['insurance', 'insurance'],
  ['propertyTax', 'property tax'],
  ['staff', 'staff'],
  ['connectivity', 'connectivity'],
  ['software', 'software'],
  ['colocation', 'colocation'],
] as const satisfies readonly (readonly [Exclude<keyof OpexLines, 'total'>, string])[];

/** The operating lines that are the same every year (facility property tax included). */
export function steadyLines(i: EconomicInputs, hardware: number, facility: number) {
  const util = Math.min(1, Math.max(0, i.utilization));
  const energyMWh = 8760 * (i.busyFacilityMW * util + i.idleFacilityMW * (1 - util));
  return {
    electricity: energyMWh * 1000 * i.electricityUsdPerKWh,
    facilityMaintenance: facility * i.facilityMaintenanceFraction,
    insurance: (hardware + facility) * i.insuranceFraction,
    facilityTax: facility * i.propertyTaxFraction,
    staff: i.staffPerMW * i.itNameplateMW * i.staffUsdPerYear,
    connectivity: i.wanGbps * i.wanUsdPerGbpsMonth * 12,
    software: i.softwareUsdPerGpuYear * i.gpus,
    colocation: i.colocationUsdPerKWMonth * i.itNameplateMW * 1000 * 12,
  };
}

/** The lines that change with the year t = 1..years: hardware support and equipment tax. */
function yearLines(i: EconomicInputs, t: number, hardware: number) {
  // Support is in the price for the first years; after that a post-warranty contract.
  const maintenance = t > i.supportYearsIncluded ? hardware * i.postWarrantySupportFraction : 0;
  // Equipment tax on the straight-line book value at the start of the year.
  const book = hardware * Math.max(0, 1 - (t - 1) / i.depreciationYears);
  return { maintenance, equipmentTax: book * i.equipmentTaxFraction };
}

/** What hardware and building are worth at the end of the horizon: the hardware at its
 *  residual share or straight-line book value, the building at its unused share of life. */
function residualValue(i: EconomicInputs, hardware: number, facility: number, years: number) {
  const h = hardware * (i.residualValueShare ?? Math.max(0, 1 - years / i.depreciationYears));
  const f = facility * Math.max(0, 1 - years / i.facilityLifeYears);
  return { hardware: h, facility: f, total: h + f };
}

function sumOf(lines: Readonly<Record<string, number>>): number {
  return Object.values(lines).reduce((a, b) => a + b, 0);
}

/** The year-t operating cost (t = 1..years). */
function opexInYear(
  steady: ReturnType<typeof steadyLines>,
  year: ReturnType<typeof yearLines>,
): OpexLines {
  const { facilityTax, ...rest } = steady;
  const propertyTax = facilityTax + year.equipmentTax;
  return {
    ...rest,
    maintenance: year.maintenance,
    propertyTax,
    total: sumOf(steady) + year.maintenance + year.equipmentTax,
  };
}

function averageLines(years: readonly OpexLines[]): OpexLines {
  const n = Math.max(1, years.length);
  const sum = (k: keyof OpexLines) => years.reduce((s, y) => s + y[k], 0) / n;
  return {
    electricity: sum('electricity'),
    maintenance: sum('maintenance'),
    facilityMaintenance: sum('facilityMaintenance'),
    insurance: sum('insurance'),
    propertyTax: sum('propertyTax'),
    staff: sum('staff'),
    connectivity: sum('connectivity'),
    software: sum('software'),
    colocation: sum('colocation'),
    total: sum('total'),
  };
}

/**
 * Levelised cost of a GPU-hour, the LCOE method (IEA/NEA, Projected Costs of Generating Electricity
 * 2020, Sec. 2.1): present value of capex, yearly opex and (negative) residual over the present
 * value of the hours, both at the discount rate. NPV is linear in the price, so this is also the
 * price that makes a lessor's NPV exactly 0.
 */
function levelisedCost(
  capex: number,
  byYear: readonly OpexLines[],
  residual: number,
  hoursPerYear: number,
  rate: number,
): number {
  let costs = capex;
  let hours = 0;
  byYear.forEach((y, k) => {
    const d = Math.pow(1 + rate, -(k + 1));
    costs += y.total * d - (k === byYear.length - 1 ? residual * d : 0);
    hours += hoursPerYear * d;
  });
  return hours > 0 ? costs / hours : 0;
}

/** `detail: false` skips IRR and payback (a root search), for the many draws of a Monte Carlo. */
export function evaluateEconomics(i: EconomicInputs, detail = true): EconomicResult {
  const servers = i.servers * i.serverUsd;
  const hardware = servers + i.networkUsd + i.storageUsd;
  const facility = i.facilityUsdPerMW * i.itNameplateMW;
  const years = Math.max(1, Math.round(i.horizonYears));
  const util = Math.min(1, Math.max(0, i.utilization));
  const steady = steadyLines(i, hardware, facility);
  const byYear = Array.from({ length: years }, (_, k) =>
    opexInYear(steady, yearLines(i, k + 1, hardware)),
  );
  const opex = averageLines(byYear);
  const left = residualValue(i, hardware, facility, years);
  const residual = left.total;
  const capex = hardware + facility;
  const tcoByYear = [capex];
  for (const y of byYear) tcoByYear.push((tcoByYear.at(-1) ?? 0) + y.total);
  const tco = capex - residual + opex.total * years;
  tcoByYear[years] = tco;
  const gpuHours = i.gpus * 8760 * util * years;
  const useful = gpuHours * (1 - Math.min(0.9, Math.max(0, i.failureDowntime ?? 0)));
  const levelised = levelisedCost(capex, byYear, residual, i.gpus * 8760 * util, i.discountRate);
  const result: EconomicResult = {
    capexUsd: { servers, network: i.networkUsd, storage: i.storageUsd, facility, total: capex },
    opexUsdPerYear: opex,
    opexByYearUsd: byYear,
    energyMWhPerYear: 8760 * (i.busyFacilityMW * util + i.idleFacilityMW * (1 - util)),
    depreciationUsdPerYear: (capex - residual) / years,
    residualUsd: left,
    tcoUsd: tco,
    tcoByYearUsd: tcoByYear,
    gpuHours,
    usdPerGpuHour: gpuHours > 0 ? tco / gpuHours : 0,
    usdPerUsefulGpuHour: useful > 0 ? tco / useful : 0,
    levelisedUsdPerGpuHour: levelised,
  };
  if (i.rentalUsdPerGpuHour === undefined) return result;
  // The lessor's view: sold hours at the price; what the horizon leaves returns in its last year.
  const revenue = i.gpus * 8760 * util * i.rentalUsdPerGpuHour;
  const flows = [-capex];
  byYear.forEach((y, k) => flows.push(revenue - y.total + (k === years - 1 ? residual : 0)));
  const rate = detail ? irr(flows) : undefined;
  const payback = detail ? paybackYears(flows) : undefined;
  return {
    ...result,
    investment: {
      revenueUsdPerYear: revenue,
      npvUsd: npv(i.discountRate, flows),
      ...(rate !== undefined ? { irr: rate } : {}),
      ...(payback !== undefined ? { paybackYears: payback } : {}),
      cashFlowsUsd: flows,
    },
  };
}

/**
 * The utilisation at which owning costs what renting does (TCO per GPU-hour in use, or the levelised
 * cost, = the price), by bisection (cost per hour falls as utilisation rises); undefined when even full use costs more.
 */
export function breakEvenUtilization(
  i: EconomicInputs,
  usdPerGpuHour: number,
  basis: 'usdPerGpuHour' | 'levelisedUsdPerGpuHour' = 'usdPerGpuHour',
): number | undefined {
  const cost = (u: number) => evaluateEconomics({ ...i, utilization: u }, false)[basis];
  const atFull = cost(1);
  if (atFull > usdPerGpuHour) return undefined;
  // A GPU-hour's cost is (fixed + u x per-hour-in-use) / (hours x u): the cost times u is affine
  // in u, so two evaluations give the utilisation where it meets the price. A third checks it;
  // were the cost not of that form, the bisection below finds the point instead.
  const half = cost(0.5);
  const slope = (atFull - 0.5 * half) / 0.5;
  const intercept = atFull - slope;
  const solved = intercept / (usdPerGpuHour - slope);
  if (
    Number.isFinite(solved) &&
    solved > 1e-3 &&
    solved <= 1 &&
    Math.abs(cost(solved) / usdPerGpuHour - 1) < 1e-9
  )
    return solved;
  let lo = 1e-3;
  let hi = 1;
  for (let k = 0; k < 50; k++) {
    const mid = (lo + hi) / 2;
    if (cost(mid) > usdPerGpuHour) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * NPV (with a rental price) or TCO alone, without building the result: the Monte Carlo's inner
 * loop. The same arithmetic as evaluateEconomics, summed in the same order of years.
 */
export function headlineMetric(i: EconomicInputs, metric: 'npvUsd' | 'tcoUsd'): number {
  const hardware = i.servers * i.serverUsd + i.networkUsd + i.storageUsd;
  const facility = i.facilityUsdPerMW * i.itNameplateMW;
  const years = Math.max(1, Math.round(i.horizonYears));
  const util = Math.min(1, Math.max(0, i.utilization));
  const steady = sumOf(steadyLines(i, hardware, facility));
  const residual = residualValue(i, hardware, facility, years).total;
  const capex = hardware + facility;
  const revenue =
    i.rentalUsdPerGpuHour !== undefined ? i.gpus * 8760 * util * i.rentalUsdPerGpuHour : 0;
  let opexSum = 0;
  let npvSum = -capex;
  for (let t = 1; t <= years; t++) {
    const year = yearLines(i, t, hardware);
    const opex = steady + year.maintenance + year.equipmentTax;
    opexSum += opex;
    if (metric === 'npvUsd')
      npvSum += (revenue - opex + (t === years ? residual : 0)) / Math.pow(1 + i.discountRate, t);
  }
  return metric === 'npvUsd' ? npvSum : capex - residual + opexSum;
}

/** The inputs a tornado varies, with the words a planner reads. */
export const SENSITIVITY_INPUTS = [
  ['serverUsd', 'server price'],
  ['networkUsd', 'network cost'],
  ['storageUsd', 'storage cost'],
  ['facilityUsdPerMW', 'facility build cost'],
  ['electricityUsdPerKWh', 'electricity price'],
  ['busyFacilityMW', 'power draw (incl. PUE)'],
  ['postWarrantySupportFraction', 'post-warranty support rate'],
  ['insuranceFraction', 'insurance rate'],
  ['staffUsdPerYear', 'staff cost'],
  ['utilization', 'utilisation'],
  ['discountRate', 'discount rate'],
  ['rentalUsdPerGpuHour', 'rental price'],
] as const satisfies readonly (readonly [keyof EconomicInputs, string])[];

export interface TornadoBar {
  readonly input: string;
  readonly label: string;
  /** Metric at -20% and +20% of the input. */
  readonly low: number;
  readonly high: number;
  readonly swing: number;
}

/** Each input at -20% and +20%, ranked by the swing it causes in NPV (or TCO without revenue). */
export function tornado(
  base: EconomicInputs,
  spread = 0.2,
): { metric: 'npvUsd' | 'tcoUsd'; bars: TornadoBar[] } {
  const metric = base.rentalUsdPerGpuHour !== undefined ? 'npvUsd' : 'tcoUsd';
  const bars: TornadoBar[] = [];
  for (const [key, label] of SENSITIVITY_INPUTS) {
    const v = base[key];
    if (v === undefined || v === 0) continue;
    const at = (f: number) => headlineMetric({ ...base, [key]: v * f }, metric);
    const low = at(1 - spread);
    const high = at(1 + spread);
    bars.push({ input: key, label, low, high, swing: Math.abs(high - low) });
  }
  bars.sort((a, b) => b.swing - a.swing);
  return { metric, bars };
}

export interface EconomicMonteCarlo {
  readonly metric: 'npvUsd' | 'tcoUsd';
  readonly seed: number;
  readonly trials: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly mean: number;
}

/**
 * Uncertain inputs drawn independently: hardware prices x U(0.85, 1.15) (quote spread), electricity
 * x U(0.7, 1.3), utilisation + U(-0.1, +0.1), rental price x U(0.6, 1.2) (market decline risk),
 * facility build x U(0.8, 1.3) (construction overrun). The spreads are stated
 * assumptions.
 */
export function economicMonteCarlo(
  base: EconomicInputs,
  trials: number,
  seed: number,
): EconomicMonteCarlo {
  const random = seededRandom(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * random();
  const metric = base.rentalUsdPerGpuHour !== undefined ? 'npvUsd' : 'tcoUsd';
  const values: number[] = [];
  // One draw's inputs, overwritten in place each trial: a fresh copy of the ~35 inputs per draw
  // was most of the Monte Carlo's time. The draws are taken in the same order as before.
  const trial: { -readonly [K in keyof EconomicInputs]: EconomicInputs[K] } = { ...base };
  for (let t = 0; t < trials; t++) {
    const hw = u(0.85, 1.15);
    trial.serverUsd = base.serverUsd * hw;
    trial.networkUsd = base.networkUsd * hw;
    trial.storageUsd = base.storageUsd * hw;
    trial.facilityUsdPerMW = base.facilityUsdPerMW * u(0.8, 1.3);
    trial.electricityUsdPerKWh = base.electricityUsdPerKWh * u(0.7, 1.3);
    trial.utilization = Math.min(1, Math.max(0.05, base.utilization + u(-0.1, 0.1)));
    if (base.rentalUsdPerGpuHour !== undefined)
      trial.rentalUsdPerGpuHour = base.rentalUsdPerGpuHour * u(0.6, 1.2);
    values.push(headlineMetric(trial, metric));
  }
  values.sort((a, b) => a - b);
  const q = (p: number) =>
    values[Math.min(values.length - 1, Math.round(p * (values.length - 1)))] ?? 0;
  return {
    metric,
    seed,
    trials,
    p10: q(0.1),
    p50: q(0.5),
    p90: q(0.9),
    mean: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
  };
}
