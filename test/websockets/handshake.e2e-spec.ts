import { TestIssuer } from 'nest-portcullis/testing';
import { userToken } from '../policy/support/policy-app';
import { collectUnhandledRejections } from './support/rejections';
import { connectClient, withToken, type Credentials, type GatewayClient } from './support/clients';
import { handlerRuns } from './support/gateways';
import { GATEWAY_MATRIX, startGatewayApp, type GatewayApp } from './support/gateway-app';

const CODE = {
  missing: 'PORTCULLIS_MISSING_TOKEN',
  invalidRequest: 'PORTCULLIS_INVALID_REQUEST',
  invalid: 'PORTCULLIS_INVALID_TOKEN',
  expired: 'PORTCULLIS_TOKEN_EXPIRED',
} as const;

describe.each(GATEWAY_MATRIX)('gateway handshake on %s (%s)', (wsPlatform, platform) => {
  let issuer: TestIssuer;
  let gateway: GatewayApp;
  const clients: GatewayClient[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gateway = await startGatewayApp(wsPlatform, platform, issuer, {
      ws: { authenticateTimeoutMs: 300 },
    });
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await gateway.app.close();
    await issuer.stop();
  });

  const connect = (credentials: Credentials): GatewayClient => {
    const client = connectClient(wsPlatform, gateway.port, credentials);
    clients.push(client);
    return client;
  };
  const token = () => userToken(issuer, '1234', { scope: 'read:notes' });

  it('admits a valid token; the connection answers as its caller', async () => {
    const client = connect(withToken(wsPlatform, token()));
    await expect(client.request('whoami')).resolves.toEqual({ sub: '1234' });
  });

  it.each<[string, (t: string) => Credentials, number, string]>([
    ['no token', () => ({}), 401, CODE.missing],
    [
      'a tampered token',
      (t) => ({ headers: { Authorization: `Bearer ${t}x` } }),
      401,
      CODE.invalid,
    ],
    [
      'two tokens in one header',
      (t) => ({ headers: { Authorization: `Bearer ${t}, Bearer ${t}` } }),
      400,
      CODE.invalidRequest,
    ],
    [
      'a malformed header',
      () => ({ headers: { Authorization: 'Bearer a b' } }),
      400,
      CODE.invalidRequest,
    ],
    [
      'a valid token in the query',
      (t) => ({ query: `?access_token=${t}` }),
      400,
      CODE.invalidRequest,
    ],
    [
      'a header and a token in the query',
      (t) => ({ headers: { Authorization: `Bearer ${t}` }, query: `?token=${t}` }),
      400,
      CODE.invalidRequest,
    ],
  ])('refuses %s', async (_name, credentialsOf, status, code) => {
    const client = connect(credentialsOf(token()));
    await expect(client.refusal).resolves.toEqual({ status, code });
  });

  it('refuses an expired token (401 PORTCULLIS_TOKEN_EXPIRED)', async () => {
    const expired = issuer.mintAccessToken({
      sub: '1234',
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const client = connect(withToken(wsPlatform, expired));
    await expect(client.refusal).resolves.toEqual({ status: 401, code: CODE.expired });
  });

  it('refuses a token just past its exp (within the clock tolerance HTTP allows): it would end at once', async () => {
    const justExpired = issuer.mintAccessToken({
      sub: '1234',
      exp: Math.floor(Date.now() / 1000) - 2,
    });
    const client = connect(withToken(wsPlatform, justExpired));
    await expect(client.refusal).resolves.toEqual({ status: 401, code: CODE.expired });
  });

  it('never runs a handler for a refused connection, even a public one', async () => {
    handlerRuns.length = 0;
    const client = connect({});
    client.send('ping');
    await expect(client.refusal).resolves.toEqual({ status: 401, code: CODE.missing });
    expect(handlerRuns).toEqual([]);
  });
});

describe.each(['express', 'fastify'] as const)('socket.io handshake values on %s', (platform) => {
  const rejections = collectUnhandledRejections();
  let issuer: TestIssuer;
  let gateway: GatewayApp;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gateway = await startGatewayApp('socket.io', platform, issuer);
  });
  afterAll(async () => {
    await gateway.app.close();
    await issuer.stop();
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ['a number', { token: 42 }, 400, CODE.invalidRequest],
    ['an object', { token: { __proto__: { a: 1 }, toString: 'x' } }, 400, CODE.invalidRequest],
    ['an array', { token: ['a', 'b'] }, 400, CODE.invalidRequest],
    ['an empty string', { token: '' }, 400, CODE.invalidRequest],
    ['a 100 KB string', { token: 'a'.repeat(100_000) }, 400, CODE.invalidRequest],
    ['spaces inside', { token: 'a b' }, 400, CODE.invalidRequest],
    ['a forged token', { token: 'abc.def.ghi' }, 401, CODE.invalid],
  ])('refuses auth.token as %s', async (_name, auth, status, code) => {
    const client = connectClient('socket.io', gateway.port, { auth });
    await expect(client.refusal).resolves.toEqual({ status, code });
    client.close();
  });

  it('accepts an Authorization header, and refuses it beside auth.token (400)', async () => {
    const token = userToken(issuer, '4567');
    const header = connectClient('socket.io', gateway.port, {
      headers: { Authorization: `Bearer ${token}` },
    });
    await expect(header.request('whoami')).resolves.toEqual({ sub: '4567' });
    const both = connectClient('socket.io', gateway.port, {
      auth: { token },
      headers: { Authorization: `Bearer ${token}` },
    });
    await expect(both.refusal).resolves.toEqual({ status: 400, code: CODE.invalidRequest });
    header.close();
    both.close();
  });

  it('left no unhandled rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rejections()).toEqual([]);
  });
});
