// Accelerator catalog: datasheet figures per GPU/TPU (data/gpus.json, a source beside each).
import { z } from 'zod';
import gpusData from './data/gpus.json' with { type: 'json' };
import { loadCatalog, sourced } from './sourced.js';

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
] as const;
export type GpuGeneration = (typeof GENERATIONS)[number];

const GpuSchema = z.object({
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
});

export type Gpu = z.output<typeof GpuSchema>;

export const GPUS: readonly Gpu[] = loadCatalog('gpus.json', z.array(GpuSchema), gpusData);

export function findGpu(id: string): Gpu | undefined {
  return GPUS.find((g) => g.id === id);
}

/** Dense peak FLOP/s at a precision, or undefined when the hardware has no such tensor path. */
export function peakFlops(gpu: Gpu, precision: TensorPrecision): number | undefined {
  const tflops = gpu.peakDenseTflops.value[precision];
  return tflops === undefined ? undefined : tflops * 1e12;
}
