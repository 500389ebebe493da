import { AbilityCache } from './ability-cache';

/** Builds `value` and counts the builds of each key. */
function counting(): { builds: Map<string, number>; build: (key: string) => () => string } {
  const builds = new Map<string, number>();
  return {
    builds,
    build: (key) => () => {
      builds.set(key, (builds.get(key) ?? 0) + 1);
      return `ability of ${key}`;
    },
  };
}

describe('AbilityCache', () => {
  it('builds a key once and answers it from then on', () => {
    const cache = new AbilityCache<string>(3);
    const { builds, build } = counting();
    expect(cache.getOrBuild('a', build('a'))).toBe('ability of a');
    expect(cache.getOrBuild('a', build('a'))).toBe('ability of a');
    expect(cache.getOrBuild('a', build('a'))).toBe('ability of a');
    expect(builds.get('a')).toBe(1);
    expect(cache.size).toBe(1);
  });

  it('evicts the least recently used key, counting reads of the newest key as uses', () => {
    const cache = new AbilityCache<string>(2);
    const { builds, build } = counting();
    cache.getOrBuild('a', build('a'));
    cache.getOrBuild('b', build('b'));
    cache.getOrBuild('a', build('a')); // a is now the newest; b the oldest
    cache.getOrBuild('a', build('a')); // the newest read again: order unchanged
    cache.getOrBuild('c', build('c')); // evicts b
    expect(cache.size).toBe(2);
    cache.getOrBuild('a', build('a'));
    cache.getOrBuild('c', build('c'));
    expect(builds.get('a')).toBe(1);
    expect(builds.get('c')).toBe(1);
    cache.getOrBuild('b', build('b')); // b was evicted: built again, evicting a (oldest)
    expect(builds.get('b')).toBe(2);
    cache.getOrBuild('c', build('c'));
    cache.getOrBuild('a', build('a'));
    expect(builds.get('c')).toBe(1);
    expect(builds.get('a')).toBe(2);
  });

  it('a key built last is the newest even when an eviction made room for it', () => {
    const cache = new AbilityCache<string>(1);
    const { builds, build } = counting();
    cache.getOrBuild('a', build('a'));
    cache.getOrBuild('b', build('b'));
    cache.getOrBuild('b', build('b'));
    cache.getOrBuild('a', build('a'));
    expect([builds.get('a'), builds.get('b'), cache.size]).toEqual([2, 1, 1]);
  });

  it('keeps nothing with 0 entries, and nothing after clear()', () => {
    const none = new AbilityCache<string>(0);
    const { builds, build } = counting();
    none.getOrBuild('a', build('a'));
    none.getOrBuild('a', build('a'));
    expect([builds.get('a'), none.size]).toEqual([2, 0]);

    const cache = new AbilityCache<string>(2);
    cache.getOrBuild('b', build('b'));
    cache.clear();
    expect(cache.size).toBe(0);
    cache.getOrBuild('b', build('b'));
    expect(builds.get('b')).toBe(2);
  });
});
