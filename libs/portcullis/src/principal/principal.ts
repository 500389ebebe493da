/** Who is calling: an end user through a client application, or a client acting for itself. */
export type PrincipalKind = 'user' | 'client';

/** The claims of a verified access token, as decoded from its payload. */
export type AccessTokenClaims = Readonly<Record<string, unknown>>;

/**
 * The caller of a request, built from a verified access token.
 *
 * Values of the wrong type in the token are dropped, never coerced: a `roles`
 * claim that is a string yields no roles, a `scope` that is a number no scopes.
 *
 * @example
 * ```ts
 * @Get('me')
 * me(@CurrentPrincipal() principal: Principal) {
 *   return { sub: principal.sub, kind: principal.kind };
 * }
 * ```
 */
export interface Principal<TClaims extends AccessTokenClaims = AccessTokenClaims> {
  /** The token's `sub`: a user id, or the client id for a client-credentials token. */
  readonly sub: string;
  /** `user` for a token issued to a user, `client` for a client-credentials token. */
  readonly kind: PrincipalKind;
  /** The client application the token was issued to (`client_id`, `azp` or `appid`), if stated. */
  readonly clientId: string | undefined;
  /** The issuer that signed the token (`iss`). */
  readonly issuer: string;
  /** What the client application may do: the `scope` string split on spaces, or the `scp` array. */
  readonly scopes: ReadonlySet<string>;
  /** What the user may do, from the permissions claim. */
  readonly permissions: ReadonlySet<string>;
  /** The user's roles, from the roles claim path. */
  readonly roles: ReadonlySet<string>;
  /** The token's expiry, in seconds since the epoch. */
  readonly expiresAt: number;
  /** Every claim of the token, verified but unmapped. */
  readonly claims: TClaims;
}
