import { appPolicy, principal, userRecord } from './app-policy.fixture';
import { allows, check } from './check';
import { PolicyEngine } from './policy-engine';

const engine = new PolicyEngine(appPolicy);
const abilities = [
  principal({ scopes: ['read:users', 'write:users'] }),
  principal({ roles: ['admin'], scopes: ['read:users', 'write:users', 'delete:users'] }),
  principal({ permissions: ['read:users'], scopes: ['read:users'] }),
  principal({ kind: 'client', scopes: ['read:users'] }),
  principal({ scopes: [] }),
].map((p) => engine.abilityFor(p));
const records = ['alice', 'bob'].map(userRecord);
const actions = ['read', 'update', 'delete'] as const;
const fields = [undefined, 'name', 'plan'];

describe('allows', () => {
  it("agrees with check()'s decision on types, records and fields", () => {
    for (const ability of abilities) {
      for (const action of actions) {
        for (const field of fields) {
          expect(allows(ability, action, 'User', undefined, field)).toBe(
            check(ability, action, 'User', undefined, field).allowed,
          );
          for (const record of records) {
            expect(allows(ability, action, 'User', record, field)).toBe(
              check(ability, action, 'User', record, field).allowed,
            );
          }
        }
      }
    }
  });
});

describe('a record checked as a subject type', () => {
  const alice = principal({ sub: 'alice', scopes: ['read:users', 'write:users'] });
  const ability = engine.abilityFor(alice);

  it('is checked as it is: never changed, frozen records included', () => {
    const record = Object.freeze(userRecord('alice'));
    const before = JSON.stringify(record);
    expect(allows(ability, 'update', 'User', record)).toBe(true);
    expect(allows(ability, 'update', 'User', userRecord('bob'))).toBe(false);
    expect(JSON.stringify(record)).toBe(before);
    expect(Reflect.ownKeys(record)).not.toContain('__caslSubjectType__');
  });

  it("is decided by the type it is checked as, even when it carries CASL's type key itself", () => {
    // Data an app stored from a request body can hold any key; CASL's subject() threw on it.
    const own = { ...userRecord('alice'), __caslSubjectType__: 'Invoice' };
    const other = { ...userRecord('bob'), __caslSubjectType__: 'User' };
    expect(allows(ability, 'update', 'User', own)).toBe(true);
    expect(allows(ability, 'update', 'User', other)).toBe(false);
    expect(check(ability, 'update', 'User', own).allowed).toBe(true);
    expect(check(ability, 'update', 'User', other).allowed).toBe(false);
  });

  it.each([
    ['a string', 'alice'],
    ['a number', 7],
    ['a function', () => 'alice'],
    ['null', null],
  ])('that is %s matches no condition (never checked as a subject type)', (_, record) => {
    // A loader written in JavaScript can answer anything; the type-level check ignores
    // conditions, so such an answer must not be taken for one.
    expect(allows(ability, 'update', 'User', 'User' as never)).toBe(false);
    expect(allows(ability, 'update', 'User')).toBe(true);
    expect(allows(ability, 'update', 'User', record as never)).toBe(false);
    expect(check(ability, 'update', 'User', record as never).allowed).toBe(false);
  });

  it('reads fields a class instance inherits, as CASL does', () => {
    class StoredUser {
      constructor(private readonly ref: string) {}
      get id(): string {
        return this.ref;
      }
    }
    expect(allows(ability, 'update', 'User', new StoredUser('alice'))).toBe(true);
    expect(allows(ability, 'update', 'User', new StoredUser('bob'))).toBe(false);
  });
});
