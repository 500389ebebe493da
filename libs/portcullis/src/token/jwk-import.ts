import { createPublicKey, X509Certificate, type JsonWebKey, type KeyObject } from 'node:crypto';
import { logSafe } from '../common/log-safe';
import type { AsymmetricAlgorithm } from './token-settings';
import { curveOf, ecPointProblem, rsaMaterialProblem } from './jwk-key-material';
import { isAsymmetricAlgorithm, keyTypeOf } from './key-algorithms';

/** Longest `kid` accepted; real IdPs use 20 to 90 characters. */
export const MAX_KID_LENGTH = 256;

/** JWK members that only a private or secret key has (RFC 7518 sections 6.3.2, 6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** A verification key made from a JWK that passed every rule. */
export interface ImportedKey {
  readonly kid: string | undefined;
  /** The JWK's own `alg`: the key verifies that algorithm only. */
  readonly alg: AsymmetricAlgorithm | undefined;
  readonly key: KeyObject;
}

/** What importing one JWK gave: a key, or why it is refused. */
export type JwkImport =
  | { readonly key: ImportedKey; readonly refusal?: undefined }
  | { readonly key?: undefined; readonly refusal: string; readonly leaked: boolean };

type Jwk = Record<string, unknown>;

const refuse = (refusal: string, leaked = false): JwkImport => ({ refusal, leaked });
const quoted = (value: unknown): string => `"${logSafe(value)}"`;

/**
 * Turns one JWK of a JWKS into a verification key, or says why it must never verify a
 * token. Only the members checked here make the key (`n`/`e`, or `crv`/`x`/`y`), so
 * nothing unvalidated (such as an `x5c` certificate) can stand in for them.
 * Reasons embed JWK values through `logSafe`, ready for a log line.
 *
 * @example importJwk({ kty: 'RSA', n, e: 'AQ' }).refusal // 'the RSA public exponent is 1, ...'
 */
export function importJwk(value: unknown): JwkImport {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse('the JWK is not a JSON object');
  }
  const jwk = value as Jwk;
  const secrets = PRIVATE_MEMBERS.filter((member) => Object.hasOwn(jwk, member));
  if (secrets.length > 0) {
    return refuse(`the JWK holds private key material (${secrets.join(', ')}): a leaked key`, true);
  }
  const problem = memberProblem(jwk) ?? keyTypeProblem(jwk);
  if (problem !== undefined) return refuse(problem);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicPart(jwk), format: 'jwk' });
  } catch {
    return refuse('the key material is not a valid public key');
  }
  const certificateProblem = x5cProblem(jwk.x5c, key);
  if (certificateProblem !== undefined) return refuse(certificateProblem);
  return { key: { kid: jwk.kid as string | undefined, alg: jwk.alg as AsymmetricAlgorithm, key } };
}

/** `kid`, `use`, `key_ops` and `alg`: each optional, each of its type (RFC 7517 section 4). */
function memberProblem(jwk: Jwk): string | undefined {
  const { kid, use, key_ops: ops, alg } = jwk;
  if (kid !== undefined) {
    if (typeof kid !== 'string') return 'the kid is not a string';
    if (kid.length === 0) return 'the kid is empty';
    if (kid.length > MAX_KID_LENGTH) return `the kid is longer than ${MAX_KID_LENGTH} characters`;
  }
  if (use !== undefined && use !== 'sig') {
    if (typeof use !== 'string') return 'use is not a string';
    return `use is ${quoted(use)}, not "sig" (RFC 7517 section 4.2)`;
  }
  if (ops !== undefined) {
    if (!Array.isArray(ops) || !ops.every((op) => typeof op === 'string')) {
      return 'key_ops is not an array of strings';
    }
    if (!ops.includes('verify')) return 'key_ops does not contain "verify" (RFC 7517 section 4.3)';
  }
  if (alg !== undefined && !isAsymmetricAlgorithm(alg)) {
    if (typeof alg !== 'string') return 'alg is not a string';
    return `the alg ${quoted(alg)} is not an asymmetric algorithm Portcullis verifies (RFC 8725 section 3.1)`;
  }
  return undefined;
}

/** `kty` known, fitting the JWK's `alg`, and its key material sound. */
function keyTypeProblem(jwk: Jwk): string | undefined {
  const { kty, alg } = jwk;
  if (kty === 'oct') return 'a symmetric (oct) key never verifies a token (RFC 8725 section 3.1)';
  if (kty === 'OKP') return 'an OKP (EdDSA) key cannot be verified by jsonwebtoken';
  if (kty !== 'RSA' && kty !== 'EC') {
    return typeof kty === 'string'
      ? `the kty ${quoted(kty)} is not supported`
      : 'kty is not a string';
  }
  if (alg !== undefined && keyTypeOf(alg as AsymmetricAlgorithm) !== kty) {
    return `the alg ${alg as string} does not fit an ${kty} key (RFC 7517 section 4.4)`;
  }
  if (kty === 'RSA') return rsaMaterialProblem(jwk.n, jwk.e);
  const curve = curveOf(jwk.crv);
  if (curve === undefined) return `the EC curve ${quoted(jwk.crv)} is not supported`;
  if (alg !== undefined && alg !== curve.alg) {
    return `the alg ${alg as string} does not fit the curve ${jwk.crv as string} (RFC 7518 section 3.4)`;
  }
  return ecPointProblem(jwk.crv as string, curve, jwk.x, jwk.y);
}

/** The members that make the public key, and nothing else. */
function publicPart(jwk: Jwk): JsonWebKey {
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n as string, e: jwk.e as string };
  return { kty: 'EC', crv: jwk.crv as string, x: jwk.x as string, y: jwk.y as string };
}

/**
 * An `x5c` must hold, first, the certificate of the very key the JWK describes
 * (RFC 7517 section 4.7). It is never used to verify: a JWK whose certificate says
 * otherwise is refused rather than trusted one way or the other.
 */
function x5cProblem(x5c: unknown, key: KeyObject): string | undefined {
  if (x5c === undefined) return undefined;
  if (!Array.isArray(x5c) || x5c.length === 0 || typeof x5c[0] !== 'string') {
    return 'x5c is not an array of base64 certificates (RFC 7517 section 4.7)';
  }
  try {
    const certificate = new X509Certificate(Buffer.from(x5c[0], 'base64'));
    if (certificate.publicKey.equals(key)) return undefined;
  } catch {
    return 'the first x5c certificate cannot be read (RFC 7517 section 4.7)';
  }
  return 'the first x5c certificate holds another key than the JWK (RFC 7517 section 4.7)';
}
