import { expectStatuses, runLoad, runMeasuredLoad } from '../harness/load';
import { progress, startApp, withApp, type BenchContext } from './context';
import { GARBAGE_KINDS, garbageTokens } from './garbage-tokens';

/** What the garbage-memory workload showed. */
export interface GarbageMemoryResult {
  tokens: number;
  kinds: readonly string[];
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The app's CPU time per invalid token, microseconds. */
  appCpuMicrosPerRequest: number;
  /** Resident set of the app before and after, after two full garbage collections, bytes. */
  rssBefore: number;
  rssAfter: number;
  /** Used V8 heap before and after, bytes. */
  heapBefore: number;
  heapAfter: number;
}

const WARMUP_TOKENS = 5_000;

/**
 * Workload 7: the resident memory of an app (default caches) before and after it has
 * refused `garbageTokens` invalid tokens, each one new. A warm-up of invalid tokens
 * first, so that the "before" figure already holds what any first requests allocate.
 */
export async function runGarbageMemory(context: BenchContext): Promise<GarbageMemoryResult> {
  const amount = context.settings.garbageTokens;
  const nextToken = garbageTokens(context.issuer);
  return withApp(startApp(context, 'portcullis'), async (app) => {
    const plan = { origin: app.origin, path: '/protected', nextToken };
    expectStatuses(
      'garbage warm-up',
      await runLoad({ ...plan, amount: WARMUP_TOKENS }),
      [400, 401],
    );
    const before = await app.memory();
    const sample = await runMeasuredLoad(app, { ...plan, amount });
    expectStatuses('garbage', sample, [400, 401]);
    const after = await app.memory();
    const growthMb = ((after.rss - before.rss) / 2 ** 20).toFixed(1);
    progress(
      `garbage: ${sample.requests.toLocaleString('en-US')} invalid tokens, RSS ${growthMb} MB`,
    );
    return {
      tokens: sample.requests,
      kinds: GARBAGE_KINDS,
      requestsPerSecond: sample.requestsPerSecond,
      p50Ms: sample.p50Ms,
      p99Ms: sample.p99Ms,
      appCpuMicrosPerRequest: sample.appCpuMicrosPerRequest ?? Number.NaN,
      rssBefore: before.rss,
      rssAfter: after.rss,
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
    };
  });
}
