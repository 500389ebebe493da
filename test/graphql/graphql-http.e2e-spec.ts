import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { userToken } from '../policy/support/policy-app';
import { DRIVERS, startGraphQL, type GraphQLApp } from './support/graphql-app';

/** POSTs a GraphQL body (one operation or a batch) to /graphql. */
function post(gql: GraphQLApp, body: object, authorization?: string) {
  const test = request(gql.app.getHttpServer()).post('/graphql').send(body);
  return authorization === undefined ? test : test.set('Authorization', authorization);
}

/** An error as the tests compare it: path and extensions (locations vary by query text). */
function errorsOf(body: { errors?: { path?: unknown; extensions?: unknown }[] }) {
  return (body.errors ?? []).map(({ path, extensions }) => ({ path, extensions }));
}

const forbiddenScope = (path: string[], scope: string) => ({
  path,
  extensions: { code: 'FORBIDDEN', portcullis: 'PORTCULLIS_INSUFFICIENT_SCOPE', scope },
});
const forbidden = (path: string[]) => ({
  path,
  extensions: { code: 'FORBIDDEN', portcullis: 'PORTCULLIS_FORBIDDEN' },
});
const notFound = (path: string[]) => ({
  path,
  extensions: { code: 'NOT_FOUND', portcullis: 'PORTCULLIS_NOT_FOUND' },
});

describe.each(DRIVERS)('GraphQL over HTTP on %s', (driver) => {
  let issuer: TestIssuer;
  let gql: GraphQLApp;
  let ada: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gql = await startGraphQL(driver, issuer);
    ada = `Bearer ${userToken(issuer, '1234', { scope: 'read:users write:users read:notes write:notes' })}`;
  });
  afterAll(async () => {
    await gql.app.close();
    await issuer.stop();
  });
  beforeEach(() => {
    gql.users.reset();
    gql.notes.reset();
  });

  it('no token: public fields resolve, every other one is null with UNAUTHENTICATED, 200', async () => {
    const response = await post(gql, { query: '{ health me ping }' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { health: 'ok', me: null, ping: 'pong' },
      errors: [
        {
          message: 'An access token is required',
          locations: [{ line: 1, column: 10 }],
          path: ['me'],
          extensions: { code: 'UNAUTHENTICATED', portcullis: 'PORTCULLIS_MISSING_TOKEN' },
        },
      ],
    });
  });

  it('an invalid token refuses the whole operation: 401, the REST challenge, one error', async () => {
    const response = await post(gql, { query: '{ health }' }, 'Bearer abc.def.ghi');
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    expect(response.body).toEqual({
      errors: [
        {
          message: expect.any(String),
          extensions: { code: 'UNAUTHENTICATED', portcullis: 'PORTCULLIS_INVALID_TOKEN' },
        },
      ],
    });
  });

  it('an expired token, and a batch with a bad token, are one 401 too', async () => {
    const expired = issuer.mintAccessToken({
      sub: '1234',
      exp: Math.floor(Date.now() / 1000) - 600,
    });
    const one = await post(gql, { query: '{ health }' }, `Bearer ${expired}`);
    expect([one.status, errorsOf(one.body)]).toEqual([
      401,
      [
        {
          path: undefined,
          extensions: { code: 'UNAUTHENTICATED', portcullis: 'PORTCULLIS_TOKEN_EXPIRED' },
        },
      ],
    ]);
    const batch = await post(gql, [{ query: '{ health }' }, { query: '{ ping }' }], 'Bearer x.y.z');
    expect([batch.status, Array.isArray(batch.body), batch.body.errors[0].extensions.code]).toEqual(
      [401, false, 'UNAUTHENTICATED'],
    );
  });

  it('a malformed Authorization header is a 400 for the whole operation', async () => {
    const response = await post(gql, { query: '{ health }' }, 'Bearer a b');
    expect(response.status).toBe(400);
    expect(response.headers['www-authenticate']).toMatch(/error="invalid_request"/);
    expect(errorsOf(response.body)).toEqual([
      {
        path: undefined,
        extensions: { code: 'BAD_REQUEST', portcullis: 'PORTCULLIS_INVALID_REQUEST' },
      },
    ]);
    const inQuery = await request(gql.app.getHttpServer())
      .post('/graphql?access_token=abc')
      .send({ query: '{ health }' });
    expect([inQuery.status, errorsOf(inQuery.body)[0].extensions]).toEqual([
      400,
      { code: 'BAD_REQUEST', portcullis: 'PORTCULLIS_INVALID_REQUEST' },
    ]);
  });

  it('per field: scopes, @Owns (404 hidden), @ResolveField, class-level scopes; the rest answers', async () => {
    const response = await post(
      gql,
      {
        query: '{ me user(id: "1234") { id name plan } other: user(id: "4567") { id } stats ping }',
      },
      ada,
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      me: '1234',
      user: { id: '1234', name: 'Ada', plan: null },
      other: null,
      stats: null,
      ping: 'pong',
    });
    expect(errorsOf(response.body)).toEqual(
      expect.arrayContaining([
        notFound(['other']),
        forbiddenScope(['stats'], 'admin'),
        forbiddenScope(['user', 'plan'], 'admin read:billing'),
      ]),
    );
    expect(response.body.errors).toHaveLength(3);
  });

  it('aliasing a field twice checks each occurrence with its own arguments', async () => {
    const response = await post(
      gql,
      {
        query:
          '{ a: user(id: "1234") { id } b: user(id: "4567") { id } c: user(id: "1234") { id } }',
      },
      ada,
    );
    expect(response.body.data).toEqual({ a: { id: '1234' }, b: null, c: { id: '1234' } });
    expect(errorsOf(response.body)).toEqual([notFound(['b'])]);
  });

  it('a batch checks each operation on its own', async () => {
    const response = await post(
      gql,
      [{ query: '{ a: user(id: "1234") { id } }' }, { query: '{ b: user(id: "4567") { id } }' }],
      ada,
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { data: { a: { id: '1234' } } },
      expect.objectContaining({ data: { b: null } }),
    ]);
    expect(errorsOf(response.body[1])).toEqual([notFound(['b'])]);
  });

  it('fragments go through the same checks', async () => {
    const response = await post(
      gql,
      { query: 'query { user(id: "1234") { ...U } } fragment U on User { id plan }' },
      ada,
    );
    expect(response.body.data).toEqual({ user: { id: '1234', plan: null } });
    expect(errorsOf(response.body)).toEqual([
      forbiddenScope(['user', 'plan'], 'admin read:billing'),
    ]);
  });

  it('a list resolves to the permitted items (@CurrentAbility + permittedItems)', async () => {
    const response = await post(gql, { query: '{ users { id } }' }, ada);
    expect(response.body).toEqual({ data: { users: [{ id: '1234' }] } });
    const admin = userToken(issuer, '9999', { scope: 'read:users', roles: ['admin'] });
    const all = await post(gql, { query: '{ users { id } }' }, `Bearer ${admin}`);
    expect(all.body.data.users).toHaveLength(4);
  });

  it('a mutation refused on a field of its input changes nothing', async () => {
    const refused = await post(
      gql,
      { query: 'mutation { updateUser(id: "1234", input: { plan: "pro" }) { id plan } }' },
      ada,
    );
    expect(refused.body.data).toEqual({ updateUser: null });
    expect(errorsOf(refused.body)).toEqual([forbidden(['updateUser'])]);
    expect(gql.users.findById('1234')?.plan).toBe('free');

    const other = await post(
      gql,
      { query: 'mutation { updateUser(id: "4567", input: { name: "Eve" }) { id } }' },
      ada,
    );
    expect(errorsOf(other.body)).toEqual([forbidden(['updateUser'])]);
    expect(gql.users.findById('4567')?.name).toBe('Grace');

    const allowed = await post(
      gql,
      { query: 'mutation { updateUser(id: "1234", input: { name: "Ada L." }) { id name } }' },
      ada,
    );
    expect(allowed.body).toEqual({ data: { updateUser: { id: '1234', name: 'Ada L.' } } });
    expect(gql.users.findById('1234')?.name).toBe('Ada L.');
  });

  it("@Owns with a named action: deleting another user's note is refused and deletes nothing", async () => {
    const refused = await post(gql, { query: 'mutation { deleteNote(id: "n2") }' }, ada);
    expect([refused.body.data, errorsOf(refused.body)]).toEqual([
      { deleteNote: null },
      [forbidden(['deleteNote'])],
    ]);
    expect(gql.notes.findById('n2')).toBeDefined();
    const own = await post(gql, { query: 'mutation { deleteNote(id: "n1") }' }, ada);
    expect(own.body).toEqual({ data: { deleteNote: true } });
    expect(gql.notes.findById('n1')).toBeUndefined();
  });

  it('@Can on a resolver (class scopes too): refused, then allowed for the admin role', async () => {
    const refused = await post(gql, { query: '{ billing }' }, ada);
    expect(errorsOf(refused.body)).toEqual([forbiddenScope(['billing'], 'admin')]);
    const admin = userToken(issuer, '9999', { scope: 'admin write:users', roles: ['admin'] });
    const allowed = await post(gql, { query: '{ billing stats }' }, `Bearer ${admin}`);
    expect(allowed.body).toEqual({ data: { billing: 'billing', stats: 'stats' } });
    const noPolicy = userToken(issuer, '9999', { scope: 'admin' });
    const denied = await post(gql, { query: '{ billing }' }, `Bearer ${noPolicy}`);
    expect(errorsOf(denied.body)).toEqual([forbidden(['billing'])]);
  });

  it("introspection is the app's choice: Portcullis does not hide the schema", async () => {
    const response = await post(gql, { query: '{ __schema { queryType { name } } }' });
    expect(response.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
