import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Where the app and the load generator run. */
export interface CpuPinning {
  /** `taskset` when both are pinned, `none` otherwise. */
  mode: 'taskset' | 'none';
  /** Core of the app child processes (when pinned). */
  appCore?: number;
  /** Core of this process: autocannon and the test issuer (when pinned). */
  loadCore?: number;
  /** Why nothing is pinned, or which cores. */
  note: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Pins this process (every thread: autocannon, the test issuer) to the last core, and
 * returns how app children are to be started on core 0. Without `taskset` or with a
 * single core, nothing is pinned and the report says so.
 */
export function pinLoadGenerator(): CpuPinning {
  const cores = availableParallelism();
  if (cores < 2) return { mode: 'none', note: `one core only: app and load share it` };
  if (process.platform !== 'linux' || !hasTaskset()) {
    return { mode: 'none', note: `taskset not available: ${cores} cores, nothing pinned` };
  }
  const loadCore = cores - 1;
  execFileSync('taskset', ['-a', '-cp', String(loadCore), String(process.pid)], {
    stdio: 'ignore',
  });
  return { mode: 'taskset', appCore: 0, loadCore, note: `app on core 0, load on core ${loadCore}` };
}

/**
 * The command and arguments that start `node <args>` on the app's core, or under `wrapper`
 * (a command and its arguments, such as `valgrind --tool=callgrind`), unpinned.
 */
export function appCommand(
  pinning: CpuPinning,
  nodeArgs: string[],
  wrapper: readonly string[] = [],
): [string, string[]] {
  if (wrapper.length > 0) return [wrapper[0], [...wrapper.slice(1), process.execPath, ...nodeArgs]];
  if (pinning.mode === 'taskset') {
    return ['taskset', ['-c', String(pinning.appCore), process.execPath, ...nodeArgs]];
  }
  return [process.execPath, nodeArgs];
}
