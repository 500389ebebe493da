import type { Principal } from '../principal/principal';
import { VerifiedTokenCache } from './verified-token.cache';

const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;

function principal(expiresAt: number, sub = 'user-1'): Principal {
  return {
    sub,
    kind: 'user',
    clientId: undefined,
    issuer: 'https://issuer.test/',
    scopes: new Set(),
    permissions: new Set(),
    roles: new Set(),
    expiresAt,
    claims: { sub, exp: expiresAt },
  };
}

describe('VerifiedTokenCache', () => {
  beforeEach(() => {
    // The cache reads Date.now(), which the fake clock moves.
    jest.useFakeTimers({ now: NOW_MS });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('answers a stored principal by its token', () => {
    const cache = new VerifiedTokenCache(10, 60_000, 5000);
    const alice = principal(NOW_S + 600, 'alice');
    cache.set('token-a', alice, NOW_MS);
    expect(cache.get('token-a')).toBe(alice);
    expect(cache.get('token-b')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it.each([
    ['expired beyond the leeway', NOW_S - 10, 5000, 60_000],
    ['expired exactly at the leeway', NOW_S - 5, 5000, 60_000],
    ['expired with no leeway', NOW_S, 0, 60_000],
    ['with a max age of 0', NOW_S + 600, 5000, 0],
  ])('does not store a token %s', (_, exp, leewayMs, maxAgeMs) => {
    const cache = new VerifiedTokenCache(10, maxAgeMs, leewayMs);
    cache.set('token', principal(exp), NOW_MS);
    expect(cache.get('token')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps an entry no longer than maxAge when the token lives longer', () => {
    const cache = new VerifiedTokenCache(10, 60_000, 5000);
    cache.set('token', principal(NOW_S + 3600), NOW_MS);
    jest.advanceTimersByTime(59_999);
    expect(cache.get('token')).toBeDefined();
    jest.advanceTimersByTime(2);
    expect(cache.get('token')).toBeUndefined();
  });

  it("keeps an entry no longer than the token's exp plus the leeway", () => {
    const cache = new VerifiedTokenCache(10, 60_000, 5000);
    cache.set('token', principal(NOW_S + 10), NOW_MS);
    jest.advanceTimersByTime(14_999);
    expect(cache.get('token')).toBeDefined();
    jest.advanceTimersByTime(2);
    expect(cache.get('token')).toBeUndefined();
  });

  it('computes the ttl from the now it is given', () => {
    const cache = new VerifiedTokenCache(10, 60_000, 0);
    // exp is 10 s after the given now, so the entry lives 10 s from the moment it is set.
    cache.set('token', principal(NOW_S + 2), NOW_MS - 8000);
    jest.advanceTimersByTime(9_999);
    expect(cache.get('token')).toBeDefined();
    jest.advanceTimersByTime(2);
    expect(cache.get('token')).toBeUndefined();
  });

  it('keeps no more than maxEntries, dropping the least recently used', () => {
    const cache = new VerifiedTokenCache(3, 60_000, 5000);
    for (const token of ['t1', 't2', 't3']) cache.set(token, principal(NOW_S + 600, token), NOW_MS);
    expect(cache.get('t1')?.sub).toBe('t1');
    cache.set('t4', principal(NOW_S + 600, 't4'), NOW_MS);
    expect(cache.size).toBe(3);
    expect(cache.get('t2')).toBeUndefined();
    expect(['t1', 't3', 't4'].map((t) => cache.get(t)?.sub)).toEqual(['t1', 't3', 't4']);
  });

  it('stays bounded under many distinct tokens', () => {
    const cache = new VerifiedTokenCache(100, 60_000, 5000);
    for (let i = 0; i < 10_000; i++) cache.set(`token-${i}`, principal(NOW_S + 600), NOW_MS);
    expect(cache.size).toBe(100);
    expect(cache.get('token-9999')).toBeDefined();
    expect(cache.get('token-0')).toBeUndefined();
  });

  it('replaces the principal of a token set again', () => {
    const cache = new VerifiedTokenCache(10, 60_000, 0);
    const first = principal(NOW_S + 600, 'first');
    const second = principal(NOW_S + 600, 'second');
    cache.set('token', first, NOW_MS);
    cache.set('token', second, NOW_MS);
    expect(cache.get('token')).toBe(second);
    expect(cache.size).toBe(1);
  });
  it('keeps an offered principal only when the same token is offered again', () => {
    const cache = new VerifiedTokenCache(10, 60_000, 0);
    const token = `header.payload.${'s'.repeat(300)}0123456789abcdefghijklmnopqr`;
    cache.offer(token, principal(NOW_S + 600, 'first'), NOW_MS);
    expect(cache.get(token)).toBeUndefined();
    expect(cache.size).toBe(0);
    const second = principal(NOW_S + 600, 'second');
    cache.offer(token, second, NOW_MS);
    expect(cache.get(token)).toBe(second);
  });

  it('answers only the very token stored, even when another ends with the same characters', () => {
    const cache = new VerifiedTokenCache(10, 60_000, 0);
    const end = 'x'.repeat(40);
    const alice = principal(NOW_S + 600, 'alice');
    cache.set(`alice.payload.${end}`, alice, NOW_MS);
    expect(cache.get(`mallory.payload.${end}`)).toBeUndefined();
    expect(cache.get(`alice.payload.${end}`)).toBe(alice);
    const mallory = principal(NOW_S + 600, 'mallory');
    cache.set(`mallory.payload.${end}`, mallory, NOW_MS);
    expect(cache.get(`alice.payload.${end}`)).toBeUndefined();
    expect(cache.get(`mallory.payload.${end}`)).toBe(mallory);
  });

  describe('on the wall clock, with no timer', () => {
    beforeEach(() => jest.useRealTimers());

    it('drops an entry once the wall clock passes its lifetime, though no monotonic time passed', () => {
      // A process frozen for two hours (a suspended VM, a paused container): Date.now() jumps,
      // performance.now() does not. The token expired meanwhile: its entry must not answer.
      const now = jest.spyOn(Date, 'now').mockReturnValue(NOW_MS);
      const cache = new VerifiedTokenCache(10, 600_000, 0);
      cache.set('token', principal(NOW_S + 300), NOW_MS);
      expect(cache.get('token')).toBeDefined();
      now.mockReturnValue(NOW_MS + 2 * 3_600_000);
      expect(cache.get('token')).toBeUndefined();
    });

    it('reads the clock at every lookup: no cached "now" that a timer clears', () => {
      // A "now" cached until a timer fires would be read, stale, by the requests a process
      // handles right after it is resumed, before its timers run.
      const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
      const cache = new VerifiedTokenCache(10, 600_000, 0);
      cache.set('token', principal(Date.now() / 1000 + 300), Date.now());
      for (let i = 0; i < 1000; i++) cache.get('token');
      expect(cache.get('token')).toBeDefined();
      expect(setTimeoutSpy).not.toHaveBeenCalled();
    });
  });
});
