import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { RouteAudit } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { PLATFORMS } from '../support/platforms';
import { startDemoWithDocs } from './support/demo-docs-app';
import { operationsOf } from './support/operations';
import { validateOpenApi } from './support/validate-openapi';

const BAD_REQUEST = 'INVALID_REQUEST WWW-Authenticate';
const UNAUTHORIZED = 'MISSING_TOKEN|INVALID_TOKEN|TOKEN_EXPIRED WWW-Authenticate';
const UNAVAILABLE = 'KEYS_UNAVAILABLE Retry-After';
const AUTHENTICATED = { '400': BAD_REQUEST, '401': UNAUTHORIZED, '503': UNAVAILABLE };
/** @Scopes only (the handler filters with @CurrentAbility, which refuses nothing). */
const SCOPED = { ...AUTHENTICATED, '403': 'INSUFFICIENT_SCOPE WWW-Authenticate' };
const SCOPED_AND_POLICY = {
  ...AUTHENTICATED,
  '403': 'INSUFFICIENT_SCOPE|FORBIDDEN WWW-Authenticate',
};
const OWNED = { ...SCOPED_AND_POLICY, '404': 'NOT_FOUND -' };
const needs = (scope: string) => [{ accessToken: [scope] }];

/** Each demo route, as its decorators in src/ declare it. */
const DEMO_OPERATIONS = {
  'GET /health': { security: [], refusals: {} }, // @Public()
  'GET /me': { security: [{ accessToken: [] }], refusals: AUTHENTICATED }, // @Authenticated()
  'GET /users': { security: needs('read:users'), refusals: SCOPED },
  'GET /users/{id}': { security: needs('read:users'), refusals: OWNED },
  'PATCH /users/{id}': { security: needs('write:users'), refusals: OWNED },
  'GET /notes': { security: needs('read:notes'), refusals: SCOPED },
  'POST /notes': { security: needs('write:notes'), refusals: SCOPED_AND_POLICY }, // + @Can
  'GET /notes/{id}': { security: needs('read:notes'), refusals: OWNED },
  'PATCH /notes/{id}': { security: needs('write:notes'), refusals: OWNED },
  'DELETE /notes/{id}': { security: needs('write:notes'), refusals: OWNED },
};

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await TestIssuer.start();
});
afterAll(() => issuer?.stop());

describe.each(PLATFORMS)("the demo's OpenAPI document on %s", (platform) => {
  let app: INestApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    ({ app, document } = await startDemoWithDocs(platform, issuer));
  });
  afterAll(() => app?.close());

  it('is served at /docs-json without a token, and passes the OpenAPI 3.1 validator', async () => {
    const served = await request(app.getHttpServer()).get('/docs-json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(document)));
    await expect(validateOpenApi(served.body)).resolves.toEqual({
      valid: true,
      version: '3.1',
      errors: [],
    });
  });

  it("pins each route's security and refusals to its decorators", () => {
    expect(operationsOf(document)).toEqual(DEMO_OPERATIONS);
  });

  it('documents every HTTP route the guard protects, and no GraphQL', () => {
    const http = app
      .get(RouteAudit)
      .routes()
      .filter((route) => ['GET', 'POST', 'PATCH', 'DELETE'].includes(route.method))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(Object.keys(DEMO_OPERATIONS).sort()).toEqual(http.sort());
    expect(Object.keys(document.paths).filter((path) => path.includes('graphql'))).toEqual([]);
  });

  it('describes the development issuer as a bearer token: its discovery lists no flow', () => {
    expect(document.components?.securitySchemes?.accessToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('still guards the API the UI lists: 401 without a token, a denied delete deletes nothing', async () => {
    const server = app.getHttpServer();
    const anonymous = await request(server).delete('/notes/n1');
    expect([anonymous.status, anonymous.body.code, anonymous.headers['www-authenticate']]).toEqual([
      401,
      'PORTCULLIS_MISSING_TOKEN',
      'Bearer realm="api"',
    ]);
    const bob = issuer.mintAccessToken({ sub: 'bob', scope: 'write:notes' });
    const refused = await request(server).delete('/notes/n1').auth(bob, { type: 'bearer' });
    expect([refused.status, refused.body.code]).toEqual([403, 'PORTCULLIS_FORBIDDEN']);
    const alice = issuer.mintAccessToken({ sub: 'alice', scope: 'read:notes' });
    const note = await request(server).get('/notes/n1').auth(alice, { type: 'bearer' });
    expect([note.status, note.body.id]).toEqual([200, 'n1']);
  });
});
