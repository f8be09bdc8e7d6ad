// The scenario file's schema: the single source of the scenario types (interface.md §1).
import { z } from 'zod';
import { FAILURE_CAUSES } from '../catalog/failure-rates.js';
import { GENERIC_FAMILIES } from '../catalog/generic-models.js';
import { INVESTMENT } from '../catalog/investment.js';
import { checkInvestmentKeys, investmentKeys } from './investment-schema.js';

const positiveInt = z.number().int().positive();
const positive = z.number().positive();
const fraction = z.number().min(0).max(1);

/** Training matmul precisions; `fp8` covers per-tensor, current and block (MXFP8) scaling, `fp4`
 *  is NVFP4 (Blackwell). */
export const PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8', 'fp4'] as const;
export const RECOMPUTE_MODES = ['none', 'selective', 'full'] as const;
/** FP8 scaling: delayed (amax history), per-tensor current, MXFP8 (32-blocks), 1x128/128x128 blocks. */
export const FP8_RECIPES = ['delayed', 'current', 'mxfp8', 'blockwise'] as const;
export type Fp8Recipe = (typeof FP8_RECIPES)[number];
/** full: gathers and reductions overlap compute; forward: only prefetched parameter gathers; none. */
export const DATA_PARALLEL_OVERLAP = ['full', 'forward', 'none'] as const;
export type DataParallelOverlap = (typeof DATA_PARALLEL_OVERLAP)[number];

export const MoeSchema = z.strictObject({
  experts: positiveInt,
  activeExperts: positiveInt,
  sharedExperts: z.number().int().min(0).default(0),
  expertFfnHidden: positiveInt,
  denseLayers: z.number().int().min(0).default(0),
});

/** Multi-head latent attention (DeepSeek-V2/V3, Kimi K2): K and V compressed to a shared latent. */
export const MlaSchema = z.strictObject({
  type: z.literal('mla'),
  kvLoraRank: positiveInt,
  /** Query compression rank; 0 or absent: queries projected from the hidden state directly. */
  qLoraRank: z.number().int().min(0).default(0),
  /** Decoupled rotary key dimension, shared by all heads. */
  ropeHeadDim: positiveInt,
  /** Per-head non-rotary query/key dimension (DeepSeek-V3: 128). */
  qkNopeHeadDim: positiveInt.default(128),
  /** Per-head value dimension (DeepSeek-V3: 128). */
  vHeadDim: positiveInt.default(128),
});

/** Local (sliding-window) attention on every `everyNth` layer (GPT-OSS, Gemma 2: every 2nd). */
export const SlidingWindowSchema = z.strictObject({
  window: positiveInt,
  everyNth: positiveInt.default(2),
});

export const ModelShapeSchema = z
  .strictObject({
    layers: positiveInt,
    hidden: positiveInt,
    heads: positiveInt,
    kvHeads: positiveInt.optional(),
    ffnHidden: positiveInt.optional(),
    ffnType: z.enum(['gelu', 'swiglu']).default('gelu'),
    vocab: positiveInt,
    params: positive.optional(),
    tiedEmbeddings: z.boolean().default(false),
    moe: MoeSchema.optional(),
    /** Per-head dimension when it is not hidden / heads (Qwen3, GPT-OSS, Gemma). */
    headDim: positiveInt.optional(),
    attention: MlaSchema.optional(),
    slidingWindow: SlidingWindowSchema.optional(),
    /** Multi-token-prediction modules (DeepSeek-V3: 1). */
    mtpDepth: z.number().int().min(0).max(8).default(0),
    /** Trained with dropout (GPT-3-era models); modern LLMs are not, and store no dropout masks. */
    dropout: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    if (m.headDim === undefined && m.attention === undefined && m.hidden % m.heads !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['heads'],
        message: `heads must divide hidden (${m.hidden} is not a multiple of ${m.heads})`,
      });
    }
    if (m.attention && m.headDim !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['headDim'],
        message:
          'headDim does not apply to multi-head latent attention: its head widths are attention.qkNopeHeadDim, ropeHeadDim and vHeadDim',
        params: {
          expected: 'no headDim beside attention: { type: mla }',
          hint: 'remove headDim, or set attention.qkNopeHeadDim / vHeadDim',
        },
      });
    }
    if (m.attention && m.kvHeads !== undefined && m.kvHeads !== m.heads) {
      ctx.addIssue({
        code: 'custom',
        path: ['kvHeads'],
        message: `multi-head latent attention gives every head its own key and value (kvHeads = heads = ${m.heads}); the cache is the latent (attention.kvLoraRank)`,
        params: { expected: `kvHeads left out or ${m.heads}`, hint: 'remove kvHeads' },
      });
    }
    if (!m.attention && m.kvHeads !== undefined && m.heads % m.kvHeads !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['kvHeads'],
        message: `kvHeads must divide heads (${m.heads} is not a multiple of ${m.kvHeads})`,
      });
    }
    if (m.moe && m.moe.activeExperts > m.moe.experts) {
      ctx.addIssue({
        code: 'custom',
        path: ['moe', 'activeExperts'],
        message: `activeExperts (${m.moe.activeExperts}) cannot exceed experts (${m.moe.experts})`,
      });
    }
    if (m.moe && m.moe.denseLayers > m.layers) {
      ctx.addIssue({
        code: 'custom',
        path: ['moe', 'denseLayers'],
        message: `denseLayers (${m.moe.denseLayers}) cannot exceed layers (${m.layers})`,
      });
    }
  });

export const ParallelismSchema = z.strictObject({
  tp: positiveInt.optional(),
  pp: positiveInt.optional(),
  dp: positiveInt.optional(),
  cp: positiveInt.optional(),
  ep: positiveInt.optional(),
  microBatch: positiveInt.optional(),
  virtualStages: positiveInt.optional(),
  /** Expert tensor parallelism (Megatron-Core MoE parallel folding): expert weights split over
   *  etp ranks while ep may span the attention's tensor-parallel ranks. */
  etp: positiveInt.optional(),
});

export const TrainingWorkloadSchema = z
  .strictObject({
    name: z.string().min(1),
    type: z.literal('training'),
    model: z.union([z.string().min(1), ModelShapeSchema]),
    /** Training tokens, at most 1e16: a thousand times the largest published runs (~15e12). */
    tokens: positive.max(1e16, 'at most 1e16 tokens (a thousand times the largest published runs)'),
    seqLen: positiveInt,
    globalBatchTokens: positive.optional(),
    globalBatchSequences: positiveInt.optional(),
    precision: z.enum(PRECISIONS).default('bf16'),
    /** Scaling recipe of fp8 GEMM operands (Transformer Engine); absent: the GPU's 2026 default. */
    fp8Recipe: z.enum(FP8_RECIPES).optional(),
    gpus: positiveInt.optional(),
    parallelism: ParallelismSchema.default({}),
    recompute: z.enum(RECOMPUTE_MODES).optional(),
    zeroStage: z.number().int().min(0).max(3).optional(),
    /** The software stack whose defaults apply (catalog frameworks); explicit keys override it. */
    framework: z.string().min(1).default('megatron-core'),
    sequenceParallel: z.boolean().optional(),
    flashAttention: z.boolean().optional(),
    // true and false are 'full' and 'none'; the parsed scenario (and the plan) holds the word.
    dataParallelOverlap: z
      .union([z.boolean(), z.enum(DATA_PARALLEL_OVERLAP)])
      .transform((v): DataParallelOverlap => (v === true ? 'full' : v === false ? 'none' : v))
      .pipe(z.enum(DATA_PARALLEL_OVERLAP))
      .optional(),
    hierarchicalDataParallel: z.boolean().optional(),
    deadlineDays: positive.optional(),
  })
  .superRefine((w, ctx) => {
    if (w.globalBatchTokens === undefined && w.globalBatchSequences === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['globalBatchTokens'],
        message: 'give the global batch as globalBatchTokens or globalBatchSequences',
      });
    }
    if (w.globalBatchTokens !== undefined && w.globalBatchSequences !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['globalBatchSequences'],
        message: 'give globalBatchTokens or globalBatchSequences, not both',
      });
    }
  });

/** One weight GEMM shape of a generic network's forward pass, per sample. */
export const GenericGemmSchema = z.strictObject({
  rowsPerSample: positive,
  n: positiveInt,
  k: positiveInt,
  count: positiveInt.default(1),
});

/** A non-LLM network by its per-sample cost (interface.md §4): CNNs, encoders, U-Nets,
 *  recommenders, RNNs. Figures are per training sample at 16-bit activations. */
export const GenericModelSchema = z.strictObject({
  kind: z.literal('generic'),
  name: z.string().min(1).optional(),
  family: z.enum(GENERIC_FAMILIES).default('custom'),
  /** Forward-pass FLOPs of one sample (2 per multiply-accumulate). */
  forwardFlopsPerSample: positive,
  /** Dense (replicated, data-parallel) parameters; embedding tables go in `embedding`. */
  params: positive,
  /** Bytes of the tensors the forward pass writes for one sample (kept for the backward pass). */
  activationBytesPerSample: positive,
  /** Bytes a fused inference engine writes per sample (serving only; default the above). */
  servingActivationBytesPerSample: positive.optional(),
  /** Bytes read from storage per sample (an encoded image, tokens, a click log). */
  inputBytesPerSample: positive,
  /** Embedding tables sharded across the GPUs (recommenders): sizes and lookups. */
  embedding: z
    .strictObject({
      tableBytes: positive,
      tables: positiveInt,
      dim: positiveInt,
      lookupsPerSample: positive,
      bytesPerElement: positive.default(4),
    })
    .optional(),
  /** Activation bytes per sample crossing a pipeline-stage boundary (needed for pp > 1). */
  boundaryBytesPerSample: positive.optional(),
  samplesPerEpoch: positive.optional(),
  /**
   * The forward pass's weight GEMMs (a convolution as its implicit GEMM): output rows per sample
   * (tokens, output pixels; 1 for an MLP) x n, inner dimension k, `count` such layers. Only their
   * shapes are read (wave quantization of small GEMMs); the FLOPs stay forwardFlopsPerSample.
   */
  gemms: z.array(GenericGemmSchema).min(1).optional(),
});

/** Matmul precisions of a generic network's training. */
export const GENERIC_PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8'] as const;

/** Training of a generic (non-LLM) network: data parallel, optionally pipelined. */
export const GenericTrainingWorkloadSchema = z.strictObject({
  name: z.string().min(1),
  type: z.literal('training'),
  model: z.union([z.string().min(1), GenericModelSchema]),
  /** Training samples seen over the run (epochs x dataset size), at most 1e15. */
  samples: positive.max(1e15, 'at most 1e15 samples'),
  globalBatchSamples: positiveInt,
  precision: z.enum(GENERIC_PRECISIONS).default('bf16'),
  gpus: positiveInt.optional(),
  parallelism: z
    .strictObject({
      dp: positiveInt.optional(),
      pp: positiveInt.optional(),
      microBatch: positiveInt.optional(),
    })
    .default({}),
  /** Gradient all-reduce overlapped with the backward pass (DDP/Horovod buckets); default true. */
  dataParallelOverlap: z.boolean().default(true),
  /** Without gpus: the fewest GPUs (whole servers) that finish within it, interruptions included. */
  deadlineDays: positive.optional(),
});

/** Weight (and matmul) precisions for serving; int4 is weight-only (AWQ/GPTQ-style, 16-bit math). */
export const INFERENCE_PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'fp4'] as const;
export const KV_CACHE_PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8'] as const;
/** full: each admitted request holds KV blocks for its whole prompt + output (TensorRT-LLM's
 *  guaranteed-no-evict scheduler); incremental: blocks are taken as tokens are generated (vLLM). */
export const KV_CACHE_RESERVATIONS = ['full', 'incremental'] as const;

export const InferenceWorkloadSchema = z
  .strictObject({
    name: z.string().min(1),
    type: z.literal('inference'),
    model: z.union([z.string().min(1), ModelShapeSchema]),
    precision: z.enum(INFERENCE_PRECISIONS).default('bf16'),
    kvCachePrecision: z.enum(KV_CACHE_PRECISIONS).optional(),
    requestsPerSecond: positive.max(1e6).optional(),
    inputTokens: positiveInt,
    outputTokens: positiveInt,
    maxOutputTokens: positiveInt.optional(),
    /** Offline: the requests the run serves (a finite benchmark); it runs them in waves of the batch. */
    requests: positiveInt.optional(),
    slo: z
      .strictObject({
        ttftMs: positive.optional(),
        tpotMs: positive.optional(),
        percentile: z.literal([50, 90, 99]).optional(),
      })
      .optional(),
    gpus: positiveInt.optional(),
    parallelism: z
      .strictObject({
        tp: positiveInt.optional(),
        pp: positiveInt.optional(),
        /** Expert parallelism of the MoE layers inside a replica (spans its tp ranks). */
        ep: positiveInt.optional(),
        /** Attention data parallelism inside a replica (DeepSeek-style DP attention). */
        dp: positiveInt.optional(),
      })
      .default({}),
    /** The serving engine whose defaults apply (catalog frameworks); explicit keys override it. */
    framework: z.string().min(1).optional(),
    maxBatchSize: positiveInt.optional(),
    maxNumTokens: positiveInt.optional(),
    kvCacheReservation: z.enum(KV_CACHE_RESERVATIONS).optional(),
    /** Replicas beyond those the load needs (N+k), so that k can fail without missing the SLO. */
    spareReplicas: z.number().int().min(0).max(1000).default(0),
  })
  .superRefine((w, ctx) => {
    if (w.maxOutputTokens !== undefined && w.maxOutputTokens < w.outputTokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxOutputTokens'],
        message: `maxOutputTokens (${w.maxOutputTokens}) is below the mean outputTokens (${w.outputTokens})`,
      });
    }
    if (w.slo && w.slo.ttftMs === undefined && w.slo.tpotMs === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['slo'],
        message: 'an slo needs ttftMs, tpotMs or both',
      });
    }
  });

/** Serving precisions of a generic network: weights and matmul inputs (int8 as TensorRT's
 *  calibrated int8 paths; activations follow the matmul width). */
export const GENERIC_SERVING_PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8'] as const;

/** Serving of a generic (non-LLM) network: independent replicas of one GPU each, dynamically
 *  batched, sized to a sample rate under a latency target (or offline: as fast as it goes). */
export const GenericInferenceWorkloadSchema = z.strictObject({
  name: z.string().min(1),
  type: z.literal('inference'),
  model: z.union([z.string().min(1), GenericModelSchema]),
  precision: z.enum(GENERIC_SERVING_PRECISIONS).default('fp16'),
  /** Samples (images, sequences, user-item pairs) arriving per second; omit for offline. */
  samplesPerSecond: positive.max(1e12).optional(),
  /** Samples one request brings at once, on average (a recommender query's candidate user-item
   *  pairs): requests arrive as a Poisson process and their samples together. Default 1. */
  samplesPerRequest: positive.max(1e6).optional(),
  slo: z
    .strictObject({
      /** Arrival to result of one sample, at the percentile. */
      latencyMs: positive,
      percentile: z.literal([50, 90, 99]).default(99),
    })
    .optional(),
  gpus: positiveInt.optional(),
  /** Largest batch a GPU runs (the server's max_batch_size); default: what memory allows. */
  maxBatchSize: positiveInt.optional(),
  /** GPUs beyond those the load needs (N+k), so that k can fail without missing the SLO. */
  spareReplicas: z.number().int().min(0).max(1000).default(0),
});

/** A workload by its `type`; a training workload of a generic network (samples, not tokens) is
 *  its own option, so the union is plain (parse.ts picks the option a file meant for errors). */
export const WorkloadSchema = z.union([
  TrainingWorkloadSchema,
  GenericTrainingWorkloadSchema,
  InferenceWorkloadSchema,
  GenericInferenceWorkloadSchema,
]);

export const SiteSchema = z.strictObject({
  /** A label for the site (used when comparing candidate sites). */
  name: z.string().min(1).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as US')
    .optional(),
  /** ISO 3166-2 subdivision (`US-VA`, `CN-NM`): its grid, price and build cost where the catalog
   *  lists them (`aidc catalog sites`); the country follows from it. */
  region: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'an ISO 3166-2 subdivision code such as US-VA')
    .optional(),
  pue: z.number().min(1).max(3).optional(),
  electricityUsdPerKWh: z.number().min(0).optional(),
  gridGCO2PerKWh: z.number().min(0).optional(),
  renewableShare: fraction.optional(),
  powerCapMW: positive.optional(),
  /** Year of the grid-intensity data (2021-2025); default the latest complete year. */
  year: z.number().int().min(2021).max(2025).optional(),
});

/** An accelerator not in the catalog, by its datasheet figures (interface.md §4). */
export const InlineGpuSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  /** Dense (non-sparse) peaks, TFLOP/s. */
  bf16Tflops: positive,
  fp8Tflops: positive.optional(),
  fp4Tflops: positive.optional(),
  hbmGB: positive,
  hbmTBps: positive,
  /** Scale-up bandwidth per GPU per direction, GB/s, and the GPUs one scale-up domain joins. */
  scaleUpGBps: positive,
  scaleUpDomain: positiveInt,
  /** Scale-out (NIC) bandwidth per GPU, Gb/s. */
  nicGbps: positive,
  tdpW: positive,
  gpusPerServer: positiveInt.optional(),
  /** Measured large-GEMM fraction of the bf16 (and fp8) peak, e.g. from a MAMF sweep. */
  gemmFraction: positive.max(1).optional(),
  fp8GemmFraction: positive.max(1).optional(),
  /** Where the figures come from: the datasheet or measurement a reader can look up. */
  source: z.string().min(8),
});

export const ClusterSchema = z.strictObject({
  gpu: z.union([z.string().min(1), InlineGpuSchema]),
  gpus: positiveInt.optional(),
  gpusPerServer: positiveInt.optional(),
  fabric: z.string().min(1).optional(),
  cooling: z.enum(['air', 'liquid']).optional(),
  tier: z.enum(['I', 'II', 'III', 'IV']).optional(),
  server: z.string().min(1).optional(),
  oversubscription: z.number().min(1).default(1),
  /** Spine down:up ratio above the leaves (three or more tiers); Meta runs 7:1 (Llama 3, 3.3.1). */
  upperOversubscription: z.number().min(1).default(1),
  railOptimised: z.boolean().default(true),
  rackPowerKW: positive.optional(),
  storagePerformance: z.enum(['good', 'better', 'best']).default('better'),
  /** Online storage kept per GPU, TB (default: Meta's 240 PB for 24,576 GPUs, 9.77 TB). */
  storageTBPerGpu: positive.optional(),
  /** Backup of datasets, kept checkpoints and models (defaults: daily, 30 days, 72 h restore). */
  backup: z
    .strictObject({
      rpoHours: positive.optional(),
      retentionDays: positive.optional(),
      rtoHours: positive.optional(),
      secondSite: z.boolean().optional(),
    })
    .optional(),
  /** Electrical design load: servers at measured peak draw plus margin, or at nameplate. */
  designLoad: z.enum(['measured', 'nameplate']).optional(),
  /** Tier III power lineups: a reserve block, or every lineup sharing the load. */
  lineup: z.enum(['block-redundant', 'distributed-redundant']).optional(),
});

export const ReliabilitySchema = z.strictObject({
  checkpointIntervalMin: z.union([z.literal('auto'), positive]).default('auto'),
  checkpointWriteGBps: positive.optional(),
  /** async: training stops only to stage shards in host memory (Megatron-Core, NeMo default);
   *  sync: it stops until the checkpoint is written. */
  checkpointSave: z.enum(['async', 'sync']).optional(),
  /** Your fleet's job-stopping failure rate, replacing the catalog's (Meta RSC mean, 4.42). */
  failuresPer1000NodeDays: positive.optional(),
  /**
   * Your fleet's share of failures by cause (any scale: they are normalised; a cause left out
   * is 0), replacing the catalog's (Llama 3's 419 interruptions); `aidc ops feedback` writes them.
   */
  failureShares: z
    .partialRecord(z.enum(FAILURE_CAUSES), z.number().min(0))
    .refine((s) => Object.values(s).some((v) => v !== undefined && v > 0), {
      message: 'at least one cause above 0',
    })
    .optional(),
  /** Hours to repair or replace a failed server (sets the hot spares). */
  repairHours: positive.optional(),
  /** Minutes from a failure to training or serving again: detection + restart (default 17.5). */
  restartMin: positive.optional(),
  /** Probability that the hot spares cover every server out for repair at any moment. */
  spareConfidence: z.number().min(0.5).max(0.9999).default(0.99),
  /** Monte Carlo of the run's finish time: the seed and the number of runs simulated. */
  seed: z.number().int().min(0).default(1),
  trials: z.number().int().min(10).max(100_000).default(400),
});

/** The money keys; EconomicsSchema checks them across each other. */
const EconomicsFields = z.strictObject({
  /** Whole years of operation the money is counted over. */
  horizonYears: positiveInt.max(50).default(5),
  /** The firm's cost of capital (default: the investment catalog's discountRate, 10%). */
  discountRate: z.number().min(0).max(1).default(INVESTMENT.discountRate.value),
  depreciationYears: positive.max(30).default(5),
  gpuRentalUsdPerHour: z.number().min(0).optional(),
  /** Share of GPU-hours in use or sold, above 0 (at 0 no hour carries the cost); `simulated`:
   *  the utilisation `aidc plan` measures by simulating the scenario's simulation section. */
  utilization: z
    .union([
      z.number().gt(0, 'above 0: at 0 no GPU-hour carries the cost').max(1),
      z.literal('simulated'),
    ])
    .default(0.7),
  /** Rent space and power in a colocation facility instead of building one. */
  colocation: z.boolean().default(false),
  /** Add per-GPU software licences (NVIDIA AI Enterprise class) to the yearly cost. */
  softwareLicences: z.boolean().default(false),
  /** Share of the hardware price recovered at the end of the horizon (default: its straight-line
   *  book value, 0 when the horizon reaches the depreciation years). */
  residualValueShare: fraction.optional(),
  /** Vendor quotes and the user's own figures, by catalog path (`aidc catalog prices`):
   *  `serverUsd.dgx-h100: 280000`, `facilityBuildUsdPerMW.III: 10e6`, `wanGbps: 800`. */
  prices: z.record(z.string(), z.number().min(0)).optional(),
  /** Monte Carlo over prices and utilisation. */
  seed: z.number().int().min(0).default(1),
  trials: z.number().int().min(10).max(100_000).default(2000),
  /** The investment case: build schedule, phases, ramp, price curve, refresh, debt, tax. */
  ...investmentKeys,
});
export const EconomicsSchema = EconomicsFields.superRefine(checkInvestmentKeys);

/** Weights for ranking candidate sites (each criterion normalised across the candidates). */
export const SiteWeightsSchema = z.strictObject({
  tco: z.number().min(0).default(0.5),
  carbon: z.number().min(0).default(0.3),
  pue: z.number().min(0).default(0.1),
  power: z.number().min(0).default(0.1),
});

/** A synthetic job stream: Poisson arrivals, sizes [GPUs, probability], run-time distribution. */
/** [GPUs, probability] pairs for a job source's sizes. */
const jobSizes = z
  .array(z.tuple([positiveInt, fraction]))
  .min(1)
  .refine((pairs) => Math.abs(pairs.reduce((s, [, p]) => s + p, 0) - 1) <= 1e-6, {
    message: 'the probabilities must sum to 1',
  });
/** [priority, probability] pairs for a job source (higher first under policy: priority). */
const jobPriorities = z
  .array(z.tuple([z.number().int().min(0).max(1000), fraction]))
  .min(1)
  .refine((pairs) => Math.abs(pairs.reduce((s, [, p]) => s + p, 0) - 1) <= 1e-6, {
    message: 'the probabilities must sum to 1',
  });
/** [team, share] pairs for a job source: each job counts against its team's quota. */
const jobTeams = z
  .array(z.tuple([z.string().min(1), fraction]))
  .min(1)
  .refine((pairs) => Math.abs(pairs.reduce((s, [, p]) => s + p, 0) - 1) <= 1e-6, {
    message: 'the shares must sum to 1',
  });

/** Published trace summaries a synthetic mix can be fitted to (packages/sim jobs/fit-summary). */
export const TRACE_SUMMARY_IDS = [
  'acme-seren',
  'acme-kalos',
  'acme-philly',
  'acme-helios',
  'helios-venus',
  'helios-earth',
  'helios-saturn',
  'helios-uranus',
] as const;

export const SyntheticJobsSchema = z
  .strictObject({
    arrivalsPerDay: positive,
    /** Sizes and run times fitted to a published trace summary; `gpus` or `durationHours`
     *  given beside it replace the fitted ones. */
    fitTo: z.enum(TRACE_SUMMARY_IDS).optional(),
    gpus: jobSizes.optional(),
    durationHours: z
      .discriminatedUnion('distribution', [
        z.strictObject({ distribution: z.literal('exponential'), mean: positive }),
        z.strictObject({ distribution: z.literal('lognormal'), median: positive, sigma: positive }),
        z.strictObject({ distribution: z.literal('fixed'), value: positive }),
      ])
      .optional(),
    /** Useful minutes between checkpoints; without it a failure restarts a job from the start. */
    checkpointIntervalMin: positive.optional(),
    /** Job priorities: [priority, probability] (higher first under policy: priority, preempting). */
    priorities: jobPriorities.optional(),
    /** Teams: [name, share of the jobs]; each job counts against its team's quota. */
    teams: jobTeams.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.fitTo !== undefined) return;
    for (const key of ['gpus', 'durationHours'] as const)
      if (m[key] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} is needed unless fitTo names a published trace summary (${TRACE_SUMMARY_IDS.join(', ')})`,
        });
  });

/** An online inference workload served over the simulated days: its daily load shape, the
 *  autoscaler's bounds and how requests are balanced across the replicas. */
export const SimulatedServiceSchema = z.strictObject({
  /** The name of an online inference workload (one with requestsPerSecond). */
  workload: z.string().min(1),
  /** Multiples of requestsPerSecond, equal steps over the day from midnight (1 to 1440 steps). */
  loadProfile: z.array(z.number().min(0).max(100)).min(1).max(1440).default([1]),
  /** Replica bounds (default: 1 to the plan's replicas). */
  autoscale: z
    .strictObject({
      minReplicas: z.number().int().min(0).max(100_000).optional(),
      maxReplicas: positiveInt.max(100_000).optional(),
      /** Minutes between autoscaling decisions (default: the profile's step). */
      intervalMin: positive.max(1440).optional(),
      /** Minutes from starting a replica to its serving (container, weights, engine warm-up);
       *  default the catalog's job restart time, 12.5 (failure-rates.json restartMin). */
      startMin: z.number().min(0).max(240).optional(),
    })
    .refine(
      (a) =>
        a.minReplicas === undefined ||
        a.maxReplicas === undefined ||
        a.minReplicas <= a.maxReplicas,
      { message: 'minReplicas must not be above maxReplicas' },
    )
    .default({}),
  /** least-wait: each request to the replica with the earliest free batch slot; random: uniform. */
  balancer: z.enum(['least-wait', 'random']).default('least-wait'),
});

/** `aidc simulate` (interface.md §6): the planned cluster in operation. */
export const SimulationSchema = z.strictObject({
  days: positive.max(3660).default(30),
  seed: z.number().int().min(0).default(1),
  policy: z.enum(['fifo', 'sjf', 'backfill', 'priority']).default('fifo'),
  placement: z.enum(['topology', 'pack', 'spread']).default('topology'),
  failures: z.boolean().default(true),
  /** Submit the scenario's training workloads as jobs too (then `jobs` may be left out). */
  includeWorkloads: z.boolean().default(false),
  /** Facility power available, MW: jobs wait for power headroom beyond it. */
  powerCapMW: positive.optional(),
  /** What the cap does to work beyond it: defer (wait for headroom, the default) or throttle
   *  (power-cap every busy GPU to the share that fits, slowing the running jobs). */
  powerCapPolicy: z.enum(['defer', 'throttle']).optional(),
  /** GPUs each team's running jobs may hold at most (jobs name their team: synthetic.teams). */
  quotas: z.record(z.string().min(1), positive).optional(),
  /** Inference services run beside the jobs, lending their idle GPUs to training. */
  services: z.array(SimulatedServiceSchema).max(64).optional(),
  jobs: z
    .union([
      z
        .strictObject({
          /** Path of the trace, relative to the scenario file. */
          trace: z.string().min(1),
          format: z.enum([
            'alibaba-openb',
            'gavel',
            'tiresias',
            'pollux',
            'aidc-csv',
            'philly-runtime',
          ]),
          /** Gavel traces: steps per second of each job type (or model) on the simulated GPU. */
          stepsPerSecond: z.record(z.string(), positive).optional(),
          /** Pollux traces: run time of each application's job, seconds, on the simulated GPU. */
          runSeconds: z.record(z.string(), positive).optional(),
          /** philly-runtime (run times only): Poisson arrivals a day, and sizes (default 1 GPU). */
          arrivalsPerDay: positive.optional(),
          gpus: jobSizes.optional(),
          /** Useful minutes between checkpoints of the trace's jobs. */
          checkpointIntervalMin: positive.optional(),
          /** Priorities and teams drawn for the trace's jobs (traces carry neither). */
          priorities: jobPriorities.optional(),
          teams: jobTeams.optional(),
        })
        .superRefine((t, ctx) => {
          if (t.format === 'philly-runtime' && t.arrivalsPerDay === undefined)
            ctx.addIssue({
              code: 'custom',
              path: ['arrivalsPerDay'],
              message:
                'a philly-runtime trace has run times only: give arrivalsPerDay (and gpus, default [[1, 1]])',
            });
        }),
      z.strictObject({ synthetic: SyntheticJobsSchema }),
    ])
    .optional(),
});

export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    site: SiteSchema.optional(),
    cluster: ClusterSchema,
    /** At most 256 workloads: a cluster's job mix; a larger list is a generated mistake. */
    workloads: z.array(WorkloadSchema).min(1).max(256),
    reliability: ReliabilitySchema.optional(),
    economics: EconomicsSchema.default({
      horizonYears: 5,
      discountRate: INVESTMENT.discountRate.value,
      depreciationYears: 5,
      utilization: 0.7,
      colocation: false,
      softwareLicences: false,
      seed: 1,
      trials: 2000,
    }),
    /** Candidate sites to compare (the plan itself uses `site`). */
    sites: z.array(SiteSchema).min(1).optional(),
    siteWeights: SiteWeightsSchema.default({ tco: 0.5, carbon: 0.3, pue: 0.1, power: 0.1 }),
    simulation: SimulationSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.economics.utilization === 'simulated' && !s.simulation)
      ctx.addIssue({
        code: 'custom',
        path: ['economics', 'utilization'],
        message: 'a simulated utilisation needs a simulation section to simulate',
        params: {
          expected: 'a simulation section (jobs, a policy), or a utilisation from 0 to 1',
          hint: 'add simulation: { days, policy, jobs: ... } (see examples/scheduler-comparison.yaml), or give economics.utilization a number such as 0.7',
        },
      });
  });

/** Economics with the utilisation resolved to a number (a simulated one, or the default). */
export type ResolvedEconomics = Omit<Scenario['economics'], 'utilization'> & {
  readonly utilization: number;
};

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type TrainingWorkload = z.output<typeof TrainingWorkloadSchema>;
export type InferenceWorkload = z.output<typeof InferenceWorkloadSchema>;
export type GenericTrainingWorkload = z.output<typeof GenericTrainingWorkloadSchema>;
export type GenericModelInput = z.output<typeof GenericModelSchema>;
export type GenericPrecision = (typeof GENERIC_PRECISIONS)[number];
export type GenericInferenceWorkload = z.output<typeof GenericInferenceWorkloadSchema>;
export type GenericServingPrecision = (typeof GENERIC_SERVING_PRECISIONS)[number];

/** Serving of a generic (non-LLM) network: it counts samples, not tokens. */
export function isGenericInference(w: Workload): w is GenericInferenceWorkload {
  return w.type === 'inference' && !('outputTokens' in w);
}

/** A training workload of a generic (non-LLM) network: it counts samples, not tokens. */
export function isGenericTraining(w: Workload): w is GenericTrainingWorkload {
  return w.type === 'training' && 'globalBatchSamples' in w;
}
export type Workload = z.output<typeof WorkloadSchema>;
export type Simulation = z.output<typeof SimulationSchema>;
export type SimulatedService = z.output<typeof SimulatedServiceSchema>;
export type Site = z.output<typeof SiteSchema>;
export type InferencePrecision = (typeof INFERENCE_PRECISIONS)[number];
export type KvCachePrecision = (typeof KV_CACHE_PRECISIONS)[number];
export type ModelShapeInput = z.output<typeof ModelShapeSchema>;
export type Parallelism = z.output<typeof ParallelismSchema>;
export type Precision = (typeof PRECISIONS)[number];
/** A scenario's `cluster.gpu` given as figures of hardware not in the catalog. */
export type InlineGpu = z.output<typeof InlineGpuSchema>;
export type RecomputeMode = (typeof RECOMPUTE_MODES)[number];
