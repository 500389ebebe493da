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
