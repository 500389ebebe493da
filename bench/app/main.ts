import type { AddressInfo } from 'node:net';
import {
  BENCH_APP_ENV,
  type BenchAppConfig,
  type ChildMessage,
  type MemorySample,
  type ParentMessage,
} from './app-config';
import { createBenchApp } from './create-bench-app';

// The entry of a benchmark child process: starts the app the parent asked for on
// 127.0.0.1, says its port, measures its memory on request and stops cleanly (so that
// `--cpu-prof` writes its profile).

function tell(message: ChildMessage): void {
  process.send?.(message);
}

function memoryAfterGc(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('bench child: run node with --expose-gc');
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

/** CPU time (user + system) this process has used, in microseconds. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function main(): Promise<void> {
  const raw = process.env[BENCH_APP_ENV];
  if (raw === undefined || process.send === undefined) {
    throw new Error(`bench child: started without ${BENCH_APP_ENV} or an IPC channel`);
  }
  const config = JSON.parse(raw) as BenchAppConfig;
  const app = await createBenchApp(config);
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'memory') tell({ type: 'memory', ...memoryAfterGc() });
    if (message.type === 'cpu') tell({ type: 'cpu', micros: cpuMicros() });
    if (message.type === 'stop') void app.close().finally(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  const { port } = app.getHttpServer().address() as AddressInfo;
  tell({ type: 'ready', port });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  tell({ type: 'failed', message });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100).unref();
});
