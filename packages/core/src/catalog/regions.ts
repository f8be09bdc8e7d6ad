// Sites below the country level (data/regions.json): US states and Chinese provinces where AI data
// centres are built, each with its industrial electricity price and grid carbon intensity, a
// source and a confidence beside every figure.
//
// Codes are ISO 3166-2 subdivision codes (US-VA, CN-NM). EU/EEA sites are at the country level
// (prices.json, carbon/grid.ts) except where one country has several electricity bidding zones
// whose grids differ: Sweden (SE1-SE4), Norway (NO1-NO5), Denmark (DK1, DK2) and Italy (NO, CSO,
// SIC, SAR), a region per data-centre county or region, its grid the zone's (gridZone).
//
// Figures and their kinds:
// - US electricity: EIA Electric Power Annual 2023 state table, industrial average revenue per kWh
//   (the EIA-861 survey of retail sales), `survey`, for the 50 states and DC but Wyoming, whose
//   industrial figure is not in the catalog, so its entry carries no price. One annual table for
//   every state (not a month of the Electric Power Monthly), so states compare like for like.
// - US grid: EPA eGRID2022 state CO2e total output emission rate (STC2ERTA), lb/MWh x 0.45359237 =
//   g/kWh, `measured` (plant emissions and generation as reported to EPA and EIA), for all 50
//   states and DC: the 27 with a data-centre market entered first, the other 23 and DC read in a
//   public repository copy of the ST22 sheet that each source names. It is the rate of generation
//   inside the state; a state that imports much of its power (e.g. California, DC) consumes
//   electricity dirtier or cleaner than this.
// - China grid: MEE/NBS provincial average electricity CO2 emission factors for 2022 (announced
//   2024-12-20), kgCO2/kWh x 1000, `survey` (official statistics), for all 31 mainland provinces;
//   Tibet, which the table leaves out, at the Southwest regional factor (`estimate`).
// - China electricity: where the grid company's monthly agency-purchase (代理购电) price table for
//   industrial and commercial users was found, its two-part (两部制, formerly large-industrial)
//   1-10 kV row, `datasheet`: Tianjin, Hebei (the Hebei South grid), Guangdong (the Pearl River
//   Delta zone) and Chongqing at the flat period of February 2025, Hubei at the price of January
//   2026, each converted at the February 2025 monthly rate (7.2734 CNY/USD); Beijing on its
//   published time-of-use periods (July 2024), at the price of a flat load. Guizhou, Ningxia,
//   Inner Mongolia, Gansu and Sichuan carry a published data-centre or industrial price
//   (`secondary`). Zhejiang (June 2025), Jiangsu (June 2025) and Shandong (March 2025) carry the
//   two-part 110 kV non-time-of-use energy price of their tariff tables as listed in a published
//   compilation (compute-cost-curve, github.com/qrlow/compute-cost-curve), `secondary`, at the
//   same 7.2734 CNY/USD; 110 kV is the class a large data centre takes supply at, not the 1-10 kV
//   class of the grid-table entries. The other 17 provinces carry no price but an
//   electricityPriceGap saying what is missing, and a caller uses the country's figure
//   (PRICES.electricityUsdPerKWh.value.CN) instead.
// - EU/EEA bidding zones: Electricity Maps yearly zone averages (lifecycle, the same data as the
//   countries'), `secondary`; no zonal price (the country's industrial price applies).
// - iso: the ISO/RTO that runs the wholesale market over most of the state's load (FERC, 'Electric
//   Power Markets', ferc.gov/electric-power-markets), several where the state is split; absent
//   where the state is served by vertically integrated utilities outside any ISO/RTO.
// - chinaHubZone: the national computing hub node of the 'East Data, West Computing' (东数西算)
//   plan the province belongs to. NDRC, CAC, MIIT and NEA approved eight hub nodes in February 2022
//   (Beijing-Tianjin-Hebei, Yangtze River Delta, Guangdong-Hong Kong-Macao, Chengdu-Chongqing,
//   Inner Mongolia, Guizhou, Gansu, Ningxia) with ten data-centre clusters (Zhangjiakou; Yangtze
//   River Delta eco-green integration zone and Wuhu; Shaoguan; Tianfu and Chongqing; Horinger;
//   Gui'an; Qingyang; Zhongwei). chinaHubCluster names the cluster inside the province: Beijing and
//   Tianjin belong to the Beijing-Tianjin-Hebei hub but its cluster is Zhangjiakou, in Hebei.
// - climate: the class (cold, temperate, hot) design PUE is read at, from the Koppen-Geiger class
//   at the province's hub cluster or capital (`estimate`); Chinese provinces only, the others use
//   their country's class.
import { z } from 'zod';
import regionsData from './data/regions.json' with { type: 'json' };
import { CONFIDENCE_KINDS, loadCatalog, sourced, type Confidence } from './sourced.js';
import { flatLoadPrice, timeOfUseSchema, type TimeOfUse } from './time-of-use.js';

/** `sourced()` with the confidence required: every figure in these catalogs says how it is known. */
export function sourcedFigure<T extends z.ZodType>(value: T) {
  return sourced(value).extend({ confidence: z.enum(CONFIDENCE_KINDS) });
}

/** An ISO 3166-2 subdivision code: the alpha-2 country, a hyphen, 1-3 letters or digits. */
export const SUBDIVISION_CODE = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

export const CHINA_HUB_ZONES = [
  'Beijing-Tianjin-Hebei',
  'Yangtze River Delta',
  'Guangdong-Hong Kong-Macao',
  'Chengdu-Chongqing',
  'Inner Mongolia',
  'Guizhou',
  'Gansu',
  'Ningxia',
] as const;
export type ChinaHubZone = (typeof CHINA_HUB_ZONES)[number];

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const RegionSchema = z.strictObject({
    name: z.string().min(2),
    /** ISO 3166-1 alpha-2. */
    country: z.string().regex(/^[A-Z]{2}$/),
    electricityUsdPerKWh: sourcedFigure(z.number().positive()).optional(),
    /** The grid's time-of-use tariff, where its periods are published: the price a flat load
     *  pays over the year is derived from it (instead of electricityUsdPerKWh). */
    electricityTimeOfUse: sourcedFigure(timeOfUseSchema()).optional(),
    /** Where the region has no price of its own: what is missing, and that the country's price
     *  applies (never beside a price). */
    electricityPriceGap: z.string().min(40).optional(),
    /** Absent where no state figure is entered: the plan uses the country's grid. */
    gridGCO2PerKWh: sourcedFigure(z.number().positive()).optional(),
    iso: z.string().min(3).optional(),
    chinaHubZone: z.enum(CHINA_HUB_ZONES).optional(),
    /** The Electricity Maps zone (a bidding zone: SE-SE1, DK-DK2, IT-NO) whose yearly figure the
     *  plan reads for site.year; gridGCO2PerKWh is its default year's. */
    gridZone: z
      .string()
      .regex(/^[A-Z]{2}-[A-Z0-9-]+$/)
      .optional(),
    /** The hub's data-centre cluster inside this province (one of the ten), when there is one. */
    chinaHubCluster: z.string().min(3).optional(),
    /** The climate class design PUE is read at (facility.json pue), where it differs from the
     *  country's (climateByCountry). */
    climate: sourcedFigure(z.enum(['cold', 'temperate', 'hot'])).optional(),
  });

  const RegionsSchema = z
    .record(z.string().regex(SUBDIVISION_CODE), RegionSchema)
    .superRefine((regions, ctx) => {
      for (const [code, region] of Object.entries(regions)) {
        if (!code.startsWith(`${region.country}-`))
          ctx.addIssue({
            code: 'custom',
            path: [code],
            message: `code is not in ${region.country}`,
          });
        if (
          region.electricityPriceGap !== undefined &&
          (region.electricityUsdPerKWh !== undefined || region.electricityTimeOfUse !== undefined)
        )
          ctx.addIssue({
            code: 'custom',
            path: [code, 'electricityPriceGap'],
            message: 'a price gap beside a price',
          });
      }
    });

  return { RegionSchema, RegionsSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export interface SourcedFigure {
  readonly value: number;
  readonly source: string;
  readonly confidence: Confidence;
}

/** One site: `electricityUsdPerKWh` (average industrial price, USD/kWh) is absent where no source
 *  was found, and the caller uses the country's price; `gridGCO2PerKWh` is the average grid
 *  emission factor of the region, gCO2(e)/kWh, absent (the country's applies) where not entered. */
export type Region = Readonly<z.output<Schemas['RegionSchema']>> & { readonly code: string };

const loaded = loadCatalog(
  'regions.json',
  () => {
    const { RegionsSchema } = catalogSchemas();
    return RegionsSchema;
  },
  regionsData,
);

/** The price of a flat load under a time-of-use tariff, USD/kWh, with its working. */
function timeOfUsePrice(tou: {
  readonly value: TimeOfUse;
  readonly source: string;
  readonly confidence: Confidence;
}): SourcedFigure {
  const local = flatLoadPrice(tou.value);
  const usd = local / tou.value.localPerUsd;
  return {
    value: usd,
    source: `${tou.source} A flat load (the same power every hour) pays over the year ${local.toFixed(6)} per kWh (each period's hours at its price, by the days of each month) = ${local.toFixed(6)} / ${tou.value.localPerUsd} = ${usd.toFixed(4)} USD/kWh.`,
    confidence: tou.confidence,
  };
}

/** A regions file's rows (code → region, as data/regions.json) as the sites aidc prices: a
 *  time-of-use tariff becomes its flat-load price. */
export function regionRows(rows: Readonly<Record<string, unknown>>): Region[] {
  return Object.entries(rows as typeof loaded).map(([code, region]) => ({
    code,
    ...region,
    ...(region.electricityTimeOfUse
      ? { electricityUsdPerKWh: timeOfUsePrice(region.electricityTimeOfUse) }
      : {}),
  }));
}

export const REGIONS: readonly Region[] = regionRows(loaded);

const indexes = new WeakMap<readonly Region[], Map<string, Region>>();

/** The region with this ISO 3166-2 code (case-insensitive), or undefined. */
export function findRegion(code: string, regions: readonly Region[] = REGIONS): Region | undefined {
  let byCode = indexes.get(regions);
  if (!byCode) {
    byCode = new Map(regions.map((region) => [region.code, region]));
    indexes.set(regions, byCode);
  }
  return byCode.get(code.trim().toUpperCase());
}
