import { describeScopeGroups, holdsScopes, namedScopes, unmetScopeGroups } from './scope-check';

// Both functions share one predicate (meetsGroup): comparing them with each other cannot fail,
// so each row states its literal answer for both.
describe('holdsScopes and unmetScopeGroups', () => {
  const groups: (readonly string[])[] = [['read:users'], ['admin', 'write:users']];

  it.each([
    [[], [], true, []],
    [['read:users'], [], true, []],
    [['read:users', 'write:users'], groups, true, []],
    [['read:users', 'admin'], groups, true, []],
    [['read:users'], groups, false, [['admin', 'write:users']]],
    [['write:users'], groups, false, [['read:users']]],
    [['READ:USERS', 'admin'], groups, false, [['read:users']]],
    [['read:users_all', 'admin'], groups, false, [['read:users']]],
    [[], groups, false, groups],
  ] as const)('held %j, groups %j: holds %s, unmet %j', (held, required, holds, unmet) => {
    const set = new Set<string>(held);
    expect(holdsScopes(set, required)).toBe(holds);
    expect(unmetScopeGroups(set, required)).toEqual(unmet);
  });

  it('names each scope once and describes the groups for the debug log', () => {
    expect(namedScopes([['a'], ['b', 'a'], ['c']])).toEqual(['a', 'b', 'c']);
    expect(describeScopeGroups(groups)).toBe('read:users and (admin or write:users)');
  });
});
