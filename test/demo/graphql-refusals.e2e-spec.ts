import request from 'supertest';
import { curlExamples } from '../../src/infra/startup/curl-examples';
import { PLATFORMS } from '../support/platforms';
import { DemoHarness } from './demo-harness';
import { postGraphQL, USER_FIELDS, type GraphQLErrorJson } from './graphql-support';

type Answer = { data?: Record<string, unknown> | null; errors?: GraphQLErrorJson[] };

/** The `extensions` of the error at `path`'s first segment, or `undefined`. */
const errorAt = (body: Answer, field: string) =>
  body.errors?.find((e) => e.path?.[0] === field)?.extensions;

describe.each(PLATFORMS)('the demo GraphQL refusals on %s', (platform) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
  });
  afterAll(() => demo.stop());
  beforeEach(() => demo.reset());

  it('403 is FORBIDDEN, 404 NOT_FOUND, with the Portcullis codes; the rest answers', async () => {
    const query = `{ health own: user(id: "alice") { id } other: user(id: "bob") { id } none: user(id: "zed") { id } }`;
    const res = await postGraphQL(demo, { query }, { caller: 'alice' });
    const body = res.body as Answer;
    expect(res.status).toBe(200);
    expect(body.data).toEqual({ health: 'ok', own: { id: 'alice' }, other: null, none: null });
    expect(errorAt(body, 'other')).toMatchObject({
      code: 'FORBIDDEN',
      portcullis: 'PORTCULLIS_FORBIDDEN',
    });
    expect(errorAt(body, 'none')).toMatchObject({
      code: 'NOT_FOUND',
      portcullis: 'PORTCULLIS_NOT_FOUND',
    });
  });

  it('no token: public fields resolve, the others are UNAUTHENTICATED (HTTP 200)', async () => {
    const res = await postGraphQL(demo, { query: '{ health user(id: "alice") { id } }' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ health: 'ok', user: null });
    expect(errorAt(res.body as Answer, 'user')).toMatchObject({
      code: 'UNAUTHENTICATED',
      portcullis: 'PORTCULLIS_MISSING_TOKEN',
    });
  });

  it('a scope missing: FORBIDDEN with the scope needed', async () => {
    const who = { caller: 'alice' as const, scopes: ['read:users'] };
    const res = await postGraphQL(demo, { query: '{ notes { id } }' }, who);
    expect(errorAt(res.body as Answer, 'notes')).toEqual({
      code: 'FORBIDDEN',
      portcullis: 'PORTCULLIS_INSUFFICIENT_SCOPE',
      scope: 'read:notes',
    });
  });

  it('an invalid token refuses the whole operation: 401 and the REST challenge', async () => {
    const res = await request(demo.app.getHttpServer())
      .post('/graphql')
      .set('Authorization', 'Bearer not.a.token')
      .send({ query: '{ health }' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
    expect(res.body).toEqual({
      errors: [
        {
          message: expect.any(String),
          extensions: { code: 'UNAUTHENTICATED', portcullis: 'PORTCULLIS_INVALID_TOKEN' },
        },
      ],
    });
  });

  it('field level on input: alice may change her name, not her plan; nothing changes', async () => {
    const mutation = `mutation { updateUser(id: "alice", input: { name: "A", plan: "pro" }) ${USER_FIELDS} }`;
    const res = await postGraphQL(demo, { query: mutation }, { caller: 'alice' });
    expect(errorAt(res.body as Answer, 'updateUser')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await demo.adminRead('/users/alice')).toEqual({
      id: 'alice',
      name: 'Alice',
      plan: 'free',
    });
  });

  it('createNote: the owner is the caller; a client is FORBIDDEN and creates nothing', async () => {
    const mutation = 'mutation { createNote(input: { text: "mine" }) { id ownerId text } }';
    const client = await postGraphQL(demo, { query: mutation }, { caller: 'aliceService' });
    expect(client.body.data).toBeNull();
    expect(errorAt(client.body as Answer, 'createNote')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await demo.adminRead('/notes/n3')).toBe(404);
    const bob = await postGraphQL(demo, { query: mutation }, { caller: 'bob' });
    expect(bob.body.data).toEqual({ createNote: { id: 'n3', ownerId: 'bob', text: 'mine' } });
  });

  it('aliases cannot skip a check: the aliased mutation of bob is refused, alice changes', async () => {
    const mutation = `mutation {
      mine: updateUser(id: "alice", input: { name: "A" }) { name }
      his: updateUser(id: "bob", input: { name: "B" }) { name }
      gone: deleteNote(id: "n2")
    }`;
    const res = await postGraphQL(demo, { query: mutation }, { caller: 'alice' });
    const body = res.body as Answer;
    expect(body.data).toBeNull(); // deleteNote is Boolean!: its refusal nulls `data`
    expect(errorAt(body, 'his')).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorAt(body, 'gone')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await demo.adminRead('/users/bob')).toEqual({ id: 'bob', name: 'Bob', plan: 'free' });
    expect(await demo.adminRead('/notes/n2')).toEqual({
      id: 'n2',
      ownerId: 'bob',
      text: 'Call the bank',
    });
    expect(await demo.adminRead('/users/alice')).toMatchObject({ name: 'A' });
  });

  it('a batch cannot skip a check: each operation is decided on its own', async () => {
    const batch = [
      { query: '{ user(id: "alice") { id } }' },
      { query: '{ user(id: "bob") { id } }' },
      { query: 'mutation { updateUser(id: "bob", input: { name: "B" }) { id } }' },
    ];
    const res = await postGraphQL(demo, batch, { caller: 'alice' });
    const [own, other, write] = res.body as Answer[];
    expect(own).toEqual({ data: { user: { id: 'alice' } } });
    expect(errorAt(other, 'user')).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorAt(write, 'updateUser')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await demo.adminRead('/users/bob')).toEqual({ id: 'bob', name: 'Bob', plan: 'free' });
  });

  it("npm start's GraphQL curl example answers as its comment says", async () => {
    const line = curlExamples('http://localhost:3000', {})
      .split('\n')
      .find((l) => l.includes('/graphql'));
    const payload = JSON.parse(/-d '([^']+)'/.exec(line ?? '')?.[1] ?? 'null') as object;
    const res = await postGraphQL(demo, payload, { caller: 'alice' });
    const body = res.body as Answer;
    expect(body.data).toEqual({
      me: { sub: 'alice' },
      user: { name: 'Alice', plan: 'free' },
      other: null,
    });
    expect(errorAt(body, 'other')).toMatchObject({ code: 'FORBIDDEN' });
  });
});
