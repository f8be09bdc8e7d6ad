// Measured large-GEMM throughput per accelerator and precision (data/gemm-efficiency.json: each
// row a benchmark with its source). The planner takes a GPU's own measurement where there is one,
// and its generation's fraction (efficiency.json) where there is none.
import { z } from 'zod';
import measurementsData from './data/gemm-efficiency.json' with { type: 'json' };
import { peakFlops, type Gpu, type TensorPrecision } from './gpus.js';
import { loadCatalog } from './sourced.js';
import type { EfficiencyCatalog } from './efficiency.js';
import { memoByOwner } from '../util/memo-by-owner.js';

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const MeasurementSchema = z.object({
    gpu: z.string(),
    precision: z.string(),
    measuredTflops: z.number().positive(),
    what: z.string().min(8),
    source: z.string().min(8),
  });

  return { MeasurementSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type GemmMeasurement = z.output<Schemas['MeasurementSchema']>;

export const GEMM_MEASUREMENTS: readonly GemmMeasurement[] = loadCatalog(
  'gemm-efficiency.json',
  () => {
    const { MeasurementSchema } = catalogSchemas();
    return z.array(MeasurementSchema);
  },
  measurementsData,
);

/** 16-bit formats share the tensor-core datapath, so either's measurement serves the other. */
const SAME_RATE: Partial<Record<TensorPrecision, readonly string[]>> = {
  bf16: ['bf16', 'fp16'],
  fp16: ['fp16', 'bf16'],
};

/**
 * Best measured fraction of the datasheet peak for a GPU's large GEMMs at `precision` (the
 * maximum-achievable-matmul measurement, e.g. MAMF), or undefined when none is catalogued.
 */
export function measuredGemmFraction(gpu: Gpu, precision: TensorPrecision): number | undefined {
  return measuredMemo(gpu, precision, () => bestMeasuredFraction(gpu, precision));
}

/** Per GPU object: the search asks for the same fraction once per layout. */
const measuredMemo = memoByOwner<Gpu, TensorPrecision, number | undefined>();

/**
 * Sustained large-GEMM fraction of peak on `tensor`: the GPU's own measurement, else its
 * generation's (efficiency.json) for that tensor path.
 */
export function gemmFraction(
  gpu: Gpu,
  tensor: TensorPrecision,
  eff: EfficiencyCatalog,
): number | undefined {
  const table =
    tensor === 'fp8'
      ? eff.fp8GemmFraction
      : tensor === 'fp4'
        ? eff.fp4GemmFraction
        : tensor === 'int8'
          ? eff.int8GemmFraction
          : eff.gemmFraction;
  return measuredGemmFraction(gpu, tensor) ?? table.value[gpu.generation];
}

function bestMeasuredFraction(gpu: Gpu, precision: TensorPrecision): number | undefined {
  const peak = peakFlops(gpu, precision);
  if (peak === undefined) return undefined;
  const own = gpu.gemmFraction?.value[precision];
  if (own !== undefined) return own;
  const accepted = SAME_RATE[precision] ?? [precision];
  let best: number | undefined;
  for (const m of GEMM_MEASUREMENTS) {
    if (m.gpu !== gpu.id || !accepted.includes(m.precision)) continue;
    const fraction = Math.min(1, (m.measuredTflops * 1e12) / peak);
    if (best === undefined || fraction > best) best = fraction;
  }
  return best;
}
