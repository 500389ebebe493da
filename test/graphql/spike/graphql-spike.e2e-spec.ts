import { Logger, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApollo } from './spike-apollo';
import { seen } from './spike-guard';
import { startMercurius } from './spike-mercurius';
import { events, ITEM_ADDED, publish, store } from './spike-resolvers';
import { startSchemaFirst } from './spike-schema-first';
import { connect, subscribe, until } from './spike-ws-client';

/**
 * GraphQL groundwork for issue 10: each mechanism the library's GraphQL context will
 * need, proven on real apps (Apollo + Express, Mercurius + Fastify) over real HTTP and
 * a real graphql-ws client. The guard and token table are the spike's own.
 */
const DRIVERS = [
  // The last flag: does unsubscribing return() the resolver's iterator at once? Mercurius
  // wraps it in an async generator (its withFilter), which only sees the return() at its
  // next `yield`: when an event that passes the subscriber's filter arrives.
  ['apollo + express', startApollo, true],
  ['mercurius + fastify', startMercurius, false],
] as const;

const INVALID = {
  errors: [
    {
      message: 'The access token is invalid',
      extensions: { code: 'UNAUTHENTICATED', portcullis: 'PORTCULLIS_INVALID_TOKEN' },
    },
  ],
};
const MALFORMED = {
  errors: [
    {
      message: 'The Authorization header is malformed',
      extensions: { code: 'BAD_REQUEST', portcullis: 'PORTCULLIS_INVALID_REQUEST' },
    },
  ],
};
const scopeError = (path: Array<string | number>, scope: string, line = 1, column: number) => ({
  message: 'The access token lacks a required scope',
  locations: [{ line, column }],
  path,
  extensions: { code: 'FORBIDDEN', portcullis: 'PORTCULLIS_INSUFFICIENT_SCOPE', scope },
});
const notFound = (path: Array<string | number>, column: number) => ({
  message: 'The resource does not exist',
  locations: [{ line: 1, column }],
  path,
  extensions: { code: 'NOT_FOUND', portcullis: 'PORTCULLIS_NOT_FOUND' },
});

describe.each(DRIVERS)('GraphQL spike on %s', (driver, start, returnsAtOnce) => {
  let app: INestApplication;
  let port: number;
  const errorLogs: string[] = [];

  beforeAll(async () => {
    ({ app, port } = await start());
    // Nest's ExternalExceptionFilter logs through the static Logger: capture errors only.
    const quiet = () => undefined;
    Logger.overrideLogger({
      error: (message: unknown) => errorLogs.push(String(message)),
      log: quiet,
      warn: quiet,
      debug: quiet,
      verbose: quiet,
      fatal: quiet,
    });
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    seen.length = 0;
    errorLogs.length = 0;
    store.clear();
    store.set('own-alice-1', { id: 'own-alice-1', name: 'one' });
    store.set('own-bob-1', { id: 'own-bob-1', name: 'bob one' });
  });

  const post = (body: unknown, authorization?: string) => {
    const req = request(`http://127.0.0.1:${port}`)
      .post('/graphql')
      .send(body as object);
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  describe('a. what a guard reads from GqlExecutionContext', () => {
    it('query and field resolver: type, request, args, info', async () => {
      const res = await post(
        { query: '{ item(id: "own-alice-1") { id secret } }' },
        'Bearer alice',
      );

      expect(res.body).toEqual({
        data: { item: { id: 'own-alice-1', secret: 'secret of own-alice-1' } },
      });
      const common = { type: 'graphql', operation: 'query', authorization: 'Bearer alice' };
      expect(seen).toEqual([
        {
          ...common,
          field: 'item',
          parentType: 'Query',
          path: 'item',
          args: { id: 'own-alice-1' },
          sub: 'alice',
          requestFrom: 'req',
        },
        {
          ...common,
          field: 'secret',
          parentType: 'Item',
          path: 'item.secret',
          args: {},
          sub: 'alice',
          requestFrom: 'req',
        },
      ]);
    });

    it('mutation', async () => {
      const res = await post(
        { query: 'mutation { rename(id: "own-alice-1", name: "new") { id name } }' },
        'Bearer alice',
      );

      expect(res.body).toEqual({ data: { rename: { id: 'own-alice-1', name: 'new' } } });
      expect(seen).toMatchObject([
        {
          type: 'graphql',
          operation: 'mutation',
          field: 'rename',
          parentType: 'Mutation',
          args: { id: 'own-alice-1', name: 'new' },
        },
      ]);
    });
  });

  describe('b. a present but unusable credential refuses the whole operation', () => {
    it.each([
      ['an invalid token', 'Bearer nobody', 401, 'Bearer error="invalid_token"', INVALID],
      ['a malformed header', 'Bearer a b', 400, 'Bearer error="invalid_request"', MALFORMED],
    ])(
      '%s, even for public fields and an unparsable query',
      async (_, header, status, challenge, body) => {
        for (const query of [
          '{ health }',
          '{ health',
          'mutation { rename(id: "own-alice-1", name: "x") { id } }',
        ]) {
          const res = await post({ query }, header);

          expect([res.status, res.headers['www-authenticate'], res.body]).toEqual([
            status,
            challenge,
            body,
          ]);
        }
        expect(seen).toEqual([]);
        expect(store.get('own-alice-1')?.name).toBe('one');
      },
    );

    it('a batch and a GET as well', async () => {
      const batch = await post([{ query: '{ health }' }, { query: '{ health }' }], 'Bearer nobody');
      const get = await request(`http://127.0.0.1:${port}`)
        .get('/graphql?query=%7Bhealth%7D')
        .set('Authorization', 'Bearer nobody');

      expect([batch.status, batch.body]).toEqual([401, INVALID]);
      expect([get.status, get.body]).toEqual([401, INVALID]);
      expect(seen).toEqual([]);
    });
  });

  describe('c/f. refusals per field: null at the path, HTTP 200, the rest answers', () => {
    it('no token: public fields answer, the others are UNAUTHENTICATED', async () => {
      const res = await post({ query: '{ health me }' });

      expect([res.status, res.body]).toEqual([
        200,
        {
          data: { health: 'ok', me: null },
          errors: [
            {
              message: 'An access token is required',
              locations: [{ line: 1, column: 10 }],
              path: ['me'],
              extensions: { code: 'UNAUTHENTICATED', portcullis: 'PORTCULLIS_MISSING_TOKEN' },
            },
          ],
        },
      ]);
    });

    it('scope on a query and on a @ResolveField, NOT_FOUND on an alias', async () => {
      const res = await post(
        {
          query:
            '{ health admin item(id: "own-bob-1") { id name secret } other: item(id: "own-alice-1") { id } }',
        },
        'Bearer bob',
      );

      expect([res.status, res.body]).toEqual([
        200,
        {
          data: {
            health: 'ok',
            admin: null,
            item: { id: 'own-bob-1', name: 'bob one', secret: null },
            other: null,
          },
          errors: [
            scopeError(['admin'], 'admin', 1, 10),
            notFound(['other'], 57),
            scopeError(['item', 'secret'], 'read:secret', 1, 48),
          ],
        },
      ]);
      expect(errorLogs).toEqual([]);
    });

    it('a refused mutation changes nothing', async () => {
      const res = await post(
        { query: 'mutation { rename(id: "own-alice-1", name: "hacked") { id } }' },
        'Bearer bob',
      );

      expect(res.body).toEqual({
        data: { rename: null },
        errors: [scopeError(['rename'], 'write:items', 1, 12)],
      });
      expect(store.get('own-alice-1')?.name).toBe('one');
    });

    it('a GraphQLError thrown from a guard answers the same but Nest logs it as an error', async () => {
      const res = await post({ query: '{ adminGraphQLError }' }, 'Bearer bob');

      expect(res.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', scope: 'admin' });
      expect(errorLogs).toEqual(['The access token lacks a required scope']);
    });
  });

  describe('c. why not throw the HTTP exceptions: each driver mangles them', () => {
    it('Apollo maps 403 to FORBIDDEN but 404 to INTERNAL_SERVER_ERROR; Mercurius drops extensions', async () => {
      const res = await post({ query: '{ adminHttp ownedHttp(id: "x") }' }, 'Bearer bob');

      const at = (path: string, column: number, message: string) => ({
        message,
        locations: [{ line: 1, column }],
        path: [path],
      });
      const scope = at(
        'adminHttp',
        3,
        'The access token does not carry the scopes this operation needs.',
      );
      const missing = at('ownedHttp', 13, 'The resource does not exist.');
      const apollo = [
        {
          ...scope,
          extensions: {
            code: 'FORBIDDEN',
            originalError: {
              statusCode: 403,
              code: 'PORTCULLIS_INSUFFICIENT_SCOPE',
              message: scope.message,
            },
          },
        },
        {
          ...missing,
          extensions: {
            code: 'INTERNAL_SERVER_ERROR',
            status: 404,
            originalError: {
              statusCode: 404,
              code: 'PORTCULLIS_NOT_FOUND',
              message: missing.message,
            },
          },
        },
      ];
      expect([res.status, res.body.data]).toEqual([200, { adminHttp: null, ownedHttp: null }]);
      expect(res.body.errors).toEqual(driver.startsWith('apollo') ? apollo : [scope, missing]);
    });
  });

  describe('d. aliases and batches: the guard runs per field occurrence', () => {
    it('two aliases of one field are checked one by one', async () => {
      const res = await post(
        { query: '{ a: item(id: "own-alice-1") { id } b: item(id: "own-bob-1") { id } }' },
        'Bearer alice',
      );

      expect(res.body).toEqual({
        data: { a: { id: 'own-alice-1' }, b: null },
        errors: [notFound(['b'], 37)],
      });
      expect(seen.map((s) => [s.field, s.path, s.args])).toEqual([
        ['item', 'a', { id: 'own-alice-1' }],
        ['item', 'b', { id: 'own-bob-1' }],
      ]);
    });

    it('each operation of a batch is checked', async () => {
      const res = await post(
        [
          { query: '{ a: item(id: "own-alice-1") { id } }' },
          { query: '{ b: item(id: "own-bob-1") { id } }' },
        ],
        'Bearer alice',
      );

      expect([res.status, res.body]).toEqual([
        200,
        [
          { data: { a: { id: 'own-alice-1' } } },
          { data: { b: null }, errors: [notFound(['b'], 3)] },
        ],
      ]);
    });
  });

  describe('e. subscriptions over graphql-ws', () => {
    const ITEM_ADDED_QUERY = 'subscription { itemAdded { id name } }';

    /**
     * After the clients are gone the resolver's iterators end: at once on Apollo; on
     * Mercurius only when an event each closed subscriber would have received arrives
     * (one its filter refuses does not wake it).
     */
    const releasedListeners = async (owners: string[]) => {
      if (!returnsAtOnce) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const held = events.listenerCount(ITEM_ADDED);
        publish({ id: 'own-nobody-0', name: 'filtered out for everyone' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect([held, events.listenerCount(ITEM_ADDED)]).toEqual([owners.length, owners.length]);
        for (const owner of owners) publish({ id: `own-${owner}-0`, name: 'wakes it up' });
      }
      await until(() => events.listenerCount(ITEM_ADDED) === 0);
    };

    it.each([
      ['no token', {}],
      ['an invalid token', { authorization: 'Bearer nobody' }],
      ['a malformed value', { authorization: 'Bearer a b' }],
    ])('%s at connection_init closes with 4403', async (_, params) => {
      const { closed } = connect(port, params);

      expect(await closed).toEqual({ code: 4403, reason: 'Forbidden' });
    });

    it('the guard sees each start; events reach only their owner; a scope is checked', async () => {
      const alice = connect(port, { authorization: 'Bearer alice' });
      const bob = connect(port, { Authorization: 'Bearer bob' });
      const carol = connect(port, { authorization: 'Bearer carol' });
      const toAlice = subscribe(alice.client, ITEM_ADDED_QUERY);
      const toBob = subscribe(bob.client, ITEM_ADDED_QUERY);
      const toCarol = subscribe(carol.client, ITEM_ADDED_QUERY);
      await until(() => seen.length === 3 && events.listenerCount(ITEM_ADDED) === 2);

      publish({ id: 'own-bob-7', name: 'for bob' });
      publish({ id: 'own-alice-7', name: 'for alice' });
      publish({ id: 'own-carol-7', name: 'for carol' });
      await until(() => toAlice.next.length === 1 && toBob.next.length === 1);
      await toCarol.done;

      expect(toAlice.next).toEqual([
        { data: { itemAdded: { id: 'own-alice-7', name: 'for alice' } } },
      ]);
      expect(toBob.next).toEqual([{ data: { itemAdded: { id: 'own-bob-7', name: 'for bob' } } }]);
      // Apollo (graphql-ws server) sends the refused start as one `next` with errors, then
      // `complete`; Mercurius sends an `error` message: the client sees either.
      const carolErrors = [...toCarol.next, ...toCarol.errors].flatMap(
        (m) => (m as { errors?: unknown[] }).errors ?? m,
      );
      expect(carolErrors).toMatchObject([
        {
          message: 'The access token lacks a required scope',
          extensions: {
            code: 'FORBIDDEN',
            portcullis: 'PORTCULLIS_INSUFFICIENT_SCOPE',
            scope: 'read:items',
          },
        },
      ]);
      expect(seen.map((s) => [s.type, s.operation, s.field, s.parentType, s.sub]).sort()).toEqual([
        ['graphql', 'subscription', 'itemAdded', 'Subscription', 'alice'],
        ['graphql', 'subscription', 'itemAdded', 'Subscription', 'bob'],
        ['graphql', 'subscription', 'itemAdded', 'Subscription', 'carol'],
      ]);

      await Promise.all([alice.client.dispose(), bob.client.dispose(), carol.client.dispose()]);
      await releasedListeners(['alice', 'bob']);
    });

    it('the server closes the socket with 4403 when the token expires', async () => {
      const expiring = connect(port, { authorization: 'Bearer alice;500' });
      const received = subscribe(expiring.client, ITEM_ADDED_QUERY);
      await until(() => events.listenerCount(ITEM_ADDED) === 1);
      const started = Date.now();

      expect(await expiring.closed).toEqual({ code: 4403, reason: 'Forbidden' });
      expect(Date.now() - started).toBeLessThan(2_000);
      await received.done;
      await releasedListeners(['alice']);
    });
  });
});

describe('GraphQL spike, schema first on apollo + express, with the Apollo plugin refusal', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startSchemaFirst();
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (query: string, authorization: string) =>
    request(app.getHttpServer())
      .post('/graphql')
      .set('Authorization', authorization)
      .send({ query });

  it('the guard reads a schema-first resolver the same way', async () => {
    seen.length = 0;
    const res = await post('{ open guarded(id: "own-alice-1") }', 'Bearer bob');

    expect(res.body).toEqual({
      data: { open: 'open', guarded: null },
      errors: [notFound(['guarded'], 8)],
    });
    expect(seen.map((s) => [s.operation, s.field, s.parentType, s.args])).toEqual([
      ['query', 'open', 'Query', {}],
      ['query', 'guarded', 'Query', { id: 'own-alice-1' }],
    ]);
  });

  it('didResolveOperation refuses with 401 and the challenge, but only after parsing', async () => {
    const valid = await post('{ open }', 'Bearer nobody');
    const unparsable = await post('{ open', 'Bearer nobody');

    expect([valid.status, valid.headers['www-authenticate'], valid.body]).toEqual([
      401,
      'Bearer error="invalid_token"',
      INVALID,
    ]);
    expect([unparsable.status, unparsable.body.errors[0].extensions.code]).toEqual([
      400,
      'GRAPHQL_PARSE_FAILED',
    ]);
  });
});
