import { connect, subscribe, until, type WsConnection } from '../graphql/support/ws-client';
import { NoteEvents } from '../../src/notes/note-events';
import { PLATFORMS } from '../support/platforms';
import { DemoHarness, type CallerName } from './demo-harness';
import { postGraphQL } from './graphql-support';

const NOTE_CREATED = 'subscription { noteCreated { id ownerId text } }';

/** The notes a subscription received, in order. */
const notesOf = (next: unknown[]) =>
  next.map((result) => (result as { data: { noteCreated: unknown } }).data.noteCreated);

describe.each(PLATFORMS)('the demo noteCreated subscription on %s', (platform) => {
  let demo: DemoHarness;
  let port: number;
  const open: WsConnection[] = [];

  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
    await demo.app.listen(0, '127.0.0.1');
    port = (demo.app.getHttpServer().address() as { port: number }).port;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.client.dispose()));
    // A closed connection's subscriptions stop listening on Apollo. On Mercurius a filtered
    // one on the demo's own emitter keeps its listener until an event it may read arrives
    // (Mercurius's withFilter; see the README and test/graphql/mercurius-listeners).
    if (platform === 'express') await until(() => demo.app.get(NoteEvents).listening() === 0);
  });
  afterAll(() => demo.stop());
  beforeEach(() => demo.reset());

  const as = (caller: CallerName, scopes?: readonly string[]): WsConnection => {
    const connection = connect(port, {
      authorization: `Bearer ${demo.token(caller, scopes)}`,
    });
    open.push(connection);
    return connection;
  };
  const createOverGraphQL = async (caller: CallerName, text: string) => {
    const query = `mutation { createNote(input: { text: "${text}" }) { id } }`;
    const res = await postGraphQL(demo, { query }, { caller });
    expect(res.body.errors).toBeUndefined();
  };

  it('delivers each subscriber only the notes it may read, created over REST or GraphQL', async () => {
    const listeningBefore = demo.app.get(NoteEvents).listening();
    const alice = subscribe(as('alice').client, NOTE_CREATED);
    const admin = subscribe(as('carol').client, NOTE_CREATED);
    const support = subscribe(as('sam').client, NOTE_CREATED);
    // Subscriptions start asynchronously on the server (graphql-ws gives no "started" event).
    await until(() => demo.app.get(NoteEvents).listening() >= listeningBefore + 3);

    expect((await demo.send('post', '/notes', 'bob', { body: { text: 'b1' } })).status).toBe(201);
    expect((await demo.send('post', '/notes', 'alice', { body: { text: 'a1' } })).status).toBe(201);
    await createOverGraphQL('bob', 'b2');
    await createOverGraphQL('alice', 'a2');

    // Events reach each subscriber in order: once alice's last note is in, all were decided.
    await until(() => alice.next.length >= 2 && admin.next.length >= 4 && support.next.length >= 4);
    expect(notesOf(alice.next)).toEqual([
      { id: 'n4', ownerId: 'alice', text: 'a1' },
      { id: 'n6', ownerId: 'alice', text: 'a2' },
    ]);
    expect(notesOf(admin.next).map((n) => (n as { id: string }).id)).toEqual([
      'n3',
      'n4',
      'n5',
      'n6',
    ]);
    expect(notesOf(support.next)).toEqual(notesOf(admin.next));
    expect([alice.errors, admin.errors, support.errors]).toEqual([[], [], []]);
  });

  it('a token without read:notes connects, but the subscription is refused at start', async () => {
    const received = subscribe(as('carol', ['read:users', 'write:notes']).client, NOTE_CREATED);
    await received.done;
    // graphql-ws carries a refusal at start as an `error` message (Mercurius) or as a result
    // with errors and no data (Apollo): either way, no note, and the scope named.
    expect(received.next.map((n) => (n as { data?: unknown }).data ?? null)).toEqual(
      received.next.map(() => null),
    );
    const errors = [
      ...received.errors.flat(),
      ...received.next.flatMap((n) => (n as { errors?: unknown[] }).errors ?? []),
    ];
    expect(errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'FORBIDDEN',
          portcullis: 'PORTCULLIS_INSUFFICIENT_SCOPE',
          scope: 'read:notes',
        }),
      }),
    ]);
  });

  it('a client token (it reads no note) receives nothing', async () => {
    const listeningBefore = demo.app.get(NoteEvents).listening();
    const service = subscribe(as('service', ['read:notes']).client, NOTE_CREATED);
    const admin = subscribe(as('carol').client, NOTE_CREATED);
    await until(() => demo.app.get(NoteEvents).listening() >= listeningBefore + 2);
    await createOverGraphQL('alice', 'a1');
    await until(() => admin.next.length === 1);
    // The client's filter ran on the same event, before or while the admin's did.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(service.next).toEqual([]);
  });

  it('no token: the socket is closed with 4403', async () => {
    const connection = connect(port, {});
    open.push(connection);
    expect((await connection.closed).code).toBe(4403);
  });
});
