import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { answerOf, missingToken } from '../support/answers';
import { PLATFORMS } from '../support/platforms';
import { DiscoveryServer } from './support/discovery-server';
import { startDocumentedApp } from './support/documented-app';
import { operationsOf } from './support/operations';
import { validateOpenApi } from './support/validate-openapi';

const AUTHORIZE = 'https://idp.example.test/authorize';
const TOKEN = 'https://idp.example.test/oauth/token';

// What each refusal carries, as `operationsOf` writes it: codes, then the header.
const BAD_REQUEST = 'INVALID_REQUEST WWW-Authenticate';
const UNAUTHORIZED = 'MISSING_TOKEN|INVALID_TOKEN|TOKEN_EXPIRED WWW-Authenticate';
const UNAVAILABLE = 'KEYS_UNAVAILABLE Retry-After';
const AUTHENTICATED = { '400': BAD_REQUEST, '401': UNAUTHORIZED, '503': UNAVAILABLE };

/** The operations of the documented app, pinned against the decorators of NotesController. */
const OPERATIONS = {
  'GET /api/notes/count': { security: [], refusals: {} },
  'GET /api/v1/notes': {
    security: [{ accessToken: ['read:notes'] }],
    refusals: { ...AUTHENTICATED, '403': 'INSUFFICIENT_SCOPE WWW-Authenticate' },
  },
  // @AnyScopes('read:notes', 'admin'): either scope is enough, two alternatives.
  'GET /api/v2/notes': {
    security: [{ accessToken: ['read:notes'] }, { accessToken: ['admin'] }],
    refusals: { ...AUTHENTICATED, '403': 'INSUFFICIENT_SCOPE WWW-Authenticate' },
  },
  'GET /api/v1/notes/{id}': {
    security: [{ accessToken: ['read:notes'] }],
    refusals: {
      ...AUTHENTICATED,
      '403': 'INSUFFICIENT_SCOPE|FORBIDDEN WWW-Authenticate',
      '404': 'NOT_FOUND -',
    },
  },
  // @Scopes('write:notes') AND @AnyScopes('notes:delete', 'admin').
  'DELETE /api/v1/notes/{id}': {
    security: [
      { accessToken: ['write:notes', 'notes:delete'] },
      { accessToken: ['write:notes', 'admin'] },
    ],
    refusals: {
      ...AUTHENTICATED,
      '403': 'INSUFFICIENT_SCOPE|FORBIDDEN WWW-Authenticate',
      '404': 'NOT_FOUND -',
    },
  },
  'POST /api/v1/notes/audit': {
    security: [{ accessToken: [] }],
    refusals: { ...AUTHENTICATED, '403': 'FORBIDDEN -' },
  },
  // Its hand-written @ApiBearerAuth('legacy') is replaced; its own 404 (no body schema) is kept.
  'GET /api/v1/notes/mine/latest': {
    security: [{ accessToken: [] }],
    refusals: { ...AUTHENTICATED, '404': ' -' },
  },
};

let issuer: TestIssuer;
let discovery: DiscoveryServer;

beforeAll(async () => {
  issuer = await TestIssuer.start();
  discovery = await DiscoveryServer.start({
    authorization_endpoint: AUTHORIZE,
    token_endpoint: TOKEN,
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
  });
});
afterAll(async () => {
  await discovery?.stop();
  await issuer?.stop();
});

/** A token of the discovery server's issuer (signed with the TestIssuer's published keys). */
const tokenWith = (scope: string) =>
  issuer.mintAccessToken({ iss: discovery.issuer, sub: '1234', scope });

describe.each(PLATFORMS)('applyPortcullisToOpenApi on %s', (platform) => {
  let app: INestApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    ({ app, document } = await startDocumentedApp(platform, {
      portcullis: { issuer: discovery.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri },
      openapi: { scopeDescriptions: { 'read:notes': 'Read your notes' } },
    }));
  });
  afterAll(() => app?.close());

  it('gives each operation the security and refusals its decorators mean', () => {
    expect(operationsOf(document)).toEqual(OPERATIONS);
  });

  it('describes the issuer as OAuth 2.0 with the flows its discovery lists, and every scope', () => {
    const scopes = {
      admin: '',
      'notes:delete': '',
      'read:notes': 'Read your notes',
      'write:notes': '',
    };
    expect(document.components?.securitySchemes).toEqual({
      accessToken: {
        type: 'oauth2',
        description: expect.stringContaining('PKCE challenge (S256)'),
        flows: {
          authorizationCode: {
            authorizationUrl: AUTHORIZE,
            tokenUrl: TOKEN,
            refreshUrl: TOKEN,
            scopes,
          },
          clientCredentials: { tokenUrl: TOKEN, refreshUrl: TOKEN, scopes },
        },
      },
    });
    expect(document.components?.securitySchemes?.accessToken).toMatchObject({
      description: expect.stringContaining('(DPoP, mutual TLS) are refused'),
    });
  });

  it('passes the OpenAPI 3.1 schema validator', async () => {
    await expect(validateOpenApi(document)).resolves.toEqual({
      valid: true,
      version: '3.1',
      errors: [],
    });
  });

  it('answers as documented: public without a token, 401 with a challenge for the others', async () => {
    for (const operation of Object.keys(OPERATIONS)) {
      const [method, path] = operation.split(' ');
      const url = path.replace('{id}', 'n1');
      const answer = answerOf(
        await request(app.getHttpServer())[method.toLowerCase() as 'get'](url),
      );
      if (operation === 'GET /api/notes/count')
        expect([operation, answer.status]).toEqual([operation, 200]);
      else expect([operation, answer]).toEqual([operation, missingToken()]);
    }
  });

  it('lets either documented alternative in, refuses with neither, and a refused delete deletes nothing', async () => {
    const server = app.getHttpServer();
    for (const scope of ['read:notes', 'admin']) {
      await request(server)
        .get('/api/v2/notes')
        .auth(tokenWith(scope), { type: 'bearer' })
        .expect(200);
    }
    const refused = await request(server)
      .get('/api/v2/notes')
      .auth(tokenWith('write:notes'), { type: 'bearer' });
    expect([refused.status, refused.body.code]).toEqual([403, 'PORTCULLIS_INSUFFICIENT_SCOPE']);
    expect(refused.headers['www-authenticate']).toContain('scope="read:notes admin"');

    const onlyWrite = await request(server)
      .delete('/api/v1/notes/n1')
      .auth(tokenWith('write:notes'), { type: 'bearer' });
    expect([onlyWrite.status, onlyWrite.body.code]).toEqual([403, 'PORTCULLIS_INSUFFICIENT_SCOPE']);
    await request(server).get('/api/notes/count').expect(200, { count: 3 });
  });
});

describe('applyPortcullisToOpenApi with a document built with ignoreGlobalPrefix', () => {
  it('finds the operations at their unprefixed paths', async () => {
    const { app, document } = await startDocumentedApp('express', {
      portcullis: { issuer: discovery.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri },
      ignoreGlobalPrefix: true,
    });
    try {
      const unprefixed = Object.fromEntries(
        Object.entries(OPERATIONS).map(([key, value]) => [key.replace(' /api/', ' /'), value]),
      );
      expect(operationsOf(document)).toEqual(unprefixed);
    } finally {
      await app.close();
    }
  });
});
