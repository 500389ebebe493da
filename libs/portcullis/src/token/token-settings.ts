import type { ResolvedClaimMapping } from './claim-presets';

/**
 * Asymmetric JWS algorithms Portcullis can verify. HMAC and `none` are never accepted.
 * EdDSA is not among them: jsonwebtoken (inside passport-jwt) cannot verify it.
 */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
] as const;

/** One of {@link ASYMMETRIC_ALGORITHMS}. */
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

/** An issuer this API trusts, with where to find its keys. */
export interface TrustedIssuer {
  /** The exact `iss` value (a trailing slash matters). */
  issuer: string;
  /** The issuer's JWKS. Without it, OIDC discovery at `<issuer>/.well-known/openid-configuration`. */
  jwksUri?: string;
}

/**
 * The token engine's slice of the module options, checked and defaulted (by `options/`):
 * everything {@link AccessTokenAuthenticator} decides a token with, and nothing else.
 */
export interface TokenSettings {
  readonly issuers: readonly TrustedIssuer[];
  readonly audiences: ReadonlySet<string>;
  readonly algorithms: ReadonlySet<string>;
  readonly clockToleranceSeconds: number;
  readonly strict: boolean;
  readonly mapping: ResolvedClaimMapping;
  readonly tokenCache: { readonly maxEntries: number; readonly maxAgeMs: number } | false;
}
