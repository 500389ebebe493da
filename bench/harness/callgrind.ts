import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * V8's runtime function behind `process.nextTick`'s slow path (see `bench/README.md`, "Counted
 * instructions"): in some app processes every tick object is built through it.
 */
const SLOW_TICK_FUNCTION = 'Runtime_DefineKeyedOwnPropertyInLiteral';

/** What one callgrind dump counted: instructions per thread, and the slow tick path's share. */
export interface InstructionDump {
  /** Instructions of each thread, the main thread first. */
  threads: number[];
  /** Instructions spent in {@link SLOW_TICK_FUNCTION} itself, on the main thread. */
  slowTickInstructions: number;
}

/** The `valgrind` command an app runs under, writing its dumps into `dir`. */
export function callgrindCommand(dir: string): string[] {
  return [
    'valgrind',
    '--tool=callgrind',
    `--callgrind-out-file=${join(dir, 'callgrind.%p')}`,
    '--separate-threads=yes',
    '--compress-strings=no',
    '--quiet',
  ];
}

/** Whether valgrind (Debian's package `valgrind`) can be run here. */
export function hasValgrind(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Zeroes the counters of the callgrind process `pid` (`callgrind_control -z`). */
export function zeroCounters(pid: number): void {
  execFileSync('callgrind_control', ['-z', String(pid)], { stdio: 'ignore' });
}

/** Has callgrind write what it counted since the last zero (`callgrind_control -d`). */
export function dumpCounters(pid: number): void {
  execFileSync('callgrind_control', ['-d', String(pid)], { stdio: 'ignore' });
}

/** Reads the first dump of `pid` in `dir` (`callgrind.<pid>.1-<thread>`, one file a thread). */
export function readDump(dir: string, pid: number): InstructionDump {
  const prefix = `callgrind.${pid}.1-`;
  const files = readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
  if (files.length === 0) throw new Error(`no callgrind dump of process ${pid} in ${dir}`);
  const texts = files.map((name) => readFileSync(join(dir, name), 'utf8'));
  return {
    threads: texts.map(totalOf),
    slowTickInstructions: selfCost(texts[0], SLOW_TICK_FUNCTION),
  };
}

function totalOf(text: string): number {
  const match = /^(?:summary|totals):\s+(\d+)/m.exec(text);
  if (match === null) throw new Error('a callgrind dump without totals');
  return Number(match[1]);
}

/**
 * Instructions spent in the functions whose name contains `name`, callees left out. In the
 * dump (strings not compressed), `fn=` opens a function's block; a cost line right after a
 * `calls=` line is what a callee cost, every other cost line is the function's own.
 */
function selfCost(text: string, name: string): number {
  let inTarget = false;
  let afterCall = false;
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=')) {
      inTarget = line.includes(name);
      afterCall = false;
    } else if (line.startsWith('calls=')) {
      afterCall = true;
    } else if (/^[0-9+\-*]/.test(line)) {
      const cost = Number(line.split(' ')[1] ?? 0);
      if (!afterCall && inTarget) total += cost;
      afterCall = false;
    }
  }
  return total;
}
