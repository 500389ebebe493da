import {
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { PortcullisGraphQLMiddleware } from './graphql-operation.middleware';
import { PortcullisGraphQL } from './portcullis-graphql.service';

/** Options of {@link PortcullisGraphQLModule.forRoot}. */
export interface PortcullisGraphQLOptions {
  /** The path GraphQL is served on over HTTP, as given to `GraphQLModule`. Default `graphql`. */
  path?: string;
}

const GRAPHQL_PATH = Symbol('portcullis:graphql-path');

/**
 * GraphQL for Portcullis, next to `PortcullisModule`: refuses a whole operation with a
 * malformed header (400) or an invalid token (401) before it runs, verifying the token once
 * per HTTP request, and provides {@link PortcullisGraphQL} for subscriptions. The guard
 * itself needs nothing more: it recognises resolvers by their context.
 *
 * @example
 * ```ts
 * imports: [PortcullisModule.forRoot({ ... }), PortcullisGraphQLModule.forRoot()]
 * ```
 */
@Module({})
export class PortcullisGraphQLModule implements NestModule {
  constructor(@Inject(GRAPHQL_PATH) private readonly path: string) {}

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

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(PortcullisGraphQLMiddleware)
      .forRoutes({ path: this.path, method: RequestMethod.ALL });
  }
}
