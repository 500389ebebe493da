import { request as httpRequest } from 'node:http';
import { TestIssuer } from 'nest-portcullis/testing';
import { userToken } from '../policy/support/policy-app';
import { MAX_AUTHORIZATION_LENGTH } from '../support/raw-http';
import { DRIVERS, startGraphQL, type GraphQLApp } from './support/graphql-app';

interface Answer {
  status: number;
  challenge: string | undefined;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ path?: unknown; extensions?: Record<string, unknown> }>;
  };
}

/**
 * POSTs a GraphQL body with headers written as given (repeated names as separate lines),
 * through `node:http` itself: supertest would merge or refuse some of them.
 */
function postRaw(port: number, query: string, headers: Array<[string, string]>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/graphql' });
    // Names differing in case are one header for Node's client: each value on its own line.
    const byName = new Map<string, string[]>();
    for (const [name, value] of headers) {
      const key = name.toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), value]);
    }
    for (const [name, values] of byName) req.setHeader(name, values);
    req.setHeader('content-type', 'application/json');
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const challenge = res.headers['www-authenticate'];
        resolve({ status: res.statusCode ?? 0, challenge, body: text ? JSON.parse(text) : {} });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

const RENAME =
  'mutation { health: __typename updateUser(id: "1234", input: { name: "Eve" }) { id } }';
const codesOf = (answer: Answer) =>
  (answer.body.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.portcullis]);

describe.each(DRIVERS)('GraphQL under hostile Authorization headers on %s', (driver) => {
  let issuer: TestIssuer;
  let gql: GraphQLApp;
  let valid: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gql = await startGraphQL(driver, issuer);
    valid = userToken(issuer, '1234', { scope: 'read:users write:users' });
  });
  afterAll(async () => {
    await gql.app.close();
    await issuer.stop();
  });
  beforeEach(() => gql.users.reset());

  /** Whatever the header: never a 5xx, never INTERNAL_SERVER_ERROR, Ada's name unchanged. */
  const send = async (headers: Array<[string, string]>, query = RENAME) => {
    const answer = await postRaw(gql.port, query, headers);
    expect(answer.status).toBeLessThan(500);
    expect(JSON.stringify(answer.body)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(gql.users.findById('1234')?.name).toBe('Ada');
    return answer;
  };

  it('the control: one valid header renames Ada (the scheme in any case, as over REST)', async () => {
    const answer = await postRaw(gql.port, RENAME, [['authorization', `bEaReR ${valid}`]]);
    expect([answer.status, answer.body]).toEqual([
      200,
      { data: { health: 'Mutation', updateUser: { id: '1234' } } },
    ]);
    expect(gql.users.findById('1234')?.name).toBe('Eve');
  });

  it('two Authorization headers, even two valid ones: 400 for the whole operation', async () => {
    const answer = await send([
      ['authorization', `Bearer ${valid}`],
      ['Authorization', `Bearer ${valid}`],
    ]);
    expect([answer.status, answer.challenge, codesOf(answer)]).toEqual([
      400,
      expect.stringMatching(/^Bearer realm="api", error="invalid_request"/),
      [['BAD_REQUEST', 'PORTCULLIS_INVALID_REQUEST']],
    ]);
  });

  it.each([
    ['an empty Bearer', 'Bearer'],
    ['two tokens', `Bearer a.b.c d.e.f`],
    ['a character outside b64token', 'Bearer a.b.c\u00e4'],
  ])('%s: 400 for the whole operation', async (_name, value) => {
    const answer = await send([['authorization', value]]);
    expect([answer.status, codesOf(answer)]).toEqual([
      400,
      [['BAD_REQUEST', 'PORTCULLIS_INVALID_REQUEST']],
    ]);
  });

  it.each([
    ['of the longest size Node lets through', 'Bearer ' + 'a'.repeat(MAX_AUTHORIZATION_LENGTH - 7)],
    [
      'of three long segments',
      `Bearer ${'e'.repeat(3000)}.${'f'.repeat(3000)}.${'g'.repeat(3000)}`,
    ],
  ])('a token %s: 401 with the challenge', async (_name, value) => {
    const answer = await send([['authorization', value]]);
    expect([answer.status, answer.challenge, codesOf(answer)]).toEqual([
      401,
      expect.stringMatching(/error="invalid_token"/),
      [['UNAUTHENTICATED', 'PORTCULLIS_INVALID_TOKEN']],
    ]);
  });

  it.each([
    ['Basic', 'Basic'],
    ['none: the bare token', ''],
    ['a tab after Bearer', 'Bearer\t'],
  ])(
    'another scheme (%s) is no token: public fields answer, the others UNAUTHENTICATED',
    async (_name, scheme) => {
      // The valid token follows the scheme: read as a bearer token, it would rename Ada.
      const value = scheme === '' ? valid : `${scheme}${scheme.endsWith('\t') ? '' : ' '}${valid}`;
      const answer = await send([['authorization', value]]);
      expect([answer.status, answer.body.data, codesOf(answer)]).toEqual([
        200,
        { health: 'Mutation', updateUser: null },
        [['UNAUTHENTICATED', 'PORTCULLIS_MISSING_TOKEN']],
      ]);
    },
  );

  it('a valid token with its signature cut (alg none): 401 with the challenge', async () => {
    const unsigned = `Bearer ${valid.split('.').slice(0, 2).join('.')}.`;
    const answer = await send([['authorization', unsigned]]);
    expect([answer.status, codesOf(answer)]).toEqual([
      401,
      [['UNAUTHENTICATED', 'PORTCULLIS_INVALID_TOKEN']],
    ]);
  });

  it('a token that expired within the clock tolerance answers as over REST', async () => {
    const exp = Math.floor(Date.now() / 1000) - 2;
    const token = issuer.mintAccessToken({ sub: '1234', scope: 'read:users', exp });
    const answer = await send(
      [['authorization', `Bearer ${token}`]],
      '{ user(id: "1234") { id } }',
    );
    expect([answer.status, answer.body]).toEqual([200, { data: { user: { id: '1234' } } }]);
  });
});
