import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { answerOf, missingToken } from '../support/answers';
import { PLATFORMS } from '../support/platforms';
import { startDocumentedApp } from './support/documented-app';

// SwaggerModule.setup registers its routes on the HTTP adapter itself (`httpAdapter.get`, and
// @fastify/static or Express static files for the UI's assets), outside Nest's router: no
// guard, interceptor or pipe runs for them, so the global guard cannot lock the docs out and
// no option is needed. These tests pin that, on both platforms, next to a route it guards.
describe.each(PLATFORMS)(
  'the Swagger UI and JSON routes under the global guard, on %s',
  (platform) => {
    let issuer: TestIssuer;
    let app: INestApplication;

    beforeAll(async () => {
      issuer = await TestIssuer.start();
      ({ app } = await startDocumentedApp(platform, {
        portcullis: issuer.moduleOptions(),
        openapi: { scheme: 'bearer' },
      }));
    });
    afterAll(async () => {
      await app?.close();
      await issuer?.stop();
    });

    it('serves the UI page, its assets and the document without a token', async () => {
      const server = app.getHttpServer();
      const page = await request(server).get('/docs');
      expect([page.status, page.headers['content-type']]).toEqual([
        200,
        expect.stringMatching(/^text\/html/),
      ]);
      expect(page.text).toContain('swagger-ui-bundle.js');
      const assets = await Promise.all(
        ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js', '/docs/swagger-ui.css'].map(
          async (path) => [path, (await request(server).get(path)).status],
        ),
      );
      expect(assets).toEqual([
        ['/docs/swagger-ui-bundle.js', 200],
        ['/docs/swagger-ui-init.js', 200],
        ['/docs/swagger-ui.css', 200],
      ]);
      const json = await request(server).get('/docs-json');
      expect([json.status, json.body.paths['/api/v1/notes'].get.security]).toEqual([
        200,
        [{ accessToken: ['read:notes'] }],
      ]);
    });

    it('still refuses the API itself without a token, and serves it with one', async () => {
      const server = app.getHttpServer();
      expect(answerOf(await request(server).get('/api/v1/notes'))).toEqual(missingToken());
      const token = issuer.mintAccessToken({ scope: 'read:notes' });
      await request(server).get('/api/v1/notes').auth(token, { type: 'bearer' }).expect(200);
    });
  },
);
