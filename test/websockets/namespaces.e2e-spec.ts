import type { INestApplication } from '@nestjs/common';
import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Authenticated, CurrentPrincipal, Scopes, type Principal } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { PortcullisIoAdapter } from 'nest-portcullis/websockets/socket.io';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { userToken } from '../policy/support/policy-app';
import { PLATFORMS, startApp } from '../support/platforms';
import { withSocketModule } from './support/socket-module';

/** Which handlers ran, for "never ran" assertions. */
const runs: string[] = [];

interface NamespaceSocket {
  readonly nsp: { readonly name: string };
}

/** One gateway's handlers, on whichever namespace it serves. */
class NamespaceHandlers {
  @Authenticated()
  @SubscribeMessage('whoami')
  whoami(
    @CurrentPrincipal() principal: Principal,
    @ConnectedSocket() socket: NamespaceSocket,
  ): { sub: string; namespace: string } {
    runs.push(`whoami ${socket.nsp.name}`);
    return { sub: principal.sub, namespace: socket.nsp.name };
  }

  @Scopes('read:notes')
  @SubscribeMessage('notes:count')
  count(@ConnectedSocket() socket: NamespaceSocket): { count: number } {
    runs.push(`notes:count ${socket.nsp.name}`);
    return { count: 3 };
  }
}

/** A fixed namespace. */
@WebSocketGateway({ namespace: 'admin' })
class AdminGateway extends NamespaceHandlers {}

/** Dynamic namespaces: every `/tenant-<digits>` a client asks for is created on demand. */
@WebSocketGateway({ namespace: /^\/tenant-\d+$/ })
class TenantGateway extends NamespaceHandlers {}

const TIMEOUT_MS = 3_000;

describe.each(PLATFORMS)('socket.io namespaces, fixed and dynamic (%s)', (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let port: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await startApp(platform, {
      imports: [issuer.module()],
      providers: [AdminGateway, TenantGateway],
      configure: (created) => {
        withSocketModule(created);
        created.useWebSocketAdapter(new PortcullisIoAdapter(created));
      },
    });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  beforeEach(() => {
    runs.length = 0;
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  /** Connects to `namespace`; resolves with the socket, or the handshake's refusal. */
  function connect(
    namespace: string,
    auth: Record<string, unknown>,
  ): Promise<{ socket: Socket; refusal?: { status: unknown; code: unknown } }> {
    const socket = io(`http://127.0.0.1:${port}${namespace}`, {
      auth,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (error: Error & { data?: { status: unknown; code: unknown } }) =>
        resolve({ socket, refusal: { status: error.data?.status, code: error.data?.code } }),
      );
    });
  }

  const request = (socket: Socket, event: string): Promise<unknown> =>
    socket.timeout(TIMEOUT_MS).emitWithAck(event) as Promise<unknown>;

  describe.each(['/admin', '/tenant-7', '/tenant-12345'])('%s', (namespace) => {
    it('refuses a handshake without a token (401), and one with a tampered token', async () => {
      await expect(connect(namespace, {})).resolves.toMatchObject({
        refusal: { status: 401, code: 'PORTCULLIS_MISSING_TOKEN' },
      });
      const tampered = `${userToken(issuer, 'mallory', { scope: 'read:notes' })}x`;
      await expect(connect(namespace, { token: tampered })).resolves.toMatchObject({
        refusal: { status: 401, code: 'PORTCULLIS_INVALID_TOKEN' },
      });
      expect(runs).toEqual([]);
    });

    it('admits a valid token; messages answer as its caller, scopes checked', async () => {
      const { socket, refusal } = await connect(namespace, {
        token: userToken(issuer, 'alice', { scope: 'read:users' }),
      });
      expect(refusal).toBeUndefined();
      await expect(request(socket, 'whoami')).resolves.toEqual({ sub: 'alice', namespace });
      await expect(request(socket, 'notes:count')).resolves.toEqual({
        error: {
          status: 403,
          code: 'PORTCULLIS_INSUFFICIENT_SCOPE',
          message: expect.any(String) as string,
        },
      });
      expect(runs).toEqual([`whoami ${namespace}`]);

      const reader = await connect(namespace, {
        token: userToken(issuer, 'bob', { scope: 'read:notes' }),
      });
      await expect(request(reader.socket, 'notes:count')).resolves.toEqual({ count: 3 });
    });
  });

  it('the main namespace, which no gateway serves here, refuses a handshake without a token too', async () => {
    await expect(connect('/', {})).resolves.toMatchObject({
      refusal: { status: 401, code: 'PORTCULLIS_MISSING_TOKEN' },
    });
  });

  it('a namespace no gateway serves is refused by socket.io itself', async () => {
    const { refusal } = await connect('/tenant-x', {
      token: userToken(issuer, 'alice', { scope: 'read:notes' }),
    });
    expect(refusal).toEqual({ status: undefined, code: undefined });
    expect(runs).toEqual([]);
  });
});
