// Accelerator catalog: datasheet figures per GPU/TPU (data/gpus.json, a source beside each).
import { z } from 'zod';
import gpusData from './data/gpus.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';
import type { InlineGpu } from '../scenario/schema.js';

// fp6 and fp64 are listed where a datasheet gives them (MI355X, Blackwell Ultra); no workload
// runs on them, peakFlops() reads any key.
export const TENSOR_PRECISIONS = [
  'fp32',
  'tf32',
  'bf16',
  'fp16',
  'fp8',
  'int8',
  'fp4',
  'fp6',
  'fp64',
] as const;
export type TensorPrecision = (typeof TENSOR_PRECISIONS)[number];

const GENERATIONS = [
  'volta',
  'ampere',
  'hopper',
  'ada',
  'blackwell',
  'blackwell-ultra',
  'blackwell-rtx',
  'cdna3',
  'cdna4',
  'ascend-910',
  'tpu-v3',
  'tpu-v4',
  'tpu-v5e',
  'tpu-v5p',
  'tpu-v6e',
  'custom',
] as const;
export type GpuGeneration = (typeof GENERATIONS)[number];

/** The catalog's schemas, built only when the catalog is checked (validateCatalogs): building
 *  zod schemas is a start-up cost every run would pay for nothing. */
function catalogSchemas() {
  const GpuSchema = z.strictObject({
    id: z.string(),
    name: z.string(),
    vendor: z.string(),
    generation: z.enum(GENERATIONS),
    year: sourced(z.number().int()),
    peakDenseTflops: sourced(z.partialRecord(z.enum(TENSOR_PRECISIONS), z.number().positive())),
    hbmGB: sourced(z.number().positive()),
    hbmTBps: sourced(z.number().positive()),
    scaleUpGBps: sourced(z.number().positive()),
    scaleUpDomainGpus: sourced(z.number().int().positive()),
    scaleOutGbpsPerGpu: sourced(z.number().positive().nullable()),
    tdpW: sourced(z.number().positive().nullable()),
    usualServer: sourced(z.string()).optional(),
    gpusPerServer: sourced(z.number().int().positive()),
    /** Measured large-GEMM fraction of peak per precision (inline GPUs; catalog GPUs have theirs in
     *  gemm-efficiency.json). */
    gemmFraction: sourced(
      z.partialRecord(z.enum(TENSOR_PRECISIONS), z.number().positive().max(1)),
    ).optional(),
  });

  return { GpuSchema };
}
type Schemas = ReturnType<typeof catalogSchemas>;
export type Gpu = z.output<Schemas['GpuSchema']>;

export const GPUS: readonly Gpu[] = loadCatalog(
  'gpus.json',
  () => {
    const { GpuSchema } = catalogSchemas();
    return z.array(GpuSchema);
  },
  gpusData,
);

export function findGpu(id: string, gpus: readonly Gpu[] = GPUS): Gpu | undefined {
  return gpus.find((g) => g.id === id);
}

/** Dense peak FLOP/s at a precision, or undefined when the hardware has no such tensor path. */
export function peakFlops(gpu: Gpu, precision: TensorPrecision): number | undefined {
  const tflops = gpu.peakDenseTflops.value[precision];
  return tflops === undefined ? undefined : tflops * 1e12;
}

/** The accelerator a scenario names: its catalog entry, or the inline figures as a Gpu whose
 *  every figure cites the scenario's own `source`. */
export function resolveGpu(spec: string | InlineGpu, gpus: readonly Gpu[] = GPUS): Gpu | undefined {
  if (typeof spec === 'string') return findGpu(spec, gpus);
  const cite = <T>(value: T) => ({ value, source: spec.source });
  const peaks: Partial<Record<TensorPrecision, number>> = {
    bf16: spec.bf16Tflops,
    fp16: spec.bf16Tflops,
  };
  if (spec.fp8Tflops !== undefined) peaks.fp8 = spec.fp8Tflops;
  if (spec.fp4Tflops !== undefined) peaks.fp4 = spec.fp4Tflops;
  const fractions: Partial<Record<TensorPrecision, number>> = {};
  if (spec.gemmFraction !== undefined) {
    fractions.bf16 = spec.gemmFraction;
    fractions.fp16 = spec.gemmFraction;
  }
  if (spec.fp8GemmFraction !== undefined) fractions.fp8 = spec.fp8GemmFraction;
  return {
    id: spec.id,
    name: spec.name ?? spec.id,
    vendor: 'custom',
    generation: 'custom',
    year: cite(2026),
    peakDenseTflops: cite(peaks),
    hbmGB: cite(spec.hbmGB),
    hbmTBps: cite(spec.hbmTBps),
    scaleUpGBps: cite(spec.scaleUpGBps),
    scaleUpDomainGpus: cite(spec.scaleUpDomain),
    scaleOutGbpsPerGpu: cite(spec.nicGbps),
    tdpW: cite(spec.tdpW),
    gpusPerServer: cite(spec.gpusPerServer ?? Math.min(8, spec.scaleUpDomain)),
    ...(Object.keys(fractions).length > 0 ? { gemmFraction: cite(fractions) } : {}),
  };
}

/**
 * Usable HBM of a GPU in decimal GB, for training and serving alike. Datasheet "80 GB" parts hold
 * 80 GiB (an H100 SXM reports 81,559 MiB to nvidia-smi; NVIDIA H100 datasheet: 80GB HBM3), so the
 * datasheet figure is read as GiB.
 */
export function hbmCapacityGB(gpu: Gpu): number {
  return (gpu.hbmGB.value * 2 ** 30) / 1e9;
}
