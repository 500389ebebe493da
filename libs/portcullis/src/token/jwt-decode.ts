import { InvalidTokenException } from '../errors/portcullis.exceptions';

/** A JWS in compact form, split and decoded but not verified. */
export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * Three non-empty base64url segments. The classes exclude `.`, so matching is linear; V8's
 * compiled expression is several times faster than a loop over `charCodeAt` here.
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A base64url segment's length can never leave one character over a multiple of four. */
const validLength = (length: number): boolean => length % 4 !== 1;

function decodeObject(segment: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenException('The access token is malformed');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidTokenException('The access token is malformed');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Splits a compact JWS into its decoded header and payload. Anything but three
 * base64url segments whose first two are JSON objects is refused (a JWE's five
 * segments too: Portcullis verifies signed tokens only).
 */
export function decodeJwt(token: string): DecodedJwt {
  if (!COMPACT_JWS.test(token)) throw new InvalidTokenException('The access token is malformed');
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (
    !validLength(first) ||
    !validLength(second - first - 1) ||
    !validLength(token.length - second - 1)
  ) {
    throw new InvalidTokenException('The access token is malformed');
  }
  return {
    header: decodeObject(token.slice(0, first)),
    payload: decodeObject(token.slice(first + 1, second)),
  };
}
