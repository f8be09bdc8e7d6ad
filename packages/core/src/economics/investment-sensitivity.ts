// The investment case's tornado: each new input moved down and up by a fifth, ranked by the swing
// it causes in the NPV of the free cash flow to equity (debt terms move only the equity's flow).
import { evaluateInvestment, type InvestmentInputs } from './investment-case.js';
import type { EconomicInputs } from './plan-economics.js';
import { scaleCurve } from './rental-price.js';
import type { TornadoBar } from './plan-economics.js';

type Case = { money: EconomicInputs; inv: InvestmentInputs };
type Move = (c: Case, f: number) => Case | undefined;

const capped = (x: number) => Math.min(1, Math.max(0, x));

/** The inputs, each with how it moves by a factor f (undefined when it does not apply). */
const MOVES: readonly (readonly [string, string, Move])[] = [
  [
    'rentalPrice',
    'rental price',
    (c, f) => ({ ...c, inv: { ...c.inv, rental: scaleCurve(c.inv.rental, f) } }),
  ],
  [
    'rentalPriceDecayPerYear',
    'rental price decay',
    (c, f) =>
      c.inv.rental.kind === 'decay' && c.inv.rental.decayPerYear > 0
        ? {
            ...c,
            inv: {
              ...c.inv,
              rental: {
                ...c.inv.rental,
                decayPerYear: Math.min(0.99, c.inv.rental.decayPerYear * f),
              },
            },
          }
        : undefined,
  ],
  [
    'utilizationRamp',
    'utilisation ramp',
    (c, f) =>
      c.inv.utilizationRamp.length > 0
        ? {
            ...c,
            inv: { ...c.inv, utilizationRamp: c.inv.utilizationRamp.map((u) => capped(u * f)) },
          }
        : undefined,
  ],
  [
    'utilization',
    'steady utilisation',
    (c, f) => ({ ...c, money: { ...c.money, utilization: capped(c.money.utilization * f) } }),
  ],
  [
    'buildMonths',
    'months to energise',
    (c, f) => {
      const s = c.inv.schedule;
      const phases = s.phases.map((p) => ({
        ...p,
        onlineMonth: Math.max(s.designMonths + 1, Math.round(p.onlineMonth * f)),
      }));
      return {
        ...c,
        inv: {
          ...c.inv,
          schedule: { ...s, constructionMonths: Math.round(s.constructionMonths * f), phases },
        },
      };
    },
  ],
  [
    'hardwarePrice',
    'hardware price',
    (c, f) => ({
      ...c,
      money: {
        ...c.money,
        serverUsd: c.money.serverUsd * f,
        networkUsd: c.money.networkUsd * f,
        storageUsd: c.money.storageUsd * f,
      },
    }),
  ],
  [
    'residualValueShare',
    'resale value',
    (c, f) =>
      c.inv.residualValueShare > 0
        ? { ...c, inv: { ...c.inv, residualValueShare: capped(c.inv.residualValueShare * f) } }
        : undefined,
  ],
  [
    'debtRatePerYear',
    'debt rate',
    (c, f) =>
      c.inv.debtShare > 0 && c.inv.debtRatePerYear > 0
        ? { ...c, inv: { ...c.inv, debtRatePerYear: c.inv.debtRatePerYear * f } }
        : undefined,
  ],
  [
    'taxRate',
    'tax rate',
    (c, f) =>
      c.inv.taxRate > 0
        ? { ...c, inv: { ...c.inv, taxRate: capped(c.inv.taxRate * f) } }
        : undefined,
  ],
  [
    'costOfEquity',
    'cost of equity',
    (c, f) => ({ ...c, inv: { ...c.inv, costOfEquity: c.inv.costOfEquity * f } }),
  ],
];

export function investmentTornado(
  money: EconomicInputs,
  inv: InvestmentInputs,
  spread = 0.2,
): { metric: 'equityNpvUsd'; bars: TornadoBar[] } {
  const bars: TornadoBar[] = [];
  for (const [input, label, move] of MOVES) {
    const lowCase = move({ money, inv }, 1 - spread);
    const highCase = move({ money, inv }, 1 + spread);
    if (!lowCase || !highCase) continue;
    const at = (c: Case) => evaluateInvestment(c.money, c.inv, false).equity.npvUsd;
    const low = at(lowCase);
    const high = at(highCase);
    bars.push({ input, label, low, high, swing: Math.abs(high - low) });
  }
  bars.sort((a, b) => b.swing - a.swing);
  return { metric: 'equityNpvUsd', bars };
}
