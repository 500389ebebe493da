import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { TestIssuer } from 'nest-portcullis/testing';
import { pinLoadGenerator } from './harness/cpu-pinning';
import { CONNECTIONS } from './harness/load';
import { buildReport, type BenchReport } from './report/report';
import { resultsTable, targetsTable } from './report/table';
import { KEYS } from './report/targets';
import { parseSettings, type BenchSettings } from './settings';
import { isSelected, throughputWorkloads } from './workloads/catalog';
import type { BenchContext } from './workloads/context';
import { runGarbageMemory } from './workloads/garbage-memory';
import { runKidFlood } from './workloads/kid-flood';
import { runThroughput } from './workloads/throughput';

// `npm run bench`: compiled to dist/bench/bench/run.js; results go to bench/results/.
const RESULTS_DIR = resolve(__dirname, '..', '..', '..', 'bench', 'results');

function notes(report: BenchReport, settings: BenchSettings): Record<string, string> {
  const cache =
    settings.tokenCacheEntries === 0 ? 'off' : settings.tokenCacheEntries.toLocaleString('en-US');
  const pool = `${settings.coldPoolSize.toLocaleString('en-US')} tokens in turn, cache ${cache}`;
  // `1.74x textbook (CPU 1.80x)`: req/s ratio, then the least-CPU ratio.
  const compared = (a: string, b: string, label: string): string | undefined => {
    const key = `${a} / ${b}`;
    const ratio = report.comparisons[key];
    if (ratio === undefined) return undefined;
    return `${ratio.toFixed(2)}x ${label} (CPU ${report.cpuComparisons[key].toFixed(2)}x)`;
  };
  const versus = (cold: string, textbook: string): string =>
    [compared(cold, textbook, 'textbook'), pool].filter(Boolean).join('; ');
  const policyVersusDemo = [
    compared(KEYS.policy, KEYS.demoHealth, 'demo-health'),
    compared(KEYS.policy, KEYS.demoUserPublic, 'demo-user-public'),
  ]
    .filter(Boolean)
    .map((ratio) => `; ${ratio}`)
    .join('');
  return {
    [KEYS.baseline]: '@Public() route',
    [KEYS.baselineWithToken]: 'same route, requests carry an (ignored) token',
    [KEYS.warm]: 'one token reused',
    [KEYS.coldRs]: versus(KEYS.coldRs, KEYS.textbookRs),
    [KEYS.coldEs]: versus(KEYS.coldEs, KEYS.textbookEs),
    [KEYS.textbookRs]: 'passport-jwt + passportJwtSecret, same tokens',
    [KEYS.textbookEs]: 'passport-jwt + passportJwtSecret, same tokens',
    'floor (RS256)':
      'the floor: jsonwebtoken.verify with a parsed key and nothing else, same tokens',
    'floor (ES256)':
      'the floor: jsonwebtoken.verify with a parsed key and nothing else, same tokens',
    [KEYS.demoHealth]: "the demo's @Public() GET /health",
    [KEYS.demoUserPublic]: 'the same answer from a @Public() twin of GET /users/:id',
    [KEYS.policy]: `demo GET /users/:id, own record, one token${policyVersusDemo}`,
    [KEYS.graphqlUserPublic]: 'POST /graphql { publicUser(id) }, a @Public() twin query',
    [KEYS.graphqlUser]: [
      'POST /graphql { user(id) }, own record, one token',
      compared(KEYS.graphqlUser, KEYS.graphqlUserPublic, 'graphql-user-public'),
    ]
      .filter(Boolean)
      .join('; '),
  };
}

function print(report: BenchReport): void {
  const { pinning, settings } = report;
  console.log(`\nnest-portcullis benchmark, ${report.date}`);
  console.log(
    `node ${report.node}, ${report.cpu} x${report.cores}, ${settings.platform}, ${report.connections} connections, loopback`,
  );
  console.log(
    `pinning: ${pinning.note}; load average ${report.loadAverage.start.toFixed(2)} -> ${report.loadAverage.end.toFixed(2)}`,
  );
  console.log(
    `rounds ${settings.rounds} x (${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s); medians over rounds, ratios per round\n`,
  );
  console.log(
    resultsTable(report.throughput, notes(report, settings), report.kidFlood, report.garbageMemory),
  );
  console.log(`\ntargets${report.judged ? '' : ' (a --quick smoke run: figures not judged)'}:`);
  console.log(targetsTable(report.targets));
  console.log(`\nwritten to bench/results/latest.json`);
  console.log(report.summary);
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  const pinning = pinLoadGenerator();
  if (settings.profileDir) mkdirSync(settings.profileDir, { recursive: true });
  const startLoad = loadavg()[0];
  const issuer = await TestIssuer.start({ algorithms: ['RS256', 'ES256'] });
  try {
    const context: BenchContext = {
      issuer,
      settings,
      launch: { pinning, profileDir: settings.profileDir },
    };
    process.stderr.write(
      `bench: ${settings.quick ? 'quick smoke run' : 'full run'}, ${pinning.note}\n`,
    );
    const samples = await runThroughput(context, throughputWorkloads(context));
    const kidFlood = isSelected(context, 'kid-flood') ? await runKidFlood(context) : undefined;
    const garbage = isSelected(context, 'garbage') ? await runGarbageMemory(context) : undefined;
    const report = buildReport({
      settings,
      pinning,
      connections: CONNECTIONS,
      startLoad,
      samples,
      kidFlood,
      garbage,
    });
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    print(report);
    if (kidFlood && !kidFlood.ok) {
      console.error('bench: the kid-flood checks failed');
      process.exitCode = 1;
    }
  } finally {
    await issuer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
});
