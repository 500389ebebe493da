import type { OAuthFlowsObject } from '@nestjs/swagger';
import { fetchJson, type FetchLimits } from '../token/bounded-fetch';
import { discoveryUrl } from '../token/oidc-discovery';

/** What an issuer's discovery document says about getting a token, for the document. */
export interface IssuerFlows {
  /** The flows an OpenAPI client can use, their `scopes` still empty. */
  readonly flows: OAuthFlowsObject;
  /** The authorization code flow takes a PKCE `S256` challenge. */
  readonly pkce: boolean;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && URL.canParse(value) ? value : undefined;

/**
 * The OAuth 2.0 flows an issuer supports, from its discovery document (OIDC Discovery;
 * RFC 8414 names the same fields): the authorization code flow when it has an
 * authorization and a token endpoint and lists `authorization_code` among its grant types
 * (the default when it lists none), client credentials when it lists `client_credentials`.
 * Implicit and password are left out on purpose: the OAuth 2.0 Security BCP retires them.
 * Rejects when the document cannot be had, or names another issuer.
 */
export async function discoverFlows(issuer: string, limits: FetchLimits): Promise<IssuerFlows> {
  const document = await fetchJson(discoveryUrl(issuer), limits);
  if (typeof document !== 'object' || document === null) {
    throw new Error(`${discoveryUrl(issuer)} is not a JSON object`);
  }
  const fields = document as Record<string, unknown>;
  if (fields.issuer !== issuer) {
    throw new Error(`${discoveryUrl(issuer)} names another issuer`);
  }
  const grants = Array.isArray(fields.grant_types_supported)
    ? fields.grant_types_supported.filter((grant): grant is string => typeof grant === 'string')
    : ['authorization_code', 'implicit'];
  const authorizationUrl = text(fields.authorization_endpoint);
  const tokenUrl = text(fields.token_endpoint);
  const refreshUrl = grants.includes('refresh_token') ? tokenUrl : undefined;
  const flows: OAuthFlowsObject = {};
  if (authorizationUrl && tokenUrl && grants.includes('authorization_code')) {
    flows.authorizationCode = {
      authorizationUrl,
      tokenUrl,
      ...(refreshUrl ? { refreshUrl } : {}),
      scopes: {},
    };
  }
  if (tokenUrl && grants.includes('client_credentials')) {
    flows.clientCredentials = { tokenUrl, ...(refreshUrl ? { refreshUrl } : {}), scopes: {} };
  }
  const methods = fields.code_challenge_methods_supported;
  const pkce = Array.isArray(methods) && methods.includes('S256');
  return { flows, pkce };
}
