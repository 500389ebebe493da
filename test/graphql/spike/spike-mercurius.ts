import type { INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyRequest } from 'fastify';
import type { MercuriusContext, preSubscriptionExecutionHookHandler } from 'mercurius';
import type { WebSocket } from 'ws';
import { HttpRefusalModule } from './spike-http-refusal';
import { SpikeGuard } from './spike-guard';
import { ItemResolver } from './spike-resolvers';
import { readCredentials, type SpikePrincipal } from './spike-tokens';

const armed = new WeakSet<WebSocket>();

/**
 * Mercurius's onConnect sees only the init message, not the socket; the socket and the
 * principal meet in the subscription context, so the expiry timer is armed when the
 * connection's first subscription starts (the guard refuses an expired principal anyway).
 */
export const closeOnExpiry: preSubscriptionExecutionHookHandler<MercuriusContext> = (
  _schema,
  _document,
  context,
) => {
  const { socket, principal } = context as unknown as SubscriptionContext;
  if (!socket || !principal || armed.has(socket)) return;
  armed.add(socket);
  const timer = setTimeout(() => socket.close(4403, 'Forbidden'), principal.expiresAt - Date.now());
  socket.once('close', () => clearTimeout(timer));
};

interface SubscriptionContext {
  socket?: WebSocket;
  principal?: SpikePrincipal;
}

/** Code-first app on Mercurius + Fastify, listening on 127.0.0.1. */
export async function startMercurius(): Promise<{ app: INestApplication; port: number }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      HttpRefusalModule,
      GraphQLModule.forRoot<MercuriusDriverConfig>({
        driver: MercuriusDriver,
        autoSchemaFile: true,
        allowBatchedQueries: true,
        // Mercurius loads its query cache (quick-lru, ESM only) with `import()`, which Jest
        // cannot run here; an app outside Jest keeps the cache.
        cache: false,
        // Without this, Nest runs no guard on @ResolveField (the default is []).
        fieldResolverEnhancers: ['guards'],
        // A function: a plain object context is shared and mutated by @nestjs/mercurius.
        context: (request: FastifyRequest) => ({ req: request }),
        hooks: { preSubscriptionExecution: [closeOnExpiry] },
        subscription: {
          // Runs first at connection_init, with the socket: keep it for the expiry timer.
          context: (socket: WebSocket, request: FastifyRequest) => {
            // A refusal in onConnect ends with socket.close() and no code (1005); the
            // client must see 4403. Only a server close without a code is rewritten.
            const close = socket.close.bind(socket);
            socket.close = (code?: number, reason?: string | Buffer) =>
              close(code ?? 4403, code === undefined ? 'Forbidden' : reason);
            return { socket, req: request };
          },
          onConnect: ({ payload }: { payload?: Record<string, unknown> }) => {
            const credentials = readCredentials(payload?.authorization ?? payload?.Authorization);
            if (credentials.kind !== 'valid') return false;
            return { principal: credentials.principal satisfies SpikePrincipal };
          },
        },
      }),
    ],
    providers: [ItemResolver, { provide: APP_GUARD, useClass: SpikeGuard }],
  }).compile();
  moduleRef.useLogger(false);
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  await app.listen(0, '127.0.0.1');
  return { app, port: (app.getHttpServer().address() as { port: number }).port };
}
