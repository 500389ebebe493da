import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import * as express5 from '@as-integrations/express5';
import { loadPackage } from '@nestjs/common/utils/load-package.util.js';
import type { Context as WsContext } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { HttpRefusalModule } from './spike-http-refusal';
import { SpikeGuard, type SpikeContext } from './spike-guard';
import { ItemResolver } from './spike-resolvers';
import { operationRefusal, readCredentials, type SpikePrincipal } from './spike-tokens';

/**
 * Typed through @nestjs/apollo (ESM types): `ApolloServerPlugin` imported here resolves to
 * @apollo/server's CJS declarations, which TypeScript treats as a different type.
 */
type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/**
 * The Apollo-only alternative to the middleware: a GraphQLError thrown from
 * `didResolveOperation` (after parse and validation, before execution) with
 * `extensions.http` sets the status and headers; the body has no `data` key, so Nest's
 * preserve-200 plugin leaves the status alone. Thrown from `requestDidStart` it is a 500.
 */
export const refuseBadCredentials: ApolloPlugin = {
  async requestDidStart({ request }) {
    const refusal = operationRefusal(readCredentials(request.http?.headers.get('authorization')));
    if (!refusal) return;
    return {
      async didResolveOperation() {
        throw refusal;
      },
    };
  },
};

/** What graphql-ws keeps per connection on Apollo (`ctx.extra`). */
interface WsExtra {
  socket: WebSocket;
  request: IncomingMessage;
  principal?: SpikePrincipal;
}

/** connection_init: verify once; false closes with 4403; expiry closes with 4403 later. */
export function onConnect(ctx: WsContext<Record<string, unknown> | undefined>): boolean {
  const params = ctx.connectionParams ?? {};
  const extra = ctx.extra as WsExtra;
  const credentials = readCredentials(params.authorization ?? params.Authorization);
  if (credentials.kind !== 'valid') return false;
  const { socket } = extra;
  extra.principal = credentials.principal;
  const timer = setTimeout(
    () => socket.close(4403, 'Forbidden'),
    credentials.principal.expiresAt - Date.now(),
  );
  socket.once('close', () => clearTimeout(timer));
  return true;
}

/** HTTP: `{ req, res }` from the Express integration; WebSocket: graphql-ws's context. */
function contextOf(arg: { req?: unknown } | WsContext<Record<string, unknown>, WsExtra>) {
  if ('extra' in arg && arg.extra?.socket) {
    return { req: arg.extra.request, principal: arg.extra.principal ?? null } as SpikeContext;
  }
  return { req: (arg as { req: unknown }).req } as SpikeContext;
}

/**
 * @nestjs/apollo loads the Express integration with `import()`, which Jest (swc with
 * `ignoreDynamic: true`, no VM modules) cannot run: seed Nest's package cache with it.
 */
export async function preloadExpressIntegration(): Promise<void> {
  await loadPackage('@as-integrations/express5', 'spike', () => Promise.resolve(express5));
}

/** Code-first app on Apollo + Express, listening on 127.0.0.1. */
export async function startApollo(): Promise<{ app: INestApplication; port: number }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      HttpRefusalModule,
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        autoSchemaFile: true,
        allowBatchedHttpRequests: true,
        // Without this, Nest runs no guard on @ResolveField (the default is []).
        fieldResolverEnhancers: ['guards'],
        context: contextOf,
        subscriptions: { 'graphql-ws': { onConnect } },
      }),
    ],
    providers: [ItemResolver, { provide: APP_GUARD, useClass: SpikeGuard }],
  }).compile();
  moduleRef.useLogger(false);
  await preloadExpressIntegration();
  const app = moduleRef.createNestApplication();
  await app.listen(0, '127.0.0.1');
  return { app, port: (app.getHttpServer().address() as { port: number }).port };
}
