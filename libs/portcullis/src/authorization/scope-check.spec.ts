import { holdsScopes, unmetScopeGroups } from './scope-check';

describe('holdsScopes', () => {
  const groups: (readonly string[])[] = [['read:users'], ['admin', 'write:users']];

  it.each([
    [[], []],
    [['read:users'], []],
    [['read:users', 'write:users'], groups],
    [['read:users', 'admin'], groups],
    [['read:users'], groups],
    [['write:users'], groups],
    [['READ:USERS', 'admin'], groups],
    [[], groups],
  ])('held %j, groups %j: agrees with unmetScopeGroups', (held, required) => {
    const set = new Set(held);
    expect(holdsScopes(set, required)).toBe(unmetScopeGroups(set, required).length === 0);
  });

  it('needs one scope of every group, matched exactly', () => {
    expect(holdsScopes(new Set(['read:users', 'admin']), groups)).toBe(true);
    expect(holdsScopes(new Set(['read:users']), groups)).toBe(false);
    expect(holdsScopes(new Set(['read:users_all', 'admin']), groups)).toBe(false);
  });
});
