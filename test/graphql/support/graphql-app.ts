import * as express5 from '@as-integrations/express5';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { INestApplication } from '@nestjs/common';
import { loadPackage } from '@nestjs/common/utils/load-package.util.js';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyRequest } from 'fastify';
import {
  PortcullisGraphQL,
  PortcullisGraphQLModule,
  type PortcullisOptions,
} from 'nest-portcullis';
import type { TestIssuer } from 'nest-portcullis/testing';
import { appPolicy } from '../../policy/support/app-policy';
import { NotesLoader, UsersLoader } from '../../policy/support/loaders';
import { PermissionStore } from '../../policy/support/permission-store';
import { NotesRepository, UsersRepository } from '../../policy/support/repositories';
import { AdminResolver, NotesResolver, UsersResolver } from './resolvers';

/** The GraphQL servers every scenario runs on, each on its HTTP platform. */
export const DRIVERS = ['apollo', 'mercurius'] as const;
export type Driver = (typeof DRIVERS)[number];

/** A started app and what the tests look at after a request. */
export interface GraphQLApp {
  app: INestApplication;
  port: number;
  users: UsersRepository;
  notes: NotesRepository;
}

/**
 * @nestjs/apollo loads the Express integration with `import()`, which Jest (swc with
 * `ignoreDynamic: true`) cannot run: seed Nest's package cache with it.
 */
async function preloadExpressIntegration(): Promise<void> {
  await loadPackage('@as-integrations/express5', 'test', () => Promise.resolve(express5));
}

/** What a scenario changes in the app: GraphQL's own options, extra resolvers. */
export interface GraphQLScenario {
  /** `false`: the GraphQL module without `fieldResolverEnhancers: ['guards']`. */
  guardFields?: boolean;
  resolvers?: Array<new (...args: never[]) => unknown>;
  /** Mercurius only: queries and mutations over the subscription socket too. */
  fullWsTransport?: boolean;
  /** `app.setGlobalPrefix(globalPrefix)` before the app starts. */
  globalPrefix?: string;
  /** GraphQL's own `path` and `useGlobalPrefix`. */
  path?: string;
  useGlobalPrefix?: boolean;
  /** The `path` given to `PortcullisGraphQLModule.forRoot` (none: it reads GraphQL's). */
  portcullisPath?: string;
  /** REST controllers beside GraphQL. */
  controllers?: Array<new (...args: never[]) => unknown>;
}

function graphqlModule(
  driver: Driver,
  { guardFields = true, fullWsTransport = false, path, useGlobalPrefix }: GraphQLScenario,
) {
  const fieldResolverEnhancers: Array<'guards'> = guardFields ? ['guards'] : [];
  const served = { ...(path === undefined ? {} : { path }), useGlobalPrefix };
  if (driver === 'apollo') {
    return GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [PortcullisGraphQL],
      useFactory: (portcullis: PortcullisGraphQL) => ({
        ...served,
        autoSchemaFile: true,
        allowBatchedHttpRequests: true,
        fieldResolverEnhancers,
        subscriptions: portcullis.apolloSubscriptions(),
      }),
    });
  }
  return GraphQLModule.forRootAsync<MercuriusDriverConfig>({
    driver: MercuriusDriver,
    inject: [PortcullisGraphQL],
    useFactory: (portcullis: PortcullisGraphQL) => ({
      ...served,
      autoSchemaFile: true,
      allowBatchedQueries: true,
      // Mercurius loads its query cache (ESM only) with `import()`, which Jest cannot run.
      cache: false,
      fieldResolverEnhancers,
      context: (request: FastifyRequest) => ({ req: request }),
      subscription: { ...portcullis.mercuriusSubscriptions().subscription, fullWsTransport },
    }),
  });
}

/** The users/notes app served over GraphQL, Apollo on Express or Mercurius on Fastify. */
export async function startGraphQL(
  driver: Driver,
  issuer: TestIssuer,
  overrides: Partial<PortcullisOptions> = {},
  scenario: GraphQLScenario = {},
): Promise<GraphQLApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      issuer.module({ policy: appPolicy, ...overrides }),
      PortcullisGraphQLModule.forRoot(
        scenario.portcullisPath === undefined ? {} : { path: scenario.portcullisPath },
      ),
      graphqlModule(driver, scenario),
    ],
    controllers: scenario.controllers ?? [],
    providers: [
      UsersRepository,
      NotesRepository,
      UsersLoader,
      NotesLoader,
      PermissionStore,
      UsersResolver,
      NotesResolver,
      AdminResolver,
      ...(scenario.resolvers ?? []),
    ],
  }).compile();
  moduleRef.useLogger(false);
  let app: INestApplication;
  if (driver === 'apollo') {
    await preloadExpressIntegration();
    app = moduleRef.createNestApplication();
  } else {
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  }
  if (scenario.globalPrefix !== undefined) app.setGlobalPrefix(scenario.globalPrefix);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    port: (app.getHttpServer().address() as { port: number }).port,
    users: app.get(UsersRepository),
    notes: app.get(NotesRepository),
  };
}
