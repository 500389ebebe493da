import { fetchJson, KeyFetchError, unsafeTarget, type FetchLimits } from './bounded-fetch';

/** Thrown when discovery names another issuer than the configured one: a configuration error. */
export class IssuerMismatchError extends Error {
  override readonly name = 'IssuerMismatchError';
}

/** The discovery document's address for an issuer (OIDC Discovery section 4). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * Finds an issuer's `jwks_uri` through OIDC discovery. The document's `issuer` must equal
 * the configured one exactly (OIDC Discovery section 4.3), else {@link IssuerMismatchError}.
 */
export async function discoverJwksUri(issuer: string, limits: FetchLimits): Promise<string> {
  const document = await fetchJson(discoveryUrl(issuer), limits);
  if (typeof document !== 'object' || document === null) {
    throw new KeyFetchError('the discovery document is not a JSON object');
  }
  const { issuer: announced, jwks_uri: jwksUri } = document as Record<string, unknown>;
  if (announced !== issuer) {
    throw new IssuerMismatchError(
      `discovery at ${discoveryUrl(issuer)} names issuer ${JSON.stringify(announced)}, ` +
        `not the configured ${JSON.stringify(issuer)}`,
    );
  }
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) {
    throw new KeyFetchError('the discovery document has no valid jwks_uri');
  }
  const problem = jwksUriProblem(issuer, jwksUri);
  if (problem !== undefined) {
    throw new KeyFetchError(`the discovery document's jwks_uri ${problem}`);
  }
  return jwksUri;
}

/**
 * Why a discovered `jwks_uri` must not be fetched, or undefined: the rule of redirects
 * ({@link unsafeTarget}), the issuer taking the place of the URL that redirects.
 */
export function jwksUriProblem(issuer: string, jwksUri: string): string | undefined {
  const problem = unsafeTarget(issuer, new URL(jwksUri));
  if (problem === 'not-http') return 'is not an http(s) URL';
  if (problem === 'downgrade') return 'is plain http where the issuer is https';
  return undefined;
}
