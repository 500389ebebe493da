import {
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applicationConfigOf } from '../authorization/route-paths';
import { httpPlatformOf } from '../common/http-platform';
import { PortcullisGraphQLMiddleware } from './graphql-operation.middleware';
import { PortcullisGraphQL } from './portcullis-graphql.service';

/** Options of {@link PortcullisGraphQLModule.forRoot}. */
export interface PortcullisGraphQLOptions {
  /** The path GraphQL is served on over HTTP, as given to `GraphQLModule`. Default `graphql`. */
  path?: string;
}

const GRAPHQL_PATH = Symbol('portcullis:graphql-path');

const trimSlashes = (path: string): string => path.replace(/^\/+|\/+$/g, '');

/**
 * The URLs GraphQL may answer on: its path, and its path under the app's global prefix
 * (GraphQL's `useGlobalPrefix`), which Portcullis cannot read from the GraphQL module.
 */
function graphqlUrls(path: string, globalPrefix: string): string[] {
  const own = `/${trimSlashes(path)}`;
  const prefix = trimSlashes(globalPrefix);
  return prefix === '' ? [own] : [own, `/${prefix}${own}`];
}

/** Express's `next` and Fastify's `done`: go on, or hand an error to the platform. */
type Continue = (error?: unknown) => void;

/** What the operation check needs of a Fastify route hook's arguments (no Fastify types). */
type FastifyOnRequest = (
  request: { raw: IncomingMessage },
  reply: { raw: ServerResponse; hijack(): unknown },
  done: Continue,
) => void;

/** What the module needs of a Fastify instance. */
interface FastifyRoutes {
  addHook(
    name: 'onRoute',
    hook: (route: { url: string; onRequest?: FastifyOnRequest | FastifyOnRequest[] }) => void,
  ): unknown;
}

/**
 * GraphQL for Portcullis, next to `PortcullisModule`: refuses a whole operation with a
 * malformed header (400) or an invalid token (401) before it runs, verifying the token once
 * per HTTP request, and provides {@link PortcullisGraphQL} for subscriptions. The guard
 * itself needs nothing more: it recognises resolvers by their context.
 *
 * The check is attached to GraphQL's own URLs only: its path, and that path under the app's
 * global prefix. On Fastify it is a hook of the GraphQL routes themselves, so other routes
 * pay nothing for it (Nest's middleware would run `@fastify/middie` on every request); on
 * Express an `app.use` on those paths; on another HTTP adapter a Nest middleware.
 *
 * @example
 * ```ts
 * imports: [PortcullisModule.forRoot({ ... }), PortcullisGraphQLModule.forRoot()]
 * ```
 */
@Module({})
export class PortcullisGraphQLModule implements NestModule {
  constructor(
    @Inject(GRAPHQL_PATH) private readonly path: string,
    private readonly check: PortcullisGraphQLMiddleware,
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The module, for GraphQL served on `path` (default `graphql`). */
  static forRoot(options: PortcullisGraphQLOptions = {}): DynamicModule {
    const path = (options.path ?? 'graphql').replace(/^\/+/, '');
    return {
      module: PortcullisGraphQLModule,
      global: true,
      providers: [
        { provide: GRAPHQL_PATH, useValue: path },
        PortcullisGraphQLMiddleware,
        PortcullisGraphQL,
      ],
      exports: [PortcullisGraphQL],
    };
  }

  /**
   * Runs while the app initialises: after `setGlobalPrefix`, before Nest registers its routes
   * and before the GraphQL server (an init hook) registers its own.
   */
  configure(consumer: MiddlewareConsumer): void {
    const adapter = this.adapterHost.httpAdapter as
      { getType?(): string; getInstance(): unknown; use(...args: unknown[]): unknown } | undefined;
    const type = httpPlatformOf(adapter);
    if (adapter === undefined || (type !== 'fastify' && type !== 'express')) {
      consumer
        .apply(PortcullisGraphQLMiddleware)
        .forRoutes({ path: this.path, method: RequestMethod.ALL });
      return;
    }
    const prefix = applicationConfigOf(this.moduleRef)?.getGlobalPrefix() ?? '';
    const urls = graphqlUrls(this.path, prefix);
    const { check } = this;
    // The check settles its own refusals; anything else it throws goes to the platform's
    // error handling, as a Nest middleware's would.
    if (type === 'express') {
      adapter.use(urls, (req: IncomingMessage, res: ServerResponse, next: Continue) => {
        check.check(req, res, next, undefined)?.catch(next);
      });
      return;
    }
    const served = new Set(urls);
    const onRequest: FastifyOnRequest = (request, reply, done) => {
      check.check(request.raw, reply.raw, done, () => reply.hijack())?.catch(done);
    };
    (adapter.getInstance() as FastifyRoutes).addHook('onRoute', (route) => {
      if (!served.has(route.url)) return;
      const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
      // Once per route, whatever else hands its options to this hook again.
      if (!own.includes(onRequest)) route.onRequest = [onRequest, ...own];
    });
  }
}
