import type { PrincipalKind } from '../principal/principal';
import {
  appPolicy,
  clientOptInPolicy,
  principal,
  userRecord,
  type Action,
} from './app-policy.fixture';
import { check } from './check';
import { PolicyEngine } from './policy-engine';

// The semantics, written out: scopes bound what the client may do, grants what the user may.
// policy: base = app-policy.fixture's appPolicy; optin = clientOptInPolicy, where the three
//         *:users permissions and the role 'users-admin' reach clients too (`appliesTo`)
// scope:  yes = token holds read:users write:users delete:users; no = read:notes read:users_all
// grant:  the three *:users permissions via the token, via role 'users-admin', via a store, or none
// record: own = the record whose id is the caller's sub; other = someone else's
// A client gets the `client` rules (read every user, with the scope) and, only when opted in,
// its permissions and roles; never the `user` rules, so a record whose id is its sub is not its own.
const TABLE = `
kind    policy scope  grant  record  read  update  delete
user    base   yes    token  own     Y     Y       Y
user    base   yes    token  other   Y     Y       Y
user    base   yes    role   own     Y     Y       Y
user    base   yes    role   other   Y     Y       Y
user    base   yes    extra  own     Y     Y       Y
user    base   yes    extra  other   Y     Y       Y
user    base   yes    none   own     Y     Y       N
user    base   yes    none   other   N     N       N
user    base   no     token  own     N     N       N
user    base   no     token  other   N     N       N
user    base   no     role   own     N     N       N
user    base   no     role   other   N     N       N
user    base   no     extra  own     N     N       N
user    base   no     extra  other   N     N       N
user    base   no     none   own     N     N       N
user    base   no     none   other   N     N       N
client  base   yes    token  own     Y     N       N
client  base   yes    token  other   Y     N       N
client  base   yes    role   own     Y     N       N
client  base   yes    role   other   Y     N       N
client  base   yes    extra  own     Y     N       N
client  base   yes    extra  other   Y     N       N
client  base   yes    none   own     Y     N       N
client  base   yes    none   other   Y     N       N
client  base   no     token  own     N     N       N
client  base   no     token  other   N     N       N
client  base   no     role   own     N     N       N
client  base   no     role   other   N     N       N
client  base   no     extra  own     N     N       N
client  base   no     extra  other   N     N       N
client  base   no     none   own     N     N       N
client  base   no     none   other   N     N       N
user    optin  yes    token  own     Y     Y       Y
user    optin  yes    token  other   Y     Y       Y
user    optin  yes    role   own     Y     Y       Y
user    optin  yes    role   other   Y     Y       Y
user    optin  yes    extra  own     Y     Y       Y
user    optin  yes    extra  other   Y     Y       Y
user    optin  yes    none   own     Y     Y       N
user    optin  yes    none   other   N     N       N
user    optin  no     token  own     N     N       N
user    optin  no     token  other   N     N       N
user    optin  no     role   own     N     N       N
user    optin  no     role   other   N     N       N
user    optin  no     extra  own     N     N       N
user    optin  no     extra  other   N     N       N
user    optin  no     none   own     N     N       N
user    optin  no     none   other   N     N       N
client  optin  yes    token  own     Y     Y       Y
client  optin  yes    token  other   Y     Y       Y
client  optin  yes    role   own     Y     Y       Y
client  optin  yes    role   other   Y     Y       Y
client  optin  yes    extra  own     Y     Y       Y
client  optin  yes    extra  other   Y     Y       Y
client  optin  yes    none   own     Y     N       N
client  optin  yes    none   other   Y     N       N
client  optin  no     token  own     N     N       N
client  optin  no     token  other   N     N       N
client  optin  no     role   own     N     N       N
client  optin  no     role   other   N     N       N
client  optin  no     extra  own     N     N       N
client  optin  no     extra  other   N     N       N
client  optin  no     none   own     N     N       N
client  optin  no     none   other   N     N       N
`;

const ACTIONS: readonly Action[] = ['read', 'update', 'delete'];
const USER_PERMISSIONS = ['read:users', 'write:users', 'delete:users'];

type PolicyName = 'base' | 'optin';

interface Row {
  kind: PrincipalKind;
  policy: PolicyName;
  scope: string;
  grant: string;
  record: string;
  action: Action;
  allowed: boolean;
}

function parse(table: string): Row[] {
  const [, ...lines] = table.trim().split('\n');
  return lines.flatMap((line) => {
    const [kind, policy, scope, grant, record, ...decisions] = line.trim().split(/\s+/);
    return ACTIONS.map((action, i) => ({
      kind: kind as PrincipalKind,
      policy: policy as PolicyName,
      scope,
      grant,
      record,
      action,
      allowed: decisions[i] === 'Y',
    }));
  });
}

const engines = {
  base: new PolicyEngine(appPolicy),
  optin: new PolicyEngine(clientOptInPolicy),
};

const rows = parse(TABLE);
const caseOf = (r: Omit<Row, 'record' | 'allowed'>) =>
  [r.kind, r.policy, r.scope, r.grant, r.action].join();
const someAllowed = new Set(rows.filter((r) => r.allowed).map(caseOf));

describe('PolicyEngine truth table', () => {
  // The table is text: a typo ('yse', 'y') would silently read as a new value or as N.
  it('covers every combination once, with only known values and Y/N decisions', () => {
    const valuesOf = (column: keyof Row) => [...new Set(rows.map((r) => String(r[column])))].sort();
    expect(rows).toHaveLength(192);
    expect(new Set(rows.map((r) => JSON.stringify({ ...r, allowed: 0 }))).size).toBe(192);
    expect(
      (['kind', 'policy', 'scope', 'grant', 'record', 'action'] as const).map(valuesOf),
    ).toEqual([
      ['client', 'user'],
      ['base', 'optin'],
      ['no', 'yes'],
      ['extra', 'none', 'role', 'token'],
      ['other', 'own'],
      ['delete', 'read', 'update'],
    ]);
    const cells = TABLE.trim()
      .split('\n')
      .slice(1)
      .flatMap((line) => line.trim().split(/\s+/).slice(5));
    expect([...new Set(cells)].sort()).toEqual(['N', 'Y']);
    expect(rows.filter((r) => r.allowed)).toHaveLength(68);
  });

  it.each(rows)(
    '$kind, $policy policy, scope $scope, grant $grant, $record record, $action -> $allowed',
    ({ kind, policy, scope, grant, record, action, allowed }) => {
      const caller = principal({
        kind,
        scopes: scope === 'yes' ? USER_PERMISSIONS : ['read:notes', 'read:users_all'],
        permissions: grant === 'token' ? USER_PERMISSIONS : [],
        roles: grant === 'role' ? ['users-admin'] : [],
      });
      const extra = grant === 'extra' ? USER_PERMISSIONS : [];
      const ability = engines[policy].abilityFor(caller, extra);
      const target = userRecord(record === 'own' ? caller.sub : 'someone-else');

      expect(check(ability, action, 'User', target).allowed).toBe(allowed);
      // Without a record, the question is "some User": yes if either row of the pair says so.
      expect(ability.can(action, 'User')).toBe(
        someAllowed.has(caseOf({ kind, policy, scope, grant, action })),
      );
    },
  );
});
