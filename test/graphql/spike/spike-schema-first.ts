import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Args, GraphQLModule, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { Need, SpikeGuard } from './spike-guard';
import { preloadExpressIntegration, refuseBadCredentials } from './spike-apollo';

const typeDefs = /* GraphQL */ `
  type Query {
    open: String!
    guarded(id: ID!): String
  }
`;

/** Schema first: the resolver names the type and field; the guard works the same. */
@Resolver('Query')
export class SchemaFirstResolver {
  @Query('open')
  @Need({ public: true })
  open(): string {
    return 'open';
  }

  @Query('guarded')
  @Need({ scope: 'read:items', ownerArg: 'id' })
  guarded(@Args('id') id: string): string {
    return `guarded ${id}`;
  }
}

/** Schema-first app on Apollo + Express. */
export async function startSchemaFirst(): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        typeDefs,
        fieldResolverEnhancers: ['guards'],
        plugins: [refuseBadCredentials],
      }),
    ],
    providers: [SchemaFirstResolver, { provide: APP_GUARD, useClass: SpikeGuard }],
  }).compile();
  moduleRef.useLogger(false);
  await preloadExpressIntegration();
  const app = moduleRef.createNestApplication();
  await app.init();
  return app;
}
