import { TestIssuer } from './test-issuer';

/** The token endpoint's JSON answer, a token or an error. */
interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  error?: string;
}

describe("TestIssuer's token endpoint (client credentials)", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start({ issuerPath: '/realms/demo' });
    issuer.registerClient('svc', { clientSecret: 'a b:c', scope: 'read:notes write:notes' });
  });
  afterAll(() => issuer.stop());

  const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(issuer.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    }).then(async (response) => [response.status, (await response.json()) as TokenAnswer] as const);
  // RFC 6749 section 2.3.1: form-encoded, then Basic.
  const basic = `Basic ${Buffer.from('svc:a+b%3Ac').toString('base64')}`;

  it('issues a client token under the issuer path, with the scopes asked for', async () => {
    expect(issuer.tokenEndpoint).toBe(`${issuer.issuer}/oauth/token`);
    const [status, body] = await post(
      { grant_type: 'client_credentials', scope: 'read:notes' },
      { authorization: basic },
    );
    expect([status, body.token_type, body.expires_in, body.scope]).toEqual([
      200,
      'Bearer',
      300,
      'read:notes',
    ]);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
    expect([claims.sub, claims.client_id, claims.scope, claims.iss]).toEqual([
      'svc',
      'svc',
      'read:notes',
      issuer.issuer,
    ]);
  });

  it('takes the secret in the form too; every scope of the client when none is asked for', async () => {
    const [status, body] = await post({
      grant_type: 'client_credentials',
      client_id: 'svc',
      client_secret: 'a b:c',
    });
    expect([status, body.scope]).toEqual([200, 'read:notes write:notes']);
  });

  it.each<[string, Record<string, string>, Record<string, string>, number, string]>([
    [
      'a wrong secret',
      { grant_type: 'client_credentials', client_id: 'svc', client_secret: 'x' },
      {},
      401,
      'invalid_client',
    ],
    ['no credentials', { grant_type: 'client_credentials' }, {}, 401, 'invalid_client'],
    [
      'another grant',
      { grant_type: 'password' },
      { authorization: basic },
      400,
      'unsupported_grant_type',
    ],
    [
      'a scope not granted',
      { grant_type: 'client_credentials', scope: 'admin' },
      { authorization: basic },
      400,
      'invalid_scope',
    ],
  ])('%s', async (_, form, headers, status, error) => {
    expect(await post(form, headers)).toEqual([status, { error }]);
  });
});
