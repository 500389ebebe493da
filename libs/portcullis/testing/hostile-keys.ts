import { createHash, generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { base64url, type JsonObject } from './jwt-forge';

/** The RSA PKCS#1 v1.5 algorithms a hostile-key forge signs for. */
export type Pkcs1Algorithm = 'RS256' | 'RS384' | 'RS512';

/** A public JWK and a token that verifies under it (with any RSA verifier, jsonwebtoken too). */
export interface KeyForgery {
  /** `{ kty: 'RSA', n, e }`: add `kid`, `alg`, `use` as the test needs. */
  readonly jwk: JsonWebKey;
  readonly token: string;
}

const DIGEST_INFO: Readonly<Record<Pkcs1Algorithm, [string, string]>> = {
  RS256: ['sha256', '3031300d060960864801650304020105000420'],
  RS384: ['sha384', '3041300d060960864801650304020205000430'],
  RS512: ['sha512', '3051300d060960864801650304020305000440'],
};

const toBigInt = (bytes: Buffer): bigint => BigInt(`0x${bytes.toString('hex')}`);

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** Tonelli-Shanks: a square root of `a` modulo the prime `p`, if `a` is a square. */
function sqrtModPrime(a: bigint, p: bigint): bigint | undefined {
  if (modPow(a, (p - 1n) / 2n, p) !== 1n) return undefined;
  let q = p - 1n;
  let s = 0n;
  for (; q % 2n === 0n; s++) q /= 2n;
  let z = 2n;
  while (modPow(z, (p - 1n) / 2n, p) !== p - 1n) z++;
  let [m, c, t, r] = [s, modPow(z, q, p), modPow(a, q, p), modPow(a, (q + 1n) / 2n, p)];
  while (t !== 1n) {
    let i = 0n;
    for (let square = t; square !== 1n; i++) square = (square * square) % p;
    const b = modPow(c, 1n << (m - i - 1n), p);
    [m, c, t, r] = [i, (b * b) % p, (t * b * b) % p, (r * b) % p];
  }
  return r;
}

/**
 * EMSA-PKCS1-v1_5 (RFC 8017 section 9.2) of a JWS signing input, as the integer an RSA
 * verifier expects `s^e mod n` to equal: `00 01 FF..FF 00 || DigestInfo || hash`.
 */
export function pkcs1Encoding(alg: Pkcs1Algorithm, input: string, modulusBytes: number): bigint {
  const [hash, prefix] = DIGEST_INFO[alg];
  const digest = createHash(hash).update(input, 'ascii').digest();
  const t = Buffer.concat([Buffer.from(prefix, 'hex'), digest]);
  const padding = Buffer.alloc(modulusBytes - t.length - 3, 0xff);
  return toBigInt(Buffer.concat([Buffer.from([0, 1]), padding, Buffer.from([0]), t]));
}

function signingInput(header: JsonObject, payload: JsonObject): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
}

function pkcs1AlgOf(header: JsonObject): Pkcs1Algorithm {
  const alg = header.alg;
  if (alg === 'RS256' || alg === 'RS384' || alg === 'RS512') return alg;
  throw new Error('hostile keys: the header alg must be RS256, RS384 or RS512');
}

function signature(s: bigint, modulusBytes: number): string {
  return Buffer.from(s.toString(16).padStart(modulusBytes * 2, '0'), 'hex').toString('base64url');
}

/**
 * The `e = 1` forgery: with a public exponent of 1, `s^e mod n = s`, so the "signature"
 * is the padded hash itself and anyone can sign. The JWK has a real 2048-bit modulus.
 * @example const { jwk, token } = exponentOneForgery({ alg: 'RS256', kid: 'e1' }, claims)
 */
export function exponentOneForgery(header: JsonObject, payload: JsonObject): KeyForgery {
  const alg = pkcs1AlgOf(header);
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n } = publicKey.export({ format: 'jwk' });
  const input = signingInput(header, payload);
  const token = `${input}.${signature(pkcs1Encoding(alg, input, 256), 256)}`;
  return { jwk: { kty: 'RSA', n, e: 'AQ' }, token };
}

/**
 * The `e = 2` (Rabin) case: a token that verifies under a 2048-bit modulus with public
 * exponent 2, made with its factors (a square root modulo `n`). Only one encoded hash in
 * four is a square, so the payload's `jti` is replaced until it is.
 */
export function exponentTwoForgery(header: JsonObject, payload: JsonObject): KeyForgery {
  const alg = pkcs1AlgOf(header);
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  });
  const [p, q] = [jwk.p, jwk.q].map((part) => toBigInt(Buffer.from(part ?? '', 'base64url')));
  const n = p * q;
  for (;;) {
    const input = signingInput(header, { ...payload, jti: randomUUID() });
    const encoded = pkcs1Encoding(alg, input, 256);
    const [sp, sq] = [sqrtModPrime(encoded % p, p), sqrtModPrime(encoded % q, q)];
    if (sp === undefined || sq === undefined) continue;
    // Chinese remainder theorem: the root modulo n from the roots modulo p and q.
    const s = (sq + q * ((((sp - sq) % p) + p) * modPow(q, p - 2n, p))) % n;
    return { jwk: { kty: 'RSA', n: jwk.n, e: 'Ag' }, token: `${input}.${signature(s, 256)}` };
  }
}
