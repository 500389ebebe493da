import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { operationRefusal, readCredentials } from './spike-tokens';

/**
 * Refuses the whole operation before any GraphQL server sees it. A Nest middleware runs
 * before Apollo's Express middleware (registered later, in onModuleInit) and, through
 * middie, before Mercurius's Fastify route; it gets the raw request and response on
 * Fastify, so it writes with Node's API only, which Express's response also has.
 * One body for a single operation and for a batch.
 */
export function refuseBadCredentials(req: IncomingMessage, res: ServerResponse, next: () => void) {
  // A WebSocket upgrade is decided at connection_init, from connectionParams.
  if (req.headers.upgrade) return next();
  const refusal = operationRefusal(readCredentials(req.headers.authorization));
  if (!refusal) return next();
  const { http, ...extensions } = refusal.extensions as {
    http: { status: number; headers: Map<string, string> };
  };
  res.statusCode = http.status;
  for (const [name, value] of http.headers) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message: refusal.message, extensions }] }));
}

/** Applies {@link refuseBadCredentials} to the GraphQL path, on Express and Fastify. */
@Module({})
export class HttpRefusalModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(refuseBadCredentials).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }
}
