import type { TestIssuer } from 'nest-portcullis/testing';
import { noToken, reuse, TOKEN_LIFETIME_SECONDS, type NextToken } from '../harness/token-pools';

/** A user of the demo's seed data. */
const OWNER = 'alice';
const FIELDS = '{ id name email plan }';

/** A GraphQL workload's request: `POST /graphql` with this body, and the answer it must get. */
export interface GraphQLRequest {
  path: '/graphql';
  body: string;
  expect: string;
  tokens: () => NextToken;
}

/** The one answer both workloads must get, checked before the load (a 200 may carry errors). */
const answer = (field: string): string =>
  JSON.stringify({ data: { [field]: { id: OWNER, name: 'Alice', email: '', plan: 'free' } } });

/**
 * Workload `graphql-user`: the demo's GraphQL `user(id)` (`@Scopes('read:users')` +
 * `@Owns('User')`, the same loader as `GET /users/:id`) by alice on her own record, one
 * token reused (warm), as the `policy` workload does over REST.
 */
export function graphQLUserRequest(issuer: TestIssuer): GraphQLRequest {
  return {
    path: '/graphql',
    body: JSON.stringify({ query: `{ user(id: "${OWNER}") ${FIELDS} }` }),
    expect: answer('user'),
    tokens: () =>
      reuse(
        issuer.mintAccessToken(
          { sub: OWNER, scope: 'read:users' },
          { alg: 'RS256', expiresIn: TOKEN_LIFETIME_SECONDS },
        ),
      ),
  };
}

/** Workload `graphql-user-public`: the same query on a `@Public()` twin, no token. */
export function graphQLPublicUserRequest(): GraphQLRequest {
  return {
    path: '/graphql',
    body: JSON.stringify({ query: `{ publicUser(id: "${OWNER}") ${FIELDS} }` }),
    expect: answer('publicUser'),
    tokens: () => noToken,
  };
}
