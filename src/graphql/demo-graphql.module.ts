import * as express5 from '@as-integrations/express5';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { loadPackage } from '@nestjs/common/utils/load-package.util.js';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { GraphQLError, parse } from 'graphql';
import { PortcullisGraphQL, PortcullisGraphQLModule } from 'nest-portcullis';

/**
 * The most tokens (names, punctuation, values) a GraphQL document sent to the demo may hold;
 * past it the server stops parsing and answers 400. graphql-js parses recursively and
 * neither server bounds a document: a query nested a few thousand levels (under 100 kB) ran
 * the parser out of stack, and the answer said so ("Maximum call stack size exceeded"). The
 * bound also caps how many fields one request asks (each alias runs the guard and its
 * loader). The demo's own queries use under 100 tokens.
 */
export const DEMO_MAX_GRAPHQL_TOKENS = 1000;

/**
 * graphql-ws's `onSubscribe` on Apollo: the subscription's document must parse within
 * {@link DEMO_MAX_GRAPHQL_TOKENS}, or the client gets an `error` message saying why. Left to
 * graphql-ws, a document that does not parse (a syntax error, or one nested past the stack)
 * is taken for the server's fault: the socket closes with 4500 and the stack is printed.
 * Answering nothing lets graphql-ws parse and validate the document as it always does.
 */
export function checkSubscriptionDocument(
  _context: unknown,
  _id: string,
  payload: { query: string },
): GraphQLError[] | undefined {
  try {
    parse(payload.query, { maxTokens: DEMO_MAX_GRAPHQL_TOKENS });
    return undefined;
  } catch (error) {
    return [
      error instanceof GraphQLError ? error : new GraphQLError('The document cannot be parsed.'),
    ];
  }
}

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

/** Portcullis's graphql-ws settings, plus {@link checkSubscriptionDocument}. */
function withDocumentCheck(subscriptions: ReturnType<PortcullisGraphQL['apolloSubscriptions']>) {
  return {
    'graphql-ws': { ...subscriptions['graphql-ws'], onSubscribe: checkSubscriptionDocument },
  };
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
          parseOptions: { maxTokens: DEMO_MAX_GRAPHQL_TOKENS },
          // Apollo adds stack traces to errors unless NODE_ENV is production or test: a
          // refusal must not show the server's files to the caller.
          includeStacktraceInErrorResponses: false,
          fieldResolverEnhancers: ['guards'],
          subscriptions: withDocumentCheck(portcullis.apolloSubscriptions()),
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
      graphql: { parseOptions: { maxTokens: DEMO_MAX_GRAPHQL_TOKENS } },
      ...(queryCache ? {} : { cache: false }),
      fieldResolverEnhancers: ['guards'],
      // A function: a plain object would be shared between requests.
      context: (request: unknown) => ({ req: request }),
      ...portcullis.mercuriusSubscriptions(),
    }),
  });
}
