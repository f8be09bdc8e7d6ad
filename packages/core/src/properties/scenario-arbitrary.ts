// Scenario files for property tests: valid combinations drawn from the catalogs, and mutants of
// them (a key deleted, a value retyped or pushed to an extreme, an unknown key, workloads
// duplicated) that a user's typo or a generator's bug would produce.
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { GPUS, peakFlops } from '../catalog/gpus.js';
import { MODEL_PRESETS } from '../catalog/models.js';
import { GENERIC_MODEL_PRESETS } from '../catalog/generic-models.js';
import { SERVERS } from '../catalog/servers.js';
import { seededRandom } from '../util/random.js';

/** GPUs the planner can build a cluster of: a server platform in the catalog. */
const buildable = GPUS.filter((g) => SERVERS.some((s) => s.gpu === g.id));
const dense = MODEL_PRESETS.filter((m) => m.params <= 80e9).map((m) => m.id);
const any = MODEL_PRESETS.map((m) => m.id);
const COUNTRIES = ['US', 'NO', 'DE', 'CN', 'JP', 'SG', 'IN', 'BR', 'FR', 'ZZ'] as const;
const REGIONS = ['US-VA', 'US-TX', 'CN-NM', 'CN-GZ', 'JP-13'] as const;

function training() {
  return fc.record({
    model: fc.constantFrom(...any),
    tokens: fc.constantFrom(1e9, 1e11, 1e12, 15e12),
    seqLen: fc.constantFrom(2048, 4096, 8192),
    batch: fc.constantFrom(64, 256, 1024, 2048),
    precision: fc.constantFrom('bf16', 'fp8', 'fp16'),
  });
}

/** A non-LLM network's training (a generic preset), by samples. */
function genericTraining() {
  return fc.record({
    model: fc.constantFrom(...GENERIC_MODEL_PRESETS.map((m) => m.id)),
    samples: fc.constantFrom(1e6, 1.2e8, 4.2e9),
    batch: fc.constantFrom(256, 3200, 65536),
    precision: fc.constantFrom('bf16', 'fp16', 'fp8', 'fp32'),
  });
}

function inference() {
  return fc.record({
    model: fc.constantFrom(...dense),
    rps: fc.option(fc.constantFrom(0.5, 5, 40), { nil: undefined }),
    inputTokens: fc.constantFrom(128, 1024, 8000),
    outputTokens: fc.constantFrom(64, 256, 2048),
    precision: fc.constantFrom('bf16', 'fp8'),
  });
}

/** A scenario file (YAML) of one or two workloads on a catalog GPU, at a site, with money. */
export function scenarioArbitrary(): fc.Arbitrary<string> {
  return fc
    .record({
      gpu: fc.constantFrom(...buildable),
      servers: fc.constantFrom(1, 4, 16, 64, 512, 2048),
      training: fc.option(training(), { nil: undefined }),
      inference: fc.option(inference(), { nil: undefined }),
      generic: fc.option(genericTraining(), { nil: undefined }),
      site: fc.oneof(
        fc.record({ country: fc.constantFrom(...COUNTRIES) }),
        fc.record({ region: fc.constantFrom(...REGIONS) }),
      ),
      utilization: fc.constantFrom(0.05, 0.5, 0.7, 1),
      horizonYears: fc.constantFrom(1, 3, 5, 10),
      cooling: fc.option(fc.constantFrom('air', 'liquid'), { nil: undefined }),
    })
    .map((s) => {
      const perServer = s.gpu.gpusPerServer.value;
      const gpus = perServer * s.servers;
      const supported = (p: string) =>
        peakFlops(s.gpu, p as Parameters<typeof peakFlops>[1]) !== undefined ? p : 'bf16';
      const workloads: unknown[] = [];
      if (s.training)
        workloads.push({
          name: 'train',
          type: 'training',
          model: s.training.model,
          tokens: s.training.tokens,
          seqLen: s.training.seqLen,
          globalBatchSequences: s.training.batch,
          precision: supported(s.training.precision),
        });
      if (s.generic)
        workloads.push({
          name: 'train-generic',
          type: 'training',
          model: s.generic.model,
          samples: s.generic.samples,
          globalBatchSamples: s.generic.batch,
          precision: s.generic.precision === 'fp32' ? 'fp32' : supported(s.generic.precision),
        });
      if (s.inference || workloads.length === 0) {
        const inf = s.inference ?? {
          model: dense[0],
          rps: undefined,
          inputTokens: 512,
          outputTokens: 128,
          precision: 'bf16',
        };
        workloads.push({
          name: 'serve',
          type: 'inference',
          model: inf.model,
          precision: supported(inf.precision),
          inputTokens: inf.inputTokens,
          outputTokens: inf.outputTokens,
          ...(inf.rps !== undefined ? { requestsPerSecond: inf.rps } : { gpus: perServer }),
        });
      }
      return stringify({
        name: 'generated',
        site: s.site,
        cluster: {
          gpu: s.gpu.id,
          gpus,
          ...(s.cooling ? { cooling: s.cooling } : {}),
        },
        workloads,
        economics: { utilization: s.utilization, horizonYears: s.horizonYears, trials: 10 },
        reliability: { trials: 10 },
      });
    });
}

type Node = Record<string, unknown> | unknown[];

/** Every (parent, key) pair of a parsed document, depth first. */
function slots(node: unknown, out: [Node, string | number][] = []): [Node, string | number][] {
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      out.push([node, i]);
      slots(v, out);
    });
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      out.push([node as Node, k]);
      slots(v, out);
    }
  }
  return out;
}

const EXTREMES = [0, -1, 1e30, 1e-30, 2 ** 53, -0.5, 'x', true, null, [], {}];

/** `count` mutants of a scenario, each one edit away, chosen by `salt` (same salt, same mutants). */
export function mutants(text: string, salt: number, count: number): string[] {
  const random = seededRandom(salt);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const doc: unknown = parse(text);
    const all = slots(doc);
    const [parent, key] = pick(all);
    const edit = Math.floor(random() * 5);
    const set = (v: unknown) => ((parent as Record<string | number, unknown>)[key] = v);
    if (edit === 0) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else Reflect.deleteProperty(parent, key);
    } else if (edit === 1) {
      const v = (parent as Record<string | number, unknown>)[key];
      set(typeof v === 'number' ? String(v) : typeof v === 'string' ? 42 : [v]);
    } else if (edit === 2) set(pick(EXTREMES));
    else if (edit === 3) {
      if (!Array.isArray(parent)) (parent as Record<string, unknown>)['unknownKey' + n] = 1;
    } else {
      const d = doc as { workloads?: unknown[] };
      if (Array.isArray(d.workloads))
        d.workloads.push(...(JSON.parse(JSON.stringify(d.workloads)) as unknown[]));
    }
    out.push(stringify(doc));
  }
  return out;
}
