import type { KeyObject } from 'node:crypto';
import { ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm } from './token-settings';

/** A JWK curve Portcullis verifies: its ES algorithm, OpenSSL name and coordinate size. */
export interface JwkCurve {
  readonly alg: AsymmetricAlgorithm;
  readonly namedCurve: string;
  /** Bytes of one coordinate: `x` and `y` must be exactly this long (RFC 7518 section 6.2.1.2). */
  readonly bytes: number;
}

/** The NIST curves of ES256, ES384 and ES512 (RFC 7518 section 3.4), by JWK `crv`. */
export const JWK_CURVES: Readonly<Record<string, JwkCurve>> = {
  'P-256': { alg: 'ES256', namedCurve: 'prime256v1', bytes: 32 },
  'P-384': { alg: 'ES384', namedCurve: 'secp384r1', bytes: 48 },
  'P-521': { alg: 'ES512', namedCurve: 'secp521r1', bytes: 66 },
};

const EC_CURVES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(JWK_CURVES).map((curve) => [curve.alg, curve.namedCurve]),
);

/** Whether an algorithm is one of {@link ASYMMETRIC_ALGORITHMS}. */
export function isAsymmetricAlgorithm(alg: unknown): alg is AsymmetricAlgorithm {
  return typeof alg === 'string' && (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg);
}

/** The JWK `kty` an algorithm needs: `RSA` for RS and PS, `EC` for ES. */
export function keyTypeOf(alg: AsymmetricAlgorithm): 'RSA' | 'EC' {
  return alg.startsWith('ES') ? 'EC' : 'RSA';
}

/**
 * Whether a public key can verify an algorithm: RSA keys for RS and PS, the matching
 * curve for ES. A symmetric or mismatched key, or any other algorithm, never fits.
 * EdDSA is never offered: jsonwebtoken, the verifier inside passport-jwt, cannot verify
 * it, so OKP keys are refused when the JWKS is imported.
 */
export function keyFitsAlgorithm(key: KeyObject, alg: string): boolean {
  if (key.type !== 'public' || !isAsymmetricAlgorithm(alg)) return false;
  const type = key.asymmetricKeyType;
  if (keyTypeOf(alg) === 'RSA') return type === 'rsa' || type === 'rsa-pss';
  return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === EC_CURVES[alg];
}

/** The algorithms a key may verify: its JWK's own `alg` only, else every one it fits. */
export function algorithmsOfKey(
  key: KeyObject,
  alg: AsymmetricAlgorithm | undefined,
): AsymmetricAlgorithm[] {
  const candidates = alg === undefined ? ASYMMETRIC_ALGORITHMS : [alg];
  return candidates.filter((candidate) => keyFitsAlgorithm(key, candidate));
}
