/**
 * `nest-portcullis/testing`: a real OpenID provider on 127.0.0.1 for tests of APIs
 * protected by Portcullis, built on Node built-ins only.
 */
export { TestIssuer } from './test-issuer';
export { TokenMinter } from './token-minter';
export type {
  IdTokenOptions,
  MintOptions,
  TestIssuerOptions,
  ResolvedTestIssuerOptions,
} from './test-issuer.options';
export type { ForeignKeyOptions, IssuerForge } from './issuer-forge';
export type { CreateKeyOptions, Jwks, TestKey } from './key-set';
export { OUTAGE_MODES, SLOW_BYTE_INTERVAL_MS } from './outage';
export type { OutageMode, OutageTarget } from './outage';
export { exponentOneForgery, exponentTwoForgery, pkcs1Encoding } from './hostile-keys';
export type { KeyForgery, Pkcs1Algorithm } from './hostile-keys';
export { SIGNING_ALGORITHMS, isSigningAlgorithm } from './algorithms';
export type { KeyPair, SigningAlgorithm } from './algorithms';
export {
  atHash,
  base64url,
  decodeJwt,
  hmacSign,
  mergeDefined,
  raw,
  signJwt,
  tamper,
  unsigned,
} from './jwt-forge';
export type { DecodedJwt, JsonObject } from './jwt-forge';
