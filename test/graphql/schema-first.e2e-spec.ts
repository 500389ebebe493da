import * as express5 from '@as-integrations/express5';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { INestApplication } from '@nestjs/common';
import { loadPackage } from '@nestjs/common/utils/load-package.util.js';
import { Args, GraphQLModule, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  Owns,
  PortcullisGraphQLModule,
  Public,
  Resource,
  RouteAudit,
  Scopes,
} from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { appPolicy, type AppAbility, type Note } from '../policy/support/app-policy';
import { NotesLoader } from '../policy/support/loaders';
import { NotesRepository } from '../policy/support/repositories';
import { userToken } from '../policy/support/policy-app';
import { DRIVERS, type Driver } from './support/graphql-app';

const typeDefs = /* GraphQL */ `
  type Note {
    id: ID!
    ownerId: ID!
    text: String
  }
  type Query {
    health: String!
    note(id: ID!): Note
  }
`;

/** Schema first: the resolvers name the type and field; the decorators are the same. */
@Resolver('Query')
class QueryResolver {
  @Public()
  @Query('health')
  health(): string {
    return 'ok';
  }

  @Scopes('read:notes')
  @Owns<AppAbility>('Note', { hide: true })
  @Query('note')
  note(@Args('id') _id: string, @Resource() note: Note): Note {
    return note;
  }
}

@Resolver('Note')
class NoteFieldsResolver {
  @Scopes('read:text')
  @ResolveField('text')
  text(@Parent() note: Note): string {
    return note.text;
  }
}

async function start(driver: Driver, issuer: TestIssuer): Promise<INestApplication> {
  const gqlModule =
    driver === 'apollo'
      ? GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          typeDefs,
          fieldResolverEnhancers: ['guards'],
        })
      : GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          typeDefs,
          cache: false,
          fieldResolverEnhancers: ['guards'],
          context: (req: unknown) => ({ req }),
        });
  const moduleRef = await Test.createTestingModule({
    imports: [issuer.module({ policy: appPolicy }), PortcullisGraphQLModule.forRoot(), gqlModule],
    providers: [NotesRepository, NotesLoader, QueryResolver, NoteFieldsResolver],
  }).compile();
  moduleRef.useLogger(false);
  if (driver === 'mercurius') {
    const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  }
  await loadPackage('@as-integrations/express5', 'test', () => Promise.resolve(express5));
  const app = moduleRef.createNestApplication();
  await app.init();
  return app;
}

describe.each(DRIVERS)('schema-first GraphQL on %s', (driver) => {
  let issuer: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await start(driver, issuer);
  });
  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  it('checks the same decorators on schema-first resolvers, fields included', async () => {
    const token = userToken(issuer, '1234', { scope: 'read:notes' });
    const response = await request(app.getHttpServer())
      .post('/graphql')
      .set('Authorization', `Bearer ${token}`)
      .send({ query: '{ health note(id: "n1") { id text } other: note(id: "n2") { id } }' });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      health: 'ok',
      note: { id: 'n1', text: null },
      other: null,
    });
    const errors = (response.body.errors as { path: unknown; extensions: unknown }[]).map(
      ({ path, extensions }) => ({ path, extensions }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: ['other'], extensions: { code: 'NOT_FOUND', portcullis: 'PORTCULLIS_NOT_FOUND' } },
        {
          path: ['note', 'text'],
          extensions: {
            code: 'FORBIDDEN',
            portcullis: 'PORTCULLIS_INSUFFICIENT_SCOPE',
            scope: 'read:text',
          },
        },
      ]),
    );
    expect(errors).toHaveLength(2);
  });

  it('lists schema-first resolvers in the route audit', () => {
    const paths = app
      .get(RouteAudit)
      .routes()
      .map((route) => `${route.method} ${route.path}`);
    expect(paths).toEqual(['FIELD Note.text', 'QUERY Query.health', 'QUERY Query.note(:id)']);
  });
});
