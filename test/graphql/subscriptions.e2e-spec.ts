import { TestIssuer } from 'nest-portcullis/testing';
import { userToken } from '../policy/support/policy-app';
import { DRIVERS, startGraphQL, type GraphQLApp } from './support/graphql-app';
import { noteEvents, publishNote } from './support/resolvers';
import { connect, subscribe, until, type WsConnection } from './support/ws-client';

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

  // Each carries a valid token somewhere it must not be read from, or twice.
  const misplaced: Array<[string, (valid: string) => unknown]> = [
    ['in an array', (valid) => ({ authorization: [valid] })],
    ['in an object', (valid) => ({ authorization: { value: valid } })],
    ['as a number', () => ({ authorization: 42 })],
    ['under both keys', (valid) => ({ authorization: valid, Authorization: valid })],
    ['under another scheme', (valid) => ({ authorization: valid.replace('Bearer', 'Basic') })],
    ['of 200 kB', () => ({ authorization: `Bearer ${'a'.repeat(200_000)}` })],
    // An own `__proto__` key, as JSON.parse makes it.
    ['under __proto__', (valid) => JSON.parse(`{"__proto__":{"authorization":"${valid}"}}`)],
  ];
  it.each(misplaced)('refuses connection params with a token %s: 4403', async (name, paramsOf) => {
    const connection = connect(
      gql.port,
      paramsOf(bearer('1234', 'read:notes')) as Record<string, unknown>,
    );
    let acknowledged = false;
    void connection.acknowledged.then(() => (acknowledged = true));
    const closed = await connection.closed;
    // Mercurius refuses a `__proto__` key when it parses the message, before Portcullis sees
    // it: its error message has no id, and the client closes (4004).
    const code = driver === 'mercurius' && name === 'under __proto__' ? 4004 : 4403;
    expect([closed.code, acknowledged]).toEqual([code, false]);
  });

  it('closes with 4403 at expiry a connection with a subscription, and an idle one', async () => {
    // 2 to 3 s from now: time to connect on a loaded machine, no long sleep.
    const exp = Math.floor(Date.now() / 1000) + 3;
    const token = bearer('1234', 'read:notes', exp);
    const idle = connect(gql.port, { authorization: token });
    const active = connect(gql.port, { authorization: token });
    const listening = noteEvents.listenerCount('noteCreated');
    subscribe(active.client, NOTE_CREATED);
    await Promise.all([idle.acknowledged, active.acknowledged]);
    await until(() => noteEvents.listenerCount('noteCreated') === listening + 1);

    // Bounded: a connection still open well past its token's expiry fails the test.
    const stillOpen = new Promise<string>((resolve) =>
      setTimeout(() => resolve('still open'), exp * 1000 + 1_500 - Date.now()).unref(),
    );
    const closing = (c: WsConnection) =>
      Promise.race([c.closed.then((event) => ({ ...event, at: Date.now() })), stillOpen]);
    const [idleClosed, activeClosed] = await Promise.all([closing(idle), closing(active)]);
    for (const closed of [idleClosed, activeClosed]) {
      expect(closed).toEqual({ code: 4403, reason: 'Forbidden', at: expect.any(Number) });
      // Not before the token expired.
      expect((closed as { at: number }).at).toBeGreaterThanOrEqual(exp * 1000 - 20);
    }
  }, 8_000);
});
