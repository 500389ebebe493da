import type { GarbageMemoryResult } from '../workloads/garbage-memory';
import type { KidFloodResult } from '../workloads/kid-flood';
import type { ThroughputFigures } from './stats';
import { megabytes, type TargetCheck } from './targets';

const HEADER = [
  'workload',
  'req/s',
  'p50 ms',
  'p99 ms',
  'x baseline',
  'least app CPU us/req',
  'x baseline (CPU)',
  'note',
];
const NOTE = HEADER.length - 1;

/** One table row: label, req/s, p50, p99, ratio, CPU per request, CPU ratio, note. */
type Row = string[];

const fixed = (value: number, digits: number): string =>
  Number.isNaN(value) ? '-' : value.toFixed(digits);
const count = (value: number): string => Math.round(value).toLocaleString('en-US');

function render(rows: Row[]): string {
  const widths = HEADER.map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: Row): string =>
    row
      .map((cell, c) => (c === 0 || c === NOTE ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

function throughputRow(f: ThroughputFigures, note: string): Row {
  const base = f.workload === 'baseline';
  return [
    f.workload,
    count(f.requestsPerSecond),
    fixed(f.p50Ms, 1),
    fixed(f.p99Ms, 1),
    base ? '1.00' : fixed(f.ratioToBaseline, 2),
    fixed(f.appCpuMicrosPerRequest, 0),
    base ? '1.00' : fixed(f.cpuRatioToBaseline, 2),
    note,
  ];
}

/** A row of a workload that has no baseline ratio (the flood, the garbage). */
function refusalRow(name: string, result: KidFloodResult | GarbageMemoryResult, note: string): Row {
  return [
    name,
    count(result.requestsPerSecond),
    fixed(result.p50Ms, 1),
    fixed(result.p99Ms, 1),
    '-',
    fixed(result.appCpuMicrosPerRequest, 0),
    '-',
    note,
  ];
}

function kidFloodRow(result: KidFloodResult): Row {
  const accepted = result.newKeyAccepted
    ? `new key ok after ${result.newKeyAcceptedAfterMs} ms`
    : 'new key REFUSED';
  const fetches = `${result.jwksFetches} JWKS fetches (<= ${result.allowedFetches})`;
  return refusalRow(
    'kid-flood (401)',
    result,
    `${fetches}, cooldown ${result.cooldownSeconds} s, ${accepted}`,
  );
}

function garbageRow(result: GarbageMemoryResult): Row {
  const rss = `${megabytes(result.rssAfter - result.rssBefore)} (${megabytes(result.rssMiddle - result.rssBefore)} + ${megabytes(result.rssAfter - result.rssMiddle)})`;
  const heap = megabytes(result.heapAfter - result.heapBefore);
  return refusalRow(
    'garbage (401)',
    result,
    `${count(result.tokens)} invalid tokens: RSS ${rss}, heap ${heap}`,
  );
}

/** The results table: one row per throughput workload, then the flood and the garbage. */
export function resultsTable(
  figures: readonly ThroughputFigures[],
  notes: Readonly<Record<string, string>>,
  kidFlood: KidFloodResult | undefined,
  garbage: GarbageMemoryResult | undefined,
): string {
  const rows: Row[] = [HEADER, ...figures.map((f) => throughputRow(f, notes[f.workload] ?? ''))];
  if (kidFlood) rows.push(kidFloodRow(kidFlood));
  if (garbage) rows.push(garbageRow(garbage));
  return render(rows);
}

/** A check's verdict: met, missed, or missed where the floor misses it too. */
function verdict(check: TargetCheck): string {
  if (check.met) return 'met';
  if (check.floor === undefined) return 'MISSED';
  const { workload, value, met } = check.floor;
  return met ? `MISSED (${workload}: ${value})` : `out of reach: ${workload} reads ${value}`;
}

/** The targets, each met or missed (and beside its floor, when it has one). */
export function targetsTable(checks: readonly TargetCheck[]): string {
  const width = Math.max(0, ...checks.map((c) => c.target.length));
  const valueWidth = Math.max(0, ...checks.map((c) => c.value.length));
  return checks
    .map((c) => `${c.target.padEnd(width)}  ${c.value.padEnd(valueWidth)}  ${verdict(c)}`)
    .join('\n');
}
