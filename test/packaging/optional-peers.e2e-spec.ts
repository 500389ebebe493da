import type * as NestCommon from '@nestjs/common';
import type * as NestTesting from '@nestjs/testing';
import type * as Portcullis from 'nest-portcullis';
import type * as PortcullisTesting from 'nest-portcullis/testing';
import request from 'supertest';

/**
 * What each integration's app installs; an HTTP-only app installs none of them. (The
 * packed tarball is checked the same way by `.ci/pack-check.sh`, in a scratch app that
 * installs none.)
 */
const OPTIONAL_PACKAGES = {
  graphql: [
    'graphql',
    'graphql-ws',
    '@nestjs/graphql',
    '@nestjs/apollo',
    '@apollo/server',
    '@as-integrations/express5',
    '@nestjs/mercurius',
    'mercurius',
  ],
  websockets: [
    '@nestjs/websockets',
    '@nestjs/platform-socket.io',
    '@nestjs/platform-ws',
    'socket.io',
    'ws',
  ],
  microservices: ['@nestjs/microservices', '@grpc/grpc-js', '@grpc/proto-loader'],
  openapi: ['@nestjs/swagger'],
};
const ALL = Object.values(OPTIONAL_PACKAGES).flat();

interface Loaded {
  common: typeof NestCommon;
  testing: typeof NestTesting;
  portcullis: typeof Portcullis;
  kit: typeof PortcullisTesting;
  /** What loading each subpath export threw in that registry (`undefined`: it loaded). */
  subpaths: Record<string, unknown>;
}

const SUBPATHS = [
  'nest-portcullis/websockets',
  'nest-portcullis/websockets/socket.io',
  'nest-portcullis/websockets/ws',
  'nest-portcullis/microservices',
  'nest-portcullis/openapi',
];

/**
 * The library, its testing kit and Nest, loaded in a fresh module registry where every
 * optional package throws as a missing one would: anything the main entry loads of them
 * fails the test.
 */
function loadWithoutOptionalPackages(): Loaded {
  for (const name of ALL) {
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
    // The control: in this registry, no optional package can be loaded.
    for (const name of ALL) expect(() => require(name)).toThrow('not installed');
    const base = {
      common: require('@nestjs/common'),
      testing: require('@nestjs/testing'),
      portcullis: require('nest-portcullis'),
      kit: require('nest-portcullis/testing'),
    };
    const subpaths: Record<string, unknown> = {};
    for (const subpath of SUBPATHS) {
      try {
        require(subpath);
        subpaths[subpath] = undefined;
      } catch (error) {
        subpaths[subpath] = error;
      }
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
    loaded = { ...base, subpaths };
  });
  return loaded as Loaded;
}

describe('an HTTP-only app, with no optional package installed', () => {
  afterAll(() => {
    for (const name of ALL) jest.dontMock(name);
  });

  it('loads the whole main entry (GraphQL exports included) and guards its routes; only the subpaths of an integration need its packages', async () => {
    const { common, testing, portcullis, kit, subpaths } = loadWithoutOptionalPackages();
    // The GraphQL integration reads GraphQL's arguments by position: no package needed.
    expect(typeof portcullis.PortcullisGraphQLModule.forRoot).toBe('function');
    const missing = (subpath: string) => String(subpaths[subpath]);
    expect(missing('nest-portcullis/websockets')).toContain(
      "Cannot find module '@nestjs/websockets'",
    );
    expect(missing('nest-portcullis/websockets/socket.io')).toMatch(
      /Cannot find module '(@nestjs\/websockets|@nestjs\/platform-socket\.io)'/,
    );
    expect(missing('nest-portcullis/websockets/ws')).toMatch(
      /Cannot find module '(@nestjs\/websockets|@nestjs\/platform-ws)'/,
    );
    expect(missing('nest-portcullis/microservices')).toContain(
      "Cannot find module '@nestjs/microservices'",
    );
    // The OpenAPI helper names @nestjs/swagger's types only: it loads without it.
    expect(subpaths['nest-portcullis/openapi']).toBeUndefined();

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
