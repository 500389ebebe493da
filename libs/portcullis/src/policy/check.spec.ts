import { appPolicy, principal, userRecord } from './app-policy.fixture';
import { allows, check } from './check';
import { PolicyEngine } from './policy-engine';
import { tagSubject } from './tag-subject';

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
          expect(allows(ability, action, 'User', field)).toBe(
            check(ability, action, 'User', undefined, field).allowed,
          );
          for (const record of records) {
            expect(allows(ability, action, tagSubject('User', record), field)).toBe(
              check(ability, action, 'User', record, field).allowed,
            );
          }
        }
      }
    }
  });
});

describe('tagSubject', () => {
  const alice = principal({ sub: 'alice', scopes: ['read:users', 'write:users'] });
  const ability = engine.abilityFor(alice);

  it('tags a copy: the record itself is left as it was, frozen records included', () => {
    const record = Object.freeze(userRecord('alice'));
    const tagged = tagSubject('User', record);
    expect(ability.detectSubjectType(tagged as never)).toBe('User');
    expect(Object.keys(record)).not.toContain('__caslSubjectType__');
    expect(allows(ability, 'update', tagged)).toBe(true);
  });

  it("decides a record that carries CASL's type key itself by the type it is checked as, without throwing", () => {
    // Data an app stored from a request body can hold any key; CASL's subject() threw on it.
    const own = { ...userRecord('alice'), __caslSubjectType__: 'Invoice' };
    const other = { ...userRecord('bob'), __caslSubjectType__: 'User' };
    expect(ability.detectSubjectType(tagSubject('User', own) as never)).toBe('User');
    expect(allows(ability, 'update', tagSubject('User', own))).toBe(true);
    expect(allows(ability, 'update', tagSubject('User', other))).toBe(false);
    expect(check(ability, 'update', 'User', own).allowed).toBe(true);
  });
});
