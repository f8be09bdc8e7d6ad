// Checks of a generic (non-LLM) training workload that need the catalogs or several keys: the
// model id, the precision against the GPU, the layout against the GPUs and the batch.
import { GENERIC_MODEL_PRESETS } from '../catalog/generic-models.js';
import type { Catalogs } from '../catalog/catalogs.js';
import type { Gpu } from '../catalog/gpus.js';
import { MODEL_PRESETS } from '../catalog/models.js';
import { genericTensorPath, resolveGenericModel } from '../generic/generic-model.js';
import { closestMatches } from '../util/closest-matches.js';
import type { IssueCode, ScenarioIssue } from './issues.js';
import { servingTensorPath } from '../generic/serve-time.js';
import type { GenericInferenceWorkload, GenericTrainingWorkload, Scenario } from './schema.js';

type Path = readonly (string | number)[];
type Add = (code: IssueCode, path: Path, message: string, extra?: Partial<ScenarioIssue>) => void;
type At = (...rest: (string | number)[]) => Path;

/** Whether a workload mapping means a generic network: a generic preset id, an inline
 *  `kind: generic` model, or the sample-count keys. */
export function looksGeneric(value: object): boolean {
  const w = value as {
    model?: unknown;
    samples?: unknown;
    globalBatchSamples?: unknown;
    samplesPerSecond?: unknown;
  };
  if (typeof w.model === 'string') {
    if (GENERIC_MODEL_PRESETS.some((m) => m.id === w.model)) return true;
    if (MODEL_PRESETS.some((m) => m.id === w.model)) return false;
  } else if (w.model !== null && typeof w.model === 'object') {
    return (w.model as { kind?: unknown }).kind === 'generic';
  }
  return (
    w.samples !== undefined ||
    w.globalBatchSamples !== undefined ||
    w.samplesPerSecond !== undefined
  );
}

/** The model id of a generic workload: a generic preset, not a language model. */
function modelIssues(
  model: GenericTrainingWorkload['model'],
  at: At,
  add: Add,
  llmKeys: string,
  catalogs: Catalogs,
): void {
  if (typeof model !== 'string' || resolveGenericModel(model, catalogs.genericModels)) return;
  const ids = catalogs.genericModels.map((m) => m.id);
  const llm = catalogs.models.some((m) => m.id === model);
  const close = closestMatches(model, ids, 3);
  add(
    llm ? 'inconsistent' : 'unknown-catalog-id',
    at('model'),
    llm ? `${model} is a language model, planned by tokens` : 'unknown generic model id',
    {
      expected: llm ? llmKeys : `a generic model id (${ids.join(', ')}) or { kind: generic, ... }`,
      found: JSON.stringify(model),
      hint: llm
        ? 'write the token keys of a language-model workload instead of the sample keys'
        : close.length > 0
          ? `did you mean ${close.map((c) => `"${c}"`).join(', ')}?`
          : '`aidc catalog models` lists the presets',
    },
  );
}

/** Checks of a generic network's serving: the model id and the precision against the GPU. */
export function genericInferenceIssues(
  w: GenericInferenceWorkload,
  gpu: Gpu | undefined,
  at: At,
  add: Add,
  catalogs: Catalogs,
): void {
  modelIssues(w.model, at, add, 'inputTokens and outputTokens (not samplesPerSecond)', catalogs);
  if (gpu && servingTensorPath(gpu, w.precision) === undefined) {
    add('invalid-value', at('precision'), `${gpu.id} has no ${w.precision} tensor path`, {
      expected: `one of the GPU's precisions (${Object.keys(gpu.peakDenseTflops.value).join(', ')})`,
      found: JSON.stringify(w.precision),
      hint: 'use fp16 or bf16',
    });
  }
}

export function genericTrainingIssues(
  cluster: Scenario['cluster'],
  w: GenericTrainingWorkload,
  gpu: Gpu | undefined,
  at: At,
  add: Add,
  catalogs: Catalogs,
): void {
  const model = resolveGenericModel(w.model, catalogs.genericModels);
  if (typeof w.model === 'string' && !model) {
    const ids = catalogs.genericModels.map((m) => m.id);
    const llm = catalogs.models.some((m) => m.id === w.model);
    const close = closestMatches(w.model, ids, 3);
    add(
      llm ? 'inconsistent' : 'unknown-catalog-id',
      at('model'),
      llm ? `${w.model} is a language model, planned by tokens` : 'unknown generic model id',
      {
        expected: llm
          ? 'tokens, seqLen and globalBatchTokens or globalBatchSequences (not samples)'
          : `a generic model id (${ids.join(', ')}) or { kind: generic, ... }`,
        found: JSON.stringify(w.model),
        hint: llm
          ? 'write tokens and seqLen instead of samples and globalBatchSamples'
          : close.length > 0
            ? `did you mean ${close.map((c) => `"${c}"`).join(', ')}?`
            : '`aidc catalog models` lists the presets',
      },
    );
  }
  if (gpu && genericTensorPath(gpu, w.precision) === undefined) {
    add('invalid-value', at('precision'), `${gpu.id} has no ${w.precision} tensor path`, {
      expected: `one of the GPU's precisions (${Object.keys(gpu.peakDenseTflops.value).join(', ')})`,
      found: JSON.stringify(w.precision),
      hint: w.precision === 'fp8' ? 'fp8 needs Hopper, Blackwell or MI300X' : 'use bf16 or fp16',
    });
  }
  if (w.samples < w.globalBatchSamples) {
    add('out-of-range', at('samples'), 'fewer samples than one global batch', {
      expected: `at least globalBatchSamples (${w.globalBatchSamples})`,
      found: String(w.samples),
    });
  }
  const { dp, pp, microBatch } = w.parallelism;
  if (pp !== undefined && pp > 1 && model && model.boundaryBytesPerSample === undefined) {
    add('missing', at('parallelism', 'pp'), 'pipeline stages need the bytes a stage hands on', {
      expected: 'model.boundaryBytesPerSample (an inline model) with pp > 1',
      found: `pp ${pp} and no boundaryBytesPerSample`,
      hint: 'describe the model inline with boundaryBytesPerSample, or leave pp out',
    });
  }
  const gpus = w.gpus ?? cluster.gpus;
  if (gpus !== undefined && dp !== undefined && dp * (pp ?? 1) !== gpus) {
    add('inconsistent', at('parallelism', 'dp'), "dp x pp must use the workload's GPUs", {
      expected: `dp x pp = ${gpus}`,
      found: `${dp} x ${pp ?? 1} = ${dp * (pp ?? 1)}`,
    });
  }
  if (dp !== undefined && w.globalBatchSamples % (dp * (microBatch ?? 1)) !== 0) {
    add('inconsistent', at('globalBatchSamples'), 'the batch must split evenly over dp', {
      expected: `a multiple of dp x microBatch (${dp * (microBatch ?? 1)})`,
      found: String(w.globalBatchSamples),
    });
  }
}
