import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import { InvalidTokenException } from '../errors/portcullis.exceptions';
import type { ResolvedClaimMapping } from './claim-presets';
import { readClaim, readClientId } from './claim-mapping';

/** What the rules of an access token are checked against, fixed at boot. */
export interface AccessTokenRules {
  readonly algorithms: ReadonlySet<string>;
  readonly issuers: ReadonlySet<string>;
  readonly audiences: ReadonlySet<string>;
  readonly clockToleranceSeconds: number;
  readonly strict: boolean;
  readonly mapping: ResolvedClaimMapping;
}

/** Claims only an OpenID Connect ID token carries (OIDC Core 3.1.3.6, 3.3.2.11). */
const ID_TOKEN_CLAIMS = ['nonce', 'at_hash', 'c_hash', 's_hash'] as const;

function refuse(description: string, code?: PortcullisErrorCode): never {
  throw new InvalidTokenException(description, code);
}

/** `typ` is optional; when present it must say JWT or an RFC 9068 access token (`at+jwt`). */
function checkType(typ: unknown, strict: boolean): void {
  if (typ === undefined && !strict) return;
  if (typeof typ !== 'string') refuse('The token type is not accepted');
  const lower = typ.toLowerCase();
  const bare = lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
  if (bare === 'at+jwt') return;
  if (bare === 'jwt' && !strict) return;
  refuse('The token type is not accepted');
}

/**
 * The JOSE header rules (RFC 8725 section 3.1, RFC 7515 section 4.1.11): an allowed
 * asymmetric `alg` (so never `none` or HMAC, whatever its case), an accepted `typ`,
 * no `crit` extension (none is understood), a string `kid` when present.
 * Key-bearing headers (`jwk`, `jku`, `x5u`, `x5c`) are ignored: keys come from the JWKS only.
 */
export function checkHeader(
  header: Readonly<Record<string, unknown>>,
  rules: AccessTokenRules,
): void {
  const alg = header.alg;
  if (typeof alg !== 'string' || !rules.algorithms.has(alg)) {
    refuse('The token is signed with an algorithm that is not accepted');
  }
  if (header.crit !== undefined) refuse('The token requires an unsupported extension');
  if (header.kid !== undefined && (typeof header.kid !== 'string' || header.kid.length === 0)) {
    refuse('The token key id is malformed');
  }
  checkType(header.typ, rules.strict);
}

function checkAudience(payload: Readonly<Record<string, unknown>>, rules: AccessTokenRules): void {
  const aud = readClaim(payload, rules.mapping.audienceClaim);
  const values = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : undefined;
  if (values === undefined || !values.every((v) => typeof v === 'string')) {
    refuse('The token audience is missing or malformed');
  }
  if (!values.some((v) => rules.audiences.has(v as string))) {
    refuse('The token is not meant for this API');
  }
}

function checkTimes(
  payload: Readonly<Record<string, unknown>>,
  rules: AccessTokenRules,
  now: number,
): void {
  const { exp, nbf, iat } = payload;
  const leeway = rules.clockToleranceSeconds;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) refuse('The token has no valid expiry');
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf))) {
    refuse('The token not-before time is malformed');
  }
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) {
    refuse('The token issued-at time is malformed');
  }
  if (exp <= now - leeway) refuse('The token has expired', PortcullisErrorCode.TokenExpired);
  if (typeof nbf === 'number' && nbf > now + leeway) refuse('The token is not valid yet');
  if (typeof iat === 'number' && iat > now + leeway) refuse('The token is issued in the future');
}

function checkNotIdToken(payload: Readonly<Record<string, unknown>>): void {
  for (const claim of ID_TOKEN_CLAIMS) {
    if (payload[claim] !== undefined) refuse('An ID token is not an access token');
  }
  // Keycloak's `typ` claim and Cognito's `token_use` name ID tokens outright.
  if (payload.typ === 'ID' || payload.token_use === 'id')
    refuse('An ID token is not an access token');
}

/**
 * A token bound to a key (`cnf`: DPoP's `jkt`, RFC 9449; mutual TLS's `x5t#S256`, RFC 8705)
 * is only valid with a proof of possession, which a bearer request cannot give. RFC 9449
 * section 7.2 has a resource server reject a DPoP-bound token received as a bearer token;
 * Portcullis checks no proof at all, so it refuses every bound token (fail closed).
 */
function checkNotSenderConstrained(payload: Readonly<Record<string, unknown>>): void {
  if (payload.cnf !== undefined) refuse('A sender-constrained token is not a bearer token');
}

function checkStrict(payload: Readonly<Record<string, unknown>>): void {
  for (const claim of ['client_id', 'jti'] as const) {
    const value = payload[claim];
    if (typeof value !== 'string' || value.length === 0) refuse('The token lacks a required claim');
  }
  if (payload.iat === undefined) refuse('The token lacks a required claim');
}

/**
 * The claim rules (RFC 7519 section 4.1, RFC 9068 section 4): exact `iss`, an `aud`
 * holding this API, a numeric `exp` not past, `nbf`/`iat` not in the future beyond
 * the leeway, a non-empty string `sub`, no ID-token marker, no `cnf` key binding, the
 * mapping's required values and (with `requireClientId`) a client claim, and in strict mode
 * `client_id`, `iat` and `jti`. Wrong types are refused, never coerced.
 *
 * @param now seconds since the epoch
 */
export function checkClaims(
  payload: Readonly<Record<string, unknown>>,
  rules: AccessTokenRules,
  now: number,
): void {
  if (typeof payload.iss !== 'string' || !rules.issuers.has(payload.iss)) {
    refuse('The token issuer is not trusted');
  }
  checkTimes(payload, rules, now);
  checkAudience(payload, rules);
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    refuse('The token subject is missing or malformed');
  }
  checkNotIdToken(payload);
  checkNotSenderConstrained(payload);
  for (const [claim, expected] of Object.entries(rules.mapping.requiredValues)) {
    if (payload[claim] !== expected) refuse('The token is not an access token for this API');
  }
  // Entra and Hydra name the client in every access token and in none of their ID tokens.
  if (rules.mapping.requireClientId && readClientId(payload, rules.mapping) === undefined) {
    refuse('The token does not name its client');
  }
  if (rules.strict) checkStrict(payload);
}
