import type { AccessTokenClaims } from '../principal/principal';

/**
 * How each preset tells a client-credentials token (a client acting as itself) from a
 * user's. Each rule is exact: a near miss is a user, whose rules are narrower.
 */

/** The generic rule: Auth0's `gty` marker, or a subject that is the client itself (RFC 9068 section 2.2). */
export function isClientBySubject(
  claims: AccessTokenClaims,
  clientId: string | undefined,
): boolean {
  return claims.gty === 'client-credentials' || (clientId !== undefined && claims.sub === clientId);
}

/**
 * Auth0: its own token profile marks client credentials with `gty`; its RFC 9068 profile
 * drops `gty`, and names the client-credentials subject `<client_id>@clients` (a user's
 * subject is `<connection>|<id>`).
 */
export function isAuth0Client(claims: AccessTokenClaims, clientId: string | undefined): boolean {
  return (
    isClientBySubject(claims, clientId) ||
    (clientId !== undefined && claims.sub === `${clientId}@clients`)
  );
}

/**
 * Keycloak: a client's service account is the user `service-account-<clientId>`, which
 * Keycloak stores in lower case; it must name the very client of the token. Any other user,
 * whatever their name starts with, stays a user.
 */
export function isKeycloakServiceAccount(
  claims: AccessTokenClaims,
  clientId: string | undefined,
): boolean {
  return (
    isClientBySubject(claims, clientId) ||
    (clientId !== undefined &&
      claims.preferred_username === `service-account-${clientId.toLowerCase()}`)
  );
}

/**
 * Entra ID: `idtyp: app` (an optional claim), or, without it, a token with no delegated
 * scopes whose `sub` is the object id of the client's service principal (`oid`).
 */
export function isEntraAppOnly(claims: AccessTokenClaims, clientId: string | undefined): boolean {
  return (
    claims.idtyp === 'app' ||
    isClientBySubject(claims, clientId) ||
    (claims.scp === undefined && typeof claims.oid === 'string' && claims.oid === claims.sub)
  );
}
