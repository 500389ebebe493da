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
  /** Resident set of the app before, halfway and after, after two full GCs, bytes. */
  rssBefore: number;
  rssMiddle: number;
  rssAfter: number;
  /** Used V8 heap before, halfway and after, bytes. */
  heapBefore: number;
  heapMiddle: number;
  heapAfter: number;
}

/**
 * V8 sizes its young generation by itself: its semi-spaces start small and double under
 * allocation pressure up to a maximum (16 MB each on 64-bit), and a full GC does not give
 * that memory back. Whether and when that happens during a run depends on the machine's
 * speed, not on what the library keeps, and it moved RSS by up to about 30 MB between runs
 * of the same code. The garbage app runs with its semi-spaces fixed at that maximum from the
 * start, so the growth measured is what refused tokens leave behind.
 */
const FIXED_YOUNG_GENERATION = ['--min-semi-space-size=16', '--max-semi-space-size=16'];

/** Invalid tokens before the "before" figure (JIT, first allocations). */
const WARMUP_TOKENS = 5_000;

/**
 * Workload 7: the resident memory of an app (default caches) before and after it has
 * refused `garbageTokens` invalid tokens, each one new. A warm-up of invalid tokens
 * first, so that the "before" figure already holds what any first requests allocate.
 */
export async function runGarbageMemory(context: BenchContext): Promise<GarbageMemoryResult> {
  const amount = context.settings.garbageTokens;
  const nextToken = garbageTokens(context.issuer);
  return withApp(startApp(context, 'portcullis', {}, FIXED_YOUNG_GENERATION), async (app) => {
    const plan = { origin: app.origin, path: '/protected', nextToken };
    expectStatuses(
      'garbage warm-up',
      await runLoad({ ...plan, amount: WARMUP_TOKENS }),
      [400, 401],
    );
    const before = await app.memory();
    // Two halves, memory in between: growth that tracks the number of tokens shows in the
    // second half as much as in the first; bounded growth (caches filling, the allocator
    // settling) does not. The figures of speed are the second half's.
    const firstHalf = Math.floor(amount / 2);
    expectStatuses('garbage', await runLoad({ ...plan, amount: firstHalf }), [400, 401]);
    const middle = await app.memory();
    const sample = await runMeasuredLoad(app, { ...plan, amount: amount - firstHalf });
    expectStatuses('garbage', sample, [400, 401]);
    const after = await app.memory();
    const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
    progress(
      `garbage: ${amount.toLocaleString('en-US')} invalid tokens, RSS ${mb(middle.rss - before.rss)} MB then ${mb(after.rss - middle.rss)} MB`,
    );
    return {
      tokens: amount,
      kinds: GARBAGE_KINDS,
      requestsPerSecond: sample.requestsPerSecond,
      p50Ms: sample.p50Ms,
      p99Ms: sample.p99Ms,
      appCpuMicrosPerRequest: sample.appCpuMicrosPerRequest ?? Number.NaN,
      rssBefore: before.rss,
      rssMiddle: middle.rss,
      rssAfter: after.rss,
      heapBefore: before.heapUsed,
      heapMiddle: middle.heapUsed,
      heapAfter: after.heapUsed,
    };
  });
}
