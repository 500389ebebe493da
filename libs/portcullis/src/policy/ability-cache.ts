/**
 * A least-recently-used map with a fixed number of entries, for built abilities.
 * A `Map` keeps insertion order, so re-inserting on read makes its first key the oldest.
 */
export class AbilityCache<V> {
  private readonly entries = new Map<string, V>();

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
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const value = build();
    if (this.maxEntries === 0) return value;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    return value;
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }
}
