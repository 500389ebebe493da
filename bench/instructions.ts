import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestIssuer } from 'nest-portcullis/testing';
import {
  callgrindCommand,
  dumpCounters,
  hasValgrind,
  readDump,
  zeroCounters,
  type InstructionDump,
} from './harness/callgrind';
import { expectStatuses, runLoad } from './harness/load';
import { parseSettings, type BenchSettings } from './settings';
import { throughputWorkloads } from './workloads/catalog';
import { progress, startApp, withApp, type BenchContext } from './workloads/context';
import { workloadKey, type ThroughputWorkload } from './workloads/throughput';

// `npm run bench:instructions`: instructions per request, counted by valgrind's callgrind in
// the app process, every thread. A count does not move with the machine's other work, where
// CPU time on this VM moves by a factor of two within an hour (bench/README.md, "Counted
// instructions"). It is not time: a cache miss costs as much as a hundred instructions, and
// a collector's work counts where it runs. The app runs some fifty times slower under
// valgrind, so a run is a few thousand requests, not seconds of load.

const USAGE = `usage: npm run bench:instructions -- [--fastify] [--only name,name]
                        [--requests N] [--warmup N] [--runs N]`;

/** The workloads counted when `--only` names none. */
const DEFAULT_WORKLOADS = [
  'baseline',
  'baseline+token',
  'authn-warm (RS256)',
  'authn-cold (RS256)',
  'floor (RS256)',
  'demo-user-public',
  'policy',
];

interface Options {
  platform: BenchSettings['platform'];
  only: string[];
  requests: number;
  warmup: number;
  runs: number;
}

function parseOptions(args: string[]): Options {
  const options: Options = {
    platform: 'express',
    only: DEFAULT_WORKLOADS,
    requests: 4000,
    warmup: 4000,
    runs: 2,
  };
  const count = (i: number): number => {
    const value = Number(args[i + 1]);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${args[i]} needs a count\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === '--fastify') options.platform = 'fastify';
    else if (flag === '--only') options.only = (args[++i] ?? '').split(',').filter(Boolean);
    else if (flag === '--requests') options.requests = count(i++);
    else if (flag === '--warmup') options.warmup = count(i++);
    else if (flag === '--runs') options.runs = count(i++);
    else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  return options;
}

/** Connections of the load: fewer than the throughput bench's 50, whose first requests time out. */
const CONNECTIONS = 8;

/**
 * Main-thread instructions a request in V8's runtime tick path above which a process is marked
 * `slow`: about 3,900 in a process caught in it, a few at most in one that is not.
 */
const SLOW_TICK_MARK = 500;

/** One app process under callgrind: what its measured requests cost. */
interface Run {
  /** Main-thread instructions per request. */
  main: number;
  /** Instructions per request, every thread (the collector's helpers, the compiler's). */
  total: number;
  /** Main-thread instructions per request in `process.nextTick`'s slow path. */
  slowTick: number;
}

function runOf(dump: InstructionDump, requests: number): Run {
  const total = dump.threads.reduce((sum, n) => sum + n, 0);
  return {
    main: dump.threads[0] / requests,
    total: total / requests,
    slowTick: dump.slowTickInstructions / requests,
  };
}

/** Counts one fresh app: warm-up, counters zeroed, the measured requests, a dump. */
async function countOnce(
  context: BenchContext,
  workload: ThroughputWorkload,
  options: Options,
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-callgrind-'));
  try {
    const launched = { ...context, launch: { ...context.launch, wrapper: callgrindCommand(dir) } };
    return await withApp(startApp(launched, workload.app), async (app) => {
      const plan = {
        origin: app.origin,
        path: workload.path,
        nextToken: workload.nextToken,
        body: workload.body,
        // Requests in flight at once; the first ones, compiled under valgrind, take seconds.
        connections: CONNECTIONS,
        timeoutSeconds: 120,
      };
      const key = workloadKey(workload);
      expectStatuses(`${key} warm-up`, await runLoad({ ...plan, amount: options.warmup }), [200]);
      zeroCounters(app.pid);
      const sample = await runLoad({ ...plan, amount: options.requests });
      dumpCounters(app.pid);
      expectStatuses(key, sample, [200]);
      return runOf(readDump(dir, app.pid), sample.requests);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const thousands = (n: number): string => `${(n / 1000).toFixed(1)}k`;

function print(results: Map<string, Run[]>, options: Options): void {
  const least = (runs: Run[]): Run => runs.reduce((a, b) => (b.main < a.main ? b : a));
  const baseline = results.get('baseline');
  const base = baseline === undefined ? undefined : least(baseline).main;
  console.log(
    `\ninstructions per request (callgrind), ${options.platform}, ${options.runs} fresh app(s) ` +
      `per workload, ${options.warmup} requests of warm-up, ${options.requests} counted\n`,
  );
  const rows = [
    ['workload', 'main thread', 'x baseline', 'all threads', 'runs (main / all, slow ticks)'],
  ];
  for (const [key, runs] of results) {
    const best = least(runs);
    rows.push([
      key,
      thousands(best.main),
      base === undefined ? '-' : `${(base / best.main).toFixed(2)}x`,
      thousands(best.total),
      runs
        .map(
          (r) =>
            `${thousands(r.main)} / ${thousands(r.total)}${r.slowTick > SLOW_TICK_MARK ? ' slow' : ''}`,
        )
        .join(', '),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  console.log(
    '\nx baseline: the baseline\'s least main-thread count over the workload\'s least. "slow": ' +
      "that process built its tick objects through V8's runtime (bench/README.md).",
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!hasValgrind()) {
    throw new Error('valgrind is not installed (Debian: apt-get install valgrind)');
  }
  const settings: BenchSettings = {
    ...parseSettings(options.platform === 'fastify' ? ['--fastify'] : []),
    only: options.only,
    // Every token of a cold workload is new to its app (each run starts a fresh one), with a
    // margin for what the load generator sends past its count.
    coldPoolSize: options.warmup + options.requests + 1000,
  };
  const issuer = await TestIssuer.start({ algorithms: ['RS256', 'ES256'] });
  try {
    const context: BenchContext = {
      issuer,
      settings,
      launch: { pinning: { mode: 'none', note: 'under valgrind' }, bootTimeoutMs: 300_000 },
    };
    const results = new Map<string, Run[]>();
    for (const workload of throughputWorkloads(context)) {
      const key = workloadKey(workload);
      const runs: Run[] = [];
      for (let i = 0; i < options.runs; i++) {
        const run = await countOnce(context, workload, options);
        progress(
          `${key} ${i + 1}/${options.runs}: ${thousands(run.main)} main, ${thousands(run.total)} all`,
        );
        runs.push(run);
      }
      results.set(key, runs);
    }
    print(results, options);
    mkdirSync(join('bench', 'results'), { recursive: true });
    const json = { date: new Date().toISOString(), options, results: Object.fromEntries(results) };
    writeFileSync(
      join('bench', 'results', 'instructions.json'),
      `${JSON.stringify(json, null, 2)}\n`,
    );
  } finally {
    await issuer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(
    `bench:instructions failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
