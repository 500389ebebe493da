import { TestIssuer } from 'nest-portcullis/testing';
import { CollectingLogger } from '../support/collecting-logger';
import { DiscoveryServer } from './support/discovery-server';
import { startDocumentedApp, type DocumentedAppOptions } from './support/documented-app';
import { operationsOf } from './support/operations';
import { validateOpenApi } from './support/validate-openapi';

// Which scheme the document gets does not depend on the HTTP platform: Express only.
let issuer: TestIssuer;
let second: TestIssuer;
let noFlows: DiscoveryServer;

beforeAll(async () => {
  [issuer, second] = await Promise.all([TestIssuer.start(), TestIssuer.start()]);
  noFlows = await DiscoveryServer.start({
    token_endpoint: 'https://idp.example.test/token',
    grant_types_supported: ['authorization_code'],
  });
});
afterAll(async () => {
  await noFlows?.stop();
  await Promise.all([issuer?.stop(), second?.stop()]);
});

async function documentOf(options: DocumentedAppOptions) {
  const { app, document } = await startDocumentedApp('express', options);
  await app.close();
  return document;
}

describe('the security scheme', () => {
  it('auto: a bearer token when discovery lists no flow (the TestIssuer has no endpoints)', async () => {
    const document = await documentOf({ portcullis: issuer.moduleOptions() });
    expect(document.components?.securitySchemes).toEqual({
      accessToken: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: `An access token (JWT) issued by ${issuer.issuer}. Sent as \`Authorization: Bearer <token>\`. Tokens bound to a key (DPoP, mutual TLS) are refused: Portcullis checks no proof of possession.`,
      },
    });
    // OpenAPI 3.1 lets a non-OAuth scheme's requirement name roles: the scopes stay visible.
    expect(document.paths['/api/v1/notes'].get?.security).toEqual([
      { accessToken: ['read:notes'] },
    ]);
    await expect(validateOpenApi(document)).resolves.toMatchObject({ valid: true });
  });

  it('auto: a bearer token and a warning when discovery cannot be had; a note when it lists no flow', async () => {
    const logger = new CollectingLogger();
    await issuer.simulateOutage('status500', 'discovery');
    const document = await documentOf({ portcullis: issuer.moduleOptions(), logger });
    expect(document.components?.securitySchemes?.accessToken).toMatchObject({ type: 'http' });
    const noFlow = new CollectingLogger();
    await issuer.restore();
    await documentOf({ portcullis: issuer.moduleOptions(), logger: noFlow });
    const openapiLines = (collected: CollectingLogger) =>
      collected.lines
        .filter((line) => line.message.startsWith('OpenAPI'))
        .map(({ level, message }) => [level, message]);
    expect(openapiLines(logger)).toEqual([
      [
        'warn',
        `OpenAPI: no OAuth 2.0 flow for ${issuer.issuer} (${issuer.discoveryUri} answered 500); the document describes a bearer token instead`,
      ],
    ]);
    expect(openapiLines(noFlow)).toEqual([
      [
        'log',
        `OpenAPI: no OAuth 2.0 flow for ${issuer.issuer} (${issuer.discoveryUri} lists no authorization code or client credentials flow); the document describes a bearer token instead`,
      ],
    ]);
  });

  it('openIdConnect: the discovery URL, and nothing fetched for it', async () => {
    issuer.resetCounters();
    const document = await documentOf({
      portcullis: issuer.moduleOptions(),
      openapi: { scheme: 'openIdConnect', schemeName: 'oidc', description: 'Tokens from our IdP' },
    });
    expect(document.components?.securitySchemes).toEqual({
      oidc: {
        type: 'openIdConnect',
        openIdConnectUrl: `${issuer.issuer}/.well-known/openid-configuration`,
        description: 'Tokens from our IdP',
      },
    });
    expect(issuer.discoveryFetches).toBe(0);
    expect(document.paths['/api/v2/notes'].get?.security).toEqual([
      { oidc: ['read:notes'] },
      { oidc: ['admin'] },
    ]);
  });

  it('oauth2 asked for, but discovery lists no usable flow: the call rejects and says why', async () => {
    await expect(
      documentOf({
        portcullis: { issuer: noFlows.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri },
        openapi: { scheme: 'oauth2' },
      }),
    ).rejects.toThrow(
      `${noFlows.issuer}/.well-known/openid-configuration lists no authorization code or client credentials flow`,
    );
  });

  it('several trusted issuers: one scheme each, and every alternative under each', async () => {
    const document = await documentOf({
      portcullis: {
        issuer: [
          { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
          { issuer: second.issuer, jwksUri: second.jwksUri },
        ],
        audience: issuer.audience,
      },
      openapi: { scheme: 'bearer' },
    });
    expect(Object.keys(document.components?.securitySchemes ?? {})).toEqual([
      'accessToken',
      'accessToken2',
    ]);
    expect(operationsOf(document)['GET /api/v2/notes'].security).toEqual([
      { accessToken: ['read:notes'] },
      { accessToken2: ['read:notes'] },
      { accessToken: ['admin'] },
      { accessToken2: ['admin'] },
    ]);
    expect(operationsOf(document)['GET /api/notes/count'].security).toEqual([]);
  });
});
