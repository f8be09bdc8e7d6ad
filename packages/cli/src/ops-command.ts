// `aidc ops …` (interface.md §9): the facility's inventory, telemetry, alerts, headroom and plan
// versus actual, on the same store as `aidc serve --db`. The service and store load only when
// these commands run.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Io } from './io.js';
import type { ServeHooks } from './serve-command.js';
import { grouped } from '@aidc/core';

interface OpsOptions {
  db?: string;
  project: string;
}

/** The CLI's actor in the audit log: the command and the account that ran it. */
function cliActor(command: string): { id: null; name: string } {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // no passwd entry (a container's arbitrary uid)
  }
  return { id: null, name: `aidc ops ${command} (${who})` };
}

async function withOps<T>(
  io: Io,
  hooks: ServeHooks,
  command: string,
  opts: OpsOptions,
  work: (
    ops: import('@aidc/server').OpsService,
    projectId: string,
    actor: { id: null; name: string },
  ) => Promise<T>,
): Promise<T> {
  const { Store, OpsStore, parseDbAddress, DbAddressError } = await import('@aidc/store');
  const { OpsService, OpsError } = await import('@aidc/server');
  let store;
  try {
    store = await Store.open(parseDbAddress(opts.db));
  } catch (error) {
    io.err(
      `aidc ops ${command}: ${error instanceof DbAddressError ? error.message : `cannot open the store: ${(error as Error).message}`}`,
    );
    return hooks.exit(2);
  }
  try {
    const actor = cliActor(command);
    const project = await store.ensureProject(opts.project, actor);
    return await work(new OpsService(new OpsStore(store)), project.id, actor);
  } catch (error) {
    if (error instanceof OpsError) {
      io.err(`aidc ops ${command}: ${error.message}`);
      for (const p of error.problems.slice(0, 20))
        io.err(`  ${p.path}: expected ${p.expected}, found ${p.found}`);
      if (error.problems.length > 20) io.err(`  … and ${error.problems.length - 20} more`);
      return hooks.exit(1);
    }
    throw error;
  } finally {
    await store.close();
  }
}

function readText(io: Io, hooks: ServeHooks, command: string, file: string): string {
  try {
    return io.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(
      `aidc ops ${command}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`,
    );
    return hooks.exit(1);
  }
}

function readJson(io: Io, hooks: ServeHooks, command: string, file: string): unknown {
  const text = readText(io, hooks, command, file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    io.err(`aidc ops ${command}: ${file} is not JSON: ${(error as Error).message}`);
    return hooks.exit(1);
  }
}

const plural = (n: number, word: string) => `${grouped(n)} ${word}${n === 1 ? '' : 's'}`;

function countsLine(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${grouped(n)} ${k}`)
    .join(', ');
}

export function addOpsCommands(program: Command, io: Io, hooks: ServeHooks): void {
  const ops = program
    .command('ops')
    .description(
      'operate the built facility: inventory, telemetry, alerts, headroom, plan vs actual',
    );
  const common = (c: Command) =>
    c
      .option('--db <address>', 'the same store as `aidc serve --db` (default sqlite:./aidc.db)')
      .option('--project <name>', 'the project (facility) to work on', 'default');

  common(
    ops
      .command('import-plan')
      .description(
        'make the inventory the plan built: sites, halls, rows, racks, devices, GPUs, feeds, links',
      )
      .argument('<plan.json>', 'a plan from `aidc plan FILE --json`')
      .option('--replace', 'drop the project’s earlier inventory first'),
  ).action(async (file: string, opts: OpsOptions & { replace?: boolean }) => {
    const plan = readJson(io, hooks, 'import-plan', file);
    await withOps(io, hooks, 'import-plan', opts, async (svc, project, actor) => {
      const r = await svc.importPlan(project, plan, null, actor, opts.replace === true);
      io.err(
        `aidc ops import-plan: ${plural(r.written, 'thing')} written (${countsLine(r.counts)})`,
      );
    });
  });

  common(
    ops
      .command('import-netbox')
      .description(
        'import a NetBox DCIM export (sites, locations, racks, devices, power panels and feeds)',
      )
      .argument(
        '<netbox.json>',
        'the lists NetBox’s /api/dcim/ endpoints return, keyed by endpoint',
      )
      .option('--replace', 'drop the project’s earlier inventory first'),
  ).action(async (file: string, opts: OpsOptions & { replace?: boolean }) => {
    const json = readJson(io, hooks, 'import-netbox', file);
    await withOps(io, hooks, 'import-netbox', opts, async (svc, project, actor) => {
      const r = await svc.importNetbox(project, json, actor, opts.replace === true);
      io.err(
        `aidc ops import-netbox: ${plural(r.written, 'thing')} written (${countsLine(r.counts)})`,
      );
    });
  });

  common(
    ops
      .command('export-netbox')
      .description('write the inventory as NetBox DCIM JSON (the shape import-netbox reads)')
      .option('--out <file>', 'write to a file instead of standard output'),
  ).action(async (opts: OpsOptions & { out?: string }) => {
    await withOps(io, hooks, 'export-netbox', opts, async (svc, project) => {
      const text = JSON.stringify(await svc.exportNetbox(project), null, 2) + '\n';
      if (opts.out === undefined) io.out(text.trimEnd());
      else io.writeFile(opts.out, text);
    });
  });

  common(
    ops
      .command('ingest')
      .description(
        'store Prometheus text exposition (DCGM exporter, node exporter) and evaluate the alert rules',
      )
      .argument(
        '<files...>',
        'exposition text files, ingested in order, each in its own transaction',
      )
      .option('--source <name>', 'where the samples came from, for the ingest record')
      .option('--json', 'print the result as JSON (with several files: one entry a file)'),
  ).action(async (files: string[], opts: OpsOptions & { source?: string; json?: boolean }) => {
    await withOps(io, hooks, 'ingest', opts, async (svc, project, actor) => {
      const results: (Awaited<ReturnType<typeof svc.ingest>> & { file: string })[] = [];
      for (const file of files) {
        const text = readText(io, hooks, 'ingest', file);
        const r = await svc.ingest(project, text, opts.source ?? file, actor);
        results.push({ file, ...r });
        if (opts.json) continue;
        io.err(
          `aidc ops ingest: ${file}: ${plural(r.accepted, 'sample')} stored, ${plural(r.rejected, 'line')} rejected, in ${r.seconds.toFixed(2)} s`,
        );
        for (const e of r.errors.slice(0, 10)) io.err(`  ${file}:${e.line}: ${e.reason}`);
        if (r.rejected > 10) io.err(`  … and ${r.rejected - 10} more`);
        if (r.unplacedHosts.length > 0)
          io.err(
            `  ${plural(r.unplacedHosts.length, 'host')} not in the inventory (kept): ${r.unplacedHosts.slice(0, 5).join(', ')}${r.unplacedHosts.length > 5 ? ', …' : ''}`,
          );
        io.err(
          `  alerts: ${r.alerts.firing} firing, ${r.alerts.pending} pending${r.alerts.error ? ` (the rules could not be evaluated: ${r.alerts.error})` : ''}`,
        );
      }
      if (opts.json)
        io.out(JSON.stringify(results.length === 1 ? results[0] : { files: results }, null, 2));
      if (results.every((r) => r.accepted === 0 && r.rejected > 0)) hooks.exit(1);
    });
  });

  common(
    ops
      .command('rules')
      .description('set the project’s alert rules from a YAML file (or print them)')
      .argument('[rules.yaml]', 'the rules; without it, print the rules in force'),
  ).action(async (file: string | undefined, opts: OpsOptions) => {
    const yaml = file === undefined ? undefined : readText(io, hooks, 'rules', file);
    await withOps(io, hooks, 'rules', opts, async (svc, project, actor) => {
      const current = await svc.rules(project);
      if (yaml === undefined) return io.out(current.yaml.trimEnd());
      const saved = await svc.saveRules(
        project,
        yaml,
        current.isDefault ? 0 : current.version,
        actor,
        file,
      );
      io.err(`aidc ops rules: ${plural(saved.rules, 'rule')} saved as version ${saved.version}`);
    });
  });

  common(
    ops
      .command('incident')
      .description(
        'record a failure with its cause, so the fleet’s own failure shares and rate can be used',
      )
      .requiredOption(
        '--cause <cause>',
        'a cause of the reliability catalog (gpu, hbm, nic, host, software, …)',
      )
      .option('--host <name>', 'the server that failed')
      .option('--at <time>', 'when (ISO-8601; default now)')
      .option('--note <text>', 'what happened'),
  ).action(
    async (opts: OpsOptions & { cause: string; host?: string; at?: string; note?: string }) => {
      await withOps(io, hooks, 'incident', opts, async (svc, project, actor) => {
        const id = await svc.recordIncident(
          project,
          {
            cause: opts.cause,
            ...(opts.host !== undefined ? { host: opts.host } : {}),
            ...(opts.at !== undefined ? { at: opts.at } : {}),
            ...(opts.note !== undefined ? { note: opts.note } : {}),
          },
          actor,
        );
        io.err(`aidc ops incident: recorded ${id}`);
      });
    },
  );

  common(
    ops
      .command('feedback')
      .description(
        'put the fleet’s measured failure rate into a scenario (reliability.failuresPer1000NodeDays)',
      )
      .argument('<scenario>', 'the scenario file to update (YAML; its comments are kept)')
      .option('--days <n>', 'the window the rate is measured over', '90')
      .option('--out <file>', 'write the updated scenario here instead of standard output')
      .option('--force', 'write the rate even when too little has been measured to plan with'),
  ).action(
    async (file: string, opts: OpsOptions & { days: string; out?: string; force?: boolean }) => {
      const days = Number(opts.days);
      if (!(days > 0 && days <= 400)) {
        io.err(
          `aidc ops feedback: --days "${opts.days}": expected a number of days above 0, at most 400`,
        );
        return hooks.exit(2);
      }
      const text = readText(io, hooks, 'feedback', file);
      await withOps(io, hooks, 'feedback', opts, async (svc, project) => {
        const result = await svc.planVsActualOf(project, days);
        if (!result?.feedback) {
          io.err(
            'aidc ops feedback: no measured exposure yet: import the facility from a plan (aidc ops import-plan) and ingest its telemetry first',
          );
          return hooks.exit(1);
        }
        if (!result.feedbackReady.ok && opts.force !== true) {
          io.err(
            `aidc ops feedback: not enough to plan with yet: ${result.feedbackReady.reason} (the rate so far: ${result.feedback.note}); --force writes it anyway`,
          );
          return hooks.exit(1);
        }
        const { parseDocument } = await import('yaml');
        const { parseScenario } = await import('@aidc/core');
        const doc = parseDocument(text);
        if (doc.errors.length > 0) {
          io.err(`aidc ops feedback: ${file} is not YAML: ${doc.errors[0]?.message ?? ''}`);
          return hooks.exit(1);
        }
        const value = Number(result.feedback.value.toPrecision(3));
        doc.setIn(['reliability', 'failuresPer1000NodeDays'], value);
        // With incidents recorded, their causes too: the catalog's shares blended with the
        // fleet's (the fleet's weigh more as they accumulate; docs/operations.md).
        const stats = await svc.failureStats(project, days);
        if (stats.incidents > 0)
          doc.setIn(
            ['reliability', 'failureShares'],
            Object.fromEntries(
              Object.entries(stats.shares.shares).map(([cause, share]) => [
                cause,
                Number(share.toFixed(4)),
              ]),
            ),
          );
        const updated = doc.toString();
        const parsed = parseScenario(updated);
        if (!parsed.ok) {
          io.err(`aidc ops feedback: ${file} does not validate; fix it first (aidc check ${file})`);
          return hooks.exit(1);
        }
        if (opts.out === undefined) io.out(updated.trimEnd());
        else io.writeFile(opts.out, updated);
        io.err(
          `aidc ops feedback: reliability.failuresPer1000NodeDays: ${value} (${result.feedback.note})`,
        );
      });
    },
  );

  common(
    ops
      .command('status')
      .description('headroom, alerts and plan versus actual')
      .option('--days <n>', 'the window plan versus actual averages over', '7')
      .option('--json', 'print the status as JSON'),
  ).action(async (opts: OpsOptions & { days: string; json?: boolean }) => {
    const days = Number(opts.days);
    if (!(days > 0 && days <= 400)) {
      io.err(
        `aidc ops status: --days "${opts.days}": expected a number of days above 0, at most 400`,
      );
      return hooks.exit(2);
    }
    await withOps(io, hooks, 'status', opts, async (svc, project) => {
      const status = await svc.status(project, { days });
      if (opts.json) io.out(JSON.stringify(status, null, 2));
      else io.out((await import('./ops-status-text.js')).statusText(status));
    });
  });
}
