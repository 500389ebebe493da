// @ucast/mongo2js comes with @casl/ability; its guard() runs a Mongo filter in memory.
import { guard } from '@ucast/mongo2js';
import { accessibleQuery } from './accessible-query';
import { appPolicy, principal, userRecord, type AppAbility } from './app-policy.fixture';
import { check } from './check';
import { permittedItems } from './permitted';
import { definePolicy } from './policy-definition';
import { PolicyEngine } from './policy-engine';

const engine = new PolicyEngine(appPolicy);
const owner = engine.abilityFor(principal({ scopes: ['read:users', 'write:users'] }));
const admin = engine.abilityFor(
  principal({ roles: ['admin'], scopes: ['read:users', 'write:users', 'delete:users'] }),
);
const nobody = engine.abilityFor(principal({ scopes: [] }));
const users = ['alice', 'bob', 'carol'].map(userRecord);

describe('permittedItems', () => {
  it('keeps the items the ability allows, in order, as given', () => {
    expect(permittedItems(owner, 'read', 'User', users)).toEqual([users[0]]);
    expect(permittedItems(admin, 'read', 'User', users)).toEqual(users);
    expect(permittedItems(nobody, 'read', 'User', users)).toEqual([]);
    expect(permittedItems(owner, 'read', 'User', users)[0]).toBe(users[0]);
  });

  it('neither tags nor chokes on frozen records', () => {
    const frozen = users.map((u) => Object.freeze({ ...u }));
    expect(permittedItems(owner, 'read', 'User', frozen)).toEqual([frozen[0]]);
    expect(Object.getOwnPropertyNames(users[0])).toEqual(['id', 'name', 'email', 'plan']);
  });
});

describe('check', () => {
  it('allows, naming the rule and where it was written', () => {
    const decision = check(owner, 'update', 'User', users[0], 'email');
    expect(decision).toEqual({
      allowed: true,
      reason: `'update' on 'User' field 'email' allowed by user[1]: can update User [name, email] if {"id":"alice"}`,
    });
  });

  it.each([
    ['no rule for the action', nobody, 'read', users[0], undefined, 'no-rule'],
    ['a field outside the rules', owner, 'update', users[0], 'plan', 'field'],
    ["another user's record", owner, 'read', users[1], undefined, 'conditions'],
  ] as const)('denies %s, saying why', (_, ability, action, record, field, denial) => {
    const decision = check(ability, action, 'User', record, field);
    expect(decision).toMatchObject({ allowed: false, denial });
    expect(decision.reason).toContain(`'${action}' on 'User'`);
  });

  it('reports a cannot rule with its reason', () => {
    const policy = definePolicy<AppAbility>({
      user: [
        { scope: null, rules: ({ can }) => can('delete', 'User') },
        {
          scope: null,
          rules: ({ cannot }) => cannot('delete', 'User', { plan: 'paid' }).because('paying'),
        },
      ],
    });
    const ability = new PolicyEngine(policy).abilityFor(principal({}));
    const decision = check(ability, 'delete', 'User', { ...users[1], plan: 'paid' });
    expect(decision).toMatchObject({ allowed: false, denial: 'forbidden' });
    expect(decision.reason).toMatch(/user\[1\]: cannot delete User if .*\(paying\)$/);
    expect(check(ability, 'delete', 'User', users[1]).allowed).toBe(true);
  });
});

describe('accessibleQuery', () => {
  it("gives an $or of the owner's conditions for a normal user", () => {
    expect(accessibleQuery(owner, 'read', 'User')).toEqual({
      match: 'some',
      query: { $or: [{ id: 'alice' }] },
    });
  });

  it('matches everything for an admin', () => {
    expect(accessibleQuery(admin, 'update', 'User')).toEqual({ match: 'all', query: {} });
  });

  it('says "nothing" when no rule allows the action, without a query to pass on', () => {
    expect(accessibleQuery(nobody, 'read', 'User')).toEqual({ match: 'none' });
    expect(accessibleQuery(owner, 'delete', 'User')).toEqual({ match: 'none' });
  });

  it('bounds each allowing rule by the cannot rules above it', () => {
    const policy = definePolicy<AppAbility>({
      user: [
        { scope: null, rules: ({ can }) => can('read', 'User') },
        { scope: null, rules: ({ cannot }) => cannot('read', 'User', { plan: 'hidden' }) },
        { scope: null, rules: ({ can }, p) => can('read', 'User', { id: p.sub }) },
      ],
    });
    const ability = new PolicyEngine(policy).abilityFor(principal({}));
    expect(accessibleQuery(ability, 'read', 'User')).toEqual({
      match: 'some',
      query: { $or: [{ id: 'alice' }, { $and: [{ $nor: [{ plan: 'hidden' }] }] }] },
    });
  });

  it('selects exactly the records permittedItems keeps', () => {
    const records = [...users, { ...users[1], plan: 'hidden' }];
    for (const ability of [owner, admin, nobody]) {
      for (const action of ['read', 'update', 'delete'] as const) {
        const access = accessibleQuery(ability, action, 'User');
        const selected = access.match === 'none' ? [] : records.filter(guard<object>(access.query));
        expect(selected).toEqual(permittedItems(ability, action, 'User', records));
      }
    }
  });
});
