import type { KeyObject } from 'node:crypto';

const EC_CURVES: Readonly<Record<string, string>> = {
  ES256: 'prime256v1',
  ES384: 'secp384r1',
  ES512: 'secp521r1',
};

/**
 * Whether a public key can verify an algorithm: RSA keys for RS and PS, the matching
 * curve for ES. A symmetric or mismatched key, or any other algorithm, never fits.
 */
export function keyFitsAlgorithm(key: KeyObject, alg: string): boolean {
  if (key.type !== 'public') return false;
  const type = key.asymmetricKeyType;
  if (alg.startsWith('RS') || alg.startsWith('PS')) return type === 'rsa' || type === 'rsa-pss';
  if (alg in EC_CURVES) {
    return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === EC_CURVES[alg];
  }
  return false;
}
