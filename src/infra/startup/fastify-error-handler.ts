import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorBodyOf } from '../../errors/error-body.filter';

/**
 * Fastify's error handler for what fails before a Nest handler runs (a malformed or too
 * deeply nested JSON body), answering the demo's `{ statusCode, code, message }` as Nest's
 * exception layer would. Set before the app starts, so every route has it: Fastify gives a
 * route the error handler current when the route is built, and Mercurius' registration (an
 * awaited `register()` in an init hook) builds Nest's routes before Nest sets its own handler
 * (after the init hooks), leaving them with Fastify's default body.
 */
export function setFastifyErrorHandler(app: NestFastifyApplication): void {
  const adapter = app.get(HttpAdapterHost).httpAdapter;
  app
    .getHttpAdapter()
    .getInstance()
    // Parameter types come from the instance: `fastify` itself is not a dependency of the demo.
    .setErrorHandler((error, _request, reply) => {
      const body = errorBodyOf(adapter.mapException(error));
      void reply.code(body.statusCode).send(body);
    });
}
