import { TestIssuer } from 'nest-portcullis/testing';
import { connectClient, withToken, type GatewayClient } from './support/clients';
import { startGatewayApp, type GatewayApp } from './support/gateway-app';

const EXPIRED = { status: 401, code: 'PORTCULLIS_TOKEN_EXPIRED', message: 'The token has expired' };

// Timers and messages only: the HTTP platform does not matter, each is run once.
describe.each([
  ['socket.io', 'express'],
  ['ws', 'fastify'],
] as const)('a connection token lifetime on %s (%s)', (wsPlatform, platform) => {
  let issuer: TestIssuer;
  let gateway: GatewayApp;
  const clients: GatewayClient[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gateway = await startGatewayApp(wsPlatform, platform, issuer);
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await gateway.app.close();
    await issuer.stop();
  });

  const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;
  const tokenFor = (sub: string, exp: number) =>
    issuer.mintAccessToken({ sub, scope: 'read:notes', exp });
  const connect = (token: string): GatewayClient => {
    const client = connectClient(wsPlatform, gateway.port, withToken(wsPlatform, token));
    clients.push(client);
    return client;
  };

  it('disconnects the client when its token expires (socket.io: exception then disconnect; ws: close 4401)', async () => {
    const client = connect(tokenFor('1234', inSeconds(2)));
    await expect(client.request('whoami')).resolves.toEqual({ sub: '1234' });
    const started = Date.now();
    const ended = await client.ended;
    expect(Date.now() - started).toBeGreaterThan(300);
    if (wsPlatform === 'socket.io') {
      expect(ended).toEqual({ code: 'io server disconnect', reason: 'PORTCULLIS_TOKEN_EXPIRED' });
      expect(client.exceptions).toEqual([EXPIRED]);
    } else {
      expect(ended).toEqual({ code: 4401, reason: 'PORTCULLIS_TOKEN_EXPIRED' });
    }
  }, 10_000);

  it('re-authenticates with a fresher token of the same caller; the connection outlives the first token', async () => {
    const client = connect(tokenFor('1234', inSeconds(2)));
    const expiresAt = inSeconds(300);
    await expect(client.authenticate(tokenFor('1234', expiresAt))).resolves.toEqual(
      wsPlatform === 'socket.io'
        ? { ok: true, expiresAt }
        : { event: 'authenticated', data: { expiresAt } },
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await expect(client.request('notes:count')).resolves.toEqual({ count: 3 });
  }, 10_000);

  it.each([
    [
      'a token of another caller',
      403,
      'PORTCULLIS_FORBIDDEN',
      () => tokenFor('4567', inSeconds(300)),
    ],
    ['a forged token', 401, 'PORTCULLIS_INVALID_TOKEN', () => 'abc.def.ghi'],
    ['a number', 400, 'PORTCULLIS_INVALID_REQUEST', () => 42],
  ])(
    'refuses a re-authentication with %s and keeps the connection as it was',
    async (_name, status, code, tokenOf) => {
      const client = connect(tokenFor('1234', inSeconds(300)));
      const error = { status, code, message: expect.any(String) as string };
      const answer = await client.authenticate(tokenOf());
      expect(answer).toEqual({ error });
      await expect(client.request('whoami')).resolves.toEqual({ sub: '1234' });
    },
  );
});
