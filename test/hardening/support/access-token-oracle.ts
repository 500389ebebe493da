/**
 * The validation rules of issue 2 ("Authentication core"), written down once more, on their
 * own, from the issue and the RFCs it names, not from the library's code: the property tests
 * compare the module's answers with this oracle's.
 */

/** What a token is checked against. */
export interface OracleConfig {
  readonly issuer: string;
  readonly audiences: readonly string[];
  /** Allowed JWS algorithms. */
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly strict: boolean;
  /** The served JWKS: `kid` to the key's `alg` (every JWK states one). */
  readonly publishedKeys: ReadonlyMap<string, string>;
}

/** How a token was actually signed: with which published key, and which algorithm. */
export interface SignedWith {
  readonly kid: string;
  readonly alg: string;
}

/** The oracle's answer: accept, or the rule that refuses. */
export type Verdict = { readonly accept: true } | { readonly accept: false; readonly rule: string };

const ACCEPT: Verdict = { accept: true };
const refuse = (rule: string): Verdict => ({ accept: false, rule });

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7519 section 2: a NumericDate is a JSON number; JSON has no infinities (1e400 is no date). */
const isNumericDate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0;

/** RFC 8725 section 3.11 / RFC 9068 section 4: `typ` says JWT or at+jwt; "application/" optional. */
function typeVerdict(typ: unknown, strict: boolean): Verdict | undefined {
  if (typ === undefined) return strict ? refuse('strict mode needs typ at+jwt') : undefined;
  if (typeof typ !== 'string') return refuse('typ is not a string');
  const lower = typ.toLowerCase();
  const mediaType = lower.startsWith('application/') ? lower.slice(12) : lower;
  if (mediaType === 'at+jwt') return undefined;
  if (mediaType === 'jwt' && !strict) return undefined;
  return refuse(`typ ${typ} is not accepted`);
}

/** The JOSE header (RFC 7515 section 4.1, RFC 8725 section 3.1, RFC 7517 section 4.5). */
function headerVerdict(header: Json, signedWith: SignedWith, config: OracleConfig): Verdict {
  const { alg, kid } = header;
  if (typeof alg !== 'string' || !config.algorithms.includes(alg)) return refuse('alg not allowed');
  if ('crit' in header) return refuse('crit: no extension is understood');
  let keyAlg: string | undefined;
  if (kid === undefined) {
    // Without a kid, only a JWKS of one key says which key is meant.
    if (config.publishedKeys.size !== 1) return refuse('no kid and several keys');
    keyAlg = [...config.publishedKeys.values()][0];
    if ([...config.publishedKeys.keys()][0] !== signedWith.kid) return refuse('another key signed');
  } else {
    if (typeof kid !== 'string') return refuse('kid is not a string');
    keyAlg = config.publishedKeys.get(kid);
    if (keyAlg === undefined) return refuse('unknown kid');
    if (kid !== signedWith.kid) return refuse('the kid names another key than the signer');
  }
  // A key is used with its own alg only; the signature must be made with the header's alg.
  if (alg !== keyAlg || alg !== signedWith.alg) return refuse('alg does not match the key');
  return typeVerdict(header.typ, config.strict) ?? ACCEPT;
}

/** RFC 7519 section 4.1.3: `aud` is one string or an array of strings; one must be ours. */
function audienceVerdict(aud: unknown, audiences: readonly string[]): Verdict | undefined {
  const list = typeof aud === 'string' ? [aud] : aud;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
    return refuse('aud missing or not strings');
  }
  return list.some((v) => audiences.includes(v as string)) ? undefined : refuse('aud not ours');
}

/** RFC 7519 sections 4.1.4-4.1.6, with the configured leeway. */
function timeVerdict(claims: Json, now: number, leeway: number): Verdict | undefined {
  const { exp, nbf, iat } = claims;
  if (!isNumericDate(exp)) return refuse('exp missing or not a NumericDate');
  if (nbf !== undefined && !isNumericDate(nbf)) return refuse('nbf not a NumericDate');
  if (iat !== undefined && !isNumericDate(iat)) return refuse('iat not a NumericDate');
  if (exp <= now - leeway) return refuse('expired');
  if (nbf !== undefined && (nbf as number) > now + leeway) return refuse('not valid yet');
  if (iat !== undefined && (iat as number) > now + leeway) return refuse('issued in the future');
  return undefined;
}

/**
 * OIDC Core 3.1.3.6 and 3.3.2.11: `nonce`, `at_hash`, `c_hash` (and FAPI's `s_hash`) exist in
 * ID tokens only; Keycloak (`typ: "ID"`) and Cognito (`token_use: "id"`) name theirs.
 */
function idTokenVerdict(claims: Json): Verdict | undefined {
  for (const marker of ['nonce', 'at_hash', 'c_hash', 's_hash']) {
    if (marker in claims) return refuse(`${marker}: an ID token`);
  }
  if (claims.typ === 'ID' || claims.token_use === 'id') return refuse('an ID token');
  return undefined;
}

/** RFC 9449 section 7.2, RFC 8705: a key-bound token (`cnf`) is no bearer token. */
function senderConstraintVerdict(claims: Json): Verdict | undefined {
  return 'cnf' in claims ? refuse('cnf: a sender-constrained token') : undefined;
}

/** RFC 9068 section 2.2: strict mode requires `client_id`, `iat` and `jti`. */
function strictVerdict(claims: Json): Verdict | undefined {
  if (!isNonEmptyString(claims.client_id)) return refuse('strict: client_id');
  if (!isNonEmptyString(claims.jti)) return refuse('strict: jti');
  if (claims.iat === undefined) return refuse('strict: iat');
  return undefined;
}

/**
 * Whether a token whose header and payload are these JSON values, signed as `signedWith`
 * with the right private key, is a valid access token for the API at time `now` (seconds).
 */
export function expectedVerdict(
  header: unknown,
  payload: unknown,
  signedWith: SignedWith,
  config: OracleConfig,
  now: number,
): Verdict {
  if (!isObject(header) || !isObject(payload)) return refuse('header and payload are objects');
  const headerResult = headerVerdict(header, signedWith, config);
  if (!headerResult.accept) return headerResult;
  if (payload.iss !== config.issuer) return refuse('iss is not the issuer, exactly');
  return (
    timeVerdict(payload, now, config.clockToleranceSeconds) ??
    audienceVerdict(payload.aud, config.audiences) ??
    (isNonEmptyString(payload.sub) ? undefined : refuse('sub missing or not a string')) ??
    idTokenVerdict(payload) ??
    senderConstraintVerdict(payload) ??
    (config.strict ? strictVerdict(payload) : undefined) ??
    ACCEPT
  );
}
