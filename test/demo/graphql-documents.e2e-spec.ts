import { DEMO_MAX_GRAPHQL_TOKENS } from '../../src/graphql/demo-graphql.module';
import { NoteEvents } from '../../src/notes/note-events';
import { connect, subscribe, until, type WsConnection } from '../graphql/support/ws-client';
import { PLATFORMS } from '../support/platforms';
import { DemoHarness, demoWithLogs } from './demo-harness';
import { postGraphQL, type GraphQLErrorJson } from './graphql-support';

/** `{ me { a { a ... } } }`: a selection set nested `depth` levels below `me`. */
const nested = (depth: number): string => `{ me ${'{ a '.repeat(depth)}${'}'.repeat(depth)} }`;

/** `count` aliases of one field: `{ f0: <field> f1: <field> ... }`. */
const aliased = (count: number, field: string): string =>
  `{ ${Array.from({ length: count }, (_, i) => `f${i}: ${field}`).join(' ')} }`;

/** graphql-js' own wording (sic), the same on Apollo and Mercurius. */
const TOO_MANY_TOKENS = `Syntax Error: Document contains more that ${DEMO_MAX_GRAPHQL_TOKENS} tokens. Parsing aborted.`;

describe.each(PLATFORMS)('demo: GraphQL documents are bounded on %s', (platform) => {
  let demo: DemoHarness;
  const logs = demoWithLogs(platform, (started) => (demo = started));

  /** The answer is the parser's bound, nothing of the server's insides; no error was logged. */
  const expectRefusedDocument = (res: { status: number; body: unknown; text: string }): void => {
    expect(res.status).toBe(400);
    const errors = (res.body as { errors?: GraphQLErrorJson[] }).errors ?? [];
    expect(errors.map((e) => e.message)).toEqual([TOO_MANY_TOKENS]);
    expect(res.text).not.toMatch(/Maximum call stack|RangeError|\s+at /);
    expect(logs.lines.filter((line) => line.level === 'error')).toEqual([]);
  };

  it.each([
    ['3,000 levels deep (the parser ran out of stack before)', nested(3000)],
    ['20,000 levels deep', nested(20_000)],
    ['400 aliases of a field with a loader', aliased(400, 'user(id: "alice") { id }')],
  ])('a document %s: 400, never parsed to the end', async (_, query) => {
    expectRefusedDocument(await postGraphQL(demo, { query }, { caller: 'alice' }));
    expectRefusedDocument(await postGraphQL(demo, { query }));
  });

  it('a mutation repeated past the bound changes nothing', async () => {
    const before = await demo.adminRead('/users');
    const field = 'updateUser(id: "alice", input: { name: "x" }) { id }';
    const res = await postGraphQL(
      demo,
      { query: `mutation ${aliased(200, field)}` },
      {
        caller: 'alice',
      },
    );
    expectRefusedDocument(res);
    expect(await demo.adminRead('/users')).toEqual(before);
  });

  it('the deepest document within the bound is parsed and judged on its content', async () => {
    // 3 tokens a level (`{`, `a`, `}`) plus `{ me }`: the largest depth the bound lets through.
    const depth = Math.floor((DEMO_MAX_GRAPHQL_TOKENS - 4) / 3);
    const res = await postGraphQL(demo, { query: nested(depth) }, { caller: 'alice' });
    // `me` has no field `a`: a validation error, not a parser's fault.
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/Maximum call stack|more that/);
    expect(logs.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('an ordinary query, and 50 aliases of one, still answer', async () => {
    const one = await postGraphQL(
      demo,
      { query: '{ user(id: "alice") { id name } }' },
      {
        caller: 'alice',
      },
    );
    expect({ status: one.status, body: one.body }).toEqual({
      status: 200,
      body: { data: { user: { id: 'alice', name: 'Alice' } } },
    });
    const query = aliased(50, 'user(id: "alice") { id }');
    const many = await postGraphQL(demo, { query }, { caller: 'alice' });
    expect(many.status).toBe(200);
    expect(Object.keys((many.body as { data: object }).data)).toHaveLength(50);
  });
});

describe.each(PLATFORMS)('demo: GraphQL subscription documents on %s', (platform) => {
  let demo: DemoHarness;
  let port: number;
  let connection: WsConnection;
  let consoleError: jest.SpyInstance;

  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
    await demo.app.listen(0, '127.0.0.1');
    port = (demo.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => demo.stop());
  beforeEach(async () => {
    demo.reset();
    // graphql-ws prints what it takes for the server's faults with console.error.
    consoleError = jest.spyOn(console, 'error');
    connection = connect(port, { authorization: `Bearer ${demo.token('alice')}` });
    await connection.acknowledged;
  });
  afterEach(async () => {
    consoleError.mockRestore();
    await connection.client.dispose();
  });

  /** The subscription's answer: its `error` message's texts, or the close that ended it. */
  const refusalOf = async (query: string): Promise<string[]> => {
    const received = subscribe(connection.client, query);
    await received.done;
    expect(received.next).toEqual([]);
    expect(received.errors).toHaveLength(1);
    const [error] = received.errors;
    // An `error` message is an array of GraphQL errors; a closed socket is a CloseEvent.
    if (!Array.isArray(error)) throw new Error(`the socket closed: ${JSON.stringify(error)}`);
    return (error as GraphQLErrorJson[]).map((e) => e.message);
  };

  /** The connection still serves: a valid subscription on it receives a note created after. */
  const expectConnectionServes = async (): Promise<void> => {
    const events = demo.app.get(NoteEvents);
    const listening = events.listening();
    const received = subscribe(connection.client, 'subscription { noteCreated { text } }');
    await until(() => events.listening() > listening);
    const created = await demo.send('post', '/notes', 'alice', { body: { text: 'still here' } });
    expect(created.status).toBe(201);
    await until(() => received.next.length > 0);
    expect(received.next).toEqual([{ data: { noteCreated: { text: 'still here' } } }]);
    expect(received.errors).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  };

  it('a syntax error is an error message; the socket stays open, nothing is printed', async () => {
    const messages = await refusalOf('subscription { noteCreated { id }');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^Syntax Error: /);
    await expectConnectionServes();
  });

  it('a document nested 5,000 levels deep is an error message, not a closed socket', async () => {
    const messages = await refusalOf(`subscription ${nested(5000).replace('me', 'noteCreated')}`);
    // Apollo: the demo's check answers the bound; Mercurius answers its parser's failure.
    expect(messages).toEqual([
      platform === 'express' ? TOO_MANY_TOKENS : 'Maximum call stack size exceeded',
    ]);
    await expectConnectionServes();
  });
});
