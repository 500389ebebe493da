import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { ASYMMETRIC_ALGORITHMS } from '../src/options/portcullis-options';

/**
 * Every JWS algorithm the test issuer signs with: the asymmetric ones Portcullis verifies,
 * and EdDSA, which it refuses (for negative tests).
 */
export const SIGNING_ALGORITHMS = [...ASYMMETRIC_ALGORITHMS, 'EdDSA'] as const;

/** One of {@link SIGNING_ALGORITHMS}. */
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

type HashName = 'sha256' | 'sha384' | 'sha512';

interface AlgorithmSpec {
  readonly kty: 'RSA' | 'EC' | 'OKP';
  readonly hash: HashName;
  readonly curve?: 'P-256' | 'P-384' | 'P-521';
  readonly pss?: true;
}

const SPECS: Readonly<Record<SigningAlgorithm, AlgorithmSpec>> = {
  RS256: { kty: 'RSA', hash: 'sha256' },
  RS384: { kty: 'RSA', hash: 'sha384' },
  RS512: { kty: 'RSA', hash: 'sha512' },
  PS256: { kty: 'RSA', hash: 'sha256', pss: true },
  PS384: { kty: 'RSA', hash: 'sha384', pss: true },
  PS512: { kty: 'RSA', hash: 'sha512', pss: true },
  ES256: { kty: 'EC', hash: 'sha256', curve: 'P-256' },
  ES384: { kty: 'EC', hash: 'sha384', curve: 'P-384' },
  ES512: { kty: 'EC', hash: 'sha512', curve: 'P-521' },
  // OIDC hashes (at_hash) for Ed25519 use SHA-512, the hash inside the signature scheme.
  EdDSA: { kty: 'OKP', hash: 'sha512' },
};

const HASH_BYTES: Readonly<Record<HashName, number>> = { sha256: 32, sha384: 48, sha512: 64 };

/** A private and public key pair, held in memory only. */
export interface KeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

/** Whether a string names one of {@link SIGNING_ALGORITHMS}. */
export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

/** Whether an algorithm signs with an RSA key (RS* and PS*). */
export function isRsaAlgorithm(alg: SigningAlgorithm): boolean {
  return SPECS[alg].kty === 'RSA';
}

/** The hash an algorithm is built on, e.g. `sha384` for `ES384` (used for `at_hash`). */
export function hashOf(alg: SigningAlgorithm): HashName {
  return SPECS[alg].hash;
}

/**
 * Generates a fresh key pair for an algorithm: RSA 2048 for RS and PS, the matching
 * NIST curve for ES, Ed25519 for EdDSA.
 */
export function generateKeyPairFor(alg: SigningAlgorithm): KeyPair {
  const spec = SPECS[alg];
  if (spec.kty === 'RSA') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (spec.kty === 'EC') return generateKeyPairSync('ec', { namedCurve: spec.curve ?? 'P-256' });
  return generateKeyPairSync('ed25519');
}

/**
 * Produces the raw JWS signature of `input`: PKCS#1 v1.5 for RS, PSS with a salt as long
 * as the hash for PS, IEEE P1363 (r || s) for ES, pure Ed25519 for EdDSA.
 */
export function signBytes(alg: SigningAlgorithm, input: string, privateKey: KeyObject): Buffer {
  const spec = SPECS[alg];
  const data = Buffer.from(input, 'ascii');
  if (spec.kty === 'OKP') return sign(null, data, privateKey);
  if (spec.kty === 'EC')
    return sign(spec.hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  if (spec.pss) {
    return sign(spec.hash, data, {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: HASH_BYTES[spec.hash],
    });
  }
  return sign(spec.hash, data, privateKey);
}
