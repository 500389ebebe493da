// Type tests: compiled by `tsc -p tsconfig.json --noEmit` (npm run typecheck, run by CI), never
// run by Jest (@swc/jest strips types without checking them). Each line under a
// ts-expect-error comment must fail to compile; if a type gets looser, the directive is
// unused and the compilation fails.
import type { ActionOf, SubjectTypeOf } from './ability-types';
import { accessibleQuery } from './accessible-query';
import { appPolicy, principal, type AppAbility } from './app-policy.fixture';
import { check } from './check';
import { forbiddenFields, permittedItems } from './permitted';
import { definePolicy } from './policy-definition';
import { PolicyEngine } from './policy-engine';

type Equals<X, Y> =
  (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
const assertType = <T extends true>(value: T): T => value;

export function definitions(): void {
  definePolicy<AppAbility>({
    permissions: {
      // @ts-expect-error 'fly' is not an action of AppAbility
      a: { rules: ({ can }) => can('fly', 'User') },
      // @ts-expect-error 'Account' is not a subject of AppAbility
      b: { rules: ({ can }) => can('read', 'Account') },
      // @ts-expect-error conditions are typed by the subject's record: UserRecord.id is a string
      c: { rules: ({ can }) => can('read', 'User', { id: 42 }) },
      d: { scope: ['x', 'y'], rules: ({ cannot }) => cannot('delete', 'Note') },
      e: { appliesTo: ['user', 'client'], rules: ({ can }) => can('read', 'Note') },
      // @ts-expect-error appliesTo names kinds of principal: 'user' or 'client'
      f: { appliesTo: ['service'], rules: ({ can }) => can('read', 'Note') },
    },
    // @ts-expect-error a role lists permission names, not numbers
    roles: { r: [1] },
    // @ts-expect-error every user rule states its scope (null to opt out)
    user: [{ rules: ({ can }) => can('read', 'Note') }],
    // @ts-expect-error rules see kind, sub and clientId only: claims do not key the cache
    client: [{ scope: null, rules: ({ can }, p) => can('read', 'Note', { id: p.claims }) }],
  });
}

export function helpers(ability: AppAbility): void {
  // @ts-expect-error 'fly' is not an action of AppAbility
  check(ability, 'fly', 'User');
  // @ts-expect-error 'Account' is not a subject of AppAbility
  check(ability, 'read', 'Account');
  // @ts-expect-error 'Account' is not a subject of AppAbility
  permittedItems(ability, 'read', 'Account', []);
  // @ts-expect-error the fields of a write are strings
  forbiddenFields(ability, 'update', 'User', {}, [1]);
  const access = accessibleQuery(ability, 'read', 'User');
  // @ts-expect-error "none" has no query: it cannot be passed to a database by mistake
  void access.query;
  if (access.match !== 'none') void access.query;
}

export function inference(): void {
  const ability = new PolicyEngine(appPolicy).abilityFor(principal({ scopes: ['read:users'] }));
  assertType<Equals<typeof ability, AppAbility>>(true);
  assertType<Equals<ActionOf<AppAbility>, 'read' | 'update' | 'delete'>>(true);
  assertType<Equals<SubjectTypeOf<AppAbility>, 'User' | 'Note'>>(true);
  // @ts-expect-error the inferred ability is not `any`: an unknown action does not compile
  ability.can('fly', 'User');
}
