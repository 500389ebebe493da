import { InvalidRequestException, MissingTokenException } from '../errors/portcullis.exceptions';

/** What extraction needs to know of a request, whatever the transport. */
export interface BearerRequestView {
  /** Header names and values as received, alternating (Node's `rawHeaders`). */
  rawHeaders: readonly string[];
  /** Parsed query string, if any. */
  query?: unknown;
  /** Parsed body, if any. */
  body?: unknown;
}

const LOWER_BEARER = 'bearer';
const LOWER_AUTHORIZATION = 'authorization';

/**
 * Whether `text` begins with `lower` (lowercase ASCII letters only) in any case: what
 * `text.slice(0, n).toLowerCase() === lower` answers, without building either string. Letters
 * differ from their capitals by one bit (0x20), and no other character, ASCII or not, becomes
 * an ASCII letter by setting it.
 */
function startsWithIgnoringCase(text: string, lower: string): boolean {
  if (text.length < lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    if ((text.charCodeAt(i) | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * RFC 6750 section 2.1 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
 * The two parts cannot overlap (`=` is not a token character), so matching is linear.
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

function hasAccessTokenParam(container: unknown): boolean {
  return (
    typeof container === 'object' &&
    container !== null &&
    Object.prototype.hasOwnProperty.call(container, 'access_token')
  );
}

/** Whether a header name is `Authorization`, in any case (names are ASCII tokens). */
export function isAuthorizationHeaderName(name: string): boolean {
  return (
    name.length === LOWER_AUTHORIZATION.length && startsWithIgnoringCase(name, LOWER_AUTHORIZATION)
  );
}

/**
 * The value of the request's one `Authorization` header: `undefined` when there is none,
 * `null` when there are more (no array is built for the usual single header).
 */
function authorizationValue(rawHeaders: readonly string[]): string | null | undefined {
  let found: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (isAuthorizationHeaderName(rawHeaders[i])) {
      if (found !== undefined) return null;
      found = rawHeaders[i + 1];
    }
  }
  return found;
}

/**
 * Takes the bearer token from the `Authorization` header (RFC 6750 section 2.1), in one
 * linear pass (the b64token check is one anchored expression whose parts cannot overlap).
 *
 * - no header, or another scheme: {@link MissingTokenException} (401, challenge without error);
 * - two headers, `Bearer` with nothing or more than one token after it, characters outside
 *   b64token, or a token also in the query or body: {@link InvalidRequestException} (400).
 *   Tokens are accepted only in the header: a query or body `access_token` alone is a 400 too.
 *
 * @param isKnown answers true for a token verified before (the verified-token cache), whose
 *   characters need no second check; every other rule applies to it all the same.
 */
export function extractBearerToken(
  request: BearerRequestView,
  isKnown?: (token: string) => boolean,
): string {
  const header = authorizationValue(request.rawHeaders);
  const inQueryOrBody = hasAccessTokenParam(request.query) || hasAccessTokenParam(request.body);
  if (header === undefined) {
    if (inQueryOrBody) {
      throw new InvalidRequestException('Send the access token in the Authorization header only');
    }
    throw new MissingTokenException();
  }
  if (header === null) throw new InvalidRequestException('More than one Authorization header');
  const value = header.trim();
  const space = value.indexOf(' ');
  const schemeLength = space === -1 ? value.length : space;
  if (schemeLength !== LOWER_BEARER.length || !startsWithIgnoringCase(value, LOWER_BEARER)) {
    if (inQueryOrBody) {
      throw new InvalidRequestException('Send the access token in the Authorization header only');
    }
    throw new MissingTokenException();
  }
  let start = space === -1 ? value.length : space;
  while (start < value.length && value.charCodeAt(start) === 0x20) start++;
  const token = value.slice(start);
  if (token.length === 0) throw new InvalidRequestException('The Bearer credentials are empty');
  // A token identical to one verified before passed this check then (a compact JWS's
  // characters are all b64token ones): the caller's cache answers instead of a 700-character scan.
  if (!isKnown?.(token) && !B64TOKEN.test(token)) {
    throw new InvalidRequestException('The Bearer credentials are malformed');
  }
  if (inQueryOrBody) throw new InvalidRequestException('More than one access token in the request');
  return token;
}
