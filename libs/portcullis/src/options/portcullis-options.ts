import type { InjectionToken, Type } from '@nestjs/common';
import type { PermissionsProvider } from '../policy/permissions-provider';
import type { PolicyDefinition } from '../policy/policy-definition';
import type { ClaimMapping, ClaimPresetName } from '../token/claim-presets';
import type { AsymmetricAlgorithm, TrustedIssuer } from '../token/token-settings';

export { ASYMMETRIC_ALGORITHMS } from '../token/token-settings';
export type { AsymmetricAlgorithm, TrustedIssuer } from '../token/token-settings';

/** How keys are fetched and kept. */
export interface KeySourceOptions {
  /** Least time between two refetches triggered by unknown `kid`s. Default 30 s. */
  cooldownSeconds?: number;
  /** How often the key set is refreshed in the background while requests come. Default 600 s. */
  refreshIntervalSeconds?: number;
  /** How long keys are still used after the JWKS stopped answering. Default 86,400 s (a day). */
  maxStaleSeconds?: number;
  /** Whole-request timeout of one JWKS or discovery fetch. Default 5,000 ms. */
  fetchTimeoutMs?: number;
  /** Largest JWKS or discovery document accepted. Default 512 KiB. */
  maxResponseBytes?: number;
  /** Most keys kept for one issuer. Default 100. */
  maxKeys?: number;
}

/** The cache of tokens already verified (a client reuses its token until it expires). */
export interface TokenCacheOptions {
  /** Most tokens kept. Default 10,000. */
  maxEntries?: number;
  /** Longest a verified token is trusted without checking its signature again. Default 60 s. */
  maxAgeSeconds?: number;
}

/**
 * A policy of any app's ability type, as `definePolicy<AppAbility>()` returns it. The ability
 * type is erased here on purpose: rule functions receive their builder contravariantly, so no
 * narrower type than `any` accepts every app's policy. Handlers get it back typed through
 * `@CurrentAbility() ability: AppAbility`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type AnyPolicyDefinition = PolicyDefinition<any>;

/** The cache of built abilities. */
export interface AbilityCacheOptions {
  /** Most abilities kept, least recently used dropped first. Default 10,000. */
  maxEntries?: number;
}

/**
 * Where extra permissions come from (a database, for permissions that change faster than
 * tokens expire). Give exactly one of `useClass` and `useExisting`.
 */
export interface PermissionsProviderOptions {
  /**
   * A class Portcullis builds once, at boot, as a provider of the module that imports
   * PortcullisModule (so it injects that module's providers and imports). Not request-scoped.
   */
  useClass?: Type<PermissionsProvider>;
  /** A provider the app already registered (found anywhere in the app, `strict: false`). */
  useExisting?: InjectionToken;
  /** How long a principal's permissions are reused, per (issuer, sub). Default 60; 0: never. */
  ttlSeconds?: number;
  /** Most principals whose permissions are kept. Default 10,000. */
  maxEntries?: number;
}

/** Options of {@link PortcullisModule}. */
export interface PortcullisOptions {
  /** The trusted issuer(s): an `iss` string, or several, each with its own keys. */
  issuer: string | TrustedIssuer | ReadonlyArray<string | TrustedIssuer>;
  /** This API's identifier(s): a token's `aud` must contain one of them. */
  audience: string | readonly string[];
  /** The JWKS of the single issuer (skips discovery). With several issuers, set it per issuer. */
  jwksUri?: string;
  /** Accepted algorithms. Default: every asymmetric one. */
  algorithms?: readonly AsymmetricAlgorithm[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** Where the principal's scopes, permissions and roles are read: a preset name, or paths. */
  claims?: ClaimPresetName | ClaimMapping;
  /** RFC 9068 strict mode: `typ` must be `at+jwt`; `client_id`, `iat` and `jti` are required. */
  strict?: boolean;
  /** The `realm` of `WWW-Authenticate` challenges. Default `api`. */
  realm?: string;
  /** Key fetching and caching. */
  keys?: KeySourceOptions;
  /** The verified-token cache; `false` turns it off. */
  tokenCache?: TokenCacheOptions | false;
  /**
   * The authorization policy, from `definePolicy()`: compiled once at boot. Without it,
   * a route with `@Can`, `@Owns` or `@CurrentAbility` stops the boot (fail closed).
   */
  policy?: AnyPolicyDefinition;
  /** The cache of abilities, keyed by the principal's relevant claims. */
  abilityCache?: AbilityCacheOptions;
  /** Extra permissions for user principals, from a provider registered through DI. */
  permissionsProvider?: PermissionsProviderOptions;
  /**
   * Refuse to boot when a route not marked `@Public()` declares nothing
   * (`@Authenticated`, `@Scopes`, `@AnyScopes`, `@Can` or `@Owns`). Default false.
   */
  strictRoutes?: boolean;
}
