// Investment-case catalog (data/investment.json): the build schedule, the utilisation ramp, the
// rental price's decay per GPU generation, hardware refresh and resale, debt terms, tax and the
// cost of equity and the firm's discount rate, each with its source, date and how it is known.
import { z } from 'zod';
import investmentData from './data/investment.json' with { type: 'json' };
import { CONFIDENCE_KINDS, loadCatalog, type Confidence } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const dated = <T extends z.ZodType>(value: T) =>
    z.strictObject({
      value,
      source: z.string().min(8),
      date: z.string().min(4),
      confidence: z.enum(CONFIDENCE_KINDS),
    });

  const share = dated(z.number().min(0).max(1));

  const months = dated(z.number().int().min(0));

  const InvestmentCatalogSchema = z.strictObject({
    designMonths: months,
    constructionMonths: months,
    designCapexShare: share,
    utilizationRamp: dated(z.array(z.number().gt(0).max(1))),
    rentalPriceDecayPerYear: dated(z.record(z.string(), z.number().min(0).lt(1))),
    rentalPriceDecayDefault: share,
    refreshYears: dated(z.number().positive()),
    residualValueShare: share,
    debtShare: share,
    debtRatePerYear: share,
    debtYears: dated(z.number().positive()),
    taxRate: share,
    lossOffsetShare: share,
    costOfEquity: share,
    discountRate: share,
  });

  return { InvestmentCatalogSchema, dated, months, share };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type InvestmentCatalog = z.output<Schemas['InvestmentCatalogSchema']>;

export const INVESTMENT: InvestmentCatalog = loadCatalog(
  'investment.json',
  () => {
    const { InvestmentCatalogSchema } = catalogSchemas();
    return InvestmentCatalogSchema;
  },
  investmentData,
);

/** A catalog figure as an assumption reads it: its value, its source with the date, its kind. */
export interface InvestmentFigure<T> {
  readonly value: T;
  readonly source: string;
  readonly confidence: Confidence;
}

type Entry<T> = { value: T; source: string; date: string; confidence: Confidence };
const figure = <T>(e: Entry<T>): InvestmentFigure<T> => ({
  value: e.value,
  source: `${e.source} (${e.date})`,
  confidence: e.confidence,
});

/** The catalog's yearly rental price decay for a GPU, or the default for one it does not list. */
export function rentalPriceDecay(gpuId: string): InvestmentFigure<number> {
  const listed = INVESTMENT.rentalPriceDecayPerYear.value[gpuId];
  if (listed !== undefined) return { ...figure(INVESTMENT.rentalPriceDecayPerYear), value: listed };
  return figure(INVESTMENT.rentalPriceDecayDefault);
}

/** Any scalar figure of the catalog by name. */
export function investmentFigure<
  K extends Exclude<keyof InvestmentCatalog, 'rentalPriceDecayPerYear'>,
>(key: K): InvestmentFigure<InvestmentCatalog[K]['value']> {
  return figure(INVESTMENT[key] as Entry<InvestmentCatalog[K]['value']>);
}
