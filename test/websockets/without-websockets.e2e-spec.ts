import type * as NestCommon from '@nestjs/common';
import type * as NestTesting from '@nestjs/testing';
import type * as Portcullis from 'nest-portcullis';
import type * as PortcullisTesting from 'nest-portcullis/testing';
import request from 'supertest';

/** What a gateway app installs; an HTTP-only app installs none of them. */
const WEBSOCKET_PACKAGES = [
  '@nestjs/websockets',
  '@nestjs/platform-socket.io',
  '@nestjs/platform-ws',
  'socket.io',
  'ws',
];

interface Loaded {
  common: typeof NestCommon;
  testing: typeof NestTesting;
  portcullis: typeof Portcullis;
  kit: typeof PortcullisTesting;
  /** What loading `nest-portcullis/websockets` threw in that registry. */
  subpathError: unknown;
}

/**
 * The library, its testing kit and Nest, loaded in a fresh module registry where every
 * WebSocket package throws as a missing one would: anything that loads one fails the test.
 */
function loadWithoutWebSockets(): Loaded {
  for (const name of WEBSOCKET_PACKAGES) {
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
    // The control: in this registry, a WebSocket package cannot be loaded.
    expect(() => require('ws')).toThrow('not installed');
    const base = {
      common: require('@nestjs/common'),
      testing: require('@nestjs/testing'),
      portcullis: require('nest-portcullis'),
      kit: require('nest-portcullis/testing'),
    };
    let subpathError: unknown;
    try {
      require('nest-portcullis/websockets');
    } catch (error) {
      subpathError = error;
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
    loaded = { ...base, subpathError };
  });
  return loaded as Loaded;
}

describe('an HTTP-only app, with no WebSocket package installed', () => {
  afterAll(() => {
    for (const name of WEBSOCKET_PACKAGES) jest.dontMock(name);
  });

  it('loads the library and guards its routes; only the websockets subpath needs them', async () => {
    const { common, testing, portcullis, kit, subpathError } = loadWithoutWebSockets();
    expect(String(subpathError)).toContain("Cannot find module '@nestjs/websockets'");

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
