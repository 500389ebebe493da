import {
  exponentOneForgery,
  exponentTwoForgery,
  signJwt,
  type JsonObject,
  type SigningAlgorithm,
} from 'nest-portcullis/testing';
import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';

/** A key made outside the issuer: its served JWK, and how to sign for it. */
export interface OwnKey {
  readonly jwk: JsonWebKey;
  /**
   * A token of `claims` with this key's `kid`, signed with its private key: `alg` is the
   * header's (default: the key's algorithm), `signAs` the algorithm really used (default:
   * the key's), so a header can lie about the algorithm.
   */
  sign(claims: JsonObject, alg?: string, signAs?: SigningAlgorithm): string;
}

/**
 * Generates a key pair and serves its public JWK merged with `jwk` (a member set to
 * `undefined` is dropped); tokens carry `kid` in their header.
 */
export function ownKey(
  kind: { rsaBits: number } | { curve: 'P-256' | 'P-384' },
  jwk: JsonObject,
  signAlg: SigningAlgorithm,
): OwnKey {
  const { publicKey, privateKey } =
    'rsaBits' in kind
      ? generateKeyPairSync('rsa', { modulusLength: kind.rsaBits })
      : generateKeyPairSync('ec', { namedCurve: kind.curve });
  return ownKeyOf(publicKey, privateKey, jwk, signAlg);
}

/** {@link ownKey} for a key pair already made. */
export function ownKeyOf(
  publicKey: KeyObject,
  privateKey: KeyObject,
  jwk: JsonObject,
  signAlg: SigningAlgorithm,
): OwnKey {
  const served = JSON.parse(
    JSON.stringify({ ...publicKey.export({ format: 'jwk' }), ...jwk }),
  ) as JsonWebKey;
  return {
    jwk: served,
    sign: (claims, alg = signAlg, signAs = signAlg) =>
      signJwt({ alg, kid: jwk.kid, typ: 'at+jwt' }, claims, signAs, privateKey),
  };
}

/** A forged token and the JWK it verifies under (`e = 1` or `e = 2`), served with `kid`. */
export function exponentForgery(
  exponent: 1 | 2,
  kid: string,
  claims: JsonObject,
): { jwk: JsonWebKey; token: string } {
  const forge = exponent === 1 ? exponentOneForgery : exponentTwoForgery;
  const { jwk, token } = forge({ alg: 'RS256', kid, typ: 'at+jwt' }, claims);
  return { jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' }, token };
}
