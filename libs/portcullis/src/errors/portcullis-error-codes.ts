/**
 * Stable codes carried in the `code` field of every error body Portcullis answers.
 * Clients may branch on them; they never change meaning between versions.
 */
export const PortcullisErrorCode = {
  /** No credentials: no `Authorization` header, or another scheme. 401, challenge without error. */
  MissingToken: 'PORTCULLIS_MISSING_TOKEN',
  /** The request is malformed (RFC 6750 `invalid_request`). 400. */
  InvalidRequest: 'PORTCULLIS_INVALID_REQUEST',
  /** The token is not a valid access token for this API (RFC 6750 `invalid_token`). 401. */
  InvalidToken: 'PORTCULLIS_INVALID_TOKEN',
  /** The token has expired. 401 `invalid_token`. */
  TokenExpired: 'PORTCULLIS_TOKEN_EXPIRED',
  /** The token's scopes do not cover the operation (RFC 6750 `insufficient_scope`). 403. */
  InsufficientScope: 'PORTCULLIS_INSUFFICIENT_SCOPE',
  /** The policy does not let this caller do this. 403. */
  Forbidden: 'PORTCULLIS_FORBIDDEN',
  /** The resource does not exist (or is hidden from this caller). 404. */
  NotFound: 'PORTCULLIS_NOT_FOUND',
  /** The issuer's keys cannot be had right now. 503 with `Retry-After`. */
  KeysUnavailable: 'PORTCULLIS_KEYS_UNAVAILABLE',
  /** The permissions store cannot be asked right now. 503 with `Retry-After`. */
  PermissionsUnavailable: 'PORTCULLIS_PERMISSIONS_UNAVAILABLE',
} as const;

/** One of the {@link PortcullisErrorCode} values. */
export type PortcullisErrorCode = (typeof PortcullisErrorCode)[keyof typeof PortcullisErrorCode];
