import { LRUCache } from 'lru-cache';
import { WALL_CLOCK } from '../common/wall-clock';

/**
 * The clock of a {@link PermissionsCache}, in milliseconds: the wall clock unless a test
 * passes its own (see {@link WALL_CLOCK}).
 */
export interface PermissionsClock {
  now(): number;
}

/**
 * Permissions looked up per (issuer, sub): kept for `ttlMs`, at most `maxEntries`, least
 * recently used dropped first. Concurrent lookups of one key share one call. A failed lookup
 * is never cached. `ttlMs` 0 caches nothing.
 */
export class PermissionsCache {
  private readonly entries: LRUCache<string, readonly string[]> | undefined;
  private readonly pending = new Map<string, Promise<readonly string[]>>();

  constructor(ttlMs: number, maxEntries: number, clock?: PermissionsClock) {
    this.entries =
      ttlMs > 0
        ? // ttlResolution 0: read the clock on every check, with no timer to cache it.
          new LRUCache<string, readonly string[]>({
            max: maxEntries,
            ttl: ttlMs,
            ttlResolution: 0,
            perf: clock ?? WALL_CLOCK,
          })
        : undefined;
  }

  /** Number of principals whose permissions are held. */
  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** The permissions held for `issuer`/`sub` now, if any (no lookup, no promise). */
  peek(issuer: string, sub: string): readonly string[] | undefined {
    return this.entries?.get(JSON.stringify([issuer, sub]));
  }

  /** The cached permissions of `issuer`/`sub`, or `lookup()`'s result, cached once it succeeds. */
  async get(
    issuer: string,
    sub: string,
    lookup: () => Promise<Iterable<string>> | Iterable<string>,
  ): Promise<readonly string[]> {
    const key = JSON.stringify([issuer, sub]);
    const cached = this.entries?.get(key);
    if (cached !== undefined) return cached;
    const inFlight = this.pending.get(key);
    if (inFlight !== undefined) return inFlight;
    const promise = (async () => Object.freeze([...(await lookup())]))();
    this.pending.set(key, promise);
    try {
      const permissions = await promise;
      this.entries?.set(key, permissions);
      return permissions;
    } finally {
      this.pending.delete(key);
    }
  }

  /** Forgets every entry (e.g. after permissions were changed in the store). */
  clear(): void {
    this.entries?.clear();
  }
}
