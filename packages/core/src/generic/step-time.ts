// One training step (and one forward pass) of a generic network on data-parallel, optionally
// pipelined GPUs. Roofline of the aggregate: matmul FLOPs at the GPU's measured large-GEMM rate
// (a network that lists its GEMM shapes has each at that rate times its wave quantization, as the
// LLM planner times its layers: NVIDIA, 'Matrix Multiplication Background User's Guide')
// plus activation traffic at its achievable HBM bandwidth (Williams et al. 2009, "Roofline");
// embedding lookups are HBM traffic on the GPU holding the row (Mudigere et al. 2022, Sec. 4) at
// the bandwidth a random row gather reaches (embeddingGatherRate);
// gradients are all-reduced and pooled embeddings exchanged all-to-all (collectives.ts).
import type { EfficiencyCatalog } from '../catalog/efficiency.js';
import type { Fabric } from '../catalog/fabrics.js';
import type { GenericTrainingConstants } from '../catalog/generic-models.js';
import { gemmFraction } from '../catalog/gemm-measurements.js';
import { GEMM_TILING } from '../catalog/gemm-tiling.js';
import { peakFlops, type Gpu } from '../catalog/gpus.js';
import type { GenericPrecision } from '../scenario/schema.js';
import { allReduceS, sendS } from '../training/collectives.js';
import { tileEfficiency, waveEfficiency } from '../training/gemm-shapes.js';
import { expertAllToAllS, groupLink } from '../training/step-time.js';
import { activationScale, genericTensorPath, type GenericModel } from './generic-model.js';

export interface GenericLayout {
  readonly dp: number;
  readonly pp: number;
  readonly microBatch: number;
}

export interface GenericStepInputs {
  readonly model: GenericModel;
  readonly gpu: Gpu;
  readonly fabric: Fabric | undefined;
  readonly precision: GenericPrecision;
  readonly globalBatchSamples: number;
  readonly layout: GenericLayout;
  readonly dataParallelOverlap: boolean;
  readonly efficiency: EfficiencyCatalog;
  readonly constants: GenericTrainingConstants;
}

export interface GenericStepBreakdown {
  /** Forward + backward matmul FLOPs (3x forward) of the busiest stage. */
  readonly computeS: number;
  /** Activation writes and reads of forward and backward. */
  readonly activationMemoryS: number;
  /** Embedding-row gathers, gradient scatters and sparse optimizer updates on this GPU's shard. */
  readonly embeddingS: number;
  /** Pooled embedding vectors to the data-parallel ranks and their gradients back. */
  readonly embeddingAllToAllS: number;
  readonly pipelineBubbleS: number;
  readonly pipelineP2pS: number;
  /** Gradient all-reduce not hidden behind the backward pass. */
  readonly dataParallelExposedS: number;
  readonly optimizerS: number;
  readonly totalS: number;
}

/** Sustained matmul rate of a GPU at a generic workload's precision, FLOP/s. */
export function matmulRate(gpu: Gpu, precision: GenericPrecision, eff: EfficiencyCatalog): number {
  const tensor = genericTensorPath(gpu, precision);
  if (tensor === undefined) return 0;
  return (peakFlops(gpu, tensor) ?? 0) * (gemmFraction(gpu, tensor, eff) ?? 0);
}

/** Achievable HBM bandwidth, bytes/s. */
export function hbmRate(gpu: Gpu, eff: EfficiencyCatalog): number {
  return gpu.hbmTBps.value * 1e12 * eff.hbmFraction.value;
}

/** HBM bandwidth of embedding-row gathers and scatters, bytes/s: random rows miss the DRAM row
 *  buffer, so they reach a measured share of the datasheet bandwidth (embeddingGatherHbmFraction)
 *  rather than the streaming share. */
export function embeddingGatherRate(gpu: Gpu, k: GenericTrainingConstants): number {
  return gpu.hbmTBps.value * 1e12 * k.embeddingGatherHbmFraction.value;
}

/**
 * Matmul seconds of `batch` samples on one GPU, forward and backward: a network's listed GEMM
 * shapes at `rate` times their quantization on the GPU's SMs, and the FLOPs the list leaves out
 * (attention scores, a remainder) at `rate`; without a list, every FLOP at `rate`. The forward and
 * data-gradient GEMMs run in whole waves of output tiles (waveEfficiency, as the LLM planner's);
 * the weight-gradient GEMM reduces over the batch's rows, a long inner dimension its library
 * splits over the SMs, so only its tile padding is lost (tileEfficiency). Operand traffic is not
 * charged here: the activations' HBM passes are (activationTrafficPasses), and a convolution's
 * implicit GEMM never writes its im2col matrix.
 */
export function genericMatmulS(
  model: GenericModel,
  gpu: Gpu,
  batch: number,
  rate: number,
): { forward: number; backward: number } {
  const flops = batch * model.forwardFlopsPerSample;
  if (!model.gemms || rate <= 0) return { forward: flops / rate, backward: (2 * flops) / rate };
  const sms = GEMM_TILING.sms.value[gpu.id];
  let listed = 0;
  let forward = 0;
  let backward = 0;
  for (const g of model.gemms) {
    const m = g.rowsPerSample * batch;
    const gemmS = (2 * m * g.n * g.k * g.count) / rate;
    listed += 2 * m * g.n * g.k * g.count;
    forward += gemmS / waveEfficiency(m, g.n, sms);
    backward += gemmS / waveEfficiency(m, g.k, sms) + gemmS / tileEfficiency(g.k, g.n);
  }
  const restS = Math.max(0, flops - listed) / rate;
  return { forward: forward + restS, backward: backward + 2 * restS };
}

/** Seconds of one optimizer step over the global batch. */
export function genericStepTime(x: GenericStepInputs): GenericStepBreakdown {
  const { model, gpu, layout, efficiency: eff, constants: k } = x;
  const { dp, pp, microBatch } = layout;
  const gpus = dp * pp;
  const env = { gpu, fabric: x.fabric, efficiency: eff };
  const localSamples = x.globalBatchSamples / dp;
  const microbatches = localSamples / microBatch;
  const rate = matmulRate(gpu, x.precision, eff);
  const hbm = hbmRate(gpu, eff);
  const perMicrobatch = genericMatmulS(model, gpu, microBatch, rate);
  const computeS = (microbatches * (perMicrobatch.forward + perMicrobatch.backward)) / pp;
  const activationBytes = model.activationBytesPerSample * activationScale(x.precision);
  const activationMemoryS =
    (localSamples * activationBytes * k.activationTrafficPasses.value.training) / pp / hbm;
  const stageS = computeS + activationMemoryS;
  // 1F1B: pp - 1 microbatch slots of fill and drain (Narayanan et al. 2021, Sec. 2.2).
  const pipelineBubbleS = pp > 1 ? ((pp - 1) / microbatches) * stageS : 0;
  const boundary = (model.boundaryBytesPerSample ?? 0) * activationScale(x.precision);
  const pipelineP2pS =
    pp > 1 ? 2 * microbatches * sendS(microBatch * boundary, groupLink(env, 2, dp)) : 0;
  const e = model.embedding;
  let embeddingS = 0;
  let embeddingAllToAllS = 0;
  if (e) {
    // Tables sharded over every GPU of the job: each serves its rows for the whole batch.
    const lookups = (x.globalBatchSamples * e.lookupsPerSample) / gpus;
    embeddingS =
      (lookups * e.dim * e.bytesPerElement * k.embeddingRowAccesses.value.training) /
      embeddingGatherRate(gpu, k);
    const pooled =
      (x.globalBatchSamples * e.tables * e.dim * k.embeddingOutputBytesPerElement.value) / gpus;
    embeddingAllToAllS = 2 * expertAllToAllS(env, pooled, gpus, 1);
  }
  const gradientBytes = (model.params / pp) * k.gradientBytes.value;
  const dpLink = groupLink(env, dp, 1);
  const allReduce = allReduceS(gradientBytes, dp, dpLink);
  const lastBucket = allReduceS(
    Math.min(gradientBytes, k.gradientBucketMB.value * 1e6),
    dp,
    dpLink,
  );
  const backwardS = (2 / 3) * stageS;
  const dataParallelExposedS = x.dataParallelOverlap
    ? Math.max(lastBucket, allReduce - eff.overlapFraction.value * backwardS)
    : allReduce;
  // The update reads and writes each parameter's optimizer state once.
  const optimizerS = (2 * (model.params / pp) * k.optimizerBytesPerParam.value) / hbm;
  const totalS =
    stageS +
    pipelineBubbleS +
    pipelineP2pS +
    embeddingS +
    embeddingAllToAllS +
    dataParallelExposedS +
    optimizerS;
  return {
    computeS,
    activationMemoryS,
    embeddingS,
    embeddingAllToAllS,
    pipelineBubbleS,
    pipelineP2pS,
    dataParallelExposedS,
    optimizerS,
    totalS,
  };
}

/**
 * Seconds of one forward pass (evaluation, batch serving) of `batch` samples per GPU on `gpus`
 * data-parallel GPUs: matmuls, one write and read of each activation, the weights read once, and
 * for a recommender the row gathers of its shard and one all-to-all.
 */
export function genericForwardTime(
  x: Omit<GenericStepInputs, 'layout' | 'globalBatchSamples' | 'dataParallelOverlap'> & {
    readonly batch: number;
    readonly gpus: number;
  },
): number {
  const { model, gpu, efficiency: eff, constants: k, batch, gpus } = x;
  const rate = matmulRate(gpu, x.precision, eff);
  const hbm = hbmRate(gpu, eff);
  const activationBytes = model.activationBytesPerSample * activationScale(x.precision);
  let s =
    genericMatmulS(model, gpu, batch, rate).forward +
    (batch * activationBytes * k.activationTrafficPasses.value.forward) / hbm +
    (model.params * 2) / hbm;
  const e = model.embedding;
  if (e) {
    s +=
      (batch *
        e.lookupsPerSample *
        e.dim *
        e.bytesPerElement *
        k.embeddingRowAccesses.value.forward) /
      embeddingGatherRate(gpu, k);
    const env = { gpu, fabric: x.fabric, efficiency: eff };
    s += expertAllToAllS(
      env,
      batch * e.tables * e.dim * k.embeddingOutputBytesPerElement.value,
      gpus,
      1,
    );
  }
  return s;
}
