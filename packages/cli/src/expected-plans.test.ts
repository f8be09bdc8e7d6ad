// Every example's plan, exactly as `aidc plan FILE --json` prints it, against the expected plan
// committed beside it (examples/expected/<name>.plan.json). An intended change of a figure shows
// up in the diff of a fixture: rewrite them with `REGEN=1 npx vitest run packages/cli/src/expected-plans.test.ts`
// and say why in the commit.
//
// The comparison is exact on the JSON text. Nothing is stripped: every figure is deterministic
// (the Monte Carlo runs are seeded by the scenario, reliability.seed and economics.seed, default
// 1), the plan holds no clock, path or timing, and aidcVersion is a constant, so a release bump
// rewrites the fixtures too.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, nodeIo } from './main.js';
import type { Io } from './io.js';

const root = join(import.meta.dirname, '..', '..', '..');
const examples = join(root, 'examples');
const expectedDir = join(examples, 'expected');

/** The example scenarios `aidc plan` plans (all of them: each is a plan scenario). */
const exampleFiles = readdirSync(examples)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const expectedFile = (example: string) =>
  join(expectedDir, example.replace(/\.yaml$/, '.plan.json'));

/** What `aidc plan FILE --json` writes on stdout, and its exit code. */
async function planJson(example: string): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: Io = {
    ...nodeIo,
    color: false,
    out: (t) => (stdout += t.endsWith('\n') ? t : t + '\n'),
    err: () => undefined,
  };
  const code = await main(['plan', join(examples, example), '--json'], io);
  return { code, stdout };
}

describe('expected plans of the examples (REGEN=1 rewrites examples/expected)', () => {
  if (process.env['REGEN']) mkdirSync(expectedDir, { recursive: true });

  it.each(exampleFiles)('%s plans as committed', async (example) => {
    const { code, stdout } = await planJson(example);
    expect(code).toBe(0);
    const file = expectedFile(example);
    if (process.env['REGEN']) writeFileSync(file, stdout);
    expect(existsSync(file), `${file} is missing: run with REGEN=1`).toBe(true);
    const committed = readFileSync(file, 'utf8');
    // The figures first (a diff by key path), then the text itself.
    expect(JSON.parse(stdout)).toEqual(JSON.parse(committed));
    expect(stdout).toBe(committed);
  });

  it('no fixture is left without its example', () => {
    const fixtures = readdirSync(expectedDir).filter((f) => f.endsWith('.plan.json'));
    expect(fixtures.sort()).toEqual(exampleFiles.map((f) => f.replace(/\.yaml$/, '.plan.json')));
  });

  it('planning twice in one process gives the same text (cached training plans included)', async () => {
    const example = 'llama3.1-405b-16k-h100.yaml';
    expect((await planJson(example)).stdout).toBe((await planJson(example)).stdout);
  });
});
