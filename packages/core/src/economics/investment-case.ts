// The investment case month by month from the decision to build: capex as the schedule spends it,
// revenue on each phase's sold hours at its ramped utilisation and the aging rental price, opex
// as capacity comes online, hardware refreshed and resold, debt drawn with the capex and repaid
// as annuities, tax on profit after depreciation and interest with losses carried forward; then
// the months summed into a yearly (or quarterly) cash-flow table and its NPV, IRR and payback.
import { annuityPayment } from './annuity.js';
import {
  facilitySpendByMonth,
  schedulePhases,
  type BuildSchedule,
  type ScheduledPhase,
} from './build-schedule.js';
import { cashFlowTable, type CashFlowTable, type MonthFlows } from './cash-flow-table.js';
import { depreciationByYear } from './depreciation.js';
import { incomeTaxByYear } from './income-tax.js';
import { steadyLines, type EconomicInputs } from './plan-economics.js';
import { rentalPriceAt, type RentalCurve } from './rental-price.js';
import type { DepreciationMethod } from '../scenario/investment-schema.js';

/** Every figure of the investment case beyond the money model's own inputs. */
export interface InvestmentInputs {
  readonly schedule: BuildSchedule;
  /** Utilisation of a phase in its 1st, 2nd, ... year in service; then money.utilization. */
  readonly utilizationRamp: readonly number[];
  readonly rental: RentalCurve;
  readonly refreshYears: number;
  /** Share of its price hardware fetches at the end of its life (refreshYears). */
  readonly residualValueShare: number;
  readonly debtShare: number;
  readonly debtRatePerYear: number;
  readonly debtYears: number;
  readonly taxRate: number;
  readonly lossOffsetShare: number;
  readonly depreciationMethod: DepreciationMethod;
  readonly costOfEquity: number;
  readonly period: 'year' | 'quarter';
}

/** Hours in an average month (8,760 / 12). */
const HOURS_PER_MONTH = 730;

/** A batch of hardware: a phase's first purchase or one of its refreshes. */
interface Cohort {
  readonly phase: ScheduledPhase;
  readonly costUsd: number;
  readonly boughtMonth: number;
  /** The month its price clock starts: 0 for the generation bought at the decision. */
  readonly priceClockMonth: number;
  readonly soldMonth: number;
}

/** The phases' hardware over the horizon, refreshed every refreshYears while the horizon lasts. */
function cohorts(
  phases: readonly ScheduledPhase[],
  hardwarePerGpu: number,
  refreshMonths: number,
  months: number,
): Cohort[] {
  const out: Cohort[] = [];
  for (const phase of phases) {
    let bought = phase.onlineMonth;
    let clock = 0;
    while (bought <= months) {
      const next = bought + Math.max(1, Math.round(refreshMonths));
      const sold = next < months ? next : months;
      out.push({
        phase,
        costUsd: phase.gpus * hardwarePerGpu,
        boughtMonth: bought,
        priceClockMonth: clock,
        soldMonth: sold,
      });
      if (next >= months) break;
      clock = next;
      bought = next;
    }
  }
  return out;
}

/** Spread each year's depreciation evenly over its months, from the month after `start`. */
function addDepreciation(into: number[], amounts: readonly number[], start: number, end: number) {
  amounts.forEach((a, y) => {
    for (let k = 1; k <= 12; k++) {
      const m = start + y * 12 + k;
      if (m <= end) into[m] = (into[m] ?? 0) + a / 12;
    }
  });
}

/** The tax book value left of `cost` after `monthsDepreciated` of a yearly schedule. */
function bookValue(cost: number, amounts: readonly number[], monthsDepreciated: number): number {
  let taken = 0;
  amounts.forEach((a, y) => {
    taken += (a * Math.min(12, Math.max(0, monthsDepreciated - y * 12))) / 12;
  });
  return Math.max(0, cost - taken);
}

/** The months of the case: every flow, 1..months (index 0 unused). */
export function investmentMonths(money: EconomicInputs, inv: InvestmentInputs): MonthFlows {
  const months = Math.max(1, Math.round(money.horizonYears)) * 12;
  const zeros = () => new Array<number>(months + 1).fill(0);
  const f: MonthFlows = {
    months,
    gpusOnline: zeros(),
    soldGpuHours: zeros(),
    revenue: zeros(),
    opex: zeros(),
    capex: zeros(),
    assetSales: zeros(),
    depreciation: zeros(),
    gains: zeros(),
    interest: zeros(),
    drawn: zeros(),
    principal: zeros(),
    balloon: zeros(),
    debtBalance: zeros(),
    taxLevered: zeros(),
    taxUnlevered: zeros(),
  };
  const G = money.gpus;
  const hardware = money.servers * money.serverUsd + money.networkUsd + money.storageUsd;
  const facility = money.facilityUsdPerMW * money.itNameplateMW;
  const phases = schedulePhases(inv.schedule, G);
  const facilitySpend = facilitySpendByMonth(inv.schedule, phases, facility, months);
  const steady = steadyLines(money, hardware, facility);
  const capacityLines = steady.staff + steady.connectivity + steady.software + steady.colocation;
  const util = Math.min(1, Math.max(0, money.utilization));
  const busyPerGpu = G > 0 ? money.busyFacilityMW / G : 0;
  const idlePerGpu = G > 0 ? money.idleFacilityMW / G : 0;
  const batches = cohorts(phases, G > 0 ? hardware / G : 0, inv.refreshYears * 12, months);
  const hardwareLife = money.depreciationYears;
  const facilityLife = money.facilityLifeYears;

  for (let m = 1; m <= months; m++) f.capex[m] = facilitySpend[m] ?? 0;
  let facilitySpent = 0;
  const facilityBuilt = zeros();
  for (let m = 1; m <= months; m++) {
    facilitySpent += facilitySpend[m] ?? 0;
    facilityBuilt[m] = facilitySpent;
  }

  // The facility: each phase's hall depreciates straight-line (buildings must, 26 U.S.C. 168(b)(3))
  // from its energisation; what is left at the end of the horizon is its book value.
  let facilityResidual = 0;
  for (const p of phases) {
    const cost = facility * p.share;
    const amounts = depreciationByYear(cost, facilityLife, 'straight-line');
    if (p.onlineMonth >= months) {
      // Not yet in service: what has been spent on it is its value.
      const window = p.onlineMonth - p.constructionStartMonth + 1;
      const built = Math.min(1, Math.max(0, (months - p.constructionStartMonth + 1) / window));
      const design = inv.schedule.designMonths > 0 ? inv.schedule.designCapexShare : 0;
      facilityResidual += cost * (design + (1 - design) * built);
      continue;
    }
    addDepreciation(f.depreciation, amounts, p.onlineMonth, months);
    facilityResidual += bookValue(cost, amounts, months - p.onlineMonth);
  }
  f.assetSales[months] = (f.assetSales[months] ?? 0) + facilityResidual;

  for (const c of batches) {
    f.capex[c.boughtMonth] = (f.capex[c.boughtMonth] ?? 0) + c.costUsd;
    const amounts = depreciationByYear(c.costUsd, hardwareLife, inv.depreciationMethod);
    addDepreciation(f.depreciation, amounts, c.boughtMonth, c.soldMonth);
    // Sold at refresh (or valued at the end): a straight line from its price to the residual
    // share at the end of its life; the gain over its tax book value is taxed.
    const age = c.soldMonth - c.boughtMonth;
    const lifeMonths = Math.max(1, inv.refreshYears * 12);
    const value =
      c.costUsd *
      Math.max(inv.residualValueShare, 1 - ((1 - inv.residualValueShare) * age) / lifeMonths);
    f.assetSales[c.soldMonth] = (f.assetSales[c.soldMonth] ?? 0) + value;
    f.gains[c.soldMonth] = (f.gains[c.soldMonth] ?? 0) + value - bookValue(c.costUsd, amounts, age);
    for (let m = c.boughtMonth + 1; m <= c.soldMonth; m++) {
      const inService = m - c.phase.onlineMonth;
      const u = inv.utilizationRamp[Math.ceil(inService / 12) - 1] ?? util;
      const hours = c.phase.gpus * HOURS_PER_MONTH * u;
      f.gpusOnline[m] = (f.gpusOnline[m] ?? 0) + c.phase.gpus;
      f.soldGpuHours[m] = (f.soldGpuHours[m] ?? 0) + hours;
      f.revenue[m] = (f.revenue[m] ?? 0) + hours * rentalPriceAt(inv.rental, m - c.priceClockMonth);
      const energyMWh = c.phase.gpus * (busyPerGpu * u + idlePerGpu * (1 - u)) * HOURS_PER_MONTH;
      const ageMonths = m - c.boughtMonth;
      const support =
        ageMonths > money.supportYearsIncluded * 12 ? money.postWarrantySupportFraction : 0;
      const bookShare = Math.max(0, 1 - Math.floor((ageMonths - 1) / 12) / hardwareLife);
      f.opex[m] =
        (f.opex[m] ?? 0) +
        energyMWh * 1000 * money.electricityUsdPerKWh +
        (c.costUsd * (support + money.insuranceFraction + bookShare * money.equipmentTaxFraction)) /
          12;
    }
  }
  for (let m = 1; m <= months; m++) {
    const online = G > 0 ? (f.gpusOnline[m] ?? 0) / G : 0;
    const hallsDone = phases.filter((p) => p.onlineMonth < m).reduce((s, p) => s + p.share, 0);
    f.opex[m] =
      (f.opex[m] ?? 0) +
      ((facilityBuilt[m] ?? 0) * money.insuranceFraction) / 12 +
      (facility * hallsDone * (money.facilityMaintenanceFraction + money.propertyTaxFraction)) /
        12 +
      (capacityLines * online) / 12;
  }

  // Debt: each month's draw is its own annuity over the term, paid from the next month; what is
  // owed at the end of the horizon is repaid then.
  const i = inv.debtRatePerYear / 12;
  const n = Math.max(1, Math.round(inv.debtYears * 12));
  let balance = 0;
  const tranches: { balance: number; payment: number; left: number }[] = [];
  for (let m = 1; m <= months; m++) {
    for (const t of tranches) {
      if (t.left <= 0) continue;
      const interest = t.balance * i;
      const principal = Math.min(t.balance, t.payment - interest);
      f.interest[m] = (f.interest[m] ?? 0) + interest;
      f.principal[m] = (f.principal[m] ?? 0) + principal;
      t.balance -= principal;
      t.left--;
      balance -= principal;
    }
    const draw = (f.capex[m] ?? 0) * inv.debtShare;
    if (draw > 0) {
      tranches.push({ balance: draw, payment: annuityPayment(draw, i, n), left: n });
      f.drawn[m] = draw;
      balance += draw;
    }
    if (m === months && balance > 1e-6) {
      f.balloon[m] = balance;
      balance = 0;
    }
    f.debtBalance[m] = Math.max(0, balance);
  }

  // Tax by year on EBITDA - depreciation (- interest for the levered flow) + disposal gains, paid
  // in the year's last month.
  const years = months / 12;
  const yearSum = (a: readonly number[], y: number) => {
    let s = 0;
    for (let m = y * 12 + 1; m <= (y + 1) * 12; m++) s += a[m] ?? 0;
    return s;
  };
  const operating = Array.from(
    { length: years },
    (_, y) =>
      yearSum(f.revenue, y) - yearSum(f.opex, y) - yearSum(f.depreciation, y) + yearSum(f.gains, y),
  );
  const levered = incomeTaxByYear(
    operating.map((x, y) => x - yearSum(f.interest, y)),
    inv.taxRate,
    inv.lossOffsetShare,
  );
  const unlevered = incomeTaxByYear(operating, inv.taxRate, inv.lossOffsetShare);
  for (let y = 0; y < years; y++) {
    f.taxLevered[(y + 1) * 12] = levered[y] ?? 0;
    f.taxUnlevered[(y + 1) * 12] = unlevered[y] ?? 0;
  }
  return f;
}

export interface InvestmentCase extends CashFlowTable {
  readonly phases: readonly ScheduledPhase[];
  /** (1 - debt share) x cost of equity + debt share x debt rate x (1 - tax rate). */
  readonly impliedWacc: number;
}

/** The case's table and metrics. `detail: false` skips the root searches (the sensitivity). */
export function evaluateInvestment(
  money: EconomicInputs,
  inv: InvestmentInputs,
  detail = true,
): InvestmentCase {
  const months = investmentMonths(money, inv);
  const table = cashFlowTable(months, {
    period: inv.period,
    firmRate: money.discountRate,
    equityRate: inv.costOfEquity,
    detail,
  });
  return {
    ...table,
    phases: schedulePhases(inv.schedule, money.gpus),
    impliedWacc:
      (1 - inv.debtShare) * inv.costOfEquity +
      inv.debtShare * inv.debtRatePerYear * (1 - inv.taxRate),
  };
}
