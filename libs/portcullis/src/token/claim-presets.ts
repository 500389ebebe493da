import type { AccessTokenClaims } from '../principal/principal';
import {
  isAuth0Client,
  isClientBySubject,
  isEntraAppOnly,
  isKeycloakServiceAccount,
} from './client-token-rules';

export { isClientBySubject } from './client-token-rules';

/** Names of the built-in claim mappings. */
export type ClaimPresetName =
  'generic' | 'auth0' | 'keycloak' | 'entra' | 'okta' | 'cognito' | 'zitadel' | 'hydra';

/**
 * Reads the keys of an object claim as the list, its values ignored: Zitadel's
 * `{ "urn:zitadel:iam:org:project:roles": { "admin": { "<orgId>": "<domain>" } } }` gives `admin`.
 * A value that is not an object (an array, a string, null) gives nothing.
 */
export interface ClaimKeysPath {
  /** The claim, by full name or dotted path, whose keys are the items. */
  readonly keysOf: string;
}

/** Where a list is read: a claim name or dotted path, or `{ keysOf }` for an object's keys. */
export type ClaimPath = string | ClaimKeysPath;

/**
 * Where the principal's parts are read from a token. A path is first looked up as one
 * claim name (so `https://example.com/roles` works), then as a dotted path
 * (`realm_access.roles`). Several paths add up.
 */
export interface ClaimMapping {
  /** The preset these paths refine. Default `generic`. */
  preset?: ClaimPresetName;
  /** Claims holding scopes: a space-delimited string or an array of strings. */
  scopes?: readonly ClaimPath[];
  /** Claims holding the user's permissions (arrays of strings, or `{ keysOf }`). */
  permissions?: readonly ClaimPath[];
  /** Claims holding the user's roles (arrays of strings, or `{ keysOf }`). */
  roles?: readonly ClaimPath[];
  /** Claims naming the client application, first present wins. */
  clientId?: readonly string[];
  /**
   * Refuse (401 `invalid_token`, before the signature is checked) a token in which no
   * `clientId` claim holds a non-empty string. For issuers whose access tokens always name
   * their client and whose ID tokens never do (Entra ID: `azp`/`appid`; Hydra: `client_id`).
   */
  requireClientId?: boolean;
  /** The claim that must contain the audience. Default `aud`; Cognito uses `client_id`. */
  audienceClaim?: string;
  /** Claims that must have exactly these values (Cognito: `token_use: "access"`). */
  requiredValues?: Readonly<Record<string, string>>;
  /** Tells a client-credentials token; the default also treats `sub === clientId` as one. */
  isClientToken?: (claims: AccessTokenClaims, clientId: string | undefined) => boolean;
}

/** A mapping with every field filled in. */
export type ResolvedClaimMapping = Required<Omit<ClaimMapping, 'preset'>>;

const generic: ResolvedClaimMapping = {
  scopes: ['scope', 'scp'],
  permissions: ['permissions'],
  roles: ['roles'],
  clientId: ['client_id', 'azp'],
  requireClientId: false,
  audienceClaim: 'aud',
  requiredValues: {},
  isClientToken: isClientBySubject,
};

/** The built-in presets. README "Presets" says what each reads and checks, and why. */
export const CLAIM_PRESETS: Readonly<Record<ClaimPresetName, ResolvedClaimMapping>> = {
  generic,
  auth0: { ...generic, clientId: ['azp', 'client_id'], isClientToken: isAuth0Client },
  keycloak: {
    ...generic,
    roles: ['realm_access.roles'],
    clientId: ['azp', 'client_id'],
    isClientToken: isKeycloakServiceAccount,
  },
  entra: {
    ...generic,
    scopes: ['scp'],
    clientId: ['azp', 'appid'],
    requireClientId: true,
    isClientToken: isEntraAppOnly,
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
  // Zitadel issues every token to a user, service accounts (machine users) included, and
  // grants them roles as it does people: no token is a client's.
  zitadel: {
    ...generic,
    scopes: ['scope'],
    roles: [{ keysOf: 'urn:zitadel:iam:org:project:roles' }],
    clientId: ['client_id', 'azp'],
    isClientToken: () => false,
  },
  // Hydra puts the consent's custom claims under `ext` (and at the top level those listed in
  // `oauth2.allowed_top_level_claims`); every access token carries `client_id`.
  hydra: {
    ...generic,
    scopes: ['scp', 'scope'],
    permissions: ['ext.permissions', 'permissions'],
    roles: ['ext.roles', 'roles'],
    clientId: ['client_id'],
    requireClientId: true,
    isClientToken: (claims, clientId) => clientId !== undefined && claims.sub === clientId,
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
