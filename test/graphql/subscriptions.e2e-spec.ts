import { TestIssuer } from 'nest-portcullis/testing';
import { userToken } from '../policy/support/policy-app';
import { DRIVERS, startGraphQL, type GraphQLApp } from './support/graphql-app';
import { noteEvents, publishNote } from './support/resolvers';
import { connect, subscribe, until } from './support/ws-client';

const NOTE_CREATED = 'subscription { noteCreated { id ownerId } }';

describe.each(DRIVERS)('GraphQL subscriptions over graphql-ws on %s', (driver) => {
  let issuer: TestIssuer;
  let gql: GraphQLApp;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gql = await startGraphQL(driver, issuer);
  });
  afterAll(async () => {
    await gql.app.close();
    await issuer.stop();
  });

  const bearer = (sub: string, scope: string, exp?: number) =>
    `Bearer ${exp === undefined ? userToken(issuer, sub, { scope }) : issuer.mintAccessToken({ sub, scope, exp })}`;

  it('delivers to each subscriber only the notes it could read by a query', async () => {
    const ada = connect(gql.port, { authorization: bearer('1234', 'read:notes') });
    const grace = connect(gql.port, { Authorization: bearer('4567', 'read:notes') });
    const forAda = subscribe(ada.client, NOTE_CREATED);
    const forGrace = subscribe(grace.client, NOTE_CREATED);
    await until(() => noteEvents.listenerCount('noteCreated') === 2);

    publishNote({ id: 'g1', ownerId: '4567', text: 'for Grace' });
    publishNote({ id: 'a1', ownerId: '1234', text: 'for Ada' });
    await until(() => forAda.next.length === 1 && forGrace.next.length === 1);
    // One more event each way: nothing unreadable slipped in between.
    publishNote({ id: 'a2', ownerId: '1234', text: 'for Ada' });
    await until(() => forAda.next.length === 2);

    expect(forAda.next).toEqual([
      { data: { noteCreated: { id: 'a1', ownerId: '1234' } } },
      { data: { noteCreated: { id: 'a2', ownerId: '1234' } } },
    ]);
    expect(forGrace.next).toEqual([{ data: { noteCreated: { id: 'g1', ownerId: '4567' } } }]);
    await ada.client.dispose();
    await grace.client.dispose();
  });

  it('checks the resolver requirements when a subscription starts (FORBIDDEN with the scope)', async () => {
    const carol = connect(gql.port, { authorization: bearer('4567', 'read:users') });
    const received = subscribe(carol.client, NOTE_CREATED);
    await received.done;
    const errors = [
      ...received.errors.flat(),
      ...received.next.flatMap((n) => (n as { errors?: unknown[] }).errors ?? []),
    ];
    expect(errors).toEqual([
      expect.objectContaining({
        extensions: {
          code: 'FORBIDDEN',
          portcullis: 'PORTCULLIS_INSUFFICIENT_SCOPE',
          scope: 'read:notes',
        },
      }),
    ]);
    expect(received.next.filter((n) => (n as { data?: unknown }).data)).toEqual([]);
    await carol.client.dispose();
  });

  it.each([
    ['no token', {}],
    ['an invalid token', { authorization: 'Bearer abc.def.ghi' }],
    ['a malformed value', { authorization: 'Bearer a b' }],
    ['a token in a header-like key only', { headers: { authorization: 'Bearer abc.def.ghi' } }],
  ])('closes a connection with %s: 4403', async (_name, params) => {
    const connection = connect(gql.port, params);
    await expect(connection.closed).resolves.toEqual({ code: 4403, reason: 'Forbidden' });
  });

  it('closes the socket with 4403 when the token expires', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const connection = connect(gql.port, { authorization: bearer('1234', 'read:notes', exp) });
    subscribe(connection.client, NOTE_CREATED);
    const started = Date.now();
    await expect(connection.closed).resolves.toEqual({ code: 4403, reason: 'Forbidden' });
    expect(Date.now() - started).toBeGreaterThan(500);
  }, 8_000);
});
