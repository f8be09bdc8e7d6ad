// The `aidc` command. Exit codes: 0 success, 1 invalid or infeasible scenario, 2 usage error.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { Command, CommanderError } from 'commander';
import {
  AIDC_VERSION,
  BUILT_IN_CATALOGS,
  formatIssue,
  nonFiniteNumbers,
  parseCatalogFile,
  parseScenario,
  parseVaries,
  planJsonSchema,
  planInventory,
  planScenario,
  prepareSweep,
  rowColumns,
  scenarioJsonSchema,
  sweepColumns,
  VaryError,
  type Catalogs,
  type Plan,
  type Scenario,
  type SweepRow,
} from '@aidc/core';
import { SIMULATION_COLUMNS, simulatePlan, sweepTraces, type PlanSimulation } from '@aidc/sim';
import { CATALOG_KINDS, formatCatalog, type CatalogKind } from './catalog-command.js';
import { comparePlans, comparisonCsv, difference } from './compare-command.js';
import { formatPlan, table } from './format.js';
import {
  csvRows,
  jsonArrayRows,
  jsonLinesRows,
  outputSink,
  parseJobs,
  progressBar,
  streamSweep,
  sweepXlsx,
  type RowSink,
} from './sweep-command.js';
import { fileSink, writeDurably } from './durable-file.js';
import { WriteError, type Io } from './io.js';
import { addSimulateCommand } from './simulate-command.js';
import { addOpsCommands } from './ops-command.js';
import { addServeCommands, type ServeHooks } from './serve-command.js';
import { addWorkerCommand } from './worker-command.js';

// The sweep's worker threads run from this bundle too (bin/sweep-worker.js).
export { runSweepWorker } from './sweep-worker.js';

export const nodeIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: writeDurably,
  ...(process.stderr.isTTY
    ? { progress: (text: string) => process.stderr.write(`\r${text}\x1b[K`) }
    : {}),
  // Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
  color: process.stdout.isTTY === true && !process.env['NO_COLOR'],
};

class ExitError extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** A scenario file's text and validated scenario; exit 2 if unreadable, 1 if invalid. */
function readText(io: Io, file: string): string {
  try {
    return io.readFile(file);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    io.err(`aidc: cannot read ${file}: ${reason}`);
    throw new ExitError(2);
  }
}

function readScenario(io: Io, file: string, catalogs: Catalogs = BUILT_IN_CATALOGS) {
  const text = readText(io, file);
  return { scenario: validate(io, file, text, catalogs), text };
}

/** The built-in catalogs, extended with a `--catalog` file's entries; exit 1 with every problem. */
function readCatalogs(io: Io, file: string | undefined): Catalogs {
  if (file === undefined) return BUILT_IN_CATALOGS;
  const parsed = parseCatalogFile(readText(io, file));
  if (parsed.ok) return parsed.catalogs;
  const n = parsed.issues.length;
  io.err(parsed.issues.map((i) => formatIssue(i, file)).join('\n'));
  io.err(`aidc: ${file} is not a valid catalog file (${n} problem${n > 1 ? 's' : ''})`);
  throw new ExitError(1);
}

/** The text of each trace file a sweep's variants name, found beside the scenario file as
 *  `aidc simulate` finds it; exit 2 when one cannot be read. */
function readTraces(io: Io, file: string, traces: readonly string[]): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const trace of traces) {
    const path = isAbsolute(trace) ? trace : join(dirname(file), trace);
    try {
      texts[trace] = io.readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.err(
        `${file}: simulation.jobs.trace: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
      throw new ExitError(2);
    }
  }
  return texts;
}

/**
 * The plan, and for economics.utilization: simulated first the scenario's simulation: its
 * cluster planned, run as `aidc simulate` runs it, and its utilisation handed to the money.
 */
function planWithSimulation(
  io: Io,
  file: string,
  scenario: Scenario,
  catalogs: Catalogs = BUILT_IN_CATALOGS,
): Plan {
  const settings = scenario.simulation;
  if (scenario.economics.utilization !== 'simulated' || !settings)
    return planScenario(scenario, catalogs);
  const trace = settings.jobs && 'trace' in settings.jobs ? settings.jobs.trace : undefined;
  const traceText = trace !== undefined ? readTraces(io, file, [trace])[trace] : undefined;
  let run: PlanSimulation;
  try {
    run = simulatePlan(planScenario(scenario, catalogs, { monteCarlo: false }), { traceText });
  } catch (error) {
    io.err(
      `${file}: economics.utilization: simulated: the simulation cannot run: ${(error as Error).message}`,
    );
    throw new ExitError(1);
  }
  const s = run.settings;
  const value = run.result.utilization;
  if (!(value > 0)) {
    io.err(
      `${file}: economics.utilization: simulated: the simulation kept no GPU busy over its ${s.days === 1 ? 'one day' : `${s.days} days`}, so no GPU-hour would carry the cost; give the simulation jobs, or economics.utilization a number`,
    );
    throw new ExitError(1);
  }
  return planScenario(scenario, catalogs, {
    simulatedUtilization: {
      value,
      basis: `${s.days === 1 ? '1 day' : `${s.days} days`}, policy ${s.policy}, placement ${s.placement}, failures ${s.failures ? 'on' : 'off'}, seed ${s.seed}`,
    },
  });
}

function load(io: Io, file: string, catalogs: Catalogs = BUILT_IN_CATALOGS) {
  return readScenario(io, file, catalogs).scenario;
}

/** The validated scenario of a file's text, or exit 1 with every problem. */
function validate(io: Io, file: string, text: string, catalogs: Catalogs) {
  const parsed = parseScenario(text, catalogs);
  if (!parsed.ok) {
    io.err(parsed.issues.map((i) => formatIssue(i, file)).join('\n'));
    io.err(
      `aidc: ${file} is not a valid scenario (${parsed.issues.length} problem${parsed.issues.length > 1 ? 's' : ''})`,
    );
    throw new ExitError(1);
  }
  return parsed.scenario;
}

function reportInfeasible(io: Io, file: string, plan: Plan): void {
  for (const [i, w] of plan.workloads.entries()) {
    if (w.infeasible) {
      io.err(
        `${file}: workloads[${i}] "${w.name}" is infeasible: ${w.infeasible.reason}\n  fix: ${w.infeasible.fix}`,
      );
    }
  }
}

function buildProgram(io: Io): Command {
  const program = new Command('aidc')
    .description('Plan, simulate and run data centers for large AI models')
    .version(AIDC_VERSION)
    .addHelpText(
      'after',
      `
Examples:
  aidc plan examples/llama3.1-405b-16k-h100.yaml            plan a training cluster
  aidc plan examples/llama3.1-70b-chat-and-batch.yaml --html report.html
  aidc check my-scenario.yaml                               validate only
  aidc compare a.yaml b.yaml                                key figures side by side
  aidc sweep a.yaml --vary cluster.gpus=8192,16384          a grid of plans
  aidc catalog gpus --sources                               catalog figures and their sources

Exit codes: 0 success, 1 invalid or infeasible scenario, 2 usage error.
Colour is used on terminals only and never when NO_COLOR is set.`,
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });

  program
    .command('plan')
    .description(
      'plan a scenario: workloads, cluster, facility, reliability, energy, carbon and cost',
    )
    .argument('<file>', 'scenario file (YAML or JSON)')
    .addHelpText(
      'after',
      `
Examples:
  aidc plan examples/llama3.1-405b-16k-h100.yaml
  aidc plan examples/llama3.1-70b-chat-and-batch.yaml --json > plan.json
  aidc plan examples/h100-site-comparison.yaml --html report.html
  aidc plan examples/gpu-cloud-investment.yaml --cash-flows cash-flows.xlsx`,
    )
    .option('--json', 'print the plan as JSON on stdout (messages go to stderr)')
    .option('--out <file>', 'also write the plan JSON to a file')
    .option('--html <file>', 'also write a self-contained HTML report (charts as inline SVG)')
    .option(
      '--inventory <file>',
      'also write the planned inventory (sites, halls, rows, racks, devices, GPUs, feeds, links, with ids) as JSON',
    )
    .option(
      '--cash-flows <file>',
      "also write the investment case's cash-flow table: CSV, or an .xlsx workbook for a name ending .xlsx",
    )
    .option(
      '--catalog <file>',
      "your own catalog entries (YAML or JSON: gpus, servers, fabrics, models, genericModels, prices, regions, in the bundled catalogs' shapes) added to the built-in ones",
    )
    .action(
      async (
        file: string,
        opts: {
          json?: boolean;
          out?: string;
          html?: string;
          inventory?: string;
          cashFlows?: string;
          catalog?: string;
        },
      ) => {
        const catalogs = readCatalogs(io, opts.catalog);
        const scenario = load(io, file, catalogs);
        const plan = planWithSimulation(io, file, scenario, catalogs);
        // The contract: no number leaves as NaN, Infinity or null. One that would is aidc's defect.
        const bad = nonFiniteNumbers(plan);
        if (bad.length > 0)
          throw new Error(`the plan has non-finite figures at ${bad.slice(0, 5).join(', ')}`);
        const json = JSON.stringify(plan, null, 2);
        if (opts.out) io.writeFile(opts.out, json + '\n');
        if (opts.inventory) {
          const inventory = planInventory(plan, catalogs);
          io.writeFile(opts.inventory, JSON.stringify(inventory) + '\n');
          io.err(
            `wrote ${opts.inventory} (${inventory.racks.length} racks, ${inventory.devices.length} devices, ${inventory.gpus.length} GPUs, ${inventory.links.length} links)`,
          );
        }
        if (opts.cashFlows) {
          const flows = plan.cost?.cashFlows;
          if (!flows) {
            io.err(
              `aidc plan: ${file} has no investment case to write (--cash-flows): give economics.investmentCase: true, or any investment key (phases, debt, taxRate, ...), and a rental price`,
            );
            throw new ExitError(2);
          }
          const { cashFlowCsv, cashFlowXlsx } = await import('./cash-flow-export.js');
          io.writeFile(
            opts.cashFlows,
            opts.cashFlows.toLowerCase().endsWith('.xlsx')
              ? await cashFlowXlsx(flows, plan.scenario.name)
              : cashFlowCsv(flows),
          );
          io.err(`wrote ${opts.cashFlows}`);
        }
        if (opts.html) {
          const { renderHtmlReport } = await import('./report/html-report.js');
          io.writeFile(opts.html, renderHtmlReport(plan, catalogs));
          io.err(`wrote ${opts.html}`);
        }
        if (opts.json) io.out(json);
        else io.out(formatPlan(plan, { color: io.color === true }));
        if (!plan.feasible) {
          reportInfeasible(io, file, plan);
          throw new ExitError(1);
        }
      },
    );

  program
    .command('check')
    .description('validate a scenario; exit 0 when valid')
    .argument('<file>', 'scenario file')
    .addHelpText('after', '\nExample:\n  aidc check examples/llama2-70b-deadline.yaml')
    .option(
      '--catalog <file>',
      "your own catalog entries (YAML or JSON: gpus, servers, fabrics, models, genericModels, prices, regions, in the bundled catalogs' shapes) added to the built-in ones",
    )
    .action((file: string, opts: { catalog?: string }) => {
      const scenario = load(io, file, readCatalogs(io, opts.catalog));
      io.err(
        `${file}: valid scenario "${scenario.name}" with ${scenario.workloads.length} workload(s)`,
      );
    });

  program
    .command('compare')
    .description('key figures of several scenarios side by side, differences against the first')
    .argument('<files...>', 'two or more scenario files')
    .addHelpText(
      'after',
      `
Examples:
  aidc compare examples/llama2-70b-deadline.yaml examples/llama3.1-405b-16k-h100.yaml
  aidc compare a.yaml b.yaml --csv > comparison.csv`,
    )
    .option('--json', 'print the comparison as JSON on stdout')
    .option('--csv', 'print the comparison as CSV on stdout')
    .option(
      '--catalog <file>',
      "your own catalog entries (YAML or JSON: gpus, servers, fabrics, models, genericModels, prices, regions, in the bundled catalogs' shapes) added to the built-in ones",
    )
    .action((files: string[], opts: { json?: boolean; csv?: boolean; catalog?: string }) => {
      const catalogs = readCatalogs(io, opts.catalog);
      const plans = files.map((f) => ({
        file: f,
        plan: planScenario(load(io, f, catalogs), catalogs),
      }));
      const c = comparePlans(plans);
      if (opts.json) {
        io.out(
          JSON.stringify(
            {
              files: c.files,
              figures: Object.fromEntries(
                c.rows.map((r) => [r.key, r.values.map((v) => v ?? null)]),
              ),
            },
            null,
            2,
          ),
        );
        return;
      }
      if (opts.csv) {
        io.out(comparisonCsv(c));
        return;
      }
      const paint = (text: string) => (io.color && text !== '' ? `\x1b[1;33m${text}\x1b[0m` : text);
      const rows = c.rows.map((r) => [
        r.label,
        ...r.texts.map((t, i) => {
          const d = i === 0 ? '' : difference(r.values[0], r.values[i]);
          return d === '' ? t : `${t} (${paint(d)})`;
        }),
      ]);
      io.out(table(rows, ['figure', ...c.files]));
      for (const { file, plan } of plans) reportInfeasible(io, file, plan);
    });

  program
    .command('sweep')
    .description(
      'plan every combination of the varied keys; results as a table, CSV, JSON or .xlsx',
    )
    .argument('<file>', 'scenario file (YAML or JSON)')
    .addHelpText(
      'after',
      `
Examples:
  aidc sweep examples/llama3.1-405b-16k-h100.yaml --vary cluster.gpus=8192,16384 --vary 'workloads[0].precision=bf16,fp8'
  aidc sweep examples/h100-site-comparison.yaml --vary site.country=US,NO,IE --csv sweep.csv --xlsx sweep.xlsx
  aidc sweep examples/scheduler-comparison.yaml --vary simulation.policy=fifo,sjf,backfill --vary cluster.gpus=256,512`,
    )
    .option(
      '--vary <path=values>',
      'a key path and comma-separated values, e.g. cluster.gpus=8192,16384 (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--json', 'print the rows as a JSON array on stdout')
    .option('--jsonl [file]', 'write JSON lines, one row a line, to a file (stdout when no file)')
    .option('--csv [file]', 'write CSV to a file (stdout when no file is given)')
    .option('--xlsx <file>', 'write an .xlsx workbook')
    .option('--monte-carlo', 'also run the Monte Carlo simulations of each plan (slower)')
    .option(
      '--simulate',
      "also simulate each variant's cluster in operation (the scenario's simulation section); on when a --vary path starts with simulation.",
    )
    .option(
      '--jobs <n>',
      `variants planned at once: this thread and N - 1 worker threads; 1 plans in one thread (default: ${availableParallelism()}, the cores)`,
    )
    .option(
      '--queue <redis-url>',
      'plan on `aidc worker`s instead: the chunks go to this Redis, e.g. redis://127.0.0.1:6379',
    )
    .option('--queue-prefix <name>', "the workers' key prefix in Redis (default aidc)")
    .option('--chunk <n>', 'variants per queued job with --queue (default 200)')
    .option(
      '--catalog <file>',
      'your own catalog entries added to the built-in ones (as for aidc plan; not with --queue or a simulation)',
    )
    .action(
      async (
        file: string,
        opts: {
          vary: string[];
          json?: boolean;
          jsonl?: string | boolean;
          csv?: string | boolean;
          xlsx?: string;
          monteCarlo?: boolean;
          simulate?: boolean;
          jobs?: string;
          queue?: string;
          queuePrefix?: string;
          chunk?: string;
          catalog?: string;
        },
      ) => {
        if (opts.vary.length === 0) {
          io.err('aidc sweep: give at least one --vary path=value1,value2');
          throw new ExitError(2);
        }
        const varies = parseVaries(opts.vary);
        if (!varies.ok) {
          io.err(`aidc sweep: ${varies.message}`);
          throw new ExitError(2);
        }
        const jobs = parseJobs(opts.jobs);
        if (opts.queue === undefined && (opts.queuePrefix ?? opts.chunk) !== undefined) {
          io.err('aidc sweep: --queue-prefix and --chunk go with --queue');
          throw new ExitError(2);
        }
        if (opts.queue !== undefined && opts.jobs !== undefined) {
          io.err('aidc sweep: with --queue the workers plan the variants: leave out --jobs');
          throw new ExitError(2);
        }
        const queued = opts.queue === undefined ? undefined : await import('./queue-sweep.js');
        const chunkSize = queued && queuedOption(io, queued, () => queued.parseChunk(opts.chunk));
        const toStdout = [opts.csv === true, opts.json === true, opts.jsonl === true];
        if (toStdout.filter(Boolean).length > 1) {
          io.err(
            'aidc sweep: --csv, --json and --jsonl without a file all print on stdout: give one',
          );
          throw new ExitError(2);
        }
        if (opts.catalog !== undefined && opts.queue !== undefined) {
          io.err(
            "aidc sweep: the queue's workers plan with the built-in catalogs: leave out --catalog or --queue",
          );
          throw new ExitError(2);
        }
        const catalogs = readCatalogs(io, opts.catalog);
        // The base scenario must be valid.
        const { text, scenario } = readScenario(io, file, catalogs);
        const own = opts.catalog !== undefined ? catalogs : undefined;
        const sweep = prepareSweep(text, varies.varies, own);
        const simulating =
          opts.simulate === true || varies.varies.some((v) => v.path[0] === 'simulation');
        if (simulating && own) {
          io.err(
            'aidc sweep: simulated variants plan with the built-in catalogs: leave out --catalog, or the simulation keys',
          );
          throw new ExitError(2);
        }
        if (simulating && opts.queue !== undefined) {
          io.err(
            'aidc sweep: simulating variants runs on this machine: leave out --queue, or the simulation keys',
          );
          throw new ExitError(2);
        }
        if (simulating && !scenario.simulation) {
          io.err(
            `${file}: simulation: missing; sweeping a simulation needs the base scenario's simulation section (see examples/scheduler-comparison.yaml)`,
          );
          throw new ExitError(1);
        }
        const simulate = simulating
          ? { traces: readTraces(io, file, sweepTraces(sweep)) }
          : undefined;
        const streamed = [...sweepColumns(sweep), ...(simulating ? SIMULATION_COLUMNS : [])];
        // CSV and JSON stream the rows as they come; the table and the workbook hold them.
        const sinks: RowSink[] = [];
        const held: SweepRow[] = [];
        const stdout = outputSink((t) => io.out(t));
        try {
          if (typeof opts.csv === 'string') sinks.push(csvRows(fileSink(opts.csv), streamed));
          if (typeof opts.jsonl === 'string') sinks.push(jsonLinesRows(fileSink(opts.jsonl)));
          if (opts.csv === true) sinks.push(csvRows(stdout, streamed));
          else if (opts.json) sinks.push(jsonArrayRows(stdout));
          else if (opts.jsonl === true) sinks.push(jsonLinesRows(stdout));
          const showTable =
            opts.xlsx === undefined &&
            opts.csv === undefined &&
            !opts.json &&
            opts.jsonl === undefined;
          if (showTable || opts.xlsx !== undefined)
            sinks.push({ row: (r) => held.push(r), end() {}, abort() {} });
          const started = Date.now();
          let shown = 0;
          const onRow = (r: SweepRow) => sinks.forEach((s) => s.row(r));
          const result =
            queued === undefined || opts.queue === undefined
              ? await streamSweep(sweep, {
                  jobs,
                  monteCarlo: opts.monteCarlo === true,
                  simulate,
                  onRow,
                  ...(io.progress
                    ? {
                        onProgress: (d: number, t: number) => {
                          if (d < t && Date.now() - shown < 100) return;
                          shown = Date.now();
                          io.progress?.(progressBar(d, t));
                        },
                      }
                    : {}),
                })
              : await queuedSweep(io, queued, {
                  text,
                  vary: opts.vary,
                  size: sweep.size,
                  queue: opts.queue,
                  prefix: opts.queuePrefix,
                  chunkSize,
                  monteCarlo: opts.monteCarlo === true,
                  onRow,
                });
          io.progress?.('');
          const seconds = (Date.now() - started) / 1000;
          io.err(
            `aidc sweep: ${result.plans} plans${simulate ? ' simulated' : ''} in ${seconds.toFixed(1)} s, ${result.failures} invalid or infeasible` +
              (queued
                ? ` (${(result.plans / Math.max(seconds, 0.001)).toFixed(0)} variants/s)`
                : ''),
          );
          for (const s of sinks) s.end();
          if (typeof opts.csv === 'string') io.err(`wrote ${opts.csv}`);
          if (typeof opts.jsonl === 'string') io.err(`wrote ${opts.jsonl}`);
          const columns = rowColumns(held);
          if (opts.xlsx !== undefined) {
            io.writeFile(
              opts.xlsx,
              await sweepXlsx({ columns, rows: held, failures: result.failures }, file),
            );
            io.err(`wrote ${opts.xlsx}`);
          }
          if (showTable) {
            const cell = (v: unknown) =>
              typeof v === 'number'
                ? Number.isInteger(v)
                  ? String(v)
                  : v.toPrecision(4)
                : String(v ?? '');
            io.out(
              table(
                held.map((r) => columns.map((c) => cell(r[c]))),
                [...columns],
              ),
            );
          }
        } catch (error) {
          io.progress?.('');
          for (const s of sinks) s.abort();
          throw error;
        }
      },
    );

  program
    .command('catalog')
    .description(`list catalog entries: ${CATALOG_KINDS.join(' | ')}`)
    .argument('[kind]', CATALOG_KINDS.join(' | '), 'gpus')
    .option('--sources', 'show the source of every figure')
    .option('--catalog <file>', 'with your own catalog entries added (as for aidc plan)')
    .addHelpText(
      'after',
      '\nExamples:\n  aidc catalog gpus\n  aidc catalog servers --sources\n  aidc catalog gpus --catalog examples/catalogs/gaudi3.yaml',
    )
    .action((kind: string, opts: { sources?: boolean; catalog?: string }) => {
      if (!(CATALOG_KINDS as readonly string[]).includes(kind)) {
        io.err(`aidc: unknown catalog "${kind}"; expected one of ${CATALOG_KINDS.join(', ')}`);
        throw new ExitError(2);
      }
      const catalogs = readCatalogs(io, opts.catalog);
      io.out(formatCatalog(kind as CatalogKind, opts.sources === true, catalogs));
    });

  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of a scenario file or of a plan')
    .argument('[kind]', 'scenario | plan', 'scenario')
    .addHelpText(
      'after',
      `
Examples:
  aidc schema scenario > scenario.schema.json   what a scenario file may hold
  aidc schema plan > plan.schema.json           what aidc plan --json prints

Editors: add \`# yaml-language-server: $schema=<path>/schemas/scenario.schema.json\` as the first line of a scenario file (VS Code YAML extension).`,
    )
    .action((kind: string) => {
      const schemas: Record<string, () => Record<string, unknown>> = {
        scenario: scenarioJsonSchema,
        plan: planJsonSchema,
      };
      const schema = Object.hasOwn(schemas, kind) ? schemas[kind] : undefined;
      if (!schema) {
        io.err(`aidc schema: unknown schema "${kind}"; expected scenario or plan`);
        throw new ExitError(2);
      }
      io.out(JSON.stringify(schema(), null, 2));
    });
  addSimulateCommand(program, io, {
    readScenario: (file) => readScenario(io, file),
    exit: (code) => {
      throw new ExitError(code);
    },
  });
  const serveHooks: ServeHooks = {
    exit: (code) => {
      throw new ExitError(code);
    },
    stopSignal: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      }),
    readStdinLine: async () => {
      let text = '';
      for await (const chunk of process.stdin) {
        text += String(chunk);
        if (text.includes('\n')) break;
      }
      return text.split('\n')[0] ?? '';
    },
  };
  addServeCommands(program, io, serveHooks);
  addOpsCommands(program, io, serveHooks);
  addWorkerCommand(program, io, {
    exit: (code) => {
      throw new ExitError(code);
    },
    onSignal: (listener) => {
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.removeListener('SIGINT', listener);
        process.removeListener('SIGTERM', listener);
      };
    },
  });
  return program;
}

type QueueSweepModule = typeof import('./queue-sweep.js');

/** An option of a queued sweep, or exit with its problem. */
function queuedOption<T>(io: Io, queued: QueueSweepModule, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof queued.QueueSweepError) {
      io.err(`aidc sweep: ${error.message}`);
      throw new ExitError(error.code);
    }
    throw error;
  }
}

/**
 * A sweep on the queue's workers, with progress (done/total, rate and ETA) on a terminal;
 * Ctrl-C cancels it (exit 130), a chunk that failed on every attempt is exit 3.
 */
async function queuedSweep(
  io: Io,
  queued: QueueSweepModule,
  run: {
    text: string;
    vary: string[];
    size: number;
    queue: string;
    prefix: string | undefined;
    chunkSize: number | undefined;
    monteCarlo: boolean;
    onRow: (r: SweepRow) => void;
  },
): Promise<{ plans: number; failures: number }> {
  const started = Date.now();
  let shown = 0;
  let interrupt: (() => void) | undefined;
  const stop = new Promise<void>((resolve) => (interrupt = resolve));
  const onSigint = () => interrupt?.();
  process.once('SIGINT', onSigint);
  try {
    const result = await queued
      .streamQueuedSweep(run.text, run.vary, run.size, {
        queue: run.queue,
        prefix: run.prefix,
        chunkSize: run.chunkSize,
        monteCarlo: run.monteCarlo,
        onRow: run.onRow,
        stop,
        ...(io.progress
          ? {
              onProgress: (d: number, t: number) => {
                if (d < t && Date.now() - shown < 200) return;
                shown = Date.now();
                io.progress?.(
                  `${progressBar(d, t)} ${queued.rateText(d, t, Date.now() - started)}`,
                );
              },
            }
          : {}),
      })
      .catch((error: unknown) => {
        if (error instanceof queued.QueueSweepError) {
          io.progress?.('');
          io.err(`aidc sweep: ${error.message}`);
          throw new ExitError(error.code);
        }
        throw error;
      });
    if (result.cancelled) {
      io.progress?.('');
      io.err(
        `aidc sweep: cancelled after ${result.plans} of ${run.size} variants; its queued chunks are removed`,
      );
      throw new ExitError(130);
    }
    return result;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Run the CLI with arguments (without node and script); returns the exit code. */
export async function main(args: readonly string[], io: Io = nodeIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof ExitError) return error.code;
    if (error instanceof VaryError) {
      io.err(`aidc sweep: ${error.message}`);
      return 2;
    }
    if (error instanceof WriteError) {
      io.err(`aidc: ${error.message}`);
      return 2;
    }
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    io.err(`aidc: internal error: ${(error as Error).message}`);
    return 3;
  }
}
