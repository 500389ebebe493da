import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  BENCH_APP_ENV,
  type BenchAppConfig,
  type ChildMessage,
  type MemorySample,
} from '../app/app-config';
import { appCommand, type CpuPinning } from './cpu-pinning';

const CHILD_MAIN = join(__dirname, '..', 'app', 'main.js');
const BOOT_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/** How app children are started. */
export interface AppLaunch {
  pinning: CpuPinning;
  /** A directory for `--cpu-prof` profiles, when profiling. */
  profileDir?: string;
  /** More flags for the app's `node` (V8 options). */
  nodeFlags?: readonly string[];
  /** A command the app's `node` runs under (`valgrind ...`): the app is then not pinned. */
  wrapper?: readonly string[];
  /** How long the app may take to listen (default 20 s; much longer under valgrind). */
  bootTimeoutMs?: number;
}

/** One freshly started app in a child process, on 127.0.0.1. */
export class AppProcess {
  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>` */
    readonly origin: string,
  ) {}

  /** Starts an app and resolves once it listens. */
  static async start(config: BenchAppConfig, launch: AppLaunch): Promise<AppProcess> {
    const profile = launch.profileDir
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${launch.profileDir}`,
          `--cpu-prof-name=${config.kind}-${Date.now()}.cpuprofile`,
        ]
      : [];
    const [command, args] = appCommand(
      launch.pinning,
      [
        '--expose-gc',
        '--no-warnings',
        ...(launch.nodeFlags ?? []),
        // Extra node flags for every app (`--trace-gc`, ...), separated by spaces.
        ...(process.env.BENCH_APP_FLAGS?.split(' ').filter(Boolean) ?? []),
        ...profile,
        CHILD_MAIN,
      ],
      launch.wrapper,
    );
    const child = spawn(command, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, [BENCH_APP_ENV]: JSON.stringify(config), NODE_ENV: 'production' },
    });
    const bootTimeoutMs = launch.bootTimeoutMs ?? BOOT_TIMEOUT_MS;
    const port = await waitForPort(child, config.kind, bootTimeoutMs).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    return new AppProcess(child, `http://127.0.0.1:${port}`);
  }

  /** The app's process id (valgrind's, when it runs under valgrind: the same process). */
  get pid(): number {
    return this.child.pid as number;
  }

  /** Resident set and heap after two full garbage collections in the app. */
  async memory(): Promise<MemorySample> {
    const answer = await this.ask('memory');
    return { rss: answer.rss, heapUsed: answer.heapUsed };
  }

  /**
   * CPU time the app has used so far, in microseconds: on a machine where other
   * processes share the app's core, the difference over a run is what the app itself
   * spent, whatever the scheduler did.
   */
  async cpuMicros(): Promise<number> {
    return (await this.ask('cpu')).micros;
  }

  private ask<T extends 'memory' | 'cpu'>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve) => {
      const onMessage = (message: ChildMessage): void => {
        if (message.type !== type) return;
        this.child.off('message', onMessage);
        resolve(message as Extract<ChildMessage, { type: T }>);
      };
      this.child.on('message', onMessage);
      this.child.send({ type });
    });
  }

  /** Closes the app and waits for its process to end (killed if it does not). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

function waitForPort(child: ChildProcess, kind: string, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      reject(error);
    };
    const onExit = (code: number | null): void =>
      fail(new Error(`bench app (${kind}) exited (${code})`));
    const timer = setTimeout(
      () => fail(new Error(`bench app (${kind}): not ready in ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    child.once('exit', onExit);
    child.once('error', fail);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'failed') fail(new Error(`bench app (${kind}): ${message.message}`));
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(message.port);
    });
  });
}
