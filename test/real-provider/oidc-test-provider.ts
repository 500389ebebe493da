import './quiet-oidc-provider';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** The resource indicator (and `aud`) of the API under test. */
export const API_AUDIENCE = 'https://api.portcullis.test';
/** The client that uses the client-credentials grant. */
export const CLIENT_ID = 'api-tester';

/** A running oidc-provider and what a test does with it. */
export interface OidcTestProvider {
  /** `http://127.0.0.1:<port>`, exactly as the provider writes it in `iss` and discovery. */
  readonly issuer: string;
  /** A client-credentials access token for {@link API_AUDIENCE}, from the token endpoint. */
  requestAccessToken(scope: string): Promise<string>;
  /** An ID token about `sub` for {@link CLIENT_ID}, signed by the provider's key. */
  issueIdToken(sub: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh RS256 signing key, as the private JWK oidc-provider's `jwks` option takes. */
function signingJwk(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: 'provider-key-1',
    alg: 'RS256',
    use: 'sig',
  };
}

function configuration(clientSecret: string): Record<string, unknown> {
  const resourceServer = {
    scope: 'read:users write:users',
    audience: API_AUDIENCE,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
  return {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      },
    ],
    jwks: { keys: [signingJwk()] },
    ttl: { ClientCredentials: 600, IdToken: 600 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_AUDIENCE,
        getResourceServerInfo: () => resourceServer,
        useGrantedResource: () => true,
      },
    },
  };
}

async function tokenEndpointOf(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  const { token_endpoint: endpoint } = (await response.json()) as { token_endpoint: string };
  return endpoint;
}

/**
 * Starts panva's oidc-provider on 127.0.0.1 (random port) in this process, with one
 * client-credentials client and a signing key generated now; nothing is written to disk.
 */
export async function startOidcTestProvider(): Promise<OidcTestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecret = randomBytes(32).toString('base64url');
  const provider = new Provider(issuer, configuration(clientSecret));
  server.on('request', provider.callback());
  const tokenEndpoint = await tokenEndpointOf(issuer);
  const basic = Buffer.from(`${CLIENT_ID}:${clientSecret}`).toString('base64');

  return {
    issuer,
    async requestAccessToken(scope) {
      const response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}` },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          resource: API_AUDIENCE,
          scope,
        }),
      });
      const body = (await response.json()) as Record<string, unknown>;
      if (!response.ok)
        throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
      return body.access_token as string;
    },
    async issueIdToken(sub) {
      const client = await provider.Client.find(CLIENT_ID);
      const idToken = new provider.IdToken({ sub }, { client: client! });
      idToken.scope = 'openid';
      return idToken.issue({ use: 'idtoken' });
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
