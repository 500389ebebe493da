import type { JsonObject, SigningAlgorithm, TestIssuer } from 'nest-portcullis/testing';
import { TEXTBOOK_PERMISSION } from '../app/app-config';

/** Tokens outlive the whole run (a full run takes under 5 minutes). */
export const TOKEN_LIFETIME_SECONDS = 3600;

/** Claims every benchmark token carries: the textbook route's permission. */
export const BENCH_CLAIMS: JsonObject = { permissions: [TEXTBOOK_PERMISSION] };

/** The token source of a load run: the token of the next request, or none. */
export type NextToken = () => string | undefined;

/** `size` valid access tokens of `alg`, all different (each has its own `jti`). */
export function mintPool(
  issuer: TestIssuer,
  alg: SigningAlgorithm,
  size: number,
  claims: JsonObject = BENCH_CLAIMS,
): string[] {
  const pool: string[] = [];
  for (let i = 0; i < size; i++) {
    pool.push(issuer.mintAccessToken(claims, { alg, expiresIn: TOKEN_LIFETIME_SECONDS }));
  }
  return pool;
}

/**
 * Hands out a pool's tokens in order, one cursor shared by every connection, so a token
 * comes back only after all the others. With more tokens than the verified-token cache
 * holds, an LRU cache never finds the next token: every request checks a signature.
 */
export function cycle(pool: readonly string[]): NextToken {
  let next = 0;
  return () => {
    const token = pool[next];
    next = (next + 1) % pool.length;
    return token;
  };
}

/** The same token for every request. */
export function reuse(token: string): NextToken {
  return () => token;
}

/** No `Authorization` header. */
export const noToken: NextToken = () => undefined;
