import { PermissionsCache } from './permissions-cache';

/** A clock the test moves by hand, in milliseconds. */
function manualClock() {
  let now = 1000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('PermissionsCache', () => {
  it('reuses an answer within the TTL, per (issuer, sub), and asks again after it', async () => {
    const clock = manualClock();
    const cache = new PermissionsCache(60_000, 10, clock);
    let calls = 0;
    const lookup = () => {
      calls += 1;
      return [`grant-${calls}`];
    };

    expect(await cache.get('iss', 'alice', lookup)).toEqual(['grant-1']);
    clock.advance(59_999);
    expect(await cache.get('iss', 'alice', lookup)).toEqual(['grant-1']);
    expect(await cache.get('other-iss', 'alice', lookup)).toEqual(['grant-2']);
    clock.advance(2);
    expect(await cache.get('iss', 'alice', lookup)).toEqual(['grant-3']);
    expect(calls).toBe(3);
  });

  it('reads the wall clock by default: permissions held across a frozen process expire', async () => {
    // Date.now() jumps two hours, as after a suspended VM; performance.now() does not.
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    try {
      const cache = new PermissionsCache(60_000, 10);
      expect(await cache.get('iss', 'alice', () => ['before'])).toEqual(['before']);
      now.mockReturnValue(1_700_000_000_000 + 2 * 3_600_000);
      expect(cache.peek('iss', 'alice')).toBeUndefined();
      expect(await cache.get('iss', 'alice', () => ['after'])).toEqual(['after']);
    } finally {
      now.mockRestore();
    }
  });

  it('never mixes issuer and sub up (no separator ambiguity)', async () => {
    const cache = new PermissionsCache(60_000, 10);
    await cache.get('a:b', 'c', () => ['first']);

    expect(await cache.get('a', 'b:c', () => ['second'])).toEqual(['second']);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = new PermissionsCache(60_000, 2);
    await cache.get('i', 'a', () => ['a']);
    await cache.get('i', 'b', () => ['b']);
    await cache.get('i', 'a', () => ['stale']);
    await cache.get('i', 'c', () => ['c']);

    expect(cache.size).toBe(2);
    expect(await cache.get('i', 'a', () => ['new a'])).toEqual(['a']);
    expect(await cache.get('i', 'b', () => ['new b'])).toEqual(['new b']);
  });

  it('shares one lookup between concurrent callers', async () => {
    const cache = new PermissionsCache(60_000, 10);
    let calls = 0;
    let release!: (names: string[]) => void;
    const lookup = () => {
      calls += 1;
      return new Promise<string[]>((resolve) => (release = resolve));
    };
    const first = cache.get('i', 'a', lookup);
    const second = cache.get('i', 'a', lookup);
    release(['x']);

    expect(await Promise.all([first, second])).toEqual([['x'], ['x']]);
    expect(calls).toBe(1);
  });

  it('caches no failure: the next call asks again', async () => {
    const cache = new PermissionsCache(60_000, 10);
    await expect(
      cache.get('i', 'a', () => Promise.reject(new Error('store down'))),
    ).rejects.toThrow('store down');

    expect(await cache.get('i', 'a', () => ['ok'])).toEqual(['ok']);
  });

  it('caches nothing with a TTL of 0', async () => {
    const cache = new PermissionsCache(0, 10);
    let calls = 0;
    await cache.get('i', 'a', () => [String(++calls)]);
    await cache.get('i', 'a', () => [String(++calls)]);

    expect([calls, cache.size]).toEqual([2, 0]);
  });

  it('hands out frozen lists, so a handler cannot change the cached grants', async () => {
    const cache = new PermissionsCache(60_000, 10);
    const names = await cache.get('i', 'a', () => new Set(['x']));

    expect(Object.isFrozen(names)).toBe(true);
  });
});
