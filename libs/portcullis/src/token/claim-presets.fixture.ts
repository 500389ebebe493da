import type { AccessTokenClaims } from '../principal/principal';
import { mapPrincipal } from './claim-mapping';
import { CLAIM_PRESETS, resolveClaimMapping, type ClaimMapping } from './claim-presets';

/** Times every preset test token carries (`exp` an hour after `iat`). */
const TIMES = { iat: 1_700_000_000, nbf: 1_700_000_000, exp: 1_700_003_600 };

/**
 * The principal a preset (by name) or a mapping makes of a token's claims, with its sets as
 * sorted arrays, so a test states the whole expected principal as a literal.
 */
export function viewOf(
  claims: AccessTokenClaims,
  mapping: ClaimMapping | keyof typeof CLAIM_PRESETS,
) {
  const resolved =
    typeof mapping === 'string' ? CLAIM_PRESETS[mapping] : resolveClaimMapping(mapping);
  const { sub, kind, clientId, scopes, permissions, roles } = mapPrincipal(
    { ...TIMES, ...claims },
    resolved,
  );
  const list = (set: ReadonlySet<string>) => [...set].sort();
  return {
    sub,
    kind,
    clientId,
    scopes: list(scopes),
    permissions: list(permissions),
    roles: list(roles),
  };
}
