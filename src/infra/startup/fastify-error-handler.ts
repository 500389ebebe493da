import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorBodyOf } from '../../errors/error-body.filter';

/**
 * Fastify's error handler for what fails before a Nest handler runs (a malformed or too
 * deeply nested JSON body), answering the demo's `{ statusCode, code, message }` as Nest's
 * exception layer would. Given to every route as it is built (an `onRoute` hook, before the
 * app starts): Fastify gives a route the error handler current when the route is built, and
 * Mercurius' registration (an awaited `register()` in an init hook) builds Nest's routes
 * before Nest sets its own handler (after the init hooks), leaving them with Fastify's default
 * body. A route's own handler, or its plugin's (Mercurius'), wins, and the instance's handler
 * is never set twice (Fastify warns FSTWRN004 when it is).
 */
export function setFastifyErrorHandler(app: NestFastifyApplication): void {
  const adapter = app.get(HttpAdapterHost).httpAdapter;
  const fastify = app.getHttpAdapter().getInstance();
  // Parameter types come from the instance: `fastify` itself is not a dependency of the demo.
  type ErrorHandler = Parameters<typeof fastify.setErrorHandler>[0];
  const answer: ErrorHandler = (error, _request, reply) => {
    const body = errorBodyOf(adapter.mapException(error));
    void reply.code(body.statusCode).send(body);
  };
  // Fastify's default handler, which a route of the root context has until Nest sets its own.
  const fastifyDefault = fastify.errorHandler;
  fastify.addHook('onRoute', function (route) {
    // A plugin's own handler (Mercurius answers GraphQL errors its way) is left alone.
    if (route.errorHandler === undefined && this.errorHandler === fastifyDefault) {
      route.errorHandler = answer;
    }
  });
}
