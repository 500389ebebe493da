import { generateKeyPairSync, X509Certificate, type JsonWebKey } from 'node:crypto';
import { importJwk, type JwkImport } from './jwk-import';
import { TEST_CERTIFICATE_X5C } from './jwk-import.fixture';

const rsaJwk = (bits: number): JsonWebKey =>
  generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' });
const ecJwk = (namedCurve: string): JsonWebKey =>
  generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' });
const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');

/** The refusal, or `'accepted'` with what the key is. */
function outcome(result: JwkImport): string | { kid?: string; alg?: string; type?: string } {
  if (result.refusal !== undefined) return result.refusal;
  const { kid, alg, key } = result.key;
  return { kid, alg, type: key.asymmetricKeyType };
}

describe('importJwk', () => {
  const rsa = { ...rsaJwk(2048), kid: 'rsa', alg: 'RS256', use: 'sig' };
  const p256 = { ...ecJwk('P-256'), kid: 'ec', alg: 'ES256' };
  const rsaBits = Buffer.from(rsa.n ?? '', 'base64url');

  it('imports sound RSA and EC keys, with or without alg, use and key_ops', () => {
    expect(outcome(importJwk(rsa))).toEqual({ kid: 'rsa', alg: 'RS256', type: 'rsa' });
    expect(outcome(importJwk({ ...p256, key_ops: ['verify'] }))).toEqual({
      kid: 'ec',
      alg: 'ES256',
      type: 'ec',
    });
    expect(outcome(importJwk(ecJwk('P-384')))).toEqual({ type: 'ec' });
    expect(outcome(importJwk({ ...ecJwk('P-521'), alg: 'ES512' }))).toEqual({
      alg: 'ES512',
      type: 'ec',
    });
    expect(outcome(importJwk({ ...rsaJwk(4096), e: 'Aw' }))).toEqual({ type: 'rsa' });
  });

  it.each([
    ['e = 1', { e: 'AQ' }, 'the RSA public exponent is 1, below 3 (RFC 8017 section 3.1)'],
    [
      'e = 1 with a leading zero',
      { e: 'AAE' },
      'the RSA public exponent is 1, below 3 (RFC 8017 section 3.1)',
    ],
    ['e = 2', { e: 'Ag' }, 'the RSA public exponent is 2, below 3 (RFC 8017 section 3.1)'],
    ['e = 0', { e: 'AA' }, 'the RSA public exponent is 0, below 3 (RFC 8017 section 3.1)'],
    ['e even', { e: 'AQAA' }, 'the RSA public exponent is even (RFC 8017 section 3.1)'],
    [
      'e = n',
      { e: 'n' },
      'the RSA public exponent is not below the modulus (RFC 8017 section 3.1)',
    ],
    [
      'e of 65 bits',
      { e: b64('010000000000000001') },
      'the RSA public exponent is longer than 64 bits',
    ],
    ['n even', { n: 'even' }, 'the RSA modulus is even (RFC 8017 section 3.1)'],
    ['n with padding', { n: 'padded' }, 'n and e must be base64url strings'],
    ['e a number', { e: 65537 }, 'n and e must be base64url strings'],
    ['n missing', { n: undefined }, 'n and e must be base64url strings'],
  ])('refuses an RSA key with %s', (_, changes, reason) => {
    const change: Record<string, unknown> = changes;
    const jwk: Record<string, unknown> = { ...rsa, ...change };
    if (change.e === 'n') jwk.e = rsa.n;
    if (change.n === 'even')
      jwk.n = Buffer.from([...rsaBits.subarray(0, 255), 0]).toString('base64url');
    if (change.n === 'padded') jwk.n = `${rsa.n}=`;
    expect(outcome(importJwk(jwk))).toBe(reason);
  });

  it('refuses RSA moduli under 2048 and over 16384 bits, leading zeros aside', () => {
    const small = (bits: number): string =>
      `the RSA modulus has ${bits} bits, fewer than 2048 (RFC 7518 section 3.3)`;
    expect(outcome(importJwk({ ...rsaJwk(1024), alg: 'RS256' }))).toBe(small(1024));
    expect(outcome(importJwk(rsaJwk(512)))).toBe(small(512));
    const short = Buffer.from(rsaJwk(1024).n ?? '', 'base64url');
    const zeroPadded = Buffer.concat([Buffer.alloc(200), short]).toString('base64url');
    expect(outcome(importJwk({ kty: 'RSA', n: zeroPadded, e: 'AQAB' }))).toBe(small(1024));
    const huge = Buffer.alloc(2049, 0xff).toString('base64url');
    expect(outcome(importJwk({ kty: 'RSA', n: huge, e: 'AQAB' }))).toBe(
      'the RSA modulus has 16392 bits, more than 16384',
    );
  });

  it.each([
    ['d', { d: 'AQAB' }, 'd'],
    [
      'all the CRT members',
      { d: 'x', p: 'x', q: 'x', dp: 'x', dq: 'x', qi: 'x' },
      'd, p, q, dp, dq, qi',
    ],
    ['oth', { oth: [] }, 'oth'],
    ['an oct k', { kty: 'oct', k: 'c2VjcmV0' }, 'k'],
    ['d set to null', { d: null }, 'd'],
  ])('refuses a JWK with private material (%s) as a leaked key', (_, change, members) => {
    const result = importJwk({ ...rsa, ...change });
    expect(result).toEqual({
      refusal: `the JWK holds private key material (${members}): a leaked key`,
      leaked: true,
    });
  });

  it('refuses a real private RSA JWK', () => {
    const priv = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'jwk',
    });
    expect(importJwk(priv)).toMatchObject({ leaked: true });
  });

  it.each([
    ['use enc', { use: 'enc' }, 'use is "enc", not "sig" (RFC 7517 section 4.2)'],
    ['use as an array', { use: ['sig'] }, 'use is not a string'],
    ['use of another case', { use: 'SIG' }, 'use is "SIG", not "sig" (RFC 7517 section 4.2)'],
    ['key_ops empty', { key_ops: [] }, 'key_ops does not contain "verify" (RFC 7517 section 4.3)'],
    [
      'key_ops encrypt',
      { key_ops: ['encrypt'] },
      'key_ops does not contain "verify" (RFC 7517 section 4.3)',
    ],
    ['key_ops a string', { key_ops: 'verify' }, 'key_ops is not an array of strings'],
    ['key_ops with a number', { key_ops: ['verify', 1] }, 'key_ops is not an array of strings'],
    ['kid a number', { kid: 7 }, 'the kid is not a string'],
    ['kid null', { kid: null }, 'the kid is not a string'],
    ['kid empty', { kid: '' }, 'the kid is empty'],
    ['kid of 257 characters', { kid: 'k'.repeat(257) }, 'the kid is longer than 256 characters'],
    [
      'alg none',
      { alg: 'none' },
      'the alg "none" is not an asymmetric algorithm Portcullis verifies (RFC 8725 section 3.1)',
    ],
    [
      'alg HS256',
      { alg: 'HS256' },
      'the alg "HS256" is not an asymmetric algorithm Portcullis verifies (RFC 8725 section 3.1)',
    ],
    [
      'alg RSA-OAEP',
      { alg: 'RSA-OAEP' },
      'the alg "RSA-OAEP" is not an asymmetric algorithm Portcullis verifies (RFC 8725 section 3.1)',
    ],
    [
      'alg EdDSA',
      { alg: 'EdDSA' },
      'the alg "EdDSA" is not an asymmetric algorithm Portcullis verifies (RFC 8725 section 3.1)',
    ],
    ['alg a number', { alg: 256 }, 'alg is not a string'],
    [
      'alg with a line break',
      { alg: 'RS256\nFAKE' },
      'the alg "RS256\\nFAKE" is not an asymmetric algorithm Portcullis verifies (RFC 8725 section 3.1)',
    ],
    [
      'alg ES256 on RSA',
      { alg: 'ES256' },
      'the alg ES256 does not fit an RSA key (RFC 7517 section 4.4)',
    ],
    [
      'kty oct',
      { kty: 'oct' },
      'a symmetric (oct) key never verifies a token (RFC 8725 section 3.1)',
    ],
    [
      'kty OKP',
      { kty: 'OKP', alg: undefined },
      'an OKP (EdDSA) key cannot be verified by jsonwebtoken',
    ],
    ['kty rsa (lower case)', { kty: 'rsa' }, 'the kty "rsa" is not supported'],
    ['kty missing', { kty: undefined }, 'kty is not a string'],
  ])('refuses %s', (_, change, reason) => {
    expect(importJwk({ ...rsa, ...change })).toEqual({ refusal: reason, leaked: false });
  });

  it.each([
    [
      'alg RS256 on EC',
      { alg: 'RS256' },
      'the alg RS256 does not fit an EC key (RFC 7517 section 4.4)',
    ],
    [
      'alg ES384 on P-256',
      { alg: 'ES384' },
      'the alg ES384 does not fit the curve P-256 (RFC 7518 section 3.4)',
    ],
    [
      'crv secp256k1',
      { crv: 'secp256k1', alg: undefined },
      'the EC curve "secp256k1" is not supported',
    ],
    [
      'crv toString',
      { crv: 'toString', alg: undefined },
      'the EC curve "toString" is not supported',
    ],
    ['y missing', { y: undefined }, 'x and y must be base64url strings'],
    [
      'a short x',
      { x: b64('01') },
      'x and y must be 32 bytes each for P-256 (RFC 7518 section 6.2.1.2)',
    ],
    ['y off the curve', { y: b64('01'.repeat(32)) }, 'the point is not on the curve P-256'],
    ['x beyond the field', { x: b64('ff'.repeat(32)) }, 'the point is outside the field of P-256'],
  ])('refuses an EC key with %s', (_, change, reason) => {
    expect(outcome(importJwk({ ...p256, ...change }))).toBe(reason);
  });

  it('checks that generated points of every curve are on their curve', () => {
    for (const curve of ['P-256', 'P-384', 'P-521', 'P-256', 'P-384', 'P-521']) {
      expect(outcome(importJwk(ecJwk(curve)))).toEqual({ type: 'ec' });
    }
  });

  it.each([null, 42, 'RSA', [rsa], true])('refuses an entry that is not an object: %p', (entry) => {
    expect(outcome(importJwk(entry))).toBe('the JWK is not a JSON object');
  });

  it('uses n and e only: x5c must hold the same key, and is never used in their place', () => {
    const certificate = new X509Certificate(Buffer.from(TEST_CERTIFICATE_X5C, 'base64'));
    const certified = { ...certificate.publicKey.export({ format: 'jwk' }), kid: 'x5c' };
    const good = importJwk({ ...certified, x5c: [TEST_CERTIFICATE_X5C] });
    expect(good.key?.key.equals(certificate.publicKey)).toBe(true);

    expect(outcome(importJwk({ ...rsa, x5c: [TEST_CERTIFICATE_X5C] }))).toBe(
      'the first x5c certificate holds another key than the JWK (RFC 7517 section 4.7)',
    );
    expect(outcome(importJwk({ ...rsa, x5c: ['bm90IGEgY2VydGlmaWNhdGU='] }))).toBe(
      'the first x5c certificate cannot be read (RFC 7517 section 4.7)',
    );
    for (const x5c of [[], TEST_CERTIFICATE_X5C, [7]]) {
      expect(outcome(importJwk({ ...rsa, x5c }))).toBe(
        'x5c is not an array of base64 certificates (RFC 7517 section 4.7)',
      );
    }
  });

  it('builds the key from the checked members only, ignoring unknown members', () => {
    const result = importJwk({ ...rsa, ext: true, x5t: 'whatever', extra: { nested: [1] } });
    expect(result.key?.key.export({ format: 'jwk' })).toEqual({ kty: 'RSA', n: rsa.n, e: rsa.e });
  });
});
