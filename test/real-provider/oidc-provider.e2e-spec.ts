import type { INestApplication } from '@nestjs/common';
import { PortcullisModule } from 'nest-portcullis';
import request from 'supertest';
import { PLATFORMS, startApp } from '../support/platforms';
import {
  API_AUDIENCE,
  CLIENT_ID,
  startOidcTestProvider,
  type OidcTestProvider,
} from './oidc-test-provider';
import { PrincipalController } from './principal.controller';

/** The JOSE header of a compact JWS. */
const headerOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));

describe.each(PLATFORMS)('tokens of a real OpenID provider (oidc-provider) on %s', (platform) => {
  let provider: OidcTestProvider;
  let app: INestApplication;

  beforeAll(async () => {
    provider = await startOidcTestProvider();
    // No jwksUri: Portcullis finds the keys through the provider's discovery document.
    app = await startApp(platform, {
      imports: [PortcullisModule.forRoot({ issuer: provider.issuer, audience: API_AUDIENCE })],
      controllers: [PrincipalController],
    });
  });

  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  it('accepts a client-credentials access token as a client principal', async () => {
    const token = await provider.requestAccessToken('read:users');
    expect(headerOf(token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });

    const response = await request(app.getHttpServer())
      .get('/me')
      .set('Authorization', `Bearer ${token}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      kind: 'client',
      sub: CLIENT_ID,
      clientId: CLIENT_ID,
      issuer: provider.issuer,
    });
    expect(response.body.scopes).toContain('read:users');
  });

  it('refuses an ID token signed by the same provider', async () => {
    const idToken = await provider.issueIdToken('user-1');

    const response = await request(app.getHttpServer())
      .get('/me')
      .set('Authorization', `Bearer ${idToken}`);

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.body.code).toBe('PORTCULLIS_INVALID_TOKEN');
  });

  it('challenges a request without a token, and lets it through a public route', async () => {
    const response = await request(app.getHttpServer()).get('/me');

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
  });
});
