import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { PermissionStore } from '../policy/support/permission-store';
import { userToken } from '../policy/support/policy-app';
import { DRIVERS, startGraphQL, type GraphQLApp } from './support/graphql-app';

function errorsOf(body: { errors?: { path?: unknown; extensions?: unknown }[] }) {
  return (body.errors ?? []).map(({ path, extensions }) => ({ path, extensions }));
}

describe.each(DRIVERS)('GraphQL per-field BAD_REQUEST and SERVICE_UNAVAILABLE on %s', (driver) => {
  let issuer: TestIssuer;
  let gql: GraphQLApp;
  let store: PermissionStore;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gql = await startGraphQL(driver, issuer, {
      permissionsProvider: { useExisting: PermissionStore, ttlSeconds: 0 },
    });
    store = gql.app.get(PermissionStore);
  });
  afterAll(async () => {
    await gql.app.close();
    await issuer.stop();
  });
  afterEach(() => {
    store.failing = false;
  });

  const post = (body: object, token?: string) => {
    const test = request(gql.app.getHttpServer()).post('/graphql').send(body);
    return token === undefined ? test : test.set('Authorization', `Bearer ${token}`);
  };

  it('a token in the body is refused per field with BAD_REQUEST (header only, as REST)', async () => {
    const token = userToken(issuer, '1234', { scope: 'read:users' });
    const alone = await post({ query: '{ health me }', access_token: token });
    expect(alone.status).toBe(200);
    expect(alone.body.data).toEqual({ health: 'ok', me: null });
    expect(errorsOf(alone.body)).toEqual([
      {
        path: ['me'],
        extensions: { code: 'BAD_REQUEST', portcullis: 'PORTCULLIS_INVALID_REQUEST' },
      },
    ]);
    const twice = await post({ query: '{ me }', access_token: token }, token);
    expect(errorsOf(twice.body)).toEqual([
      {
        path: ['me'],
        extensions: { code: 'BAD_REQUEST', portcullis: 'PORTCULLIS_INVALID_REQUEST' },
      },
    ]);
  });

  it('permissions that cannot be had: SERVICE_UNAVAILABLE with retryAfter, public fields answer', async () => {
    store.failing = true;
    const token = userToken(issuer, '1234', { scope: 'read:users write:users' });
    const response = await post(
      { query: 'mutation { updateUser(id: "1234", input: { name: "X" }) { id } }' },
      token,
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ updateUser: null });
    expect(errorsOf(response.body)).toEqual([
      {
        path: ['updateUser'],
        extensions: {
          code: 'SERVICE_UNAVAILABLE',
          portcullis: 'PORTCULLIS_PERMISSIONS_UNAVAILABLE',
          retryAfter: expect.any(Number),
        },
      },
    ]);
    expect(gql.users.findById('1234')?.name).toBe('Ada');
    const publicField = await post({ query: '{ health }' }, token);
    expect(publicField.body).toEqual({ data: { health: 'ok' } });
  });
});

describe.each(DRIVERS)('GraphQL while the issuer is down, on %s', (driver) => {
  it('a key that cannot be had: each guarded field SERVICE_UNAVAILABLE, the rest answers', async () => {
    const issuer = await TestIssuer.start();
    // No cool-down, so that the unknown key is looked up at once.
    const gql = await startGraphQL(driver, issuer, { keys: { cooldownSeconds: 0 } });
    try {
      await issuer.simulateOutage('status500');
      const kid = issuer.addKey('RS256');
      const token = issuer.mintAccessToken({ sub: '1234', scope: 'write:users' }, { kid });
      const response = await request(gql.app.getHttpServer())
        .post('/graphql')
        .set('Authorization', `Bearer ${token}`)
        .send({
          query: 'mutation { a: __typename updateUser(id: "1234", input: { name: "X" }) { id } }',
        });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ a: 'Mutation', updateUser: null });
      expect(errorsOf(response.body)).toEqual([
        {
          path: ['updateUser'],
          extensions: {
            code: 'SERVICE_UNAVAILABLE',
            portcullis: 'PORTCULLIS_KEYS_UNAVAILABLE',
            retryAfter: expect.any(Number),
          },
        },
      ]);
      expect(gql.users.findById('1234')?.name).toBe('Ada');
    } finally {
      await issuer.restore();
      await gql.app.close();
      await issuer.stop();
    }
  });
});
