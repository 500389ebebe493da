import { generateKeyPairFor, type SigningAlgorithm } from './algorithms';
import {
  base64url,
  hmacSign,
  mergeDefined,
  raw,
  signJwt,
  tamper,
  unsigned,
  type JsonObject,
} from './jwt-forge';
import type { KeySet } from './key-set';

/** How {@link IssuerForge.signWithForeignKey} signs. */
export interface ForeignKeyOptions {
  /** The `kid` the token claims. Default: the current key of `alg`. */
  kid?: string;
  /** Default: the algorithm of the key named by `kid`, else the issuer's first algorithm. */
  alg?: SigningAlgorithm;
  /** Merged over `{ alg, kid, typ: 'at+jwt' }`; `undefined` removes a parameter. */
  header?: JsonObject;
}

/**
 * Bad tokens for negative tests. Payloads are used exactly as given; build valid ones with
 * {@link TestIssuer.accessClaims}.
 * @example issuer.forge.hmacWithPublicKey(issuer.accessClaims()) // must be rejected
 */
export interface IssuerForge {
  /** `b64(header).b64(payload).` with `alg: 'none'` unless the header says otherwise. */
  unsigned(header: JsonObject, payload: JsonObject): string;
  /** Any three parts; string parts are taken as JSON text. */
  raw(header: JsonObject | string, payload: JsonObject | string, signatureB64: string): string;
  /** The token with its payload changed after signing (default `sub: 'attacker'`). */
  tamper(token: string, changes?: JsonObject): string;
  /** Base64url without padding. */
  base64url(input: string | Uint8Array): string;
  /**
   * HS256 keyed with the PEM (SPKI) of the issuer's RSA public key, with that key's `kid`:
   * the RSA/HMAC key-confusion attack. Throws if the issuer has no RSA key.
   */
  hmacWithPublicKey(payload: JsonObject, header?: JsonObject): string;
  /** Signed by a fresh key pair that is in no JWKS, while claiming a known `kid`. */
  signWithForeignKey(payload: JsonObject, options?: ForeignKeyOptions): string;
  /**
   * Signed by one of the issuer's own keys (default: the current key of the first algorithm)
   * with the header and payload exactly as given; strings are JSON text, so duplicate keys
   * or `1e400` can be signed. The signature uses the key's algorithm whatever the header says.
   * @example issuer.forge.signRaw('{"alg":"RS256","alg":"none"}', issuer.accessClaims())
   */
  signRaw(header: JsonObject | string, payload: JsonObject | string, kid?: string): string;
}

/** Builds the forge of one issuer's key set. */
export function createIssuerForge(keys: KeySet, defaultAlg: SigningAlgorithm): IssuerForge {
  return {
    unsigned,
    raw,
    tamper,
    base64url,
    hmacWithPublicKey(payload, header) {
      const rsa = keys.rsaKey();
      if (!rsa) throw new Error('TestIssuer: hmacWithPublicKey needs an RS* or PS* key');
      const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const fullHeader = mergeDefined({ alg: 'HS256', kid: rsa.kid, typ: 'at+jwt' }, header);
      return hmacSign(fullHeader, payload, pem);
    },
    signWithForeignKey(payload, options = {}) {
      const known = options.kid === undefined ? undefined : keys.find(options.kid);
      const alg = options.alg ?? known?.alg ?? defaultAlg;
      const kid = options.kid ?? keys.currentKey(alg).kid;
      const header = mergeDefined({ alg, kid, typ: 'at+jwt' }, options.header);
      return signJwt(header, payload, alg, generateKeyPairFor(alg).privateKey);
    },
    signRaw(header, payload, kid) {
      const key = kid === undefined ? keys.currentKey(defaultAlg) : keys.get(kid);
      return signJwt(header, payload, key.alg, key.privateKey);
    },
  };
}
