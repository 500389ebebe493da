import { Query, Resolver } from '@nestjs/graphql';
import { PortcullisConfigError, RouteAudit } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { DRIVERS, startGraphQL } from './support/graphql-app';

@Resolver()
class UndeclaredResolver {
  @Query(() => String, { nullable: true })
  anything(): string {
    return 'anything';
  }
}

describe.each(DRIVERS)('the route audit covers resolvers on %s', (driver) => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer.stop());

  it('lists every resolver with its operation, field, arguments and requirements', async () => {
    const gql = await startGraphQL(driver, issuer, { strictRoutes: true });
    try {
      const table = gql.app.get(RouteAudit).table();
      const lines = table.split('\n').map((line) => line.replace(/ +/g, ' '));
      expect(lines).toEqual(
        expect.arrayContaining([
          'FIELD User.plan authenticated (admin or read:billing) - UsersResolver.plan',
          'MUTATION Mutation.deleteNote(:id) authenticated write:notes owns Note :id delete NotesResolver.deleteNote',
          'MUTATION Mutation.updateUser(:id, :input) authenticated write:users owns User :id update fields=input UsersResolver.updateUser',
          'QUERY Query.health public - - UsersResolver.health',
          'QUERY Query.user(:id) authenticated read:users owns User :id read hide UsersResolver.user',
          'QUERY Query.stats authenticated admin - AdminResolver.stats',
          'QUERY Query.billing authenticated admin can update User plan AdminResolver.billing',
          'SUBSCRIPTION Subscription.noteCreated authenticated read:notes - NotesResolver.noteCreated',
        ]),
      );
      expect(lines[0]).toBe('METHOD PATH ACCESS SCOPES POLICY HANDLER');
    } finally {
      await gql.app.close();
    }
  });

  it('strictRoutes refuses to boot with a resolver that declares nothing', async () => {
    const boot = startGraphQL(
      driver,
      issuer,
      { strictRoutes: true },
      { resolvers: [UndeclaredResolver] },
    );
    await expect(boot).rejects.toThrow(PortcullisConfigError);
    await expect(
      startGraphQL(driver, issuer, { strictRoutes: true }, { resolvers: [UndeclaredResolver] }),
    ).rejects.toThrow(/QUERY Query\.anything \(UndeclaredResolver\.anything\) declares nothing/);
  });

  it("refuses to boot when field resolvers would run unguarded (no fieldResolverEnhancers: ['guards'])", async () => {
    await expect(startGraphQL(driver, issuer, {}, { guardFields: false })).rejects.toThrow(
      /FIELD User\.plan \(UsersResolver\.plan\) is a field resolver Nest does not guard: set fieldResolverEnhancers: \['guards'\]/,
    );
  });
});
