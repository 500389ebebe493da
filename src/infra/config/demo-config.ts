import type { AsymmetricAlgorithm, ClaimPresetName } from 'nest-portcullis';
import type { DevAlgorithm } from '../dev-issuer/dev-keys';

/** The demo trusts its embedded development issuer (no `AUTH_ISSUER_URL`). */
export interface DevelopmentIssuerConfig {
  readonly mode: 'development';
  /** What the development issuer signs with: RS256 unless `AUTH_ALGORITHMS` leaves it out. */
  readonly alg: DevAlgorithm;
}

/** The demo trusts a real issuer, named by `AUTH_ISSUER_URL`. */
export interface RealIssuerConfig {
  readonly mode: 'issuer';
  /** The exact `iss` of its tokens (a trailing slash matters). */
  readonly issuer: string;
  /** This API's identifier(s): a token's `aud` must hold one. */
  readonly audiences: readonly string[];
  /** The JWKS, when discovery is to be skipped. */
  readonly jwksUri?: string;
  /** The claim preset (which claim says a token is a client's, where scopes live). */
  readonly preset: ClaimPresetName;
}

/** The demo's whole configuration, read from the environment at start. */
export interface DemoConfig {
  /** The API's port; in development mode the issuer listens on the next one. */
  readonly port: number;
  readonly auth: DevelopmentIssuerConfig | RealIssuerConfig;
  /** Where roles are read: a claim name, a dotted path or a namespaced URL claim. */
  readonly rolesClaim: string;
  /** Where permissions are read (same forms as {@link rolesClaim}). */
  readonly permissionsClaim: string;
  /** Accepted signing algorithms; `undefined` for every asymmetric one. */
  readonly algorithms?: readonly AsymmetricAlgorithm[];
}

/** A missing or invalid environment variable; the message names it. */
export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';

  /**
   * @param variable the environment variable at fault
   * @param problem what is wrong with it, as the end of a sentence
   */
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}
