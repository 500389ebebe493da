import { subject } from '@casl/ability';
import { ReadOnlySet } from '../principal/read-only-set';
import { appPolicy, principal, userRecord, type AppAbility } from './app-policy.fixture';
import { check } from './check';
import { forbiddenFields } from './permitted';
import { definePolicy } from './policy-definition';
import { PolicyDefinitionError } from './policy-definition.error';
import { PolicyEngine } from './policy-engine';

const engine = new PolicyEngine(appPolicy);
const alice = userRecord('alice');
const bob = userRecord('bob');
const canRead = (p: ReturnType<typeof principal>, record = bob) =>
  check(engine.abilityFor(p), 'read', 'User', record).allowed;

describe('PolicyEngine: scopes bound permissions', () => {
  it('denies a user with permission read:users but without the scope, even own record', () => {
    const p = principal({ permissions: ['read:users'], scopes: ['read:notes'] });
    expect([canRead(p, bob), canRead(p, alice)]).toEqual([false, false]);
  });

  it('lets a user read their own record with scope read:users, not without', () => {
    expect(canRead(principal({ scopes: ['read:users'] }), alice)).toBe(true);
    expect(canRead(principal({ scopes: ['read:users'] }), bob)).toBe(false);
    expect(canRead(principal({ scopes: [] }), alice)).toBe(false);
  });

  it('matches scopes exactly: read:users_all does not satisfy read:users', () => {
    const p = principal({ permissions: ['read:users'], scopes: ['read:users_all', 'READ:USERS'] });
    expect([canRead(p, bob), canRead(p, alice)]).toEqual([false, false]);
  });

  it('lets an admin update anyone, plan included, while an owner changes only name and email', () => {
    const scopes = ['read:users', 'write:users'];
    const admin = engine.abilityFor(principal({ roles: ['admin'], scopes }));
    const owner = engine.abilityFor(principal({ scopes }));
    const fields = ['name', 'email', 'plan'];
    expect(forbiddenFields(admin, 'update', 'User', bob, fields)).toEqual([]);
    expect(forbiddenFields(owner, 'update', 'User', alice, fields)).toEqual(['plan']);
    expect(forbiddenFields(owner, 'update', 'User', bob, fields)).toEqual(fields);
  });

  it('gives a client with scope read:users every user to read, and owns nothing', () => {
    const client = principal({
      kind: 'client',
      sub: 'alice',
      scopes: ['read:users', 'write:users'],
    });
    const ability = engine.abilityFor(client);
    expect([canRead(client, alice), canRead(client, bob)]).toEqual([true, true]);
    expect(check(ability, 'update', 'User', alice).allowed).toBe(false);
    expect(engine.grantsFor(client)).toEqual(['client[0]']);
  });

  it('ignores unknown roles and permissions, including Object.prototype names', () => {
    const p = principal({
      scopes: ['read:users', 'delete:users', 'constructor'],
      roles: ['superuser', 'constructor', '__proto__'],
      permissions: ['delete:user', 'toString', 'hasOwnProperty'],
    });
    expect(engine.grantsFor(p, ['constructor', 'nope'])).toEqual(['user[0]']);
    expect(check(engine.abilityFor(p), 'delete', 'User', bob).allowed).toBe(false);
  });

  it('applies rules with scope null whatever the scopes, and a scope list as any-of', () => {
    const policy = definePolicy<AppAbility>({
      permissions: { notes: { scope: ['a', 'b'], rules: ({ can }) => can('read', 'Note') } },
      user: [{ scope: null, rules: ({ can }, p) => can('read', 'User', { id: p.sub }) }],
    });
    const own = new PolicyEngine(policy);
    expect(canReadWith(own, principal({}), alice)).toBe(true);
    expect(
      own.abilityFor(principal({ permissions: ['notes'], scopes: ['b'] })).can('read', 'Note'),
    ).toBe(true);
    expect(
      own.abilityFor(principal({ permissions: ['notes'], scopes: ['c'] })).can('read', 'Note'),
    ).toBe(false);
  });
});

function canReadWith(e: PolicyEngine<AppAbility>, p: ReturnType<typeof principal>, r = bob) {
  return check(e.abilityFor(p), 'read', 'User', r).allowed;
}

describe('PolicyEngine: definition checks at construction', () => {
  const rules = () => undefined;

  it.each([
    [
      { roles: { support: ['read:user'] } },
      /role 'support' references unknown permission 'read:user'/,
    ],
    [{ roles: { ops: { permissions: ['x'] } } }, /role 'ops' references unknown permission 'x'/],
    [{ permissions: { p: { scope: [], rules } } }, /permission 'p' has an empty scope list/],
    [{ permissions: { p: { scope: 'read users', rules } } }, /permission 'p' has an invalid scope/],
    [{ permissions: { 'read all': { rules } } }, /permission 'read all' has an invalid scope/],
    [{ user: [{ scope: undefined as unknown as null, rules }] }, /user\[0\] has no scope/],
    [
      { client: [{ scope: 'a', rules: 'no' as unknown as typeof rules }] },
      /client\[0\] has no rules/,
    ],
    [{ permissions: { p: { appliesTo: [], rules } } }, /permission 'p' has an empty or invalid/],
    [
      { roles: { ops: { appliesTo: 'client' as unknown as ['client'] } } },
      /role 'ops' has an empty or invalid appliesTo list/,
    ],
    [
      { roles: { ops: { appliesTo: ['user', 'service'] as unknown as ['client'] } } },
      /role 'ops' has an invalid appliesTo kind "service"/,
    ],
  ])('rejects %j', (definition, message) => {
    const build = () => new PolicyEngine<AppAbility>(definition);
    expect(build).toThrow(PolicyDefinitionError);
    expect(build).toThrow(message);
  });

  it('rejects a bad cache size, naming the option', () => {
    expect(() => new PolicyEngine(appPolicy, { maxCachedAbilities: -1 })).toThrow(
      /maxCachedAbilities/,
    );
  });
});

describe('PolicyEngine: ability cache', () => {
  it('returns the same ability for the same claims, another when scopes differ', () => {
    const cached = new PolicyEngine(appPolicy);
    const claims = { permissions: ['read:users'], scopes: ['read:users', 'write:users'] };
    const first = cached.abilityFor(principal(claims));
    expect(cached.abilityFor(principal({ ...claims, scopes: ['write:users', 'read:users'] }))).toBe(
      first,
    );
    expect(cached.abilityFor(principal({ ...claims, scopes: ['read:users'] }))).not.toBe(first);
    expect(cached.abilityFor(principal({ ...claims, sub: 'bob' }))).not.toBe(first);
    expect(cached.abilityFor(principal({ ...claims, kind: 'client' }))).not.toBe(first);
  });

  it('stays bounded, dropping the least recently used ability', () => {
    const small = new PolicyEngine(appPolicy, { maxCachedAbilities: 2 });
    const of = (sub: string) => small.abilityFor(principal({ sub, scopes: ['read:users'] }));
    const a = of('a');
    const b = of('b');
    expect(of('a')).toBe(a);
    of('c');
    expect(of('a')).toBe(a);
    expect(of('b')).not.toBe(b);
    for (let i = 0; i < 50; i++) of(`user-${i}`);
    expect(small.cachedAbilities).toBe(2);
  });

  it('runs rule functions only when an ability is built', () => {
    const define = jest.fn();
    const counted = new PolicyEngine(
      definePolicy<AppAbility>({ user: [{ scope: null, rules: define }] }),
    );
    for (let i = 0; i < 5; i++) counted.abilityFor(principal({}));
    expect(define).toHaveBeenCalledTimes(1);
    expect(define.mock.calls[0][1]).toEqual({ kind: 'user', sub: 'alice', clientId: 'web-app' });
  });
});

describe('PolicyEngine: rule groups remembered per principal', () => {
  const readOnly = (items: string[]) => new ReadOnlySet(items);
  const tokenPrincipal = (scopes: string[], permissions: string[] = []) =>
    Object.freeze({
      ...principal(),
      scopes: readOnly(scopes),
      permissions: readOnly(permissions),
      roles: readOnly([]),
    });

  it('answers a reused principal with the same ability, and follows a new extra list', () => {
    const engine = new PolicyEngine(appPolicy);
    const p = tokenPrincipal(['read:users']);
    const first = engine.abilityFor(p);

    expect(engine.abilityFor(p)).toBe(first);
    expect(first.can('read', subject('User', userRecord('bob')))).toBe(false);
    const extra = Object.freeze(['read:users']);
    expect(engine.abilityFor(p, extra).can('read', subject('User', userRecord('bob')))).toBe(true);
    expect(engine.abilityFor(p, extra)).toBe(engine.abilityFor(p, extra));
    expect(engine.abilityFor(p)).toBe(first);
  });

  it('does not remember what can change: mutable sets or a mutable extra list', () => {
    const engine = new PolicyEngine(appPolicy);
    const p = principal({ scopes: ['read:users'] });
    const bob = subject('User', userRecord('bob'));
    expect(engine.abilityFor(p).can('read', bob)).toBe(false);
    (p.permissions as Set<string>).add('read:users');
    expect(engine.abilityFor(p).can('read', bob)).toBe(true);

    const q = tokenPrincipal(['read:users']);
    const extra: string[] = [];
    expect(engine.abilityFor(q, extra).can('read', bob)).toBe(false);
    extra.push('read:users');
    expect(engine.abilityFor(q, extra).can('read', bob)).toBe(true);
  });
});
