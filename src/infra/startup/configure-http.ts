import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jsonDepthParser, jsonDepthVerifier } from 'nest-portcullis';
import { DEMO_MAX_BODY_DEPTH } from '../../validation/demo-validation.pipe';
import { setFastifyErrorHandler } from './fastify-error-handler';

/**
 * What the demo sets on its HTTP server before it starts, on Express and Fastify alike:
 * - a JSON body nesting deeper than {@link DEMO_MAX_BODY_DEPTH} is refused with 400 before it is
 *   parsed (as a malformed one is, before authentication);
 * - only JSON is parsed: a body of any other media type (a form, `text/plain`) is accepted and
 *   left unread, so the app answers it: 401 without a token, 403 without the scope, then 415
 *   (`JsonBodyGuard`), in that order on both servers;
 * - no `X-Powered-By` header (Fastify sends none).
 *
 * Must run before `app.init()` / `app.listen()`: body parsers are fixed once the app starts.
 */
export function configureDemoHttp(app: INestApplication): void {
  if (app.getHttpAdapter().getType() === 'fastify') {
    configureFastify(app as NestFastifyApplication);
  } else {
    configureExpress(app as NestExpressApplication);
  }
}

function configureFastify(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's own text/plain parser goes too; Nest adds no default once `*` is registered.
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', {}, jsonDepthParser(parseJson, DEMO_MAX_BODY_DEPTH));
  // Without it Fastify answers 415 itself, before any guard. The body is never read.
  app.useBodyParser('*', {}, (_request, _body, done) => done(null, undefined));
  // Those refusals answer the demo's error body, GraphQL server or not.
  setFastifyErrorHandler(app);
}

function configureExpress(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  // Nest's types leave `verify` out (it sets its own for `rawBody: true`, unused here).
  const verify = jsonDepthVerifier(DEMO_MAX_BODY_DEPTH);
  app.useBodyParser('json', { verify } as object);
  // In place of Nest's default form parser: forms stay unread, as on Fastify.
  app.useBodyParser('urlencoded', { type: () => false });
}
