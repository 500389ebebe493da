import { Controller, Post } from '@nestjs/common';
import { Public } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { userToken } from '../policy/support/policy-app';
import {
  DRIVERS,
  startGraphQL,
  type GraphQLApp,
  type GraphQLScenario,
} from './support/graphql-app';

/**
 * The whole-operation check (`PortcullisGraphQLModule`: 401 for an invalid token, 400 for a
 * malformed header, before GraphQL parses anything) runs wherever the GraphQL server
 * answers: under an app's global prefix or beside it, and on a path of the app's choosing,
 * read from GraphQL's own options or given to `PortcullisGraphQLModule.forRoot`.
 */
const SERVED: Array<[string, GraphQLScenario, string]> = [
  ['beside a global prefix (useGlobalPrefix off)', { globalPrefix: 'api' }, '/graphql'],
  [
    'under the global prefix (useGlobalPrefix on)',
    { globalPrefix: 'api', useGlobalPrefix: true },
    '/api/graphql',
  ],
  ['on a path of its own, read from GraphQLModule', { path: '/gql' }, '/gql'],
  ['on a path of its own, given to forRoot too', { path: '/gql', portcullisPath: 'gql' }, '/gql'],
  [
    'on a path of its own under the global prefix',
    { path: 'gql', globalPrefix: 'v1', useGlobalPrefix: true },
    '/v1/gql',
  ],
];

/** A REST route at `/<prefix>/graphql`, beside a GraphQL served at `/graphql`. */
@Controller('graphql')
class NotGraphQLController {
  @Public()
  @Post()
  answer(): { rest: true } {
    return { rest: true };
  }
}

describe.each(DRIVERS)('GraphQL operation check on %s', (driver) => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(async () => {
    await issuer.stop();
  });

  describe.each(SERVED)('served %s', (_name, scenario, url) => {
    let gql: GraphQLApp;

    beforeAll(async () => {
      gql = await startGraphQL(driver, issuer, {}, scenario);
    });
    afterAll(async () => {
      await gql.app.close();
    });

    const post = (authorization: string) =>
      request(gql.app.getHttpServer())
        .post(url)
        .set('Authorization', authorization)
        .send({ query: '{ health me }' });

    it('an invalid token refuses the whole operation: 401, the challenge, one error', async () => {
      const response = await post('Bearer abc.def.ghi');
      expect([response.status, response.headers['www-authenticate']]).toEqual([
        401,
        expect.stringMatching(/^Bearer .*error="invalid_token"/),
      ]);
      expect(response.body).toEqual({
        errors: [
          {
            message: expect.any(String),
            extensions: { code: 'UNAUTHENTICATED', portcullis: 'PORTCULLIS_INVALID_TOKEN' },
          },
        ],
      });
    });

    it('a malformed header is a 400 for the whole operation', async () => {
      const response = await post('Bearer a b');
      expect([response.status, response.headers['www-authenticate']]).toEqual([
        400,
        expect.stringMatching(/error="invalid_request"/),
      ]);
      expect(response.body.data).toBeUndefined();
    });

    it('a valid token answers the operation', async () => {
      const response = await post(`Bearer ${userToken(issuer, '1234', { scope: 'read:users' })}`);
      expect([response.status, response.body]).toEqual([
        200,
        { data: { health: 'ok', me: '1234' } },
      ]);
    });
  });
});

describe.each(DRIVERS)('GraphQL operation check on %s, beside REST routes', (driver) => {
  let issuer: TestIssuer;
  let gql: GraphQLApp;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gql = await startGraphQL(
      driver,
      issuer,
      {},
      { globalPrefix: 'api', controllers: [NotGraphQLController] },
    );
  });
  afterAll(async () => {
    await gql.app.close();
    await issuer.stop();
  });

  it('leaves a REST route at the prefixed path to its own guard (no GraphQL-shaped 401)', async () => {
    const response = await request(gql.app.getHttpServer())
      .post('/api/graphql')
      .set('Authorization', 'Bearer abc.def.ghi')
      .send({ query: '{ health }' });
    expect([response.status, response.body]).toEqual([201, { rest: true }]);
  });

  it('still checks the operation at GraphQL own URL', async () => {
    const response = await request(gql.app.getHttpServer())
      .post('/graphql')
      .set('Authorization', 'Bearer abc.def.ghi')
      .send({ query: '{ health }' });
    expect([response.status, response.body.errors?.[0]?.extensions?.portcullis]).toEqual([
      401,
      'PORTCULLIS_INVALID_TOKEN',
    ]);
  });
});
