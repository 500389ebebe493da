import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isRsaAlgorithm, type SigningAlgorithm } from './algorithms';

/**
 * A key made outside the issuer (loaded from a file, a secret store, or generated once and
 * kept), to sign with instead of a fresh one: a long-running development issuer keeps its keys
 * across restarts this way, so tokens minted before a restart stay valid.
 * @example { alg: 'RS256', privateKey: createPrivateKey(readFileSync('rs256.pem')) }
 */
export interface ImportedKey {
  readonly alg: SigningAlgorithm;
  /** The private key; its public half is derived from it. */
  readonly privateKey: KeyObject;
  /** Default: the RFC 7638 thumbprint of the public key, the same at every start. */
  readonly kid?: string;
}

const CURVES: Partial<Record<SigningAlgorithm, string>> = {
  ES256: 'prime256v1',
  ES384: 'secp384r1',
  ES512: 'secp521r1',
};

/** RFC 7638: SHA-256 of the key's required members in lexicographic order, base64url. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const jwk: JsonWebKey = publicKey.export({ format: 'jwk' });
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/** What kind of private key an algorithm signs with, as Node names it. */
function expectedKey(alg: SigningAlgorithm): { type: string; curve?: string } {
  if (isRsaAlgorithm(alg)) return { type: 'rsa' };
  if (alg === 'EdDSA') return { type: 'ed25519' };
  return { type: 'ec', curve: CURVES[alg] };
}

/**
 * The imported key's public half and `kid`, once it is known to fit its algorithm: a P-384
 * key labelled ES256 would sign tokens no verifier accepts, so it is refused here instead.
 * @throws Error naming `keys` when the key is not a private key of the algorithm's type
 */
export function resolveImportedKey(key: ImportedKey): {
  readonly kid: string;
  readonly publicKey: KeyObject;
} {
  const { type, curve } = expectedKey(key.alg);
  const actual = key.privateKey.asymmetricKeyType;
  const actualCurve = key.privateKey.asymmetricKeyDetails?.namedCurve;
  if (key.privateKey.type !== 'private' || actual !== type || actualCurve !== curve) {
    const found =
      key.privateKey.type !== 'private'
        ? 'a public key'
        : `an ${actual}${actualCurve ? ` ${actualCurve}` : ''} key`;
    const needed = `a private ${type} key${curve ? ` on ${curve}` : ''}`;
    throw new Error(`TestIssuer: \`keys\` has ${found} for ${key.alg}, which needs ${needed}`);
  }
  const publicKey = createPublicKey(key.privateKey);
  if (key.kid === '') {
    throw new Error('TestIssuer: `keys` has an empty `kid`');
  }
  return { kid: key.kid ?? jwkThumbprint(publicKey), publicKey };
}
