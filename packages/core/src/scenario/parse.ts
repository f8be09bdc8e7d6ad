// Scenario text -> validated, normalised Scenario, or issues that say where and what.
import { LineCounter, parseDocument } from 'yaml';
import { yamlLocator, yamlSyntaxProblems, type YamlLocator } from '../util/yaml-offset.js';
import type { z } from 'zod';
import { BUILT_IN_CATALOGS, type Catalogs } from '../catalog/catalogs.js';
import { peakFlops, resolveGpu, type Gpu } from '../catalog/gpus.js';
import { precisionSupportIssue } from '../inference/precision.js';
import { genericInferenceIssues, genericTrainingIssues, looksGeneric } from './generic-issues.js';
import { frameworkIds } from '../catalog/frameworks.js';
import { isPricePath, pricePaths } from '../catalog/prices.js';
import { BUILD_COST_MARKETS } from '../catalog/build-cost.js';
import { findRegion } from '../catalog/regions.js';
import { closestMatches } from '../util/closest-matches.js';
import { describeValue, formatPath, type IssueCode, type ScenarioIssue } from './issues.js';
import { gridCountries } from '../carbon/grid.js';
import {
  ClusterSchema,
  EconomicsSchema,
  ScenarioSchema,
  SiteSchema,
  WorkloadSchema,
  isGenericTraining,
  isGenericInference,
  type InferenceWorkload,
  type Scenario,
  type Site,
  type TrainingWorkload,
  type Workload,
} from './schema.js';
import { grouped } from '../util/grouped.js';

export type ParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

type Path = readonly (string | number)[];

type Locator = YamlLocator;

/** A zod type name as a reader says it: "an integer", "a mapping", "a list", "a number". */
function typeName(expected: string): string {
  const words: Record<string, string> = {
    int: 'an integer',
    object: 'a mapping',
    array: 'a list',
    record: 'a mapping',
    undefined: 'nothing',
  };
  return words[expected] ?? (/^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`);
}

/** Known keys of the object schema at `path` (for "did you mean" on unknown keys). A union
 *  (the workload kinds) resolves to the option whose `type` literal matches the input there. */
function knownKeysAt(schema: z.ZodType, path: Path, input: unknown): string[] {
  let current: unknown = schema;
  const unwrap = (s: unknown): unknown => {
    let node = s as { _zod?: { def: Record<string, unknown> } } | undefined;
    for (let i = 0; i < 10 && node?._zod; i++) {
      const def = node._zod.def;
      if (
        def['type'] === 'optional' ||
        def['type'] === 'default' ||
        def['type'] === 'nullable' ||
        def['type'] === 'pipe'
      ) {
        node = (def['innerType'] ?? def['in']) as typeof node;
      } else break;
    }
    return node;
  };
  const objectOf = (s: unknown, value: unknown): Record<string, unknown> | undefined => {
    const node = unwrap(s) as { _zod?: { def: Record<string, unknown> } } | undefined;
    const def = node?._zod?.def;
    if (!def) return undefined;
    if (def['type'] === 'object') return def['shape'] as Record<string, unknown>;
    if (def['type'] === 'union') {
      const shapes = (def['options'] as unknown[])
        .map((option) => objectOf(option, value))
        .filter((shape): shape is Record<string, unknown> => shape !== undefined);
      const kind = valueAt(value, ['type']);
      const matching = shapes.filter((shape) => {
        const literal = (
          unwrap(shape['type']) as { _zod?: { def: Record<string, unknown> } } | undefined
        )?._zod?.def['values'];
        return Array.isArray(literal) && literal.includes(kind);
      });
      // Two options of one type (an LLM's and a generic network's training): the one whose keys
      // the input uses most.
      const given = value !== null && typeof value === 'object' ? Object.keys(value) : [];
      const overlap = (shape: Record<string, unknown>) => given.filter((k) => k in shape).length;
      const best = matching.reduce<Record<string, unknown> | undefined>(
        (a, b) => (a === undefined || overlap(b) > overlap(a) ? b : a),
        undefined,
      );
      return best ?? shapes[0];
    }
    return undefined;
  };
  const walked: (string | number)[] = [];
  for (const step of path) {
    const node = unwrap(current) as { _zod: { def: Record<string, unknown> } };
    if (typeof step === 'number') {
      if (node._zod.def['type'] !== 'array') return [];
      current = node._zod.def['element'];
    } else {
      const shape = objectOf(node, valueAt(input, walked));
      if (!shape || !(step in shape)) return [];
      current = shape[step];
    }
    walked.push(step);
  }
  return Object.keys(objectOf(current, valueAt(input, path)) ?? {});
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

const WORKLOAD_TYPES = ['training', 'inference'];

/**
 * For a workload that matched none of WorkloadSchema's options (an LLM's training, a generic
 * network's training, inference), the issues of the option it meant: by `type`, and for training
 * by its model (a generic preset or `kind: generic`) or its keys (samples). Empty: its type names
 * no option. Undefined: the issue is not a workload's.
 */
function workloadOption(
  issue: z.core.$ZodIssueInvalidUnion,
  path: Path,
  found: unknown,
): readonly z.core.$ZodIssue[] | undefined {
  const isWorkload = path.length === 2 && path[0] === 'workloads' && typeof path[1] === 'number';
  if (!isWorkload || issue.errors.length !== 4 || found === null || typeof found !== 'object')
    return undefined;
  const kind = (found as { type?: unknown }).type;
  if (kind === 'inference') return issue.errors[looksGeneric(found) ? 3 : 2];
  if (kind === 'training') return issue.errors[looksGeneric(found) ? 1 : 0];
  return [];
}

function zodIssueToScenarioIssues(
  issue: z.core.$ZodIssue,
  input: unknown,
  locator: Locator,
): ScenarioIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const found = valueAt(input, path);
  const loc = locator.at(path);
  const base = (
    code: IssueCode,
    message: string,
    extra: Partial<ScenarioIssue> = {},
  ): ScenarioIssue => ({
    code,
    path,
    message,
    ...loc,
    ...extra,
  });
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(ScenarioSchema, path, input);
      return issue.keys.map((key) => {
        const close = closestMatches(key, known, 1);
        return {
          code: 'unknown-key' as const,
          path: [...path, key],
          message: `unknown key "${key}"`,
          ...locator.at(path, key),
          ...(close[0] !== undefined ? { hint: `did you mean "${close[0]}"?` } : {}),
          expected: `one of: ${known.join(', ')}`,
          found: `"${key}"`,
        };
      });
    }
    case 'invalid_type': {
      if (found === undefined) {
        return [
          base('missing', 'required key is missing', {
            expected: typeName(issue.expected),
            found: 'nothing',
          }),
        ];
      }
      return [
        base('wrong-type', `wrong type`, {
          expected: typeName(issue.expected),
          found: describeValue(found),
        }),
      ];
    }
    case 'too_small':
    case 'too_big': {
      const op =
        issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const what =
        issue.origin === 'array'
          ? 'a list with length'
          : issue.origin === 'string'
            ? 'a text of length'
            : 'a number';
      return [
        base('out-of-range', 'out of range', {
          expected: `${what} ${op} ${String(limit)}`,
          found: describeValue(found),
        }),
      ];
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v));
      const close =
        typeof found === 'string' ? closestMatches(found, issue.values.map(String), 1) : [];
      return [
        base('invalid-value', 'not an allowed value', {
          expected: `one of ${options.join(' | ')}`,
          found: describeValue(found),
          ...(close[0] !== undefined ? { hint: `did you mean "${close[0]}"?` } : {}),
        }),
      ];
    }
    case 'invalid_format': {
      // The schema's message names the format (e.g. "an ISO 3166-1 alpha-2 code such as US").
      const upper = typeof found === 'string' ? found.toUpperCase() : undefined;
      const fixed = upper !== undefined && upper !== found && /^[A-Z]{2}$/.test(upper);
      return [
        base('invalid-value', 'not in the expected format', {
          expected: issue.message,
          found: describeValue(found),
          ...(fixed ? { hint: `did you mean "${upper}"?` } : {}),
        }),
      ];
    }
    case 'not_multiple_of':
      return [
        base('out-of-range', 'not a whole number', {
          expected: `a multiple of ${String(issue.divisor)}`,
          found: describeValue(found),
        }),
      ];
    case 'invalid_union': {
      // A workload: the option its `type` (and, for training, its model) says it meant.
      const meant = workloadOption(issue, path, found);
      if (meant !== undefined) {
        if (meant.length > 0) {
          return meant.flatMap((e) =>
            zodIssueToScenarioIssues(
              { ...e, path: [...issue.path, ...e.path] } as z.core.$ZodIssue,
              input,
              locator,
            ),
          );
        }
        const kind = (found as { type?: unknown }).type;
        const close = typeof kind === 'string' ? closestMatches(kind, WORKLOAD_TYPES, 1) : [];
        return [
          {
            code: kind === undefined ? 'missing' : 'invalid-value',
            path: [...path, 'type'],
            message: kind === undefined ? 'required key is missing' : 'not an allowed value',
            ...locator.at([...path, 'type']),
            expected: `one of ${WORKLOAD_TYPES.map((t) => JSON.stringify(t)).join(' | ')}`,
            found: kind === undefined ? 'nothing' : describeValue(kind),
            ...(close[0] !== undefined ? { hint: `did you mean "${close[0]}"?` } : {}),
          },
        ];
      }
      // A workload's `type` names its kind; a missing or unknown one selects no schema.
      if ('note' in issue && issue.note === 'No matching discriminator') {
        const values: readonly unknown[] = 'options' in issue ? (issue.options ?? []) : [];
        const kinds = values.map((o) => JSON.stringify(o));
        const close = typeof found === 'string' ? closestMatches(found, values.map(String), 1) : [];
        return [
          base(
            found === undefined ? 'missing' : 'invalid-value',
            found === undefined ? `required key is missing` : 'not an allowed value',
            {
              expected: `one of ${kinds.join(' | ')}`,
              found: found === undefined ? 'nothing' : describeValue(found),
              ...(close[0] !== undefined ? { hint: `did you mean "${close[0]}"?` } : {}),
            },
          ),
        ];
      }
      // model: a preset id or a shape; report the shape's own issues when a mapping was given.
      if (found !== null && typeof found === 'object') {
        const nested = issue.errors.find((errs) =>
          errs.some((e) => e.code !== 'invalid_type' || e.path.length > 0),
        );
        if (nested) {
          return nested.flatMap((e) =>
            zodIssueToScenarioIssues(
              { ...e, path: [...issue.path, ...e.path] } as z.core.$ZodIssue,
              input,
              locator,
            ),
          );
        }
      }
      // Say what each alternative accepts: "a boolean or one of "full" | "forward" | "none"".
      const alternatives = issue.errors.map((errs) => {
        const first = errs.find((e) => e.path.length === 0);
        if (first?.code === 'invalid_value') {
          return `one of ${first.values.map((v) => JSON.stringify(v)).join(' | ')}`;
        }
        if (first?.code === 'invalid_type') {
          return typeName(first.expected);
        }
        return 'a mapping';
      });
      return [
        base('wrong-type', 'wrong type', {
          expected: alternatives.join(' or '),
          found: describeValue(found),
        }),
      ];
    }
    default: {
      // A refinement may say what it expects and how to fix it (zod custom-issue params).
      const params = (issue as { params?: { expected?: unknown; hint?: unknown } }).params;
      return [
        base('inconsistent', issue.message, {
          ...(found !== undefined ? { found: describeValue(found) } : {}),
          ...(typeof params?.expected === 'string' ? { expected: params.expected } : {}),
          ...(typeof params?.hint === 'string' ? { hint: params.hint } : {}),
        }),
      ];
    }
  }
}

type AddIssue = (
  code: IssueCode,
  path: Path,
  message: string,
  extra?: Partial<ScenarioIssue>,
) => void;
type At = (...rest: (string | number)[]) => Path;

/** What the semantic checks read: the cluster and the workloads that passed the schema. */
interface SemanticView {
  readonly cluster: Scenario['cluster'];
  /** Each with its index in the file, so paths stay right when others failed the schema. */
  readonly workloads: readonly { readonly index: number; readonly workload: Workload }[];
  /** Workloads in the file, valid or not. */
  readonly workloadCount: number;
  /** Vendor quotes by catalog path (economics.prices), when that part is valid. */
  readonly prices?: Readonly<Record<string, number>> | undefined;
  /** The site and the candidate sites, each with its path, when valid. */
  readonly sites?: readonly { readonly path: Path; readonly site: Site }[];
  /** The catalogs ids are checked against (parseScenario's argument). */
  readonly catalogs: Catalogs;
}

function presetShape(catalogs: Catalogs, w: TrainingWorkload | InferenceWorkload) {
  return typeof w.model === 'string'
    ? catalogs.models.find((m) => m.id === w.model)?.shape
    : w.model;
}

function trainingIssues(
  s: SemanticView,
  w: TrainingWorkload,
  gpu: Gpu | undefined,
  at: At,
  add: AddIssue,
): void {
  if (gpu && peakFlops(gpu, w.precision) === undefined) {
    const supported = Object.keys(gpu.peakDenseTflops.value).join(', ');
    add('invalid-value', at('precision'), `${gpu.id} has no ${w.precision} tensor path`, {
      expected: `one of the GPU's precisions (${supported})`,
      found: JSON.stringify(w.precision),
      hint:
        w.precision === 'fp8'
          ? 'fp8 needs Hopper, Blackwell or MI300X'
          : w.precision === 'fp4'
            ? 'fp4 (NVFP4) training needs Blackwell'
            : 'use bf16 or fp16',
    });
  }
  if (w.globalBatchTokens !== undefined && w.globalBatchTokens < w.seqLen)
    add('invalid-value', at('globalBatchTokens'), 'the global batch is smaller than one sequence', {
      expected: `at least seqLen (${grouped(w.seqLen)}) tokens`,
      found: String(w.globalBatchTokens),
      hint: `a step trains whole sequences: ${w.globalBatchTokens} tokens would be rounded up to one ${w.seqLen}-token sequence, ${grouped(Math.round(w.seqLen / w.globalBatchTokens))}× the batch asked for`,
    });
  const gpus = w.gpus ?? s.cluster.gpus;
  const p = w.parallelism;
  const dims = [
    p.tp,
    p.pp,
    p.dp,
    p.cp ?? (p.tp !== undefined && p.pp !== undefined && p.dp !== undefined ? 1 : undefined),
  ];
  if (gpus !== undefined && dims.every((d) => d !== undefined)) {
    const product = dims.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) ?? 1;
    if (product !== gpus) {
      add('inconsistent', at('parallelism'), "tp x pp x dp x cp must equal the workload's GPUs", {
        expected: `${gpus} GPUs`,
        found: `${p.tp} x ${p.pp} x ${p.dp} x ${p.cp ?? 1} = ${product}`,
        hint:
          w.gpus !== undefined
            ? 'change the parallelism or workloads[].gpus'
            : 'change the parallelism or cluster.gpus',
      });
    }
  } else if (gpus !== undefined) {
    const partial = [p.tp, p.pp, p.dp, p.cp].reduce<number>((a, b) => a * (b ?? 1), 1);
    if (gpus % partial !== 0) {
      add(
        'inconsistent',
        at('parallelism'),
        'the given parallelism sizes do not divide the GPU count',
        {
          expected: `a product dividing ${gpus}`,
          found: String(partial),
        },
      );
    }
  }
  const model = presetShape(s.catalogs, w);
  if (model) {
    if (p.tp !== undefined && model.heads % p.tp !== 0) {
      add('inconsistent', at('parallelism', 'tp'), 'tp must divide the attention heads', {
        expected: `a divisor of ${model.heads}`,
        found: String(p.tp),
      });
    }
    if (p.pp !== undefined && p.pp > model.layers) {
      add('inconsistent', at('parallelism', 'pp'), 'more pipeline stages than layers', {
        expected: `at most ${model.layers}`,
        found: String(p.pp),
      });
    }
    if (p.ep !== undefined && p.ep > 1 && (!model.moe || model.moe.experts % p.ep !== 0)) {
      add(
        'inconsistent',
        at('parallelism', 'ep'),
        model.moe ? 'ep must divide the experts' : 'ep > 1 needs an MoE model',
        {
          expected: model.moe ? `a divisor of ${model.moe.experts}` : '1',
          found: String(p.ep),
        },
      );
    }
  }
  if (p.etp !== undefined && p.ep === undefined) {
    add('inconsistent', at('parallelism', 'etp'), 'etp splits experts: it needs ep', {
      expected: 'parallelism.ep with parallelism.etp',
      found: `etp ${p.etp} without ep`,
    });
  }
  // The data-parallel size, given or what the GPUs leave for it.
  const dpOf =
    p.dp ??
    (gpus !== undefined && p.tp !== undefined && p.pp !== undefined
      ? gpus / (p.tp * p.pp * (p.cp ?? 1))
      : undefined);
  if (p.etp !== undefined && p.ep !== undefined && p.tp !== undefined && dpOf !== undefined) {
    const stage = p.tp * (p.cp ?? 1) * dpOf;
    if (Number.isInteger(stage) && stage % (p.ep * p.etp) !== 0) {
      add('inconsistent', at('parallelism', 'etp'), 'ep x etp must divide tp x cp x dp', {
        expected: `ep x etp dividing ${stage}`,
        found: `${p.ep} x ${p.etp} = ${p.ep * p.etp}`,
        hint: 'MoE parallel folding regroups the tp x cp x dp GPUs of a stage as etp x ep x edp',
      });
    }
  }
  if (p.cp !== undefined && w.seqLen % p.cp !== 0) {
    add('inconsistent', at('parallelism', 'cp'), 'cp must divide seqLen', {
      expected: `a divisor of ${w.seqLen}`,
      found: String(p.cp),
    });
  }
  if (gpus === undefined && w.deadlineDays === undefined) {
    add('missing', at('gpus'), 'no GPU count for this workload', {
      expected: 'workloads[].gpus, cluster.gpus or deadlineDays',
      found: 'none of them',
    });
  }
}

function inferenceIssues(
  s: SemanticView,
  w: InferenceWorkload,
  gpu: Gpu | undefined,
  at: At,
  add: AddIssue,
): void {
  if (gpu) {
    const weights = precisionSupportIssue(gpu, w.precision, 'weights');
    if (weights) {
      add('invalid-value', at('precision'), weights.message, {
        expected: 'a precision the GPU runs',
        found: JSON.stringify(w.precision),
        hint: weights.hint,
      });
    }
    const kv = w.kvCachePrecision;
    const kvIssue = kv !== undefined ? precisionSupportIssue(gpu, kv, 'kv cache') : undefined;
    if (kvIssue) {
      add('invalid-value', at('kvCachePrecision'), kvIssue.message, {
        expected: 'a KV-cache format the GPU runs',
        found: JSON.stringify(kv),
        hint: kvIssue.hint,
      });
    }
  }
  const model = presetShape(s.catalogs, w);
  const tp = w.parallelism.tp;
  const ep = w.parallelism.ep;
  const dp = w.parallelism.dp;
  // Attention DP splits the tp GPUs into dp groups of tp / dp; the heads split within a group.
  const group = tp !== undefined && dp !== undefined && tp % dp === 0 ? tp / dp : tp;
  if (tp !== undefined) {
    if (model && group !== undefined && model.heads % group !== 0) {
      const what = group === tp ? 'tp' : 'tp / dp (the GPUs of an attention group)';
      add('inconsistent', at('parallelism', 'tp'), `${what} must divide the attention heads`, {
        expected: `a divisor of ${model.heads}`,
        found: group === tp ? String(tp) : `${tp} / ${dp} = ${group}`,
      });
    }
    if (gpu && tp > gpu.scaleUpDomainGpus.value) {
      add('inconsistent', at('parallelism', 'tp'), 'tp spans more than one scale-up domain', {
        expected: `at most ${gpu.scaleUpDomainGpus.value} (${gpu.id}'s NVLink/scale-up domain)`,
        found: String(tp),
        hint: 'serving tensor parallelism stays on the scale-up link; span servers with pipeline stages (parallelism.pp) or use a larger-domain system such as gb200-nvl72',
      });
    }
    const replica = tp * (w.parallelism.pp ?? 1);
    if (w.gpus !== undefined && w.gpus % replica !== 0) {
      const what = replica === tp ? 'tp' : 'tp x pp';
      add('inconsistent', at('gpus'), `the GPUs must split into whole replicas of ${what} GPUs`, {
        expected: `a multiple of ${replica}`,
        found: String(w.gpus),
      });
    }
  }
  if (w.spareReplicas > 0 && w.requestsPerSecond === undefined) {
    add('inconsistent', at('spareReplicas'), 'spare replicas apply to an online service', {
      expected: 'requestsPerSecond (an online load) alongside spareReplicas',
      found: `spareReplicas ${w.spareReplicas} on an offline workload`,
      hint: 'an offline job runs on with a replica fewer; leave spareReplicas out',
    });
  }
  const pp = w.parallelism.pp;
  if (tp === undefined && pp !== undefined && w.gpus !== undefined && w.gpus % pp !== 0) {
    add('inconsistent', at('gpus'), 'the GPUs must split into whole replicas of pp stages', {
      expected: `a multiple of ${pp}`,
      found: String(w.gpus),
    });
  }
  if (model && pp !== undefined && pp > model.layers) {
    add('inconsistent', at('parallelism', 'pp'), 'more pipeline stages than layers', {
      expected: `at most ${model.layers}`,
      found: String(pp),
    });
  }
  if (model && group !== undefined) {
    const kvHeads = model.kvHeads ?? model.heads;
    if (kvHeads % group !== 0 && group % kvHeads !== 0) {
      const what = group === tp ? 'tp' : 'tp / dp (the GPUs of an attention group)';
      add(
        'inconsistent',
        at('parallelism', 'tp'),
        `${what} must divide the KV heads or be a multiple of them`,
        {
          expected: `a divisor or multiple of ${kvHeads} KV heads`,
          found: group === tp ? String(group) : `${tp} / ${dp} = ${group}`,
        },
      );
    }
  }
  // Expert parallelism: the routed experts dealt out to ep ranks within each stage's tp GPUs,
  // each expert split over tp / ep of them (TensorRT-LLM: moe_expert_parallel_size x
  // moe_tensor_parallel_size = tensor_parallel_size).
  if (ep !== undefined && ep > 1 && model && !model.moe) {
    add('inconsistent', at('parallelism', 'ep'), 'ep > 1 needs an MoE model', {
      expected: '1 (the model has no experts to split)',
      found: String(ep),
      hint: 'leave parallelism.ep out for a dense model',
    });
  }
  if (ep !== undefined && model?.moe && model.moe.experts % ep !== 0) {
    add('inconsistent', at('parallelism', 'ep'), 'ep must divide the experts', {
      expected: `a divisor of ${model.moe.experts} experts`,
      found: String(ep),
    });
  }
  if (ep !== undefined && tp !== undefined && tp % ep !== 0) {
    add(
      'inconsistent',
      at('parallelism', 'ep'),
      "ep must divide the replica's tensor-parallel GPUs (tp)",
      {
        expected: `a divisor of tp (${tp})`,
        found: String(ep),
        hint: 'a replica is tp x pp GPUs; each stage splits its MoE layers over its tp GPUs as ep ranks of tp / ep GPUs',
      },
    );
  }
  // Attention data parallelism: dp groups of tp / dp GPUs, each with its own requests.
  if (dp !== undefined && dp > 1 && model && !model.moe) {
    add('inconsistent', at('parallelism', 'dp'), 'attention dp > 1 needs an MoE model', {
      expected: '1: without MoE layers the dp groups never meet, so they are separate replicas',
      found: String(dp),
      hint: 'serve a dense model with more replicas of tp / dp GPUs instead',
    });
  }
  if (dp !== undefined && tp !== undefined && tp % dp !== 0) {
    add('inconsistent', at('parallelism', 'dp'), 'dp must divide tp', {
      expected: `a divisor of tp (${tp})`,
      found: String(dp),
      hint: 'attention DP splits the tp GPUs of a replica stage into dp groups of tp / dp GPUs',
    });
  }
  // Offline without workloads[].gpus the planner serves cluster.gpus.
  const fixedGpus = w.gpus ?? (w.requestsPerSecond === undefined ? s.cluster.gpus : undefined);
  for (const [key, size] of [
    ['ep', ep],
    ['dp', dp],
  ] as const) {
    if (size === undefined || size <= 1 || tp !== undefined) continue;
    // tp is searched over powers of two: it must be a multiple of ep and dp within one domain.
    if ((size & (size - 1)) !== 0) {
      add(
        'inconsistent',
        at('parallelism', key),
        `${key} must be a power of two when tp is searched`,
        {
          expected: 'a power of two (tp is searched over 1, 2, 4, 8, ...), or give parallelism.tp',
          found: String(size),
        },
      );
    } else if (gpu && size > gpu.scaleUpDomainGpus.value) {
      add('inconsistent', at('parallelism', key), `${key} spans more than one scale-up domain`, {
        expected: `at most ${gpu.scaleUpDomainGpus.value} (tp, which ${key} divides, stays in ${gpu.id}'s scale-up domain)`,
        found: String(size),
      });
    } else if (fixedGpus !== undefined && fixedGpus % size !== 0) {
      add(
        'inconsistent',
        w.gpus !== undefined ? at('gpus') : ['cluster', 'gpus'],
        `the GPUs must split into replicas whose tp ${key} divides`,
        { expected: `a multiple of ${size}`, found: String(fixedGpus) },
      );
    }
  }
  const maxSeqLen = model && 'maxSeqLen' in model ? model.maxSeqLen : undefined;
  const output = w.maxOutputTokens ?? w.outputTokens;
  const outputKey = w.maxOutputTokens !== undefined ? 'maxOutputTokens' : 'outputTokens';
  if (maxSeqLen !== undefined && w.inputTokens + output > maxSeqLen) {
    add('out-of-range', at('inputTokens'), "prompt + output exceed the model's context window", {
      expected: `inputTokens + ${outputKey} <= ${maxSeqLen}`,
      found: `${w.inputTokens} + ${output} = ${w.inputTokens + output}`,
    });
  }
  if (w.requestsPerSecond === undefined && w.gpus === undefined) {
    if (s.cluster.gpus === undefined) {
      add('missing', at('requestsPerSecond'), 'no load and no GPUs for this inference workload', {
        expected:
          'requestsPerSecond (size for a load) or gpus (offline: the throughput of those GPUs)',
        found: 'neither',
      });
    } else if (s.workloadCount > 1) {
      add(
        'missing',
        at('gpus'),
        'an offline workload sharing the cluster needs its own GPU count',
        {
          expected: 'workloads[].gpus (or requestsPerSecond to size it for a load)',
          found: `only cluster.gpus (${s.cluster.gpus}), shared by ${s.workloadCount} workloads`,
        },
      );
    } else {
      const replica = (tp ?? 1) * (w.parallelism.pp ?? 1);
      if (s.cluster.gpus % replica !== 0) {
        add(
          'inconsistent',
          ['cluster', 'gpus'],
          `the GPUs must split into whole replicas of ${replica} GPUs (tp x pp)`,
          {
            expected: `a multiple of ${replica}`,
            found: String(s.cluster.gpus),
          },
        );
      }
    }
  }
}

/** The sites' regions and the quoted price paths against the catalogs; independent of the
 *  cluster and the workloads, so checked whatever else in the file is wrong. */
function siteAndPriceIssues(
  s: Pick<SemanticView, 'sites' | 'prices' | 'catalogs'>,
  locator: Locator,
): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (code: IssueCode, path: Path, message: string, extra: Partial<ScenarioIssue> = {}) =>
    issues.push({ code, path, message, ...locator.at(path), ...extra });
  const siteNames = new Map<string, Path>();
  for (const { path, site } of s.sites ?? []) {
    // Among the candidates (the plan's own site may stand among them under its own name).
    if (site.name !== undefined && path[0] === 'sites') {
      const first = siteNames.get(site.name);
      if (first)
        add('inconsistent', [...path, 'name'], `a second site named "${site.name}"`, {
          expected: 'a name no other site has',
          found: JSON.stringify(site.name),
          hint: `the first is at ${formatPath(first)}: a comparison row must say which site it is`,
        });
      else siteNames.set(site.name, path);
    }
    if (site.region === undefined && site.country !== undefined) {
      const known = new Set([
        ...gridCountries(),
        ...s.catalogs.regions.map((r) => r.country),
        ...BUILD_COST_MARKETS.map((m) => m.code.slice(0, 2)),
      ]);
      if (!known.has(site.country)) {
        const close = closestMatches(site.country, [...known], 3);
        add('unknown-catalog-id', [...path, 'country'], 'unknown country', {
          expected: 'an ISO 3166-1 alpha-2 country code with grid data (`aidc catalog sites`)',
          found: JSON.stringify(site.country),
          hint:
            close.length > 0
              ? `did you mean ${close.map((c) => `"${c}"`).join(', ')}?`
              : 'give site.electricityUsdPerKWh and site.gridGCO2PerKWh with a known country',
        });
      }
    }
    if (site.region === undefined) continue;
    const region = findRegion(site.region, s.catalogs.regions);
    const market = BUILD_COST_MARKETS.find((m) => m.code === site.region);
    const country = region?.country ?? market?.code.slice(0, 2);
    if (country === undefined) {
      const codes = [
        ...s.catalogs.regions.map((r) => r.code),
        ...BUILD_COST_MARKETS.map((m) => m.code),
      ];
      const close = closestMatches(site.region, codes, 3);
      add('unknown-catalog-id', [...path, 'region'], 'unknown region', {
        expected: 'an ISO 3166-2 code from `aidc catalog sites`',
        found: JSON.stringify(site.region),
        hint:
          close.length > 0
            ? `did you mean ${close.map((c) => `"${c}"`).join(', ')}? Or give site.country alone`
            : 'give site.country alone, with site.electricityUsdPerKWh and site.gridGCO2PerKWh',
      });
    } else if (site.country !== undefined && site.country !== country) {
      add('inconsistent', [...path, 'region'], `${site.region} is not in ${site.country}`, {
        expected: `a region of ${site.country}, or country ${country}`,
        found: JSON.stringify(site.region),
        hint: `drop site.country: the region sets it (${country})`,
      });
    }
  }
  for (const path of Object.keys(s.prices ?? {})) {
    if (isPricePath(path, s.catalogs.prices)) continue;
    const close = closestMatches(path, pricePaths(s.catalogs.prices), 3);
    add('unknown-key', ['economics', 'prices', path], 'not a price in the catalog', {
      expected:
        'a catalog path from `aidc catalog prices` (a scalar, or table.id such as serverUsd.dgx-h100)',
      found: JSON.stringify(path),
      ...(close.length > 0
        ? { hint: `did you mean ${close.map((c) => `"${c}"`).join(', ')}?` }
        : {}),
    });
  }
  return issues;
}

/** Checks that need the catalogs or more than one key: ids, divisibility, GPU counts. */
/** An id the catalogs do not have, with the closest ones as a hint. */
function unknownIdIssue(
  locator: Locator,
  path: Path,
  kind: string,
  id: string,
  ids: readonly string[],
  catalog = kind === 'model' ? 'models' : kind + 's',
): ScenarioIssue {
  const close = closestMatches(id, ids, 3);
  return {
    code: 'unknown-catalog-id',
    path,
    message: `unknown ${kind} id`,
    ...locator.at(path),
    expected: `a ${kind} id from \`aidc catalog ${catalog}\``,
    found: JSON.stringify(id),
    hint:
      close.length > 0
        ? `did you mean ${close.map((c) => `"${c}"`).join(', ')}?`
        : `known: ${ids.join(', ')}`,
  };
}

/** The cluster's GPU and fabric ids when the cluster as a whole failed its schema (another key
 *  is wrong), so that an unknown id is reported with that problem, not after it is fixed. */
function rawClusterIdIssues(raw: unknown, locator: Locator, catalogs: Catalogs): ScenarioIssue[] {
  if (raw === null || typeof raw !== 'object') return [];
  const { gpu, fabric } = raw as { gpu?: unknown; fabric?: unknown };
  const issues: ScenarioIssue[] = [];
  const gpuIds = catalogs.gpus.map((g) => g.id);
  if (typeof gpu === 'string' && !gpuIds.includes(gpu))
    issues.push(unknownIdIssue(locator, ['cluster', 'gpu'], 'gpu', gpu, gpuIds));
  const fabricIds = catalogs.fabrics.map((f) => f.id);
  if (typeof fabric === 'string' && !fabricIds.includes(fabric))
    issues.push(unknownIdIssue(locator, ['cluster', 'fabric'], 'fabric', fabric, fabricIds));
  return issues;
}

function semanticIssues(s: SemanticView, locator: Locator): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (code: IssueCode, path: Path, message: string, extra: Partial<ScenarioIssue> = {}) =>
    issues.push({ code, path, message, ...locator.at(path), ...extra });
  const unknownId = (path: Path, kind: string, id: string, ids: string[], catalog?: string) =>
    issues.push(unknownIdIssue(locator, path, kind, id, ids, catalog));
  const { gpus: catalogGpus, fabrics, models, genericModels } = s.catalogs;
  const gpu = resolveGpu(s.cluster.gpu, catalogGpus);
  const inline = typeof s.cluster.gpu === 'string' ? undefined : s.cluster.gpu;
  if (inline && catalogGpus.some((g) => g.id === inline.id)) {
    add('inconsistent', ['cluster', 'gpu', 'id'], 'an inline GPU takes an id of its own', {
      expected: 'an id that is not in `aidc catalog gpus`',
      found: JSON.stringify(inline.id),
      hint: `to use the catalog's figures write \`gpu: ${inline.id}\`; to describe other hardware give it another id`,
    });
  }
  if (!gpu && typeof s.cluster.gpu === 'string')
    unknownId(
      ['cluster', 'gpu'],
      'gpu',
      s.cluster.gpu,
      catalogGpus.map((g) => g.id),
    );
  if (s.cluster.fabric !== undefined && !fabrics.some((f) => f.id === s.cluster.fabric)) {
    unknownId(
      ['cluster', 'fabric'],
      'fabric',
      s.cluster.fabric,
      fabrics.map((f) => f.id),
    );
  }
  let sharedGpus = 0;
  const workloadNames = new Map<string, number>();
  s.workloads.forEach(({ index, workload: w }) => {
    const at = (...rest: (string | number)[]) => ['workloads', index, ...rest];
    const first = workloadNames.get(w.name);
    if (first !== undefined)
      add('inconsistent', at('name'), `a second workload named "${w.name}"`, {
        expected: 'a name no other workload has',
        found: JSON.stringify(w.name),
        hint: `workloads[${first}] has it: the plan, warnings and sweeps name workloads by it`,
      });
    else workloadNames.set(w.name, index);
    if (isGenericTraining(w)) {
      sharedGpus += w.gpus ?? 0;
      genericTrainingIssues(s.cluster, w, gpu, at, add, s.catalogs);
      return;
    }
    if (isGenericInference(w)) {
      sharedGpus += w.gpus ?? 0;
      genericInferenceIssues(w, gpu, at, add, s.catalogs);
      return;
    }
    if (typeof w.model === 'string' && genericModels.some((m) => m.id === w.model)) {
      add('inconsistent', at('model'), `${w.model} is a non-LLM network, planned by samples`, {
        expected:
          w.type === 'training'
            ? 'samples and globalBatchSamples (not tokens, seqLen or a token batch)'
            : 'samplesPerSecond (or none, offline) and slo.latencyMs, not tokens',
        found: JSON.stringify(w.model),
        hint:
          w.type === 'training'
            ? 'write samples (epochs x dataset size) and globalBatchSamples instead'
            : 'serve a generic network by samples: drop inputTokens and outputTokens, give samplesPerSecond',
      });
    } else if (typeof w.model === 'string' && !models.some((m) => m.id === w.model)) {
      unknownId(
        at('model'),
        'model',
        w.model,
        models.map((m) => m.id),
      );
    }
    if (w.framework !== undefined && !frameworkIds(w.type).includes(w.framework)) {
      unknownId(
        at('framework'),
        `${w.type} framework`,
        w.framework,
        frameworkIds(w.type),
        'frameworks',
      );
    }
    sharedGpus += w.gpus ?? 0;
    if (w.type === 'training') trainingIssues(s, w, gpu, at, add);
    else inferenceIssues(s, w, gpu, at, add);
  });
  issues.push(...siteAndPriceIssues(s, locator));
  if (s.cluster.gpus !== undefined && sharedGpus > s.cluster.gpus) {
    add(
      'inconsistent',
      ['cluster', 'gpus'],
      'the workloads ask for more GPUs than the cluster has',
      {
        expected: `at least ${sharedGpus}`,
        found: String(s.cluster.gpus),
      },
    );
  }
  return issues;
}

/**
 * The semantic checks of the parts that did pass the schema, so that one file's problems come
 * out together: the cluster must be valid; each valid workload is checked against it.
 */
function salvagedIssues(input: object, locator: Locator, catalogs: Catalogs): ScenarioIssue[] {
  const file = input as { cluster?: unknown; workloads?: unknown; site?: unknown; sites?: unknown };
  const validSite = (path: Path, value: unknown) => {
    const one = SiteSchema.safeParse(value);
    return one.success ? [{ path, site: one.data }] : [];
  };
  const sites = [
    ...(file.site !== undefined ? validSite(['site'], file.site) : []),
    ...(Array.isArray(file.sites) ? file.sites.flatMap((v, i) => validSite(['sites', i], v)) : []),
  ];
  const quotes = EconomicsSchema.shape.prices.safeParse(
    (input as { economics?: { prices?: unknown } }).economics?.prices,
  );
  const prices = quotes.success ? quotes.data : undefined;
  const cluster = ClusterSchema.safeParse(file.cluster);
  const raw = file.workloads;
  if (!cluster.success || !Array.isArray(raw)) {
    const ids = cluster.success ? [] : rawClusterIdIssues(file.cluster, locator, catalogs);
    return [...ids, ...siteAndPriceIssues({ sites, prices, catalogs }, locator)];
  }
  const workloads = raw.flatMap((w: unknown, index) => {
    const one = WorkloadSchema.safeParse(w);
    return one.success ? [{ index, workload: one.data }] : [];
  });
  return semanticIssues(
    { cluster: cluster.data, workloads, workloadCount: raw.length, prices, sites, catalogs },
    locator,
  );
}

/** Issues sorted by where they stand in the file (a stable sort keeps ties in check order). */
function inFileOrder(issues: ScenarioIssue[]): ScenarioIssue[] {
  const order = (i: ScenarioIssue) => (i.line ?? 0) * 1e6 + (i.column ?? 0);
  return issues.sort((a, b) => order(a) - order(b));
}

/** A scenario is a few kilobytes; past this it is a mistake (or an attack), refused unread. */
export const MAX_SCENARIO_BYTES = 1_000_000;
const MAX_ALIAS_COUNT = 1000;

/** Parse and validate scenario text (YAML or JSON; JSON is YAML), its ids against `catalogs`
 *  (the built-in ones by default; pass the catalogs the scenario will be planned with). */
export function parseScenario(text: string, catalogs: Catalogs = BUILT_IN_CATALOGS): ParseResult {
  if (text.length > MAX_SCENARIO_BYTES) {
    return {
      ok: false,
      issues: [
        {
          code: 'invalid-value',
          path: [],
          message: 'the scenario file is too large',
          expected: `at most ${grouped(MAX_SCENARIO_BYTES)} characters`,
          found: `${grouped(text.length)} characters`,
          hint: 'split it into several scenarios, or use `aidc sweep --vary` for variants',
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: yamlSyntaxProblems(
        doc.errors,
        lines,
        'a scenario a few levels deep (it has at most about ten)',
      ).map((p) => ({
        code: 'syntax' as const,
        path: [],
        ...p,
      })),
    };
  }
  let input: unknown;
  try {
    // Aliases are expanded with a bound: a 'billion laughs' document is refused, not expanded.
    input = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          code: 'syntax',
          path: [],
          message: `YAML aliases expand too far: ${(error as Error).message}`,
          expected: `at most ${MAX_ALIAS_COUNT} alias expansions`,
          hint: 'write the repeated parts out, or use fewer nested aliases',
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const locator = yamlLocator(doc, lines);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      issues: [
        {
          code: 'wrong-type',
          path: [],
          message: 'a scenario is a mapping of keys',
          expected: 'a mapping with name, cluster and workloads',
          found: describeValue(input),
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) {
    const issues = [
      ...parsed.error.issues.flatMap((i) => zodIssueToScenarioIssues(i, input, locator)),
      ...salvagedIssues(input, locator, catalogs),
    ];
    return { ok: false, issues: inFileOrder(issues) };
  }
  const s = parsed.data;
  const issues = semanticIssues(
    {
      cluster: s.cluster,
      workloads: s.workloads.map((workload, index) => ({ index, workload })),
      workloadCount: s.workloads.length,
      prices: s.economics.prices,
      sites: [
        ...(s.site ? [{ path: ['site'] as Path, site: s.site }] : []),
        ...(s.sites ?? []).map((site, i) => ({ path: ['sites', i] as Path, site })),
      ],
      catalogs,
    },
    locator,
  );
  if (issues.length > 0) return { ok: false, issues: inFileOrder(issues) };
  return { ok: true, scenario: parsed.data };
}
