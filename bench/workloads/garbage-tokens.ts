import { randomBytes, randomUUID } from 'node:crypto';
import type { TestIssuer } from 'nest-portcullis/testing';
import type { NextToken } from '../harness/token-pools';

const json = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const randomSegment = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** The kinds of invalid token sent, in turn; each token is new. */
export const GARBAGE_KINDS = [
  'bad-signature',
  'unknown-kid',
  'expired',
  'wrong-audience',
  'malformed',
] as const;

/**
 * An endless source of invalid tokens, every one different (its own `jti` or bytes),
 * so that anything keyed by the token would grow with them: a real `kid` with a random
 * signature (the whole check runs and fails on the signature), an unknown `kid`, an
 * expired token, another audience, and three random segments that are not JSON.
 */
export function garbageTokens(issuer: TestIssuer): NextToken {
  const kid = issuer.currentKid('RS256');
  const now = Math.floor(Date.now() / 1000);
  const claims = (extra: object): string =>
    json({
      iss: issuer.issuer,
      aud: issuer.audience,
      sub: 'user-1',
      iat: now,
      exp: now + 3600,
      jti: randomUUID(),
      ...extra,
    });
  const header = (headerKid: string): string =>
    json({ alg: 'RS256', kid: headerKid, typ: 'at+jwt' });
  const signature = (): string => randomSegment(256);
  const makers: Record<(typeof GARBAGE_KINDS)[number], () => string> = {
    'bad-signature': () => `${header(kid)}.${claims({})}.${signature()}`,
    'unknown-kid': () => `${header(`unknown-${randomSegment(6)}`)}.${claims({})}.${signature()}`,
    expired: () => `${header(kid)}.${claims({ iat: now - 7200, exp: now - 3600 })}.${signature()}`,
    'wrong-audience': () =>
      `${header(kid)}.${claims({ aud: 'https://other.example.test' })}.${signature()}`,
    malformed: () => `${randomSegment(24)}.${randomSegment(96)}.${signature()}`,
  };
  let turn = 0;
  return () => makers[GARBAGE_KINDS[turn++ % GARBAGE_KINDS.length]]();
}
