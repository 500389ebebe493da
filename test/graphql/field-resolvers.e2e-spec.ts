import { Args, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Can, Owns, Resource } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import type {
  AppAbility,
  Note as NoteRecord,
  User as UserRecord,
} from '../policy/support/app-policy';
import { userToken } from '../policy/support/policy-app';
import { DRIVERS, startGraphQL, type GraphQLApp } from './support/graphql-app';
import { Note, User } from './support/resolvers';

/** `@Can` and `@Owns` on field resolvers of `User`, decided per occurrence like root fields. */
@Resolver(() => User)
class UserExtrasResolver {
  @Can<AppAbility>('update', 'User', 'plan')
  @ResolveField(() => String, { nullable: true })
  billingPlan(@Parent() user: UserRecord): string {
    return user.plan;
  }

  // A field resolver reads: its @Owns checks `read` on the note its `id` argument names.
  @Owns<AppAbility>('Note')
  @ResolveField(() => Note, { nullable: true })
  pinned(@Args('id', { type: () => ID }) _id: string, @Resource() note: NoteRecord): NoteRecord {
    return note;
  }
}

const QUERY = `{ user(id: "1234") {
  id billingPlan mine: pinned(id: "n1") { id } theirs: pinned(id: "n2") { id } none: pinned(id: "zz") { id }
} }`;

describe.each(DRIVERS)('@Can and @Owns on field resolvers on %s', (driver) => {
  let issuer: TestIssuer;
  let gql: GraphQLApp;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gql = await startGraphQL(driver, issuer, {}, { resolvers: [UserExtrasResolver] });
  });
  afterAll(async () => {
    await gql.app.close();
    await issuer.stop();
  });

  const post = (token: string) =>
    request(gql.app.getHttpServer())
      .post('/graphql')
      .set('Authorization', `Bearer ${token}`)
      .send({ query: QUERY });
  const errorsOf = (body: { errors?: Array<{ path: unknown; extensions: unknown }> }) =>
    (body.errors ?? []).map(({ path, extensions }) => ({ path, extensions }));
  const refused = (field: string, code: string, portcullis: string) => ({
    path: ['user', field],
    extensions: { code, portcullis },
  });

  it('a user: each field decided on its own, the parent and the allowed fields answer', async () => {
    const ada = userToken(issuer, '1234', { scope: 'read:users read:notes' });
    const response = await post(ada);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      user: { id: '1234', billingPlan: null, mine: { id: 'n1' }, theirs: null, none: null },
    });
    expect(errorsOf(response.body)).toEqual(
      expect.arrayContaining([
        refused('billingPlan', 'FORBIDDEN', 'PORTCULLIS_FORBIDDEN'),
        refused('theirs', 'FORBIDDEN', 'PORTCULLIS_FORBIDDEN'),
        refused('none', 'NOT_FOUND', 'PORTCULLIS_NOT_FOUND'),
      ]),
    );
    expect(response.body.errors).toHaveLength(3);
  });

  it('the admin role: every field answers, as its policy allows', async () => {
    const admin = userToken(issuer, '9999', {
      scope: 'read:users read:notes write:users',
      roles: ['admin'],
    });
    const response = await post(admin);
    expect(response.body).toEqual({
      data: {
        user: {
          id: '1234',
          billingPlan: 'free',
          mine: { id: 'n1' },
          theirs: { id: 'n2' },
          none: null,
        },
      },
      errors: [expect.objectContaining(refused('none', 'NOT_FOUND', 'PORTCULLIS_NOT_FOUND'))],
    });
  });
});
