import type * as NestCommon from '@nestjs/common';
import type * as NestTesting from '@nestjs/testing';
import type * as Portcullis from 'nest-portcullis';
import type * as PortcullisTesting from 'nest-portcullis/testing';
import request from 'supertest';

/** What a GraphQL app installs; an HTTP-only app installs none of them. */
const GRAPHQL_PACKAGES = [
  'graphql',
  'graphql-ws',
  '@nestjs/graphql',
  '@nestjs/apollo',
  '@apollo/server',
  '@as-integrations/express5',
  '@nestjs/mercurius',
  'mercurius',
];

interface Loaded {
  common: typeof NestCommon;
  testing: typeof NestTesting;
  portcullis: typeof Portcullis;
  kit: typeof PortcullisTesting;
}

/**
 * The library, its testing kit and Nest, loaded in a fresh module registry where every
 * GraphQL package throws as a missing one would: anything that loads one fails the test.
 * (`.ci/pack-check.sh` checks the same on the packed tarball, in a scratch app that
 * installs none of them.)
 */
function loadWithoutGraphQL(): Loaded {
  for (const name of GRAPHQL_PACKAGES) {
    jest.doMock(
      name,
      () => {
        throw new Error(`Cannot find module '${name}' (not installed)`);
      },
      { virtual: true },
    );
  }
  let loaded: Loaded | undefined;
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports -- a fresh registry loads by require */
    // The control: in this registry, a GraphQL package cannot be loaded.
    expect(() => require('graphql')).toThrow('not installed');
    loaded = {
      common: require('@nestjs/common'),
      testing: require('@nestjs/testing'),
      portcullis: require('nest-portcullis'),
      kit: require('nest-portcullis/testing'),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return loaded as Loaded;
}

describe('an HTTP-only app, with no GraphQL package installed', () => {
  afterAll(() => {
    for (const name of GRAPHQL_PACKAGES) jest.dontMock(name);
  });

  it('loads the whole library (GraphQL exports included) and guards its routes', async () => {
    const { common, testing, portcullis, kit } = loadWithoutGraphQL();
    expect(typeof portcullis.PortcullisGraphQLModule.forRoot).toBe('function');

    @common.Controller()
    class OrdersController {
      @portcullis.Scopes('read:orders')
      @common.Get('orders')
      orders(): { ok: true } {
        return { ok: true };
      }
    }

    const issuer = await kit.TestIssuer.start();
    const moduleRef = await testing.Test.createTestingModule({
      imports: [issuer.module()],
      controllers: [OrdersController],
    }).compile();
    moduleRef.useLogger(false);
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      const server = app.getHttpServer();
      const anonymous = await request(server).get('/orders');
      expect([anonymous.status, anonymous.body.code]).toEqual([401, 'PORTCULLIS_MISSING_TOKEN']);
      const token = issuer.mintAccessToken({ sub: 'alice', scope: 'read:orders' });
      const allowed = await request(server).get('/orders').auth(token, { type: 'bearer' });
      expect([allowed.status, allowed.body]).toEqual([200, { ok: true }]);
    } finally {
      await app.close();
      await issuer.stop();
    }
  });
});
