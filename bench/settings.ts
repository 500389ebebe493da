import type { BenchPlatform } from './app/app-config';

/** How long and how big each part of a run is. */
export interface BenchSettings {
  quick: boolean;
  platform: BenchPlatform;
  /** Rounds of the throughput workloads (A B A B ...). */
  rounds: number;
  /** Unmeasured load before each measurement (JIT, caches, key fetch). */
  warmupSeconds: number;
  /** Measured load of each throughput run. */
  durationSeconds: number;
  /** Size of the verified-token cache of the Portcullis apps (0: off, `--token-cache off`). */
  tokenCacheEntries: number;
  /** Tokens per pool of `authn-cold` and `textbook`: more than the cache holds. */
  coldPoolSize: number;
  /** `keys.cooldownSeconds` of the kid-flood app. */
  floodCooldownSeconds: number;
  /** How long the kid flood lasts. */
  floodSeconds: number;
  /** Invalid tokens sent to the garbage-memory app. */
  garbageTokens: number;
  /** Only these workloads (all when empty). */
  only: readonly string[];
  /** Start apps with `--cpu-prof` into this directory. */
  profileDir?: string;
  /**
   * Requests per second for every throughput run (`--rate N`), instead of as many as the
   * app answers: compares CPU per request at one request rate, since a server answering
   * more requests per second spends less CPU on each (its event loop reads several sockets
   * per wake-up).
   */
  rate?: number;
}

const FULL: BenchSettings = {
  quick: false,
  platform: 'express',
  // 3 keeps the full run under 5 minutes on a slow day of this VM; --rounds 8 on a busy one.
  rounds: 3,
  warmupSeconds: 0.75,
  durationSeconds: 2,
  tokenCacheEntries: 10_000,
  coldPoolSize: 12_000,
  floodCooldownSeconds: 2,
  floodSeconds: 10,
  garbageTokens: 100_000,
  only: [],
};

const QUICK: BenchSettings = {
  ...FULL,
  quick: true,
  rounds: 1,
  warmupSeconds: 0.5,
  durationSeconds: 1.5,
  tokenCacheEntries: 1_000,
  coldPoolSize: 1_500,
  floodCooldownSeconds: 1,
  floodSeconds: 5,
  garbageTokens: 10_000,
};

const DEFAULT_PROFILE_DIR = 'bench/results/profiles';

const USAGE = `usage: npm run bench -- [--quick] [--fastify] [--rounds N] [--duration S]
                        [--only name,name] [--token-cache N|off] [--profile [DIR]]
                        [--rate REQ_PER_S]`;

function numberAfter(args: string[], i: number, flag: string): number {
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${flag} needs a positive number\n${USAGE}`);
  return value;
}

function cacheSize(value: string | undefined): number {
  if (value === 'off') return 0;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`--token-cache needs a size or off\n${USAGE}`);
  return size;
}

/** The settings of `npm run bench -- <args>`. */
export function parseSettings(args: string[]): BenchSettings {
  const settings = { ...(args.includes('--quick') ? QUICK : FULL) };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === '--quick') continue;
    else if (flag === '--fastify') settings.platform = 'fastify';
    else if (flag === '--rounds') settings.rounds = Math.round(numberAfter(args, i++, flag));
    else if (flag === '--duration') settings.durationSeconds = numberAfter(args, i++, flag);
    else if (flag === '--token-cache') settings.tokenCacheEntries = cacheSize(args[++i]);
    else if (flag === '--rate') settings.rate = Math.round(numberAfter(args, i++, flag));
    else if (flag === '--only') settings.only = (args[++i] ?? '').split(',').filter(Boolean);
    else if (flag === '--profile') {
      const dir = args[i + 1];
      settings.profileDir =
        dir === undefined || dir.startsWith('--') ? DEFAULT_PROFILE_DIR : args[++i];
    } else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  return settings;
}
