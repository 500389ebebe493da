import type { AddressInfo } from 'node:net';
import { PortcullisIoAdapter } from 'nest-portcullis/websockets/socket.io';
import { io, type Socket } from 'socket.io-client';
import { withSocketModule } from '../websockets/support/socket-module';
import { DemoHarness, type CallerName } from './demo-harness';
import { postGraphQL } from './graphql-support';

const refusal = (status: number, code: string) => ({
  error: { status, code, message: expect.any(String) as string },
});

/** Polls until `condition` holds (events arrive asynchronously), for at most 2 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('the demo socket.io gateway', () => {
  let demo: DemoHarness;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    demo = await DemoHarness.start('express', {}, (app) => {
      withSocketModule(app);
      app.useWebSocketAdapter(new PortcullisIoAdapter(app));
    });
    await demo.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(demo.app.getHttpServer().address() as AddressInfo).port}`;
  });
  beforeEach(() => demo.reset());
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(() => demo.stop());

  const connect = (options: { token?: string; query?: string } = {}): Socket => {
    const socket = io(`${url}${options.query ?? ''}`, {
      auth: options.token === undefined ? {} : { token: options.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    return socket;
  };
  const as = (caller: CallerName, scopes?: readonly string[]) =>
    connect({ token: demo.token(caller, scopes) });
  const ask = (socket: Socket, event: string, data?: unknown) =>
    socket.timeout(3_000).emitWithAck(event, data) as Promise<unknown>;
  const connectError = (socket: Socket) =>
    new Promise((resolve) =>
      socket.once('connect_error', (error: Error & { data?: unknown }) => resolve(error.data)),
    );

  it('note:get answers as GET /notes/:id: the note, 403 for another owner, 404 for none', async () => {
    const alice = as('alice');
    await expect(ask(alice, 'note:get', { id: 'n1' })).resolves.toEqual({
      id: 'n1',
      ownerId: 'alice',
      text: 'Buy milk',
    });
    await expect(ask(alice, 'note:get', { id: 'n2' })).resolves.toEqual(
      refusal(403, 'PORTCULLIS_FORBIDDEN'),
    );
    await expect(ask(alice, 'note:get', { id: 'nope' })).resolves.toEqual(
      refusal(404, 'PORTCULLIS_NOT_FOUND'),
    );
    await expect(ask(as('sam'), 'note:get', { id: 'n2' })).resolves.toEqual(
      expect.objectContaining({ id: 'n2', ownerId: 'bob' }),
    );
  });

  it('notes:subscribe needs read:notes', async () => {
    await expect(ask(as('alice', ['read:users']), 'notes:subscribe')).resolves.toEqual(
      refusal(403, 'PORTCULLIS_INSUFFICIENT_SCOPE'),
    );
    await expect(ask(as('alice'), 'notes:subscribe')).resolves.toEqual({ ok: true });
  });

  it('emits note:created, for notes created over REST or GraphQL, only to the subscribers who may read them', async () => {
    const received = new Map<string, unknown[]>();
    const subscriber = async (caller: CallerName, scopes?: readonly string[]) => {
      const socket = as(caller, scopes);
      received.set(caller, []);
      socket.on('note:created', (note: { text: string }) => received.get(caller)?.push(note.text));
      await expect(ask(socket, 'notes:subscribe')).resolves.toEqual({ ok: true });
    };
    await Promise.all([subscriber('alice'), subscriber('carol'), subscriber('sam')]);
    const bob = as('bob'); // connected, not subscribed: receives nothing
    bob.on('note:created', () => received.set('bob', ['unexpected']));
    await ask(bob, 'note:get', { id: 'n2' });

    expect((await demo.send('post', '/notes', 'bob', { body: { text: 'b1' } })).status).toBe(201);
    expect((await demo.send('post', '/notes', 'alice', { body: { text: 'a1' } })).status).toBe(201);
    const query = 'mutation { createNote(input: { text: "a2" }) { id } }';
    expect((await postGraphQL(demo, { query }, { caller: 'alice' })).body.errors).toBeUndefined();

    await until(() => received.get('alice')?.length === 2 && received.get('carol')?.length === 3);
    await until(() => received.get('sam')?.length === 3);
    expect(Object.fromEntries(received)).toEqual({
      alice: ['a1', 'a2'],
      carol: ['b1', 'a1', 'a2'],
      sam: ['b1', 'a1', 'a2'],
    });
  });

  it.each([
    ['without a token', {}, { status: 401, code: 'PORTCULLIS_MISSING_TOKEN' }],
    [
      'with an invalid token',
      { token: 'abc.def.ghi' },
      { status: 401, code: 'PORTCULLIS_INVALID_TOKEN' },
    ],
  ])('refuses a connection %s', async (_name, options, data) => {
    await expect(connectError(connect(options))).resolves.toEqual(data);
  });

  it('refuses a token in the query, even a valid one (400)', async () => {
    const socket = connect({ query: `?token=${demo.token('alice')}` });
    await expect(connectError(socket)).resolves.toEqual({
      status: 400,
      code: 'PORTCULLIS_INVALID_REQUEST',
    });
  });
});
