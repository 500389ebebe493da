import * as express5 from '@as-integrations/express5';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { loadPackage } from '@nestjs/common/utils/load-package.util.js';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { PortcullisGraphQL, PortcullisGraphQLModule } from 'nest-portcullis';

/** The HTTP platform the demo runs on; it decides the GraphQL server. */
export type DemoPlatform = 'express' | 'fastify';

/** How the demo serves GraphQL. */
export interface DemoGraphQLOptions {
  /** `express` (default): Apollo; `fastify`: Mercurius. */
  readonly platform?: DemoPlatform;
  /**
   * Mercurius' parsed-query cache (default on). Tests turn it off: it loads an ES module with
   * `import()`, which Jest's CommonJS sandbox cannot run.
   */
  readonly queryCache?: boolean;
}

/**
 * GraphQL at `/graphql` (HTTP POST, and graphql-ws subscriptions on the same path), code
 * first: Apollo on Express, Mercurius on Fastify, each with Portcullis' operation check
 * (`PortcullisGraphQLModule`) and its subscription helper. Batches are allowed: each
 * operation of one goes through the same checks.
 */
export function demoGraphQLModules(options: DemoGraphQLOptions = {}): DynamicModule[] {
  return [PortcullisGraphQLModule.forRoot(), graphQLServer(options)];
}

/**
 * @nestjs/apollo loads its Express integration with `import()`, which a CommonJS sandbox
 * (Jest's) cannot run: the demo imports it statically and seeds Nest's package cache with
 * it, so the app starts the same under `node` and under tests. Adds no option.
 */
async function loadApolloExpressIntegration(): Promise<void> {
  await loadPackage('@as-integrations/express5', 'GraphQL', () => Promise.resolve(express5));
}

function graphQLServer({ platform = 'express', queryCache = true }: DemoGraphQLOptions) {
  if (platform === 'express') {
    return GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [PortcullisGraphQL],
      useFactory: async (portcullis: PortcullisGraphQL): Promise<ApolloDriverConfig> => {
        await loadApolloExpressIntegration();
        return {
          autoSchemaFile: true,
          allowBatchedHttpRequests: true,
          // Apollo adds stack traces to errors unless NODE_ENV is production or test: a
          // refusal must not show the server's files to the caller.
          includeStacktraceInErrorResponses: false,
          fieldResolverEnhancers: ['guards'],
          subscriptions: portcullis.apolloSubscriptions(),
        };
      },
    });
  }
  return GraphQLModule.forRootAsync<MercuriusDriverConfig>({
    driver: MercuriusDriver,
    inject: [PortcullisGraphQL],
    useFactory: (portcullis: PortcullisGraphQL) => ({
      autoSchemaFile: true,
      allowBatchedQueries: true,
      ...(queryCache ? {} : { cache: false }),
      fieldResolverEnhancers: ['guards'],
      // A function: a plain object would be shared between requests.
      context: (request: unknown) => ({ req: request }),
      ...portcullis.mercuriusSubscriptions(),
    }),
  });
}
