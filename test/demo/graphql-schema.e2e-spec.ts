import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { PLATFORMS } from '../support/platforms';
import { DemoHarness } from './demo-harness';

/** The schema of issue 10, as written there (comments say which REST route each mirrors). */
const ISSUE_SCHEMA = /* GraphQL */ `
  type Principal {
    sub: String!
    kind: String!
    scopes: [String!]!
    permissions: [String!]!
    roles: [String!]!
  }
  type User {
    id: ID!
    name: String!
    email: String!
    plan: String!
  }
  type Note {
    id: ID!
    ownerId: ID!
    text: String!
  }
  input UpdateUserInput {
    name: String
    email: String
    plan: String
  }
  input CreateNoteInput {
    text: String!
  }
  type Query {
    health: String! # public, "ok"
    me: Principal! # any valid access token
    user(id: ID!): User # like GET /users/:id
    users: [User!]! # like GET /users
    note(id: ID!): Note # like GET /notes/:id
    notes: [Note!]! # like GET /notes
  }
  type Mutation {
    updateUser(id: ID!, input: UpdateUserInput!): User # like PATCH /users/:id, field level on input
    createNote(input: CreateNoteInput!): Note! # like POST /notes (owner = caller)
    deleteNote(id: ID!): Boolean! # like DELETE /notes/:id
  }
  type Subscription {
    noteCreated: Note!
  } # needs read:notes; only notes the subscriber may read
`;

/**
 * The schema printed in one canonical form: types, fields, arguments sorted by name (code
 * first emits them in resolver-registration order, which says nothing about the contract),
 * then graphql-js's printer (one whitespace style, comments dropped). Everything else (names,
 * types, nullability, list wrapping, arguments, descriptions, directives) is compared as is.
 */
const canonical = (schema: GraphQLSchema): string => printSchema(lexicographicSortSchema(schema));

describe.each(PLATFORMS)('the demo GraphQL schema on %s', (platform) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
  });
  afterAll(() => demo.stop());

  it('is exactly the schema of the issue, code first', () => {
    const served = demo.app.get(GraphQLSchemaHost).schema;
    expect(canonical(served)).toBe(canonical(buildSchema(ISSUE_SCHEMA)));
  });
});
