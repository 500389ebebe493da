/** How long and how hard the soak runs. */
export interface SoakOptions {
  /** Seconds of traffic. */
  readonly durationSeconds: number;
  /** Most requests sent; the run stops at whichever limit comes first. */
  readonly maxRequests: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  readonly platform: 'express' | 'fastify';
}

const DEFAULTS: SoakOptions = {
  durationSeconds: 180,
  maxRequests: 2_000_000,
  concurrency: 16,
  platform: 'express',
};
const SHORT: Partial<SoakOptions> = { durationSeconds: 20 };

export const USAGE = `Usage: npm run soak -- [--short] [--duration <s>] [--requests <n>] [--concurrency <n>] [--platform express|fastify]
  --short          a quick check: ${SHORT.durationSeconds} s instead of ${DEFAULTS.durationSeconds} s
  --duration <s>   seconds of traffic (default ${DEFAULTS.durationSeconds})
  --requests <n>   stop after n requests at most (default ${DEFAULTS.maxRequests})
  --concurrency <n> requests in flight (default ${DEFAULTS.concurrency})
  --platform <p>   express (default) or fastify`;

function positive(flag: string, raw: string | undefined, max: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(`${flag} needs a number in (0, ${max}], got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Reads the command-line flags; throws with a message naming the flag. */
export function parseSoakOptions(argv: readonly string[]): SoakOptions {
  let options: SoakOptions = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = (): string | undefined => argv[++i];
    if (flag === '--short') options = { ...options, ...SHORT };
    else if (flag === '--duration') {
      options = { ...options, durationSeconds: positive(flag, next(), 24 * 3600) };
    } else if (flag === '--requests') {
      options = { ...options, maxRequests: Math.floor(positive(flag, next(), 1e9)) };
    } else if (flag === '--concurrency') {
      options = { ...options, concurrency: Math.floor(positive(flag, next(), 1024)) };
    } else if (flag === '--platform') {
      const platform = next();
      if (platform !== 'express' && platform !== 'fastify') {
        throw new Error(`--platform is express or fastify, got ${JSON.stringify(platform)}`);
      }
      options = { ...options, platform };
    } else throw new Error(`unknown flag ${flag}`);
  }
  return options;
}
