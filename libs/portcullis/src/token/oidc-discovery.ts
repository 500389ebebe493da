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
  const problem = jwksUriProblem(issuer, jwksUri);
  if (problem !== undefined) {
    throw new KeyFetchError(`the discovery document's jwks_uri ${problem}`);
  }
  return jwksUri;
}

/**
 * Why a discovered `jwks_uri` must not be fetched, or undefined: it is an http(s) URL (a
 * `data:` URL would be the keys themselves, handed over by whoever wrote the document), and
 * plain `http` only when the issuer is plain `http` too.
 */
export function jwksUriProblem(issuer: string, jwksUri: string): string | undefined {
  const { protocol } = new URL(jwksUri);
  if (protocol !== 'https:' && protocol !== 'http:') return 'is not an http(s) URL';
  if (protocol === 'http:' && new URL(issuer).protocol === 'https:') {
    return 'is plain http where the issuer is https';
  }
  return undefined;
}
