/**
 * The clock the caches read their entries' lifetimes on, for lru-cache's `perf` option: the
 * wall clock in milliseconds, the clock of a token's `exp`. lru-cache's own clock,
 * `performance.now()`, is monotonic and stands still while the machine sleeps or the process
 * is frozen (a suspended VM, a paused container): after such a pause an entry would outlive,
 * by the pause, the token or the permissions it holds, and answer what a verification would
 * refuse. Used with `ttlResolution: 0`: read on every check, no timer keeping a cached
 * "now" (lru-cache's default sets one every millisecond under load).
 */
export const WALL_CLOCK = { now: (): number => Date.now() } as const;
