// Training throughput of a power-capped GPU (data/power-cap-throughput.json): a measured sweep of
// the GPU's power limit, each point its average draw and its time per epoch. The simulator's
// `powerCapPolicy: throttle` slows running jobs by it when the facility's power cap binds.
import { z } from 'zod';
import data from './data/power-cap-throughput.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs). */
function catalogSchemas() {
  const PointSchema = z.strictObject({
    powerLimitW: z.number().positive(),
    averagePowerW: z.number().positive(),
    secondsPerEpoch: z.number().positive(),
  });
  const CurveSchema = z.strictObject({
    gpu: z.string().min(1),
    workload: z.string().min(8),
    points: sourced(z.array(PointSchema).min(2)),
  });
  return { CurveSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type PowerCapThroughputCatalog = z.output<Schemas['CurveSchema']>;

export const POWER_CAP_THROUGHPUT: PowerCapThroughputCatalog = loadCatalog(
  'power-cap-throughput.json',
  () => catalogSchemas().CurveSchema,
  data,
);

/** One point of the curve: a GPU's draw as a share of its uncapped draw, and its throughput as a
 *  share of its uncapped throughput. */
export interface ThroughputAtPower {
  readonly powerFraction: number;
  readonly throughput: number;
}

/** The catalog's sweep as shares of the uncapped (highest-limit) point, lowest draw first. */
export function powerCapThroughputCurve(
  catalog: PowerCapThroughputCatalog = POWER_CAP_THROUGHPUT,
): ThroughputAtPower[] {
  const points = [...catalog.points.value].sort((a, b) => a.powerLimitW - b.powerLimitW);
  const top = points[points.length - 1];
  if (!top) throw new Error('the power-cap throughput catalog has no points');
  return points.map((p) => ({
    powerFraction: p.averagePowerW / top.averagePowerW,
    throughput: top.secondsPerEpoch / p.secondsPerEpoch,
  }));
}
