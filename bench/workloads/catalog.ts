import { cycle, mintPool, noToken, reuse, type NextToken } from '../harness/token-pools';
import type { BenchContext } from './context';
import { graphQLPublicUserRequest, graphQLUserRequest } from './graphql-request';
import { policyRequest } from './policy-request';
import { workloadKey, type ThroughputWorkload } from './throughput';

type Definition = Omit<ThroughputWorkload, 'nextToken'> & { tokens: () => NextToken };

function definitions(context: BenchContext): Definition[] {
  const { issuer, settings } = context;
  const pools = new Map<string, string[]>();
  // Minted on first use and shared: textbook runs on the same tokens as authn-cold.
  const pool = (alg: 'RS256' | 'ES256'): string[] => {
    if (!pools.has(alg)) pools.set(alg, mintPool(issuer, alg, settings.coldPoolSize));
    return pools.get(alg)!;
  };
  const protectedRoute = { app: 'portcullis', path: '/protected' } as const;
  return [
    { name: 'baseline', app: 'portcullis', path: '/public', tokens: () => noToken },
    // The public route again, each request carrying a token it ignores: what the
    // `Authorization` header costs on the wire, before anyone checks it.
    {
      name: 'baseline+token',
      app: 'portcullis',
      path: '/public',
      tokens: () => reuse(mintPool(issuer, 'RS256', 1)[0]),
    },
    {
      name: 'authn-warm',
      alg: 'RS256',
      ...protectedRoute,
      tokens: () => reuse(mintPool(issuer, 'RS256', 1)[0]),
    },
    { name: 'authn-cold', alg: 'RS256', ...protectedRoute, tokens: () => cycle(pool('RS256')) },
    { name: 'authn-cold', alg: 'ES256', ...protectedRoute, tokens: () => cycle(pool('ES256')) },
    {
      name: 'textbook',
      alg: 'RS256',
      app: 'textbook',
      path: '/protected',
      tokens: () => cycle(pool('RS256')),
    },
    {
      name: 'textbook',
      alg: 'ES256',
      app: 'textbook',
      path: '/protected',
      tokens: () => cycle(pool('ES256')),
    },
    // The least any passport-jwt based guard can cost a cold token: jsonwebtoken.verify with
    // a parsed key, nothing else (bench/app/floor). Same tokens as authn-cold.
    {
      name: 'floor',
      alg: 'RS256',
      app: 'floor',
      path: '/protected',
      tokens: () => cycle(pool('RS256')),
    },
    {
      name: 'floor',
      alg: 'ES256',
      app: 'floor',
      path: '/protected',
      tokens: () => cycle(pool('ES256')),
    },
    { name: 'demo-health', app: 'policy', path: '/health', tokens: () => noToken },
    // The demo's GET /users/:id as a @Public() twin in the same app: the route's own cost.
    { name: 'demo-user-public', app: 'policy', path: '/public-users/alice', tokens: () => noToken },
    { name: 'policy', app: 'policy', ...policyRequest(issuer) },
    // The demo's GraphQL user(id) (a token, @Owns) against a @Public() twin query in the same
    // schema: what Portcullis adds to a resolver (Apollo on Express, Mercurius with --fastify).
    { name: 'graphql-user-public', app: 'policy', ...graphQLPublicUserRequest() },
    { name: 'graphql-user', app: 'policy', ...graphQLUserRequest(issuer) },
  ];
}

/**
 * The throughput workloads selected by `--only` (by name, e.g. `authn-cold`, or key,
 * e.g. `authn-cold (RS256)`; the baseline always runs, the ratios need it), with their
 * tokens minted.
 */
export function throughputWorkloads(context: BenchContext): ThroughputWorkload[] {
  const only = context.settings.only;
  const all = definitions(context);
  const chosen = all.filter(
    (d) => only.length === 0 || only.includes(d.name) || only.includes(workloadKey(d)),
  );
  if (chosen.length > 0 && chosen[0].name !== 'baseline') chosen.unshift(all[0]);
  return chosen.map(({ tokens, ...workload }) => ({ ...workload, nextToken: tokens() }));
}

/** Whether `--only` selects a workload that is not a throughput one. */
export function isSelected(context: BenchContext, name: string): boolean {
  return context.settings.only.length === 0 || context.settings.only.includes(name);
}
