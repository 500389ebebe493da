import type { PrincipalKind } from '../principal/principal';
import { appPolicy, principal, userRecord, type Action } from './app-policy.fixture';
import { check } from './check';
import { PolicyEngine } from './policy-engine';

// The semantics, written out: scopes bound what the client may do, grants what the user may.
// scope:  yes = token holds read:users write:users delete:users; no = read:notes read:users_all
// grant:  the three *:users permissions via the token, via role 'users-admin', via a store, or none
// record: own = the record whose id is the caller's sub; other = someone else's
const TABLE = `
kind    scope  grant  record  read  update  delete
user    yes    token  own     Y     Y       Y
user    yes    token  other   Y     Y       Y
user    yes    role   own     Y     Y       Y
user    yes    role   other   Y     Y       Y
user    yes    extra  own     Y     Y       Y
user    yes    extra  other   Y     Y       Y
user    yes    none   own     Y     Y       N
user    yes    none   other   N     N       N
user    no     token  own     N     N       N
user    no     token  other   N     N       N
user    no     role   own     N     N       N
user    no     role   other   N     N       N
user    no     extra  own     N     N       N
user    no     extra  other   N     N       N
user    no     none   own     N     N       N
user    no     none   other   N     N       N
client  yes    token  own     Y     Y       Y
client  yes    token  other   Y     Y       Y
client  yes    role   own     Y     Y       Y
client  yes    role   other   Y     Y       Y
client  yes    extra  own     Y     Y       Y
client  yes    extra  other   Y     Y       Y
client  yes    none   own     Y     N       N
client  yes    none   other   Y     N       N
client  no     token  own     N     N       N
client  no     token  other   N     N       N
client  no     role   own     N     N       N
client  no     role   other   N     N       N
client  no     extra  own     N     N       N
client  no     extra  other   N     N       N
client  no     none   own     N     N       N
client  no     none   other   N     N       N
`;

const ACTIONS: readonly Action[] = ['read', 'update', 'delete'];
const USER_PERMISSIONS = ['read:users', 'write:users', 'delete:users'];

interface Row {
  kind: PrincipalKind;
  scope: string;
  grant: string;
  record: string;
  action: Action;
  allowed: boolean;
}

function parse(table: string): Row[] {
  const [, ...lines] = table.trim().split('\n');
  return lines.flatMap((line) => {
    const [kind, scope, grant, record, ...decisions] = line.trim().split(/\s+/);
    return ACTIONS.map((action, i) => ({
      kind: kind as PrincipalKind,
      scope,
      grant,
      record,
      action,
      allowed: decisions[i] === 'Y',
    }));
  });
}

const engine = new PolicyEngine(appPolicy);

const rows = parse(TABLE);
const caseOf = (r: Omit<Row, 'record' | 'allowed'>) => [r.kind, r.scope, r.grant, r.action].join();
const someAllowed = new Set(rows.filter((r) => r.allowed).map(caseOf));

describe('PolicyEngine truth table', () => {
  it('covers every combination once', () => {
    expect(rows).toHaveLength(2 * 2 * 4 * 2 * 3);
    expect(new Set(rows.map((r) => JSON.stringify({ ...r, allowed: 0 }))).size).toBe(rows.length);
  });

  it.each(rows)(
    '$kind, scope $scope, grant $grant, $record record, $action -> $allowed',
    ({ kind, scope, grant, record, action, allowed }) => {
      const caller = principal({
        kind,
        scopes: scope === 'yes' ? USER_PERMISSIONS : ['read:notes', 'read:users_all'],
        permissions: grant === 'token' ? USER_PERMISSIONS : [],
        roles: grant === 'role' ? ['users-admin'] : [],
      });
      const ability = engine.abilityFor(caller, grant === 'extra' ? USER_PERMISSIONS : []);
      const target = userRecord(record === 'own' ? caller.sub : 'someone-else');

      expect(check(ability, action, 'User', target).allowed).toBe(allowed);
      // Without a record, the question is "some User": yes if either row of the pair says so.
      expect(ability.can(action, 'User')).toBe(
        someAllowed.has(caseOf({ kind, scope, grant, action })),
      );
    },
  );
});
