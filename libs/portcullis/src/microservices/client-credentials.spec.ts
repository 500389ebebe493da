import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortcullisConfigError } from '../errors/portcullis-config.error';
import { ClientCredentialsError, ClientCredentialsToken } from './client-credentials';

describe('ClientCredentialsToken', () => {
  let server: Server;
  let endpoint: string;
  let answer: { status: number; body: string };
  let seen: { authorization?: string; body: string }[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ authorization: req.headers.authorization, body });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  beforeEach(() => {
    seen = [];
    answer = { status: 200, body: '{"access_token":"abc","expires_in":300}' };
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const token = (options: object = {}) =>
    new ClientCredentialsToken({
      tokenEndpoint: endpoint,
      clientId: 'svc',
      clientSecret: 'a b',
      ...options,
    });

  it('sends the grant, the scopes and audience asked for, the secret with Basic (form-encoded)', async () => {
    expect(await token({ scope: ['read:a', 'read:b'], audience: 'https://api' }).get()).toBe('abc');
    expect(seen).toEqual([
      {
        authorization: `Basic ${Buffer.from('svc:a+b').toString('base64')}`,
        body: 'grant_type=client_credentials&scope=read%3Aa+read%3Ab&audience=https%3A%2F%2Fapi',
      },
    ]);
  });

  it.each<[string, { status: number; body: string }, string]>([
    ['a refusal', { status: 401, body: '{"error":"invalid_client"}' }, 'answered 401'],
    ['no JSON', { status: 200, body: '<html>' }, 'did not answer JSON'],
    ['no token', { status: 200, body: '{"token_type":"Bearer"}' }, 'sent no access_token'],
  ])(
    '%s: a ClientCredentialsError naming the endpoint, never the secret',
    async (_, reply, says) => {
      answer = reply;
      const error = (await token({ clientSecret: 'hunter2' })
        .get()
        .catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(ClientCredentialsError);
      expect(error.message).toBe(`${endpoint} ${says}`);
      expect(error.message).not.toContain('hunter2');
    },
  );

  it('a token without expires_in is not kept', async () => {
    answer = { status: 200, body: '{"access_token":"abc"}' };
    const held = token();
    await held.get();
    await held.get();
    expect(seen).toHaveLength(2);
  });

  it('an unreachable endpoint: no answer', async () => {
    const error = await token({ tokenEndpoint: 'http://127.0.0.1:1/token' })
      .get()
      .catch((e: unknown) => e);
    expect(error).toEqual(new ClientCredentialsError('http://127.0.0.1:1/token: no answer'));
  });

  it.each<[string, object]>([
    ['an empty clientId', { clientId: '' }],
    ['a missing secret', { clientSecret: undefined }],
    ['an endpoint that is not http(s)', { tokenEndpoint: 'file:///etc/passwd' }],
  ])('%s is refused at construction', (_, options) => {
    expect(() => token(options)).toThrow(PortcullisConfigError);
  });
});
