import { fetchJson, KeyFetchError, type FetchLimits } from './bounded-fetch';

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
  return jwksUri;
}
