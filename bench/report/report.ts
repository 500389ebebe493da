import { cpus, loadavg } from 'node:os';
import type { CpuPinning } from '../harness/cpu-pinning';
import type { LoadSample } from '../harness/load';
import type { BenchSettings } from '../settings';
import type { GarbageMemoryResult } from '../workloads/garbage-memory';
import type { KidFloodResult } from '../workloads/kid-flood';
import { cpuRatio, roundRatio, throughputFigures, type ThroughputFigures } from './stats';
import { summaryLine } from './summary-line';
import { checkTargets, KEYS, type TargetCheck } from './targets';

/** What `bench/results/latest.json` holds: the printed table, as data. */
export interface BenchReport {
  date: string;
  command: string;
  node: string;
  cpu: string;
  cores: number;
  pinning: CpuPinning;
  /** 1-minute load average when the run started and ended (others' processes show here). */
  loadAverage: { start: number; end: number };
  settings: BenchSettings;
  connections: number;
  throughput: ThroughputFigures[];
  /** Median per-round ratios of req/s between two workloads, e.g. cold against textbook. */
  comparisons: Record<string, number>;
  /** The same ratios from the least app CPU time per request (higher: the first is cheaper). */
  cpuComparisons: Record<string, number>;
  kidFlood?: KidFloodResult;
  garbageMemory?: GarbageMemoryResult;
  targets: TargetCheck[];
  /** False in `--quick` mode: a smoke run whose figures mean nothing. */
  judged: boolean;
  summary: string;
}

/** Everything a run produced, before it becomes a report. */
export interface RunOutcome {
  settings: BenchSettings;
  pinning: CpuPinning;
  connections: number;
  startLoad: number;
  samples: ReadonlyMap<string, LoadSample[]>;
  kidFlood?: KidFloodResult;
  garbage?: GarbageMemoryResult;
}

function comparisons(
  samples: ReadonlyMap<string, LoadSample[]>,
  ratio: (a: LoadSample[], b: LoadSample[]) => number,
): Record<string, number> {
  const pairs = [
    [KEYS.coldRs, KEYS.textbookRs],
    [KEYS.floorRs, KEYS.textbookRs],
    [KEYS.coldEs, KEYS.textbookEs],
    [KEYS.policy, KEYS.demoHealth],
    [KEYS.policy, KEYS.demoUserPublic],
    [KEYS.graphqlUser, KEYS.graphqlUserPublic],
  ];
  const result: Record<string, number> = {};
  for (const [a, b] of pairs) {
    const left = samples.get(a);
    const right = samples.get(b);
    if (left && right) result[`${a} / ${b}`] = ratio(left, right);
  }
  return result;
}

/** Turns a run's samples into figures, target checks and the summary line. */
export function buildReport(outcome: RunOutcome): BenchReport {
  const throughput = throughputFigures(outcome.samples, KEYS.baseline);
  const byKey = new Map(throughput.map((f) => [f.workload, f]));
  const compared = comparisons(outcome.samples, roundRatio);
  const cpuCompared = comparisons(outcome.samples, cpuRatio);
  return {
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    pinning: outcome.pinning,
    loadAverage: { start: outcome.startLoad, end: loadavg()[0] },
    settings: outcome.settings,
    connections: outcome.connections,
    throughput,
    comparisons: compared,
    cpuComparisons: cpuCompared,
    kidFlood: outcome.kidFlood,
    garbageMemory: outcome.garbage,
    targets: checkTargets(
      outcome.settings.platform,
      byKey,
      compared,
      cpuCompared,
      outcome.kidFlood,
      outcome.garbage,
    ),
    judged: !outcome.settings.quick,
    summary: summaryLine(byKey, cpuCompared, outcome.kidFlood, outcome.garbage),
  };
}
