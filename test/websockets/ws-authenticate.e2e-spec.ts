import { TestIssuer } from 'nest-portcullis/testing';
import { userToken } from '../policy/support/policy-app';
import { PLATFORMS } from '../support/platforms';
import { collectUnhandledRejections } from './support/rejections';
import { connectClient, type Credentials, type GatewayClient } from './support/clients';
import { startGatewayApp, type GatewayApp } from './support/gateway-app';
import { handlerRuns } from './support/gateways';

const INVALID_REQUEST = { status: 400, code: 'PORTCULLIS_INVALID_REQUEST' };
const MISSING = { status: 401, code: 'PORTCULLIS_MISSING_TOKEN' };

describe.each(PLATFORMS)('ws: the authenticate message on %s', (platform) => {
  const rejections = collectUnhandledRejections();
  let issuer: TestIssuer;
  let gateway: GatewayApp;
  const clients: GatewayClient[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gateway = await startGatewayApp('ws', platform, issuer, {
      ws: { authenticateTimeoutMs: 400 },
      // An unknown key is fetched at once (the held-messages test waits on that fetch).
      portcullis: { keys: { cooldownSeconds: 0.1 } },
    });
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await gateway.app.close();
    await issuer.stop();
  });

  const connect = (credentials: Credentials): GatewayClient => {
    const client = connectClient('ws', gateway.port, credentials);
    clients.push(client);
    return client;
  };

  it('admits a first message {"type":"authenticate","token"}, answers "authenticated", then serves messages sent right after it', async () => {
    const token = userToken(issuer, '1234', { scope: 'read:notes' });
    const client = connect({ first: { type: 'authenticate', token } });
    // Sent before the server has verified the token: held, then handled in order.
    const answers = [client.request('whoami'), client.request('notes:count')];
    await expect(Promise.all(answers)).resolves.toEqual([{ sub: '1234' }, { count: 3 }]);
    expect(client.events[0]).toEqual({
      event: 'authenticated',
      data: { expiresAt: expect.any(Number) as number },
    });
  });

  it('closes 4401 when no authenticate message comes in time', async () => {
    const started = Date.now();
    const client = connect({});
    await expect(client.refusal).resolves.toEqual(MISSING);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it.each<[string, unknown, { status: number; code: string }]>([
    ['another message first (nothing else is accepted)', { event: 'ping' }, MISSING],
    [
      'a __proto__ carrying the type',
      '{"__proto__":{"type":"authenticate","token":"a.b.c"}}',
      MISSING,
    ],
    ['JSON that is not an object', '42', MISSING],
    ['text that is not JSON', 'authenticate please', INVALID_REQUEST],
    ['a binary frame', Buffer.from('{"type":"authenticate"}'), INVALID_REQUEST],
    [
      'a 1 MB message',
      JSON.stringify({ type: 'authenticate', token: 'a'.repeat(1_000_000) }),
      INVALID_REQUEST,
    ],
    ['a token that is a number', { type: 'authenticate', token: 42 }, INVALID_REQUEST],
    ['a token that is an object', { type: 'authenticate', token: { length: 1 } }, INVALID_REQUEST],
    ['no token', { type: 'authenticate' }, INVALID_REQUEST],
    [
      'a forged token',
      { type: 'authenticate', token: 'abc.def.ghi' },
      { status: 401, code: 'PORTCULLIS_INVALID_TOKEN' },
    ],
  ])('closes on %s', async (_name, first, refusal) => {
    handlerRuns.length = 0;
    const client = connect({ first });
    await expect(client.refusal).resolves.toEqual(refusal);
    expect(handlerRuns).toEqual([]);
  });

  it('refuses more than 32 messages held while the token is verified', async () => {
    // A key the app has not fetched yet: verifying waits for the JWKS, the messages do not.
    const kid = issuer.createKey('ES256', { current: false });
    const token = issuer.mintAccessToken({ sub: '1234' }, { kid });
    handlerRuns.length = 0;
    const client = connect({ first: { type: 'authenticate', token } });
    for (let i = 0; i < 40; i++) client.send('ping');
    await expect(client.refusal).resolves.toEqual(INVALID_REQUEST);
    expect(handlerRuns).toEqual([]);
  });

  it('left no unhandled rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rejections()).toEqual([]);
  });
});

describe.each([
  ['socket.io', 'express'],
  ['ws', 'fastify'],
] as const)('%s handshake when the keys cannot be had (%s)', (wsPlatform, platform) => {
  let issuer: TestIssuer;
  let gateway: GatewayApp;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    await issuer.simulateOutage('down', 'jwks');
    gateway = await startGatewayApp(wsPlatform, platform, issuer, {
      portcullis: { keys: { cooldownSeconds: 0.25, fetchTimeoutMs: 300 } },
    });
  });
  afterAll(async () => {
    await gateway.app.close();
    await issuer.stop();
  });

  it('refuses with 503 PORTCULLIS_KEYS_UNAVAILABLE (ws: close 4503)', async () => {
    const token = userToken(issuer, '1234');
    const credentials =
      wsPlatform === 'socket.io'
        ? { auth: { token } }
        : { headers: { Authorization: `Bearer ${token}` } };
    const client = connectClient(wsPlatform, gateway.port, credentials);
    await expect(client.refusal).resolves.toEqual({
      status: 503,
      code: 'PORTCULLIS_KEYS_UNAVAILABLE',
    });
    client.close();
  });
});
