/**
 * `nest-portcullis/testing`: a real OpenID provider on 127.0.0.1 for tests of APIs
 * protected by Portcullis, built on Node built-ins only.
 */

// --- The test issuer: keys, a served JWKS and discovery, tokens ----------------------------
export { TestIssuer } from './test-issuer';
export { TokenMinter } from './token-minter';
export { TOKEN_PATH } from './token-endpoint';
export type { ClientRegistration } from './token-endpoint';
export { OfflineMinter } from './offline-minter';
export type { OfflineMinterOptions } from './offline-minter';
export { jwkThumbprint } from './imported-key';
export type { ImportedKey } from './imported-key';
export type {
  IdTokenOptions,
  MintOptions,
  TestIssuerOptions,
  ResolvedTestIssuerOptions,
} from './test-issuer.options';
export type { CreateKeyOptions, Jwks, TestKey } from './key-set';
export { SIGNING_ALGORITHMS, generateKeyPairFor, isSigningAlgorithm } from './algorithms';
export type { KeyPair, SigningAlgorithm } from './algorithms';

// --- Bad tokens and hostile keys, for negative tests ---------------------------------------
// `unsigned`, `raw`, `tamper`, `base64url`, `hmacWithPublicKey`, `signWithForeignKey` and
// `signRaw` are members of `issuer.forge` (one home each); the helpers below are not.
export type { ForeignKeyOptions, IssuerForge } from './issuer-forge';
export { atHash, decodeJwtParts, hmacSign, signJwt } from './jwt-forge';
export type { DecodedJwt, JsonObject } from './jwt-forge';
export { exponentOneForgery, exponentTwoForgery, pkcs1Encoding } from './hostile-keys';
export type { KeyForgery, Pkcs1Algorithm } from './hostile-keys';

// --- Outages of the issuer -----------------------------------------------------------------
export { OUTAGE_MODES, SLOW_BYTE_INTERVAL_MS } from './outage';
export type { OutageMode, OutageTarget } from './outage';
