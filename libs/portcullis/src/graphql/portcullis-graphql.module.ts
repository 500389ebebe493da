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
  /**
   * The path GraphQL is served on over HTTP. By default, the one `GraphQLModule` serves on (its
   * `path` and `useGlobalPrefix`, read at boot); `graphql` when there is no `GraphQLModule` to
   * read (a GraphQL server mounted some other way). Given, it is used as is, beside the app's
   * global prefix and under it.
   */
  path?: string;
}

/** What `forRoot` was given: `{ path }`, the path undefined when none was. */
const GRAPHQL_PATH = Symbol('portcullis:graphql-path');

/**
 * The injection token of `GraphQLModule`'s options (`GRAPHQL_MODULE_OPTIONS` of
 * `@nestjs/graphql`), spelled here so that the package's main entry needs no GraphQL install.
 */
const GQL_MODULE_OPTIONS = 'GqlModuleOptions';

/** Where GraphQL is served when nothing says otherwise (`GraphQLModule`'s default too). */
const DEFAULT_PATH = 'graphql';

/** Where `GraphQLModule` serves GraphQL, read from its options. */
interface ServedGraphQL {
  path: string;
  useGlobalPrefix: boolean;
}

const trimSlashes = (path: string): string => path.replace(/^\/+|\/+$/g, '');

/** `path` under `prefix`, as a URL path: `/api/graphql`, or `/graphql` for no prefix. */
function joined(prefix: string, path: string): string {
  const head = trimSlashes(prefix);
  const tail = `/${trimSlashes(path)}`;
  return head === '' ? tail : `/${head}${tail}`;
}

/**
 * The URLs GraphQL answers on. Read from `GraphQLModule`'s options when the app has one and
 * no `path` was given: exactly the URL it serves (its `path`, default `/graphql`, under the
 * global prefix when `useGlobalPrefix` is on, as GraphQL's drivers work it out). Otherwise the
 * given path (default `graphql`), beside the global prefix and under it.
 */
function graphqlUrls(
  given: string | undefined,
  served: ServedGraphQL | undefined,
  globalPrefix: string,
): string[] {
  if (given === undefined && served !== undefined) {
    const { path, useGlobalPrefix } = served;
    // As GraphQL's drivers decide it (`prefix && options.useGlobalPrefix`).
    return [useGlobalPrefix ? joined(globalPrefix, path) : joined('', path)];
  }
  const own = joined('', given ?? DEFAULT_PATH);
  const prefixed = joined(globalPrefix, own);
  return prefixed === own ? [own] : [own, prefixed];
}

/** Where `GraphQLModule` serves GraphQL, if the app has a `GraphQLModule` (any driver). */
function servedGraphQL(moduleRef: ModuleRef): ServedGraphQL | undefined {
  let options: unknown;
  try {
    options = moduleRef.get(GQL_MODULE_OPTIONS, { strict: false });
  } catch {
    return undefined;
  }
  if (typeof options !== 'object' || options === null) return undefined;
  const { path, useGlobalPrefix } = options as { path?: unknown; useGlobalPrefix?: unknown };
  return {
    path: typeof path === 'string' ? path : DEFAULT_PATH,
    useGlobalPrefix: Boolean(useGlobalPrefix),
  };
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
 * The check is attached to GraphQL's own URL only (read from `GraphQLModule`'s options, see
 * {@link PortcullisGraphQLOptions.path}). On Fastify it is a hook of the GraphQL routes
 * themselves, so other routes pay nothing for it (Nest's middleware would run
 * `@fastify/middie` on every request); on Express an `app.use` on that URL; on another HTTP
 * adapter a Nest middleware.
 *
 * @example
 * ```ts
 * imports: [PortcullisModule.forRoot({ ... }), PortcullisGraphQLModule.forRoot()]
 * ```
 */
@Module({})
export class PortcullisGraphQLModule implements NestModule {
  constructor(
    @Inject(GRAPHQL_PATH) private readonly given: { readonly path?: string },
    private readonly check: PortcullisGraphQLMiddleware,
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The module, for GraphQL served where `GraphQLModule` serves it (or on `path`). */
  static forRoot(options: PortcullisGraphQLOptions = {}): DynamicModule {
    const path = options.path?.replace(/^\/+/, '');
    return {
      module: PortcullisGraphQLModule,
      global: true,
      providers: [
        { provide: GRAPHQL_PATH, useValue: { path } },
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
    const served = servedGraphQL(this.moduleRef);
    if (adapter === undefined || (type !== 'fastify' && type !== 'express')) {
      const path = this.given.path ?? served?.path ?? DEFAULT_PATH;
      consumer.apply(PortcullisGraphQLMiddleware).forRoutes({ path, method: RequestMethod.ALL });
      return;
    }
    const prefix = applicationConfigOf(this.moduleRef)?.getGlobalPrefix() ?? '';
    const urls = graphqlUrls(this.given.path, served, prefix);
    const { check } = this;
    // The check settles its own refusals; anything else it throws goes to the platform's
    // error handling, as a Nest middleware's would.
    if (type === 'express') {
      adapter.use(urls, (req: IncomingMessage, res: ServerResponse, next: Continue) => {
        check.check(req, res, next, undefined)?.catch(next);
      });
      return;
    }
    const graphqlRoutes = new Set(urls);
    const onRequest: FastifyOnRequest = (request, reply, done) => {
      check.check(request.raw, reply.raw, done, () => reply.hijack())?.catch(done);
    };
    (adapter.getInstance() as FastifyRoutes).addHook('onRoute', (route) => {
      if (!graphqlRoutes.has(route.url)) return;
      const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
      // Once per route, whatever else hands its options to this hook again.
      if (!own.includes(onRequest)) route.onRequest = [onRequest, ...own];
    });
  }
}
