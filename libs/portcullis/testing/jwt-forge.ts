import { createHash, createHmac } from 'node:crypto';
import { hashOf, signBytes, type SigningAlgorithm } from './algorithms';
import type { KeyObject } from 'node:crypto';

/** A JSON object: a JOSE header or a claim set. */
export type JsonObject = Record<string, unknown>;

/** The three decoded parts of a compact JWS. */
export interface DecodedJwt {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  readonly signature: string;
}

/** Base64url without padding (RFC 7515 section 2) of a string (as UTF-8) or bytes. */
export function base64url(input: string | Uint8Array): string {
  return Buffer.from(input).toString('base64url');
}

/** A JWS segment: an object is JSON-encoded; a string is taken as the JSON text itself. */
function segment(part: JsonObject | string): string {
  return base64url(typeof part === 'string' ? part : JSON.stringify(part));
}

/**
 * A copy of `base` with `overrides` merged over it; a key set to `undefined` is removed,
 * so `{ exp: undefined }` drops the claim.
 */
export function mergeDefined(base: JsonObject, overrides: JsonObject = {}): JsonObject {
  const merged: JsonObject = { ...base, ...overrides };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged;
}

/**
 * Signs a header and payload exactly as given with an asymmetric private key. The
 * signature uses `alg`, whatever the header says (to forge a header/key mismatch).
 * A string part is taken as the JSON text itself (duplicate keys, `1e400`, any spacing).
 */
export function signJwt(
  header: JsonObject | string,
  payload: JsonObject | string,
  alg: SigningAlgorithm,
  privateKey: KeyObject,
): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${signBytes(alg, input, privateKey).toString('base64url')}`;
}

/**
 * An unsecured JWS (`alg: none`, RFC 7519 section 6): `b64(header).b64(payload).`.
 * @example unsigned({ typ: 'at+jwt' }, issuer.accessClaims())
 */
export function unsigned(header: JsonObject, payload: JsonObject): string {
  return `${segment({ alg: 'none', ...header })}.${segment(payload)}.`;
}

/**
 * Assembles any token: objects are JSON-encoded, strings are used as the JSON text (so
 * `'{"alg":"RS256","alg":"none"}'` or `'not json'` can be sent), the signature as given.
 */
export function raw(
  header: JsonObject | string,
  payload: JsonObject | string,
  signatureB64: string,
): string {
  return `${segment(header)}.${segment(payload)}.${signatureB64}`;
}

/**
 * An HMAC-signed token (`HS256` unless the header says HS384/HS512) with any secret; with
 * the issuer's RSA public key PEM as the secret this is the key-confusion attack.
 */
export function hmacSign(header: JsonObject, payload: JsonObject, secret: string | Buffer): string {
  const fullHeader = { alg: 'HS256', ...header };
  const hash = { HS384: 'sha384', HS512: 'sha512' }[String(fullHeader.alg)] ?? 'sha256';
  const input = `${segment(fullHeader)}.${segment(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

/** Decodes a compact JWS without verifying it. Throws if it is not three JSON parts. */
export function decodeJwtParts(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('decodeJwtParts: a compact JWS has three parts');
  const decode = (part: string): JsonObject =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as JsonObject;
  return { header: decode(parts[0]), payload: decode(parts[1]), signature: parts[2] };
}

/**
 * Changes the payload of a signed token after signing and keeps the original header and
 * signature, so the signature no longer matches. Default change: `sub` becomes `attacker`.
 */
export function tamper(token: string, changes: JsonObject = { sub: 'attacker' }): string {
  const [header, , signature] = token.split('.');
  const { payload } = decodeJwtParts(token);
  return `${header}.${segment(mergeDefined(payload, changes))}.${signature}`;
}

/** The OIDC `at_hash` of an access token: the left half of its hash, base64url-encoded. */
export function atHash(accessToken: string, alg: SigningAlgorithm): string {
  const digest = createHash(hashOf(alg)).update(accessToken, 'ascii').digest();
  return base64url(digest.subarray(0, digest.length / 2));
}
