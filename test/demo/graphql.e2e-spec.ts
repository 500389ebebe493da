import { PLATFORMS } from '../support/platforms';
import { DemoHarness } from './demo-harness';
import {
  asUserNode,
  asUserNodes,
  graphQLOutcome,
  NOTE_FIELDS,
  postGraphQL,
  restOutcome,
  USER_FIELDS,
  type GraphQLCaller,
} from './graphql-support';

/** The demo's callers, each with every scope unless said; the last two are refused early. */
const WHO: Array<[string, GraphQLCaller]> = [
  ['alice', { caller: 'alice' }],
  ['bob', { caller: 'bob' }],
  ['bob with the read:users permission', { caller: 'bobReader' }],
  ['admin carol', { caller: 'carol' }],
  ['support sam', { caller: 'sam' }],
  ['a client token', { caller: 'service' }],
  ['alice without any scope', { caller: 'alice', scopes: [] }],
  ['no token', {}],
];

type Shape = (body: unknown) => unknown;
const same: Shape = (body) => body;

/** A query and its REST twin: [label, GET path, GraphQL query, field, REST body as GraphQL's]. */
const QUERIES: Array<[string, string, string, string, Shape]> = [
  ['health', '/health', '{ health }', 'health', (b) => (b as { status: string }).status],
  ['me', '/me', '{ me { sub kind scopes permissions roles } }', 'me', same],
  ['users', '/users', `{ users ${USER_FIELDS} }`, 'users', asUserNodes],
  ...['alice', 'bob', 'carol', 'nobody'].map((id): [string, string, string, string, Shape] => [
    `user(${id})`,
    `/users/${id}`,
    `{ user(id: "${id}") ${USER_FIELDS} }`,
    'user',
    asUserNode,
  ]),
  ['notes', '/notes', `{ notes ${NOTE_FIELDS} }`, 'notes', same],
  ...['n1', 'n2', 'n99'].map((id): [string, string, string, string, Shape] => [
    `note(${id})`,
    `/notes/${id}`,
    `{ note(id: "${id}") ${NOTE_FIELDS} }`,
    'note',
    same,
  ]),
];

type Method = 'patch' | 'post' | 'delete';
/** A mutation and its REST twin: [label, method, path, body, GraphQL mutation, field, shape]. */
const MUTATIONS: Array<[string, Method, string, object | undefined, string, string, Shape]> = [
  ...(
    [
      ['alice', { name: 'Alicia' }, '{ name: "Alicia" }'],
      ['alice', { email: 'a@example.com' }, '{ email: "a@example.com" }'],
      ['alice', { plan: 'pro' }, '{ plan: "pro" }'],
      ['alice', { name: 'Alicia', plan: 'pro' }, '{ name: "Alicia", plan: "pro" }'],
      ['bob', { name: 'Robert' }, '{ name: "Robert" }'],
      ['nobody', { name: 'X' }, '{ name: "X" }'],
      ['alice', { email: 'not-an-email' }, '{ email: "not-an-email" }'],
      ['alice', { name: '' }, '{ name: "" }'],
      ['carol', { plan: 'gold' }, '{ plan: "gold" }'],
    ] as const
  ).map(([id, body, input]): [string, Method, string, object, string, string, Shape] => [
    `updateUser(${id}, ${input})`,
    'patch',
    `/users/${id}`,
    body,
    `mutation { updateUser(id: "${id}", input: ${input}) ${USER_FIELDS} }`,
    'updateUser',
    asUserNode,
  ]),
  ...['hello', ''].map((text): [string, Method, string, object, string, string, Shape] => [
    `createNote("${text}")`,
    'post',
    '/notes',
    { text },
    `mutation { createNote(input: { text: "${text}" }) ${NOTE_FIELDS} }`,
    'createNote',
    same,
  ]),
  ...['n1', 'n2', 'n99'].map((id): [string, Method, string, undefined, string, string, Shape] => [
    `deleteNote(${id})`,
    'delete',
    `/notes/${id}`,
    undefined,
    `mutation { deleteNote(id: "${id}") }`,
    'deleteNote',
    same,
  ]),
];

describe.each(PLATFORMS)('the demo over GraphQL answers as over REST, on %s', (platform) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
  });
  afterAll(() => demo.stop());
  beforeEach(() => demo.reset());

  /** What an admin reads of every user and note: the state a mutation leaves. */
  const state = async () => ({
    users: await demo.adminRead('/users'),
    notes: await demo.adminRead('/notes'),
  });

  describe.each(QUERIES)('query %s', (_, path, query, field, shape) => {
    it.each(WHO)('%s: the same value or refusal as GET', async (_who, who) => {
      const rest = await demo.send('get', path, who.caller, { scopes: who.scopes });
      const graphql = await postGraphQL(demo, { query }, who);
      expect(graphQLOutcome(graphql, field)).toEqual(restOutcome(rest, shape));
    });
  });

  describe.each(MUTATIONS)('mutation %s', (_, method, path, body, query, field, shape) => {
    it.each(WHO)('%s: the same outcome and the same state after', async (_who, who) => {
      const seed = await state();
      const rest = restOutcome(
        await demo.send(method, path, who.caller, { scopes: who.scopes, body }),
        shape,
      );
      const afterRest = await state();
      demo.reset();
      const graphql = graphQLOutcome(await postGraphQL(demo, { query }, who), field);
      expect(graphql).toEqual(rest);
      expect(await state()).toEqual(afterRest);
      // A refused mutation changed nothing.
      if (!('value' in graphql)) expect(afterRest).toEqual(seed);
    });
  });
});
