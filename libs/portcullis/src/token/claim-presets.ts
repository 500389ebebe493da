import type { AccessTokenClaims } from '../principal/principal';

/** Names of the built-in claim mappings. */
export type ClaimPresetName = 'generic' | 'auth0' | 'keycloak' | 'entra' | 'okta' | 'cognito';

/**
 * Where the principal's parts are read from a token. A path is first looked up as one
 * claim name (so `https://example.com/roles` works), then as a dotted path
 * (`realm_access.roles`). Several paths add up.
 */
export interface ClaimMapping {
  /** The preset these paths refine. Default `generic`. */
  preset?: ClaimPresetName;
  /** Claims holding scopes: a space-delimited string or an array of strings. */
  scopes?: readonly string[];
  /** Claims holding the user's permissions (arrays of strings). */
  permissions?: readonly string[];
  /** Claims holding the user's roles (arrays of strings). */
  roles?: readonly string[];
  /** Claims naming the client application, first present wins. */
  clientId?: readonly string[];
  /** The claim that must contain the audience. Default `aud`; Cognito uses `client_id`. */
  audienceClaim?: string;
  /** Claims that must have exactly these values (Cognito: `token_use: "access"`). */
  requiredValues?: Readonly<Record<string, string>>;
  /** Tells a client-credentials token; the default also treats `sub === clientId` as one. */
  isClientToken?: (claims: AccessTokenClaims, clientId: string | undefined) => boolean;
}

/** A mapping with every field filled in. */
export type ResolvedClaimMapping = Required<Omit<ClaimMapping, 'preset'>>;

/** The generic rule: Auth0's `gty` marker, or a subject that is the client itself (RFC 9068 section 2.2). */
export function isClientBySubject(
  claims: AccessTokenClaims,
  clientId: string | undefined,
): boolean {
  return claims.gty === 'client-credentials' || (clientId !== undefined && claims.sub === clientId);
}

const generic: ResolvedClaimMapping = {
  scopes: ['scope', 'scp'],
  permissions: ['permissions'],
  roles: ['roles'],
  clientId: ['client_id', 'azp'],
  audienceClaim: 'aud',
  requiredValues: {},
  isClientToken: isClientBySubject,
};

/** The built-in presets. README "Presets" says what each reads and checks. */
export const CLAIM_PRESETS: Readonly<Record<ClaimPresetName, ResolvedClaimMapping>> = {
  generic,
  auth0: { ...generic, clientId: ['azp', 'client_id'] },
  keycloak: {
    ...generic,
    roles: ['realm_access.roles'],
    clientId: ['azp', 'client_id'],
    isClientToken: (claims, clientId) =>
      isClientBySubject(claims, clientId) ||
      (typeof claims.preferred_username === 'string' &&
        claims.preferred_username.startsWith('service-account-')),
  },
  entra: {
    ...generic,
    scopes: ['scp'],
    clientId: ['azp', 'appid'],
    isClientToken: (claims, clientId) =>
      claims.idtyp === 'app' ||
      isClientBySubject(claims, clientId) ||
      (claims.scp === undefined && typeof claims.oid === 'string' && claims.oid === claims.sub),
  },
  okta: { ...generic, scopes: ['scp', 'scope'], roles: ['groups'], clientId: ['cid', 'client_id'] },
  cognito: {
    ...generic,
    scopes: ['scope'],
    roles: ['cognito:groups'],
    clientId: ['client_id'],
    audienceClaim: 'client_id',
    requiredValues: { token_use: 'access' },
  },
};

/** Fills a mapping's gaps from its preset. */
export function resolveClaimMapping(
  claims: ClaimPresetName | ClaimMapping | undefined,
): ResolvedClaimMapping {
  if (claims === undefined) return generic;
  if (typeof claims === 'string') return CLAIM_PRESETS[claims];
  const { preset = 'generic', ...paths } = claims;
  const base = CLAIM_PRESETS[preset];
  const defined = Object.fromEntries(Object.entries(paths).filter(([, v]) => v !== undefined));
  return { ...base, ...defined };
}
