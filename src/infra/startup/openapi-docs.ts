import fastifyStatic from '@fastify/static';
import type { INestApplication } from '@nestjs/common';
import { loadPackage } from '@nestjs/common/utils/load-package.util.js';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { applyPortcullisToOpenApi } from 'nest-portcullis/openapi';

/** What each demo scope lets a client do, shown next to the scope in the Swagger UI. */
export const DEMO_SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'read:users': 'Read users: yourself, or everyone with the read:users permission or a role',
  'write:users': 'Change your own name and email (admins: any user, plan included)',
  'read:notes': 'Read your notes (support and admins: every note)',
  'write:notes': 'Create, change and delete your notes (admins: every note)',
};

/**
 * Serves the demo's OpenAPI document at `/docs-json` and the Swagger UI at `/docs`, its
 * security written by Portcullis from the decorators. No token is needed for either:
 * SwaggerModule serves them outside Nest's router, where the global guard does not run.
 *
 * The routes are registered before this returns its promise (so Fastify, which takes no
 * route once started, gets them from a synchronous caller); the document is complete once
 * the promise resolves: await it before the app listens.
 */
export async function serveDemoDocs(app: INestApplication): Promise<OpenAPIObject> {
  const document = registerDocs(app);
  // On Fastify the UI's files are served by @fastify/static, which SwaggerModule loads with
  // `import()` when the app starts: a CommonJS sandbox (Jest's) cannot run that, so the demo
  // hands Nest's package cache the module it imports (as it does for Apollo's integration).
  if (app.getHttpAdapter().getType() === 'fastify') {
    await loadPackage('@fastify/static', 'SwaggerModule', () => Promise.resolve(fastifyStatic));
  }
  return document;
}

function registerDocs(app: INestApplication): Promise<OpenAPIObject> {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Portcullis demo API')
    .setDescription(
      'Users and notes behind OAuth 2.0 access tokens. Click Authorize and paste a token ' +
        '(`npm run token -- --sub alice`); GraphQL is served at `/graphql`.',
    )
    .setVersion('1.0')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const completed = applyPortcullisToOpenApi(document, app, {
    scopeDescriptions: DEMO_SCOPE_DESCRIPTIONS,
  });
  SwaggerModule.setup('docs', app, () => document, {
    swaggerOptions: { initOAuth: { usePkceWithAuthorizationCodeGrant: true } },
  });
  return completed;
}
