// `aidc simulate FILE`: the scenario's planned cluster in operation (interface.md §6). The shell
// reads the scenario and the trace file, times the run, and prints the JSON or a summary; the
// simulation itself is @aidc/sim.
import { dirname, isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import { planScenario, type Scenario } from '@aidc/core';
import {
  POLICIES,
  simulationJson,
  TraceError,
  simulatePlan,
  type PlanSimulation,
  type PolicyName,
} from '@aidc/sim';
import { table } from './format.js';
import { throttleText } from './throttle-text.js';
import type { Io } from './io.js';

export interface SimulateHooks {
  /** The validated scenario of a file (exits 2 if unreadable, 1 if invalid). */
  readScenario(file: string): { scenario: Scenario };
  /** Stop with an exit code. */
  exit(code: number): never;
}

interface SimulateOptions {
  days?: string;
  seed?: string;
  policy?: string;
  json?: boolean;
  html?: string;
  timing?: boolean;
}

const hours = (s: number) => (s / 3600).toFixed(s < 36_000 ? 2 : 1);

/** The terminal summary. */
export function simulationSummary(
  file: string,
  run: PlanSimulation,
  timing: { wallS: number } | undefined,
): string {
  const r = run.result;
  const s = run.settings;
  const dist = (
    name: string,
    d: { mean: number; p50: number; p90: number; p99: number },
    f: (x: number) => string,
  ) => [name, f(d.mean), f(d.p50), f(d.p90), f(d.p99)];
  const lines = [
    `${file}: ${r.simulatedDays === 1 ? '1 day' : `${r.simulatedDays} days`}, policy ${s.policy}, placement ${s.placement}, failures ${s.failures ? 'on' : 'off'}, seed ${s.seed}`,
    `  utilisation ${(r.utilization * 100).toFixed(1)}%  goodput ${(r.goodput * 100).toFixed(2)}%  fragmentation ${(r.fragmentation * 100).toFixed(1)}%  energy ${r.energyMWh.toFixed(1)} MWh`,
    `  jobs: ${r.jobs.submitted} submitted, ${r.jobs.completed} completed, ${r.jobs.running} running, ${r.jobs.pending} pending, ${r.jobs.failed} interrupted by failures${r.jobs.rejected > 0 ? `, ${r.jobs.rejected} too large for the cluster, the power cap or their team's quota` : ''}`,
    `  failures: ${r.failures.serverFailures} server failures, ${r.failures.jobInterruptions} job interruptions, ${r.failures.repairs} repairs`,
    `  power: peak ${r.peakPowerMW.toFixed(3)} MW facility${s.powerCapMW !== undefined ? ` (cap ${s.powerCapMW} MW: ${r.powerThrottle ? throttleText(r.powerThrottle) : 'work beyond it waits'})` : ''}, ${(r.energyMWh / r.simulatedDays).toFixed(2)} MWh a day (IT ${(r.itEnergyMWh / r.simulatedDays).toFixed(2)})${r.jobs.preempted > 0 ? `; ${r.jobs.preempted} jobs preempted` : ''}`,
    '',
    table(
      [
        dist('queue delay, h', r.queueDelayS, hours),
        dist('completion time, h', r.jctS, hours),
        dist('bounded slowdown', r.slowdown, (x) => x.toFixed(2)),
      ],
      ['', 'mean', 'p50', 'p90', 'p99'],
    )
      .split('\n')
      .map((l) => '  ' + l)
      .join('\n'),
  ];
  if (r.queueDelayByPriorityS)
    lines.push(
      `  queue delay by priority, h (mean / p99): ${Object.entries(r.queueDelayByPriorityS)
        .reverse()
        .map(([p, d]) => `${p}: ${hours(d.mean)} / ${hours(d.p99)}`)
        .join(', ')}`,
    );
  if (r.teams)
    lines.push(
      `  teams (GPU-hours${Object.values(r.teams).some((t) => t.quotaUse !== undefined) ? ', use of quota' : ''}, queue delay mean / p99 h): ${Object.entries(
        r.teams,
      )
        .map(
          ([name, t]) =>
            `${name}: ${Math.round(t.gpuHours).toLocaleString('en-US')}${t.quotaUse !== undefined ? ` of ${t.quotaGpus} GPUs (${(t.quotaUse * 100).toFixed(1)}%)` : ''}, ${hours(t.queueDelayS.mean)} / ${hours(t.queueDelayS.p99)}`,
        )
        .join('; ')}`,
    );
  if (r.placement.multiServerJobs > 0)
    lines.push(
      `  multi-server jobs: ${r.placement.multiServerJobs}, ${r.placement.meanLeafGroups.toFixed(2)} leaf groups and ${r.placement.meanDomains.toFixed(2)} scale-up domains each on average`,
    );
  for (const [i, { model: m, requests: q }] of run.services.entries()) {
    const replicas = r.services[i];
    const counts = replicas?.replicas ?? [];
    lines.push(
      `  service ${m.workload}: ${(q.sloAttainment * 100).toFixed(2)}% of ${q.requests.toLocaleString('en-US')} requests within the SLO${q.simulatedS < r.simulatedDays * 86_400 ? ` (requests of the first ${(q.simulatedS / 86_400).toFixed(2)} days)` : ''}; wait p99 ${q.waitS.p99.toFixed(2)} s; ${Math.min(...counts)}-${Math.max(...counts)} replicas of ${m.gpusPerReplica} GPUs (${m.capacityPerReplica.toFixed(2)} req/s, ${m.slots} slots each)`,
      `    ${(replicas?.gpuHours ?? 0).toFixed(0)} GPU-hours served, ${(replicas?.lentGpuHours ?? 0).toFixed(0)} lent to jobs below ${m.maxReplicas} replicas, ${replicas?.preemptions ?? 0} jobs stopped to scale up${(replicas?.shortfallReplicaHours ?? 0) > 0 ? `, ${(replicas?.shortfallReplicaHours ?? 0).toFixed(1)} replica-hours short` : ''}`,
    );
  }
  const skipped = Object.entries(run.skipped).filter(([, n]) => n > 0);
  if (skipped.length > 0)
    lines.push(`  trace rows skipped: ${skipped.map(([why, n]) => `${n} ${why}`).join(', ')}`);
  if (timing)
    lines.push(
      `  ${r.events.toLocaleString('en-US')} events in ${timing.wallS.toFixed(2)} s = ${Math.round(r.events / Math.max(timing.wallS, 1e-9)).toLocaleString('en-US')} events/s`,
    );
  return lines.join('\n');
}

export function addSimulateCommand(program: Command, io: Io, hooks: SimulateHooks): void {
  program
    .command('simulate')
    .description(
      "simulate the planned cluster in operation: jobs, a scheduler, placement, failures and repairs, energy (the scenario's simulation section)",
    )
    .argument('<file>', 'scenario file with a simulation section')
    .option('--days <n>', 'simulated days (default: simulation.days)')
    .option('--seed <s>', 'random seed (default: simulation.seed)')
    .option('--policy <p>', `scheduler: ${POLICIES.join(', ')} (default: simulation.policy)`)
    .option('--json', 'print the result as JSON on stdout')
    .option('--html <file>', 'also write a self-contained HTML report (time series as inline SVG)')
    .option('--timing', 'also report wall time and events per second (varies from run to run)')
    .addHelpText(
      'after',
      `
Examples:
  aidc simulate examples/scheduler-comparison.yaml
  aidc simulate examples/scheduler-comparison.yaml --policy fifo --days 7 --json
  aidc simulate examples/scheduler-comparison.yaml --html simulation.html`,
    )
    .action(async (file: string, opts: SimulateOptions) => {
      const usage = (message: string): never => {
        io.err(`aidc simulate: ${message}`);
        return hooks.exit(2);
      };
      const days = opts.days !== undefined ? Number(opts.days) : undefined;
      if (days !== undefined && !(days > 0 && days <= 3660))
        usage(`--days must be a number of days above 0 and at most 3660, got ${opts.days}`);
      const seed = opts.seed !== undefined ? Number(opts.seed) : undefined;
      if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0))
        usage(`--seed must be a whole number of 0 or more, got ${opts.seed}`);
      if (opts.policy !== undefined && !(POLICIES as readonly string[]).includes(opts.policy))
        usage(`--policy must be one of ${POLICIES.join(', ')}, got ${opts.policy}`);
      const policy = opts.policy as PolicyName | undefined;

      const { scenario } = hooks.readScenario(file);
      const settings = scenario.simulation;
      if (!settings) {
        io.err(
          `${file}: simulation: missing; add a simulation section with jobs (a trace or a synthetic mix), see examples/scheduler-comparison.yaml`,
        );
        return hooks.exit(1);
      }
      let traceText: string | undefined;
      let tracePath: string | undefined;
      if (settings.jobs && 'trace' in settings.jobs) {
        const trace = settings.jobs.trace;
        tracePath = isAbsolute(trace) ? trace : join(dirname(file), trace);
        try {
          traceText = io.readFile(tracePath);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          io.err(
            `${file}: simulation.jobs.trace: cannot read ${tracePath}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
          );
          return hooks.exit(2);
        }
      }
      const plan = planScenario(scenario, { monteCarlo: false });
      let run: PlanSimulation;
      const start = performance.now();
      try {
        run = simulatePlan(plan, { traceText, days, seed, policy });
      } catch (error) {
        if (error instanceof TraceError) {
          io.err(
            `${tracePath ?? file}:${error.line}: ${error.column}: ${error.message.replace(/^line \d+, [^:]+: /, '')}`,
          );
        } else io.err(`${file}: simulation: ${(error as Error).message}`);
        return hooks.exit(1);
      }
      const timing = opts.timing ? { wallS: (performance.now() - start) / 1000 } : undefined;
      if (opts.html) {
        const { renderSimulationReport } = await import('./report/simulation-report.js');
        io.writeFile(opts.html, renderSimulationReport(scenario.name, file, run));
        io.err(`wrote ${opts.html}`);
      }
      if (opts.json) io.out(JSON.stringify(simulationJson(run, timing), null, 2));
      else io.out(simulationSummary(file, run, timing));
    });
}
