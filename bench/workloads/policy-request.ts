import type { TestIssuer } from 'nest-portcullis/testing';
import { reuse, TOKEN_LIFETIME_SECONDS, type NextToken } from '../harness/token-pools';

/** A user of the demo's seed data. */
const OWNER = 'alice';

/**
 * The request of the `policy` workload: the demo's `GET /users/:id` (`@Scopes('read:users')`
 * + `@Owns('User')`, its loader reading the in-memory repository) by alice on her own
 * record, one token reused (as clients do until it expires).
 */
export function policyRequest(issuer: TestIssuer): { path: string; tokens: () => NextToken } {
  return {
    path: `/users/${OWNER}`,
    tokens: () =>
      reuse(
        issuer.mintAccessToken(
          { sub: OWNER, scope: 'read:users' },
          { alg: 'RS256', expiresIn: TOKEN_LIFETIME_SECONDS },
        ),
      ),
  };
}
