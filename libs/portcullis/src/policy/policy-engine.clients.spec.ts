import { appPolicy, principal, userRecord, type AppAbility } from './app-policy.fixture';
import { check } from './check';
import { forbiddenFields } from './permitted';
import { definePolicy } from './policy-definition';
import { PolicyEngine } from './policy-engine';

// Client-credentials tokens: the `client` rules, plus the permissions and roles that opt
// clients in with `appliesTo`; never the `user` rules. Users are unchanged by `appliesTo`.

const ALL_SCOPES = ['read:users', 'write:users', 'delete:users', 'read:notes'];
const FIELDS = ['name', 'email', 'plan'];
const alice = userRecord('alice');
const bob = userRecord('bob');

/** What an ability allows on bob's and alice's records, as literal answers. */
function decisions(ability: AppAbility) {
  return {
    readBob: check(ability, 'read', 'User', bob).allowed,
    updateFieldsOfBob: forbiddenFields(ability, 'update', 'User', bob, FIELDS),
    deleteBob: check(ability, 'delete', 'User', bob).allowed,
    updateAlice: check(ability, 'update', 'User', alice).allowed,
  };
}

const CLIENT_ONLY_READS = {
  readBob: true,
  updateFieldsOfBob: FIELDS,
  deleteBob: false,
  updateAlice: false,
};

describe('PolicyEngine: a client holding roles and permissions that do not opt it in', () => {
  const engine = new PolicyEngine(appPolicy);

  it('gets nothing from role admin, even with every scope: only the client rules', () => {
    const client = principal({ kind: 'client', roles: ['admin'], scopes: ALL_SCOPES });

    expect(engine.grantsFor(client)).toEqual(['client[0]']);
    expect(decisions(engine.abilityFor(client))).toEqual(CLIENT_ONLY_READS);
  });

  it('gets nothing from permissions in its token or from a store', () => {
    const permissions = ['read:users', 'write:users', 'delete:users', 'manage:billing'];
    const client = principal({ kind: 'client', permissions, scopes: ALL_SCOPES });

    expect(engine.grantsFor(client, permissions)).toEqual(['client[0]']);
    expect(decisions(engine.abilityFor(client, permissions))).toEqual(CLIENT_ONLY_READS);
  });

  it('owns nothing when its sub equals a user id: the user rules never reach it', () => {
    const client = principal({
      kind: 'client',
      sub: 'alice',
      roles: ['admin'],
      scopes: ALL_SCOPES,
    });
    const ability = engine.abilityFor(client);

    expect(check(ability, 'update', 'User', alice).allowed).toBe(false);
    expect(forbiddenFields(ability, 'update', 'User', alice, ['name'])).toEqual(['name']);
    expect(check(ability, 'read', 'Note', { id: 'n1', ownerId: 'alice' }).allowed).toBe(false);
  });

  it('leaves a user with the same claims as before: role admin updates bob, plan included', () => {
    const user = principal({ sub: 'root', roles: ['admin'], scopes: ALL_SCOPES });

    expect(decisions(engine.abilityFor(user))).toEqual({
      readBob: true,
      updateFieldsOfBob: [],
      deleteBob: true,
      updateAlice: true,
    });
  });
});

describe('PolicyEngine: appliesTo opts clients in, still bounded by scopes', () => {
  const optedIn = definePolicy<AppAbility>({
    ...appPolicy,
    roles: {
      ...appPolicy.roles,
      // Opted in; its permissions read:users and delete:users reach users only.
      admin: {
        appliesTo: ['user', 'client'],
        permissions: ['read:users', 'delete:users'],
        rules: [{ scope: 'write:users', rules: ({ can }) => can('update', 'User') }],
      },
      // Users only, bundling a permission that reaches clients.
      billing: ['manage:billing'],
    },
    permissions: {
      ...appPolicy.permissions,
      'manage:billing': {
        scope: 'write:users',
        appliesTo: ['user', 'client'],
        rules: ({ can }) => can('update', 'User', ['plan']),
      },
    },
  });
  const engine = new PolicyEngine(optedIn);

  it("gives a client the opted-in role's rules with their scope, not its users-only permissions", () => {
    const client = principal({ kind: 'client', roles: ['admin'], scopes: ALL_SCOPES });

    expect(engine.grantsFor(client)).toEqual(['client[0]', "role 'admin' rules[0]"]);
    expect(decisions(engine.abilityFor(client))).toEqual({
      readBob: true,
      updateFieldsOfBob: [],
      deleteBob: false,
      updateAlice: true,
    });
  });

  it("drops the opted-in role's rules without their scope", () => {
    const client = principal({ kind: 'client', roles: ['admin'], scopes: ['read:users'] });

    expect(engine.grantsFor(client)).toEqual(['client[0]']);
    expect(decisions(engine.abilityFor(client))).toEqual(CLIENT_ONLY_READS);
  });

  it('gives an opted-in permission held directly, never through a users-only role', () => {
    const direct = principal({
      kind: 'client',
      permissions: ['manage:billing'],
      scopes: ALL_SCOPES,
    });
    const viaRole = principal({ kind: 'client', roles: ['billing'], scopes: ALL_SCOPES });

    expect(forbiddenFields(engine.abilityFor(direct), 'update', 'User', bob, FIELDS)).toEqual([
      'name',
      'email',
    ]);
    expect(engine.grantsFor(viaRole)).toEqual(['client[0]']);
  });

  it('leaves users as before', () => {
    const user = principal({ sub: 'root', roles: ['admin'], scopes: ALL_SCOPES });
    const biller = principal({ sub: 'root', roles: ['billing'], scopes: ['write:users'] });

    expect(decisions(engine.abilityFor(user))).toEqual({
      readBob: true,
      updateFieldsOfBob: [],
      deleteBob: true,
      updateAlice: true,
    });
    expect(forbiddenFields(engine.abilityFor(biller), 'update', 'User', bob, FIELDS)).toEqual([
      'name',
      'email',
    ]);
  });
});

describe('PolicyEngine: Entra ID app-only tokens (application permissions arrive as roles)', () => {
  const entra = new PolicyEngine(
    definePolicy<AppAbility>({
      roles: {
        'Users.Read.All': {
          appliesTo: ['client'],
          rules: [{ scope: null, rules: ({ can }) => can('read', 'User') }],
        },
      },
    }),
  );

  it('lets a client with the role and no scope at all read every user', () => {
    const daemon = principal({ kind: 'client', roles: ['Users.Read.All'] });

    expect(check(entra.abilityFor(daemon), 'read', 'User', bob).allowed).toBe(true);
    expect(check(entra.abilityFor(daemon), 'update', 'User', bob).allowed).toBe(false);
  });

  it('gives a user holding an app role of the same name nothing from it', () => {
    const user = principal({ roles: ['Users.Read.All'], scopes: ['read:users'] });

    expect(check(entra.abilityFor(user), 'read', 'User', bob).allowed).toBe(false);
  });
});
