import { Body, Controller, Patch, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jsonDepthParser, jsonDepthVerifier, Owns, Scopes } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { PLATFORMS, startApp, type Platform } from '../support/platforms';
import type { AppAbility } from './support/app-policy';
import { policyScenario, userToken } from './support/policy-app';
import { UsersRepository } from './support/repositories';

/** A route with its own, smaller bound. */
@Controller('shallow-users')
class ShallowUsersController {
  @Scopes('write:users')
  @Owns<AppAbility>('User', { fields: 'body', maxBodyDepth: 2 })
  @Patch(':id')
  update(@Body() changes: object): object {
    return changes;
  }
}

/** `{"name":{"a":...1}}`, `depth` levels in all. */
const nameNested = (depth: number): string =>
  `{"name":${'{"a":'.repeat(depth - 1)}1${'}'.repeat(depth - 1)}}`;

/** The setup the README recommends, before the app starts: the bound on every JSON body. */
function boundJsonBodies(app: INestApplication): void {
  if (app.getHttpAdapter().getType() === 'fastify') {
    const fastifyApp = app as NestFastifyApplication;
    const fastify = fastifyApp.getHttpAdapter().getInstance();
    fastifyApp.useBodyParser(
      'application/json',
      {},
      jsonDepthParser(fastify.getDefaultJsonParser('error', 'error')),
    );
  } else {
    const verify = jsonDepthVerifier();
    (app as NestExpressApplication).useBodyParser('json', { verify } as object);
  }
}

describe.each(PLATFORMS)('JSON body depth on %s', (platform: Platform) => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer.stop());

  const ada = () => userToken(issuer, '1234', { scope: 'write:users read:users' });
  const patch = (app: INestApplication, path: string, json: string, token: string | null) => {
    const req = request(app.getHttpServer()).patch(path).set('Content-Type', 'application/json');
    return (token === null ? req : req.set('Authorization', `Bearer ${token}`)).send(json);
  };
  const storedAda = (app: INestApplication) => app.get(UsersRepository).findAll()[0];

  describe('the guard, on fields: body routes, with no server setup', () => {
    let app: INestApplication;
    beforeAll(async () => {
      const scenario = policyScenario(issuer);
      app = await startApp(platform, {
        ...scenario,
        controllers: [...(scenario.controllers ?? []), ShallowUsersController],
      });
    });
    afterAll(() => app.close());
    beforeEach(() => app.get(UsersRepository).reset());

    it('a body past 32 levels: 400 invalid_request, nothing changed', async () => {
      const before = storedAda(app);
      const res = await patch(app, '/users/1234', nameNested(33), ada());
      expect({ status: res.status, body: res.body }).toEqual({
        status: 400,
        body: {
          statusCode: 400,
          code: 'PORTCULLIS_INVALID_REQUEST',
          message: 'The request body nests deeper than 32 levels.',
        },
      });
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_request"/);
      expect(storedAda(app)).toEqual(before);
    });

    it('3,000 levels: the same 400, measured without recursion', async () => {
      const res = await patch(app, '/users/1234', nameNested(3000), ada());
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('PORTCULLIS_INVALID_REQUEST');
    });

    it('a body of exactly 32 levels goes through', async () => {
      const res = await patch(app, '/users/1234', nameNested(32), ada());
      expect(res.status).toBe(200);
    });

    it('a route sets its own bound (maxBodyDepth: 2)', async () => {
      expect((await patch(app, '/shallow-users/1234', nameNested(2), ada())).status).toBe(200);
      const res = await patch(app, '/shallow-users/1234', nameNested(3), ada());
      expect({ status: res.status, message: res.body.message }).toEqual({
        status: 400,
        message: 'The request body nests deeper than 2 levels.',
      });
    });

    it('a caller who may not write the record is refused for that first (403)', async () => {
      const res = await patch(app, '/users/4567', nameNested(40), ada());
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 403,
        code: 'PORTCULLIS_FORBIDDEN',
      });
    });
  });

  describe('the recommended server setup: every JSON body, before it is parsed', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await startApp(platform, { ...policyScenario(issuer), configure: boundJsonBodies });
    });
    afterAll(() => app.close());
    beforeEach(() => app.get(UsersRepository).reset());

    /**
     * On Fastify the refusal reaches exception filters as it was thrown; on Express, Nest wraps
     * what body-parser's `verify` throws in an HttpException of the same status, with the
     * refusal as its `cause` (Nest's default filter answers its message).
     */
    const expectTooDeep = (res: request.Response): void => {
      expect({ status: res.status, message: res.body.message }).toEqual({
        status: 400,
        message: 'The request body nests deeper than 32 levels.',
      });
      if (platform === 'fastify') expect(res.body.code).toBe('PORTCULLIS_INVALID_REQUEST');
    };

    it('on a route without fields: body (PUT with a body): 400, nothing changed', async () => {
      const before = storedAda(app);
      const deep = `{"plan":${'['.repeat(1500)}${']'.repeat(1500)}}`;
      const res = await request(app.getHttpServer())
        .put('/users/1234/plan')
        .set('Authorization', `Bearer ${ada()}`)
        .set('Content-Type', 'application/json')
        .send(deep);
      expectTooDeep(res);
      expect(storedAda(app)).toEqual(before);
    });

    it('before authentication, as a malformed body is', async () => {
      expectTooDeep(await patch(app, '/users/1234', nameNested(33), null));
    });

    it('a normal body still works, and the parser still refuses __proto__ (Fastify)', async () => {
      const res = await patch(app, '/users/1234', '{"name":"Ada L."}', ada());
      expect({ status: res.status, name: res.body.name }).toEqual({ status: 200, name: 'Ada L.' });
      if (platform === 'fastify') {
        const poisoned = await patch(app, '/users/1234', '{"__proto__":{"x":1}}', ada());
        expect(poisoned.status).toBe(400);
      }
    });
  });
});
