import { PortcullisConfigError } from 'nest-portcullis';
import { createServer, type AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { TestIssuer } from 'nest-portcullis/testing';
import { DEFAULT_WS_MAX_PAYLOAD, PortcullisWsAdapter } from 'nest-portcullis/websockets/ws';
import { userToken } from '../policy/support/policy-app';
import { CollectingLogger } from '../support/collecting-logger';
import { PLATFORMS } from '../support/platforms';
import { connectClient, withToken, type GatewayClient } from './support/clients';
import { startGatewayApp, type GatewayApp } from './support/gateway-app';
import { handlerRuns } from './support/gateways';

/** ws's close code for a message past `maxPayload` (RFC 6455 section 7.4.1: Message Too Big). */
const MESSAGE_TOO_BIG = 1009;
/** A text frame that is not UTF-8 (RFC 6455 section 7.4.1). */
const INVALID_FRAME_PAYLOAD_DATA = 1007;

/** A port nothing listens on: one the system handed out, then released. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The data that makes `{"event":"ping","data":"..."}` exactly `bytes` bytes long. */
const pingDataOf = (bytes: number): string =>
  'a'.repeat(bytes - JSON.stringify({ event: 'ping', data: '' }).length);

describe.each(PLATFORMS)('ws: the size of a message on %s', (platform) => {
  let issuer: TestIssuer;
  const clients: GatewayClient[] = [];
  const apps: GatewayApp[] = [];
  const logs = new CollectingLogger();

  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await Promise.all(apps.splice(0).map((gateway) => gateway.app.close()));
    logs.lines.length = 0;
    handlerRuns.length = 0;
  });
  afterAll(() => issuer.stop());

  const start = async (maxPayload?: number): Promise<GatewayApp> => {
    const ws = maxPayload === undefined ? {} : { maxPayload };
    const gateway = await startGatewayApp('ws', platform, issuer, { ws, logger: logs });
    apps.push(gateway);
    // What the app said at boot (a route audit's warning) is not the test's business.
    logs.lines.length = 0;
    return gateway;
  };
  const connect = (gateway: GatewayApp, first?: string): GatewayClient => {
    const token = userToken(issuer, '1234', { scope: 'read:notes' });
    const client = connectClient(
      'ws',
      gateway.port,
      first === undefined ? withToken('ws', token) : { first },
    );
    clients.push(client);
    return client;
  };
  /** A refused message is the client's doing: a debug line at most, never an error or a stack. */
  const expectQuietLogs = (): void => {
    expect(logs.problems()).toEqual([]);
    expect(logs.texts().join('\n')).not.toMatch(/\n\s+at /);
  };

  it(`closes 1009 on a message past ${DEFAULT_WS_MAX_PAYLOAD} bytes (1 MiB) before authentication`, async () => {
    const gateway = await start();
    const token = 'a'.repeat(2 * DEFAULT_WS_MAX_PAYLOAD);
    const client = connect(gateway, JSON.stringify({ type: 'authenticate', token }));
    await expect(client.ended).resolves.toMatchObject({ code: MESSAGE_TOO_BIG });
    expect(handlerRuns).toEqual([]);
    expectQuietLogs();
    expect(logs.texts().join('\n')).toMatch(/ws client error, connection closed: .*payload/i);
  });

  it('closes 1009 on a message past the bound after authentication; other clients go on', async () => {
    const gateway = await start();
    const other = connect(gateway);
    await expect(other.request('ping')).resolves.toBe('pong');
    const client = connect(gateway);
    await expect(client.request('ping')).resolves.toBe('pong');
    client.send('ping', 'a'.repeat(DEFAULT_WS_MAX_PAYLOAD));
    await expect(client.ended).resolves.toMatchObject({ code: MESSAGE_TOO_BIG });
    await expect(other.request('ping')).resolves.toBe('pong');
    expectQuietLogs();
  });

  it('a frame that breaks the protocol closes 1007, logged at debug level only', async () => {
    const gateway = await start();
    const token = userToken(issuer, '1234', { scope: 'read:notes' });
    const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/`, {
      headers: { authorization: `Bearer ${token}` },
    });
    socket.on('error', () => undefined);
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => socket.once('open', resolve));
    // A text frame must be UTF-8 (RFC 6455 section 8.1); 0xff never is.
    socket.send(Buffer.from([0x7b, 0xff, 0x7d]), { binary: false });
    await expect(closed).resolves.toBe(INVALID_FRAME_PAYLOAD_DATA);
    expectQuietLogs();
    expect(logs.texts().join('\n')).toMatch(/ws client error, connection closed: .*UTF-8/i);
  });

  it('reads a message of exactly the bound', async () => {
    const gateway = await start(4096);
    const client = connect(gateway);
    await expect(client.request('ping')).resolves.toBe('pong');
    handlerRuns.length = 0;
    client.send('ping', pingDataOf(4096));
    await expect(client.request('ping')).resolves.toBe('pong');
    // Both pings were handled, the 4,096-byte one first.
    expect(handlerRuns).toEqual(['ping', 'ping']);
    expectQuietLogs();
  });

  it('maxPayload sets the bound: one byte more closes 1009', async () => {
    const gateway = await start(4096);
    const client = connect(gateway);
    await expect(client.request('ping')).resolves.toBe('pong');
    client.send('ping', pingDataOf(4097));
    await expect(client.ended).resolves.toMatchObject({ code: MESSAGE_TOO_BIG });
    expectQuietLogs();
  });

  it("a gateway's own maxPayload wins over the adapter's", async () => {
    const gateway = await start();
    const adapter = new PortcullisWsAdapter(gateway.app, { maxPayload: 4096 });
    type Server = { options: { maxPayload: number }; close(done: () => void): void };
    // A port of its own: the gateway's `@WebSocketGateway(port, options)`.
    const servers: Server[] = [];
    for (const options of [{ maxPayload: 100 }, {}]) {
      servers.push(adapter.create(await freePort(), options) as Server);
    }
    try {
      expect(servers.map((server) => server.options.maxPayload)).toEqual([100, 4096]);
    } finally {
      await Promise.all(servers.map((server) => new Promise<void>((r) => server.close(r))));
    }
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses maxPayload %p when the adapter is made',
    async (maxPayload) => {
      const gateway = await start();
      expect(() => new PortcullisWsAdapter(gateway.app, { maxPayload })).toThrow(
        new PortcullisConfigError(
          'PortcullisWsAdapter: maxPayload must be a whole number of bytes >= 1',
        ),
      );
    },
  );
});
