// Serving precisions: bytes per weight and per KV-cache element, the tensor path each runs on,
// and which GPUs can run them (a precision needs the GPU's matching tensor-core path).
import { peakFlops, type Gpu, type TensorPrecision } from '../catalog/gpus.js';
import type { InferencePrecision, KvCachePrecision } from '../scenario/schema.js';

/**
 * Bytes per stored weight of the transformer blocks' linear layers. Block-scaled formats carry
 * their scales: int4 is AWQ/GPTQ-style with one fp16 scale and a 4-bit zero point per group of
 * 128 weights (Lin et al. 2024, AWQ, Sec. 4: group size 128) = 4.156 bits; fp4 is NVFP4, one FP8
 * scale per 16 values (NVIDIA Blackwell architecture technical brief; TensorRT Model Optimizer
 * docs, 'NVFP4') = 4.5 bits.
 */
export function weightBytes(precision: InferencePrecision): number {
  switch (precision) {
    case 'fp32':
      return 4;
    case 'fp16':
    case 'bf16':
      return 2;
    case 'fp8':
    case 'int8':
      return 1;
    case 'int4':
      return (4 + 20 / 128) / 8;
    case 'fp4':
      return 4.5 / 8;
  }
}

/**
 * Bytes per element of a linear layer's input activations, as its GEMM reads them: W8A8 fp8 and
 * int8 quantise the activations to 1 byte; NVFP4 to 4 bits with an FP8 scale per 16 values (4.5
 * bits, as its weights); weight-only int4 and 16-bit serving keep them 16-bit; fp32 4 bytes.
 */
export function activationBytes(precision: InferencePrecision): number {
  switch (precision) {
    case 'fp32':
      return 4;
    case 'fp8':
    case 'int8':
      return 1;
    case 'fp4':
      return 4.5 / 8;
    default:
      return 2;
  }
}

export function kvElementBytes(precision: KvCachePrecision): number {
  if (precision === 'fp32') return 4;
  return precision === 'fp16' || precision === 'bf16' ? 2 : 1;
}

/** The 16-bit tensor path of a GPU: bf16 where it exists, else fp16 (Volta). */
export function halfPrecision(gpu: Gpu): 'bf16' | 'fp16' | undefined {
  if (peakFlops(gpu, 'bf16') !== undefined) return 'bf16';
  return peakFlops(gpu, 'fp16') !== undefined ? 'fp16' : undefined;
}

/** Tensor path the matmuls run on: int4 is weight-only, dequantised into 16-bit matmuls. */
export function matmulPrecision(gpu: Gpu, precision: InferencePrecision): TensorPrecision {
  if (precision === 'int4') return halfPrecision(gpu) ?? 'fp16';
  return precision;
}

/**
 * KV-cache format when the scenario gives none: the model's 16-bit activation type, whatever the
 * weights. Engines quantise the cache only when told (vLLM kv_cache_dtype 'auto' = model dtype;
 * TensorRT-LLM takes the checkpoint's kv_cache_quant_algo, null in NVIDIA's FP8 Llama
 * checkpoints, e.g. nvidia/Llama-3.1-405B-Instruct-FP8 hf_quant_config.json). fp32 keeps fp32.
 */
export function defaultKvPrecision(gpu: Gpu, precision: InferencePrecision): KvCachePrecision {
  if (precision === 'fp32' || precision === 'fp16' || precision === 'bf16') return precision;
  return halfPrecision(gpu) ?? 'fp16';
}

const WEIGHT_ONLY_INT4_GENERATIONS = new Set(['ampere', 'hopper', 'blackwell', 'cdna3']);

/** Why this GPU cannot serve at this precision, with a fix; undefined when it can. */
export function precisionSupportIssue(
  gpu: Gpu,
  precision: InferencePrecision | KvCachePrecision,
  what: 'weights' | 'kv cache',
): { message: string; hint: string } | undefined {
  const supported = Object.keys(gpu.peakDenseTflops.value).join(', ');
  if (precision === 'int4') {
    // Weight-only int4 kernels (Marlin, AWQ GEMM, CK on ROCm) need sm80+ / CDNA3.
    if (WEIGHT_ONLY_INT4_GENERATIONS.has(gpu.generation)) return undefined;
    return {
      message: `${gpu.id} has no weight-only int4 kernels (they need Ampere or newer, or CDNA3)`,
      hint: 'use bf16/fp16, or an Ampere-or-newer GPU',
    };
  }
  if (peakFlops(gpu, precision) !== undefined) return undefined;
  const hints: Record<string, string> = {
    fp8: 'fp8 needs Hopper, Blackwell or MI300X; use int8, int4 or bf16 on older GPUs',
    fp4: 'fp4 needs Blackwell (b200-sxm-180gb, gb200-nvl72); use fp8 on Hopper',
    int8: 'int8 needs an int8 tensor path (Ampere or newer); use fp16 on this GPU',
    bf16: 'use fp16 on this GPU',
  };
  return {
    message: `${gpu.id} has no ${precision} tensor path for its ${what} (it has ${supported})`,
    hint: hints[precision] ?? `use one of ${supported}`,
  };
}
