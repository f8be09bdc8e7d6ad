// The investment case's inputs from the scenario's `economics` keys, each left out filled from the
// catalog (catalog/data/investment.json), with the assumptions that say which figure came from where.
import {
  investmentFigure,
  rentalPriceDecay,
  type InvestmentFigure,
} from '../catalog/investment.js';
import { CONFIDENCE_KINDS, type Confidence } from '../catalog/sourced.js';
import type { ResolvedEconomics } from '../scenario/schema.js';
import type { InvestmentInputs } from './investment-case.js';

export interface InvestmentAssumption {
  readonly name: string;
  readonly value: string;
  readonly source: string;
  readonly confidence?: Confidence;
}

const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;

/** The scenario's figure (no kind) or the catalog's (with its kind). */
function pick<T>(given: T | undefined, key: string, catalog: InvestmentFigure<T>) {
  return given !== undefined
    ? { value: given, source: `economics.${key}` }
    : { value: catalog.value, source: catalog.source, confidence: catalog.confidence };
}
const kind = (f: { confidence?: Confidence }) =>
  f.confidence !== undefined ? { confidence: f.confidence } : {};
/** The weakest kind among catalog figures; none when any is the scenario's own. */
function weakest(...figures: readonly { confidence?: Confidence }[]) {
  let worst = -1;
  for (const f of figures) {
    if (f.confidence === undefined) return {};
    worst = Math.max(worst, CONFIDENCE_KINDS.indexOf(f.confidence));
  }
  const c = CONFIDENCE_KINDS[worst];
  return c !== undefined ? { confidence: c } : {};
}

export function investmentInputs(
  e: ResolvedEconomics,
  gpuId: string,
  gpus: number,
  rental: { readonly value: number; readonly source: string; readonly confidence?: Confidence },
): { inputs: InvestmentInputs; assumptions: InvestmentAssumption[] } {
  const design = pick(e.designMonths, 'designMonths', investmentFigure('designMonths'));
  const construction =
    e.buildMonths !== undefined
      ? { value: e.buildMonths - design.value, source: 'economics.buildMonths - designMonths' }
      : pick(e.constructionMonths, 'constructionMonths', investmentFigure('constructionMonths'));
  const designShare = investmentFigure('designCapexShare');
  // Energised at the end of design and construction (month 1 at the earliest: hardware is bought then).
  const phases = e.phases ?? [
    { gpus, onlineMonth: Math.max(1, design.value + construction.value) },
  ];
  const ramp = pick(e.utilizationRamp, 'utilizationRamp', investmentFigure('utilizationRamp'));
  const decay = pick(e.rentalPriceDecayPerYear, 'rentalPriceDecayPerYear', rentalPriceDecay(gpuId));
  const refresh = pick(e.refreshYears, 'refreshYears', investmentFigure('refreshYears'));
  const residual = pick(
    e.residualValueShare,
    'residualValueShare',
    investmentFigure('residualValueShare'),
  );
  const debtShare = pick(e.debt?.share, 'debt.share', investmentFigure('debtShare'));
  const debtRate = pick(
    e.debt?.ratePerYear,
    'debt.ratePerYear',
    investmentFigure('debtRatePerYear'),
  );
  const debtYears = pick(e.debt?.years, 'debt.years', investmentFigure('debtYears'));
  const tax = pick(e.taxRate, 'taxRate', investmentFigure('taxRate'));
  const lossOffset = investmentFigure('lossOffsetShare');
  const equity = pick(e.costOfEquity, 'costOfEquity', investmentFigure('costOfEquity'));
  const method = e.depreciationMethod ?? 'straight-line';
  const inputs: InvestmentInputs = {
    schedule: {
      designMonths: design.value,
      constructionMonths: construction.value,
      designCapexShare: designShare.value,
      phases,
    },
    utilizationRamp: ramp.value,
    rental:
      e.rentalPriceByYear !== undefined
        ? { kind: 'by-year', usdByYear: e.rentalPriceByYear }
        : { kind: 'decay', startUsd: rental.value, decayPerYear: decay.value },
    refreshYears: refresh.value,
    residualValueShare: residual.value,
    debtShare: debtShare.value,
    debtRatePerYear: debtRate.value,
    debtYears: debtYears.value,
    taxRate: tax.value,
    lossOffsetShare: lossOffset.value,
    depreciationMethod: method,
    costOfEquity: equity.value,
    period: e.cashFlowPeriod ?? 'year',
  };
  const assumptions: InvestmentAssumption[] = [
    {
      name: 'build schedule',
      value: `${design.value} months of design, ${construction.value} of construction per phase; ${phases.length} phase${phases.length > 1 ? 's' : ''} energised in month ${phases.map((p) => p.onlineMonth).join(', ')}; ${pct(designShare.value)} of the facility capex in design`,
      source: [design.source, construction.source, designShare.source].join('; '),
      ...weakest(design, construction, designShare),
    },
    {
      name: 'utilisation ramp',
      value:
        ramp.value.length > 0
          ? `${ramp.value.map(pct).join(', ')} in a phase's first ${ramp.value.length} year${ramp.value.length > 1 ? 's' : ''} in service, then ${pct(e.utilization)}`
          : `${pct(e.utilization)} from the first month in service`,
      source: ramp.source,
      ...kind(ramp),
    },
    {
      name: 'rental price curve',
      value:
        e.rentalPriceByYear !== undefined
          ? `$${e.rentalPriceByYear.map((p) => p.toFixed(2)).join(', ')} per GPU-hour in years 1-${e.rentalPriceByYear.length} after purchase`
          : `$${rental.value.toFixed(2)} per GPU-hour in year 1, ${pct(decay.value)} less each year; a refresh's hardware starts again at $${rental.value.toFixed(2)}`,
      source:
        e.rentalPriceByYear !== undefined
          ? 'economics.rentalPriceByYear'
          : `start: ${rental.source}; decay: ${decay.source}`,
      ...(e.rentalPriceByYear === undefined ? kind(decay) : {}),
    },
    {
      name: 'refresh and resale',
      value: `hardware replaced after ${refresh.value} years in service, sold for ${pct(residual.value)} of its price (valued on a straight line from its price to that at the end of the horizon)`,
      source: `${refresh.source}; ${residual.source}`,
      ...weakest(refresh, residual),
    },
    {
      name: 'debt',
      value: `${pct(debtShare.value)} of each month's capex borrowed at ${pct(debtRate.value)}, each draw repaid monthly over ${debtYears.value} years; the balance left is repaid at the end of the horizon`,
      source: [debtShare.source, debtRate.source, debtYears.source].join('; '),
      ...weakest(debtShare, debtRate, debtYears),
    },
    {
      name: 'tax and depreciation',
      value: `${pct(tax.value)} on profit after depreciation and interest, losses carried forward against ${pct(lossOffset.value)} of a later year's profit; hardware ${method} over ${e.depreciationYears} years, the facility straight-line over its life`,
      source: `${tax.source}; ${lossOffset.source}; depreciation: economics.depreciationYears (default 5: computers are 5-year property, IRS Publication 946, Table B-1, asset class 00.12)`,
      ...weakest(tax, lossOffset),
    },
    {
      name: 'cost of equity',
      value: `${pct(equity.value)} (free cash flow to equity); the firm's flow at the ${pct(e.discountRate)} discount rate`,
      source: equity.source,
      ...kind(equity),
    },
  ];
  return { inputs, assumptions };
}
