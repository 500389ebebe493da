import { Logger } from '@nestjs/common';
import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { PortcullisException } from '../errors/portcullis.exceptions';
import { KeyFetchError } from './bounded-fetch';
import { JwksKeySource, type KeySourceLimits } from './jwks-key-source';

// The clock and the HTTP fetch are injected; jwks-rsa's client and our JWK import are real.
const LIMITS: KeySourceLimits = {
  cooldownMs: 10_000,
  refreshIntervalMs: 60_000,
  maxStaleMs: 300_000,
  maxKeys: 2,
  timeoutMs: 1000,
  maxBytes: 100_000,
};
const START = 1_000_000;

const rsaJwk = (kid: string): JsonWebKey => ({
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }),
  kid,
  alg: 'RS256',
});
const A = rsaJwk('a');
const B = rsaJwk('b');
const C = rsaJwk('c');
const WEAK = { ...rsaJwk('weak'), e: 'AQ' };
const jwks = (...keys: object[]) => ({ keys });
const DOWN = () => Promise.reject(new KeyFetchError('connection refused'));

/** A JWKS endpoint the test answers: a set, a failure, or a promise it settles by hand. */
class Endpoint {
  calls = 0;
  answer: () => Promise<unknown> = () => Promise.resolve(jwks(A));
  readonly fetch = (uri: string): Promise<unknown> => {
    expect(uri).toBe('https://idp.example/jwks');
    this.calls++;
    return this.answer();
  };

  /** The next fetches wait until `release` is called, then answer `body`. */
  hold(body: unknown): () => void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.answer = () => gate.then(() => body);
    return release;
  }
}

/** What a request sees: the key's kid, or the status (and Retry-After) of the refusal. */
async function outcome(result: () => KeyObject | Promise<KeyObject>): Promise<string> {
  try {
    const key = await result();
    const n = key.export({ format: 'jwk' }).n;
    return `key ${[A, B, C].find((jwk) => jwk.n === n)?.kid ?? '?'}`;
  } catch (error) {
    if (!(error instanceof PortcullisException)) throw error;
    const retry = error.responseHeaders()['Retry-After'];
    return `${error.getStatus()} ${error.code}${retry === undefined ? '' : ` retry-after ${retry}`}`;
  }
}

/** Lets a background fetch and its `finally` run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('JwksKeySource', () => {
  let time: number;
  let endpoint: Endpoint;
  let source: JwksKeySource;

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new Logger()));
  beforeEach(() => {
    time = START;
    endpoint = new Endpoint();
    source = new JwksKeySource(
      'https://idp.example',
      'https://idp.example/jwks',
      LIMITS,
      () => time,
      endpoint.fetch,
    );
  });

  it('serves a held key without a promise and without a fetch', async () => {
    await source.warmUp();
    const key = source.keyFor('a', 'RS256');
    expect(key).not.toBeInstanceOf(Promise);
    expect(await outcome(() => key)).toBe('key a');
    expect(endpoint.calls).toBe(1);
  });

  it('refetches for an unknown kid at most once per cooldown, and says 401 while the set is fresh', async () => {
    await source.warmUp();
    time += LIMITS.cooldownMs;
    expect(await outcome(() => source.keyFor('x', 'RS256'))).toBe('401 PORTCULLIS_INVALID_TOKEN');
    expect(endpoint.calls).toBe(2);
    time += LIMITS.cooldownMs - 1;
    expect(await outcome(() => source.keyFor('x', 'RS256'))).toBe('401 PORTCULLIS_INVALID_TOKEN');
    expect(endpoint.calls).toBe(2);
    endpoint.answer = () => Promise.resolve(jwks(A, B));
    time += 1;
    expect(await outcome(() => source.keyFor('b', 'RS256'))).toBe('key b');
    expect(endpoint.calls).toBe(3);
  });

  it('shares one fetch among every caller waiting for it', async () => {
    const release = endpoint.hold(jwks(A, B));
    const waiting = ['a', 'b', 'a', 'b', 'x'].map((kid) =>
      outcome(() => source.keyFor(kid, 'RS256')),
    );
    release();
    expect(await Promise.all(waiting)).toEqual([
      'key a',
      'key b',
      'key a',
      'key b',
      '401 PORTCULLIS_INVALID_TOKEN',
    ]);
    expect([endpoint.calls, source.fetchCount]).toEqual([1, 1]);
  });

  it('refreshes in the background after the refresh interval, and drops keys the JWKS no longer lists', async () => {
    await source.warmUp();
    time += LIMITS.refreshIntervalMs;
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe('key a');
    expect(endpoint.calls).toBe(1);
    const release = endpoint.hold(jwks(B));
    time += 1;
    const during = source.keyFor('a', 'RS256');
    expect(during).not.toBeInstanceOf(Promise);
    expect(endpoint.calls).toBe(2);
    release();
    await settle();
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe('401 PORTCULLIS_INVALID_TOKEN');
    expect(await outcome(() => source.keyFor('b', 'RS256'))).toBe('key b');
    expect(endpoint.calls).toBe(2);
  });

  it('keeps the keys through a JWKS outage for maxStale, then drops them and says 503', async () => {
    await source.warmUp();
    endpoint.answer = DOWN;
    time = START + LIMITS.refreshIntervalMs + 1;
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe('key a');
    await settle();
    expect(endpoint.calls).toBe(2);
    time = START + LIMITS.maxStaleMs;
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe('key a');
    await settle();
    expect(endpoint.calls).toBe(3);
    // The last failed attempt was at maxStale; one second later, 9 seconds of cooldown remain.
    time = START + LIMITS.maxStaleMs + 1000;
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe(
      '503 PORTCULLIS_KEYS_UNAVAILABLE retry-after 9',
    );
    expect(endpoint.calls).toBe(3);
    endpoint.answer = () => Promise.resolve(jwks(A));
    time += 9000;
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe('key a');
  });

  it('keeps stale keys while no refresh has failed yet: an idle JWKS may still answer', async () => {
    await source.warmUp();
    time = START + LIMITS.maxStaleMs + 1;
    const release = endpoint.hold(jwks(A));
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe('key a');
    expect(endpoint.calls).toBe(2);
    release();
  });

  it('says 503 with Retry-After for an unknown kid while the JWKS fails, 401 once it answers', async () => {
    await source.warmUp();
    endpoint.answer = DOWN;
    time += LIMITS.cooldownMs;
    expect(await outcome(() => source.keyFor('x', 'RS256'))).toBe(
      '503 PORTCULLIS_KEYS_UNAVAILABLE retry-after 10',
    );
    time += 2500;
    expect(await outcome(() => source.keyFor('x', 'RS256'))).toBe(
      '503 PORTCULLIS_KEYS_UNAVAILABLE retry-after 8',
    );
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe('key a');
    endpoint.answer = () => Promise.resolve(jwks(A));
    time += 7500;
    expect(await outcome(() => source.keyFor('x', 'RS256'))).toBe('401 PORTCULLIS_INVALID_TOKEN');
    expect(endpoint.calls).toBe(3);
  });

  it('says 503 when the JWKS was down at boot: no key is known yet', async () => {
    endpoint.answer = DOWN;
    await source.warmUp();
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe(
      '503 PORTCULLIS_KEYS_UNAVAILABLE retry-after 10',
    );
  });

  it('keeps the first maxKeys usable keys of a longer set', async () => {
    endpoint.answer = () => Promise.resolve(jwks(WEAK, A, B, C));
    await source.warmUp();
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((kid) => outcome(() => source.keyFor(kid, 'RS256'))),
    );
    expect(seen).toEqual(['key a', 'key b', '401 PORTCULLIS_INVALID_TOKEN']);
  });

  it('counts a set with no usable key as a failed fetch: the keys held are kept, unknown kids get 503', async () => {
    await source.warmUp();
    endpoint.answer = () => Promise.resolve(jwks(WEAK));
    time += LIMITS.cooldownMs;
    expect(await outcome(() => source.keyFor('weak', 'RS256'))).toBe(
      '503 PORTCULLIS_KEYS_UNAVAILABLE retry-after 10',
    );
    expect(await outcome(() => source.keyFor('a', 'RS256'))).toBe('key a');
    expect(endpoint.calls).toBe(2);
  });
});
