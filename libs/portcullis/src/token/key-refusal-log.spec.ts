import type { Logger } from '@nestjs/common';
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { KeyFetchError } from './bounded-fetch';
import { KeyRefusalLog, MAX_LISTED_REFUSALS } from './key-refusal-log';
import { importKeySet, MAX_JWKS_ENTRIES } from './key-set-import';

/** A logger that keeps its lines (a stand-in for Nest's, which the e2e tests capture). */
function collectingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = {
    warn: (message: string) => lines.push(`warn ${message}`),
    error: (message: string) => lines.push(`error ${message}`),
  } as unknown as Logger;
  return { logger, lines };
}

const rsaJwk = (): JsonWebKey =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
const ISSUER = 'https://idp.example';

describe('importKeySet and KeyRefusalLog', () => {
  const good = { ...rsaJwk(), kid: 'good', alg: 'RS256' };
  const weak = { ...rsaJwk(), kid: 'weak', e: 'AQ' };
  const leaked = { kty: 'oct', kid: 'secret', k: 'c2VjcmV0' };

  it('keeps the good keys of a set with bad ones, and logs each bad one once', () => {
    const { logger, lines } = collectingLogger();
    const log = new KeyRefusalLog(logger, ISSUER);
    for (let refresh = 0; refresh < 3; refresh++) {
      const result = importKeySet([weak, good, leaked, 'junk'], 100);
      expect(result.table.lookup('good')?.get('RS256')).toBeDefined();
      expect([result.table.size, result.overflow, result.ignored]).toEqual([1, 0, 0]);
      log.record(result);
    }
    expect(lines).toEqual([
      `warn Key "weak" of ${ISSUER} refused: the RSA public exponent is 1, below 3 (RFC 8017 section 3.1)`,
      `error Key "secret" of ${ISSUER} refused: the JWK holds private key material (k): a leaked key. Rotate this key at the identity provider.`,
      `warn Key (no kid) of ${ISSUER} refused: the JWK is not a JSON object`,
    ]);
  });

  it('logs a key again when it changes, and escapes what the JWKS says', () => {
    const { logger, lines } = collectingLogger();
    const log = new KeyRefusalLog(logger, ISSUER);
    log.record(importKeySet([{ ...weak, kid: 'a\nFORGED LINE' }], 100));
    log.record(importKeySet([{ ...weak, kid: 'a\nFORGED LINE', use: 'enc' }], 100));
    expect(lines).toEqual([
      `warn Key "a\\nFORGED LINE" of ${ISSUER} refused: the RSA public exponent is 1, below 3 (RFC 8017 section 3.1)`,
      `warn Key "a\\nFORGED LINE" of ${ISSUER} refused: use is "enc", not "sig" (RFC 7517 section 4.2)`,
    ]);
  });

  it('lists 20 refusals per fetch, sums up the rest once, and stays quiet after', () => {
    const { logger, lines } = collectingLogger();
    const log = new KeyRefusalLog(logger, ISSUER);
    const bad = Array.from({ length: 25 }, (_, i) => ({ kty: 'oct', kid: `oct-${i}` }));
    log.record(importKeySet([...bad, good], 100));
    log.record(importKeySet([...bad, good], 100));
    expect(lines).toHaveLength(MAX_LISTED_REFUSALS + 1);
    expect(lines.at(-1)).toBe(`warn 5 more keys of ${ISSUER} refused (not listed one by one)`);
  });

  it('bounds the lines of leaked keys too, and says at error level that some are unlisted', () => {
    const { logger, lines } = collectingLogger();
    const leakedKeys = Array.from({ length: 23 }, (_, i) => ({
      kty: 'oct',
      kid: `k-${i}`,
      k: 'AA',
    }));
    new KeyRefusalLog(logger, ISSUER).record(importKeySet(leakedKeys, 100));
    expect(lines.filter((line) => line.startsWith('error Key "k-'))).toHaveLength(
      MAX_LISTED_REFUSALS,
    );
    expect(lines.at(-1)).toBe(
      `error 3 more keys of ${ISSUER} refused (not listed one by one), 3 of them holding private key material`,
    );
  });

  it('logs an ambiguous kid, keys beyond maxKeys and entries beyond the cap, once each', () => {
    const { logger, lines } = collectingLogger();
    const log = new KeyRefusalLog(logger, ISSUER);
    const twin = { ...rsaJwk(), kid: 'good', alg: 'RS256' };
    const junk = Array.from({ length: MAX_JWKS_ENTRIES }, (_, i) => ({ kty: 'oct', n: i }));
    const entries = [good, twin, { ...rsaJwk(), kid: 'third' }, ...junk, good];
    for (let refresh = 0; refresh < 2; refresh++) {
      const result = importKeySet(entries, 2);
      expect([result.table.size, result.overflow, result.ignored]).toEqual([2, 1, 4]);
      expect(result.table.lookup('third')).toBeUndefined();
      log.record(result);
    }
    // 997 junk entries are looked at (good, twin and third come first): 20 listed, 977 summed up.
    expect(lines.filter((line) => !line.startsWith('warn Key (no kid)'))).toEqual([
      `warn 977 more keys of ${ISSUER} refused (not listed one by one)`,
      `warn Keys of ${ISSUER}: "good" names two different keys for RS256; tokens of that kid and alg are refused`,
      `warn Keys of ${ISSUER}: 1 usable keys beyond keys.maxKeys are left out`,
      `warn Keys of ${ISSUER}: 4 JWKS entries beyond ${MAX_JWKS_ENTRIES} are ignored`,
    ]);
  });

  it('refuses a document whose keys is not an array', () => {
    for (const keys of [undefined, {}, 'keys', { length: 2, 0: {} }]) {
      expect(() => importKeySet(keys, 100)).toThrow(KeyFetchError);
      expect(() => importKeySet(keys, 100)).toThrow('the JWKS has no "keys" array');
    }
  });
});
