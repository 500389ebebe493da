import { Controller, HttpCode, Post, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { TestIssuer } from '../../testing';
import { Public } from '../decorators/public.decorator';
import { PortcullisGraphQLMiddleware } from './graphql-operation.middleware';
import { PortcullisGraphQLModule } from './portcullis-graphql.module';

/** How the stand-in check fails: an error thrown, or a promise rejected. */
type Failure = 'throws' | 'rejects';

const SECRET = 'internal detail: key cache row 42';

let reached = 0;

/** Stands in for the GraphQL server's route: the check is attached to routes at its URL. */
@Controller()
class GraphQLRouteStandIn {
  @Public()
  @Post('graphql')
  @HttpCode(200)
  answer(): { data: null } {
    reached += 1;
    return { data: null };
  }
}

/**
 * An operation check with a bug. The module hands an error the check did not settle to the
 * platform (Express's `next(err)`, Fastify's `done(err)`; a thrown one the platform catches),
 * where Nest's exception handling answers it like any unexpected error.
 */
function failingCheck(failure: Failure): Pick<PortcullisGraphQLMiddleware, 'check'> {
  return {
    check: () => {
      if (failure === 'throws') throw new Error(SECRET);
      return Promise.reject(new Error(SECRET));
    },
  };
}

describe.each(['express', 'fastify'] as const)('PortcullisGraphQLModule on %s', (platform) => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(async () => {
    await issuer.stop();
  });

  describe.each(['throws', 'rejects'] as const)('when the check itself %s', (failure) => {
    let app: INestApplication;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [issuer.module(), PortcullisGraphQLModule.forRoot({ path: 'graphql' })],
        controllers: [GraphQLRouteStandIn],
      })
        .overrideProvider(PortcullisGraphQLMiddleware)
        .useValue(failingCheck(failure))
        .compile();
      moduleRef.useLogger(false);
      app =
        platform === 'fastify'
          ? moduleRef.createNestApplication(new FastifyAdapter())
          : moduleRef.createNestApplication();
      await app.listen(0, '127.0.0.1');
    });
    afterAll(async () => {
      await app.close();
    });

    it("answers Nest's bare 500, never the error, and the operation does not run", async () => {
      reached = 0;
      const response = await request(app.getHttpServer())
        .post('/graphql')
        .set('Authorization', 'Bearer abc.def.ghi')
        .send({ query: '{ health }' });
      expect([response.status, response.headers['content-type'], response.body]).toEqual([
        500,
        'application/json; charset=utf-8',
        { statusCode: 500, message: 'Internal server error' },
      ]);
      expect(response.text).not.toContain('key cache');
      expect(reached).toBe(0);
    });
  });
});
