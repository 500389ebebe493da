import type { AccessTokenClaims, Principal } from '../principal/principal';
import { ReadOnlySet } from '../principal/read-only-set';
import { attachToken } from './principal-token';
import type { ClaimPath, ResolvedClaimMapping } from './claim-presets';

export type {
  ClaimKeysPath,
  ClaimMapping,
  ClaimPath,
  ClaimPresetName,
  ResolvedClaimMapping,
} from './claim-presets';

/** Freezes a decoded JSON value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    for (const key in value) deepFreeze(value[key]);
  }
  return value;
}

const EMPTY: ReadonlySet<string> = new ReadOnlySet([]);

/** Reads a claim by its full name first (URL claims hold dots), then as a dotted path. */
export function readClaim(claims: AccessTokenClaims, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, path)) return claims[path];
  let node: unknown = claims;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Strings of an array claim; anything that is not an array of strings counts for nothing. */
function stringArray(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item.length > 0);
}

/** Scopes: a space-delimited string (RFC 8693 `scope`) or an array (`scp`). */
function scopeList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((s) => s.length > 0);
  return stringArray(value);
}

/** The non-empty own keys of an object claim (Zitadel's role map); anything else gives none. */
function objectKeys(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.keys(value).filter((key) => key.length > 0);
}

function collect(
  claims: AccessTokenClaims,
  paths: readonly ClaimPath[],
  read: (value: unknown) => string[],
): ReadonlySet<string> {
  let out: string[] | undefined;
  for (const path of paths) {
    const items =
      typeof path === 'string'
        ? read(readClaim(claims, path))
        : objectKeys(readClaim(claims, path.keysOf));
    if (items.length > 0) out = out === undefined ? items : out.concat(items);
  }
  return out === undefined ? EMPTY : new ReadOnlySet(out);
}

/** The client id: the first of the mapping's client claims that holds a non-empty string. */
export function readClientId(
  claims: AccessTokenClaims,
  mapping: ResolvedClaimMapping,
): string | undefined {
  for (const path of mapping.clientId) {
    const value = readClaim(claims, path);
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

/**
 * Builds the principal from verified claims (`sub`, `iss` and `exp` already checked), and
 * the token they came from (kept hidden, for propagation: `accessTokenOf`).
 * The principal, its sets and its claims are read-only (see {@link ReadOnlySet}).
 */
export function mapPrincipal(
  claims: AccessTokenClaims,
  mapping: ResolvedClaimMapping,
  token?: string,
): Principal {
  const clientId = readClientId(claims, mapping);
  const kind = mapping.isClientToken(claims, clientId) ? 'client' : 'user';
  const principal: Principal = {
    sub: claims.sub as string,
    kind,
    clientId,
    issuer: claims.iss as string,
    scopes: collect(claims, mapping.scopes, scopeList),
    permissions: collect(claims, mapping.permissions, stringArray),
    roles: collect(claims, mapping.roles, stringArray),
    expiresAt: claims.exp as number,
    claims: deepFreeze(claims),
  };
  return Object.freeze(token === undefined ? principal : attachToken(principal, token));
}
