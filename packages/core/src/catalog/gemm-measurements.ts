// Measured large-GEMM throughput per accelerator and precision (data/gemm-efficiency.json: each
// row a benchmark with its source). The planner takes a GPU's own measurement where there is one,
// and its generation's fraction (efficiency.json) where there is none.
import { z } from 'zod';
import measurementsData from './data/gemm-efficiency.json' with { type: 'json' };
import { peakFlops, type Gpu, type TensorPrecision } from './gpus.js';
import { loadCatalog } from './sourced.js';

const MeasurementSchema = z.object({
  gpu: z.string(),
  precision: z.string(),
  measuredTflops: z.number().positive(),
  what: z.string().min(8),
  source: z.string().min(8),
});

export type GemmMeasurement = z.output<typeof MeasurementSchema>;

export const GEMM_MEASUREMENTS: readonly GemmMeasurement[] = loadCatalog(
  'gemm-efficiency.json',
  z.array(MeasurementSchema),
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
  let byPrecision = MEASURED.get(gpu);
  if (!byPrecision) {
    byPrecision = new Map();
    MEASURED.set(gpu, byPrecision);
  }
  if (byPrecision.has(precision)) return byPrecision.get(precision);
  const fraction = bestMeasuredFraction(gpu, precision);
  byPrecision.set(precision, fraction);
  return fraction;
}

/** Per GPU object: the search asks for the same fraction once per layout. */
const MEASURED = new WeakMap<Gpu, Map<TensorPrecision, number | undefined>>();

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
