import { InvalidTokenException } from '../errors/portcullis.exceptions';

/** A JWS in compact form, split and decoded but not verified. */
export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

function isBase64Url(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    const ok =
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      c === 0x2d ||
      c === 0x5f;
    if (!ok) return false;
  }
  return segment.length > 0 && segment.length % 4 !== 1;
}

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
  const first = token.indexOf('.');
  const second = first === -1 ? -1 : token.indexOf('.', first + 1);
  if (second === -1 || token.indexOf('.', second + 1) !== -1) {
    throw new InvalidTokenException('The access token is malformed');
  }
  const parts = [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)];
  if (!parts.every(isBase64Url)) throw new InvalidTokenException('The access token is malformed');
  return { header: decodeObject(parts[0]), payload: decodeObject(parts[1]) };
}
