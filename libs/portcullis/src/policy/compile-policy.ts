import type { AnyMongoAbility } from '@casl/ability';
import type { PrincipalKind } from '../principal/principal';
import { CLIENTS_ONLY, compileAppliesTo, USERS_ONLY } from './applies-to';
import type {
  DefineRules,
  PolicyDefinition,
  RoleDefinition,
  ScopeRequirement,
  ScopedRules,
} from './policy-definition';
import { PolicyDefinitionError } from './policy-definition.error';

/** One group of rules of a compiled policy, with the scopes that admit it. */
export interface RuleGroup<A extends AnyMongoAbility> {
  /** Position in definition order; groups are applied in increasing order. */
  readonly id: number;
  /** Where the group was written, for debug logs: `permission 'read:users'`. */
  readonly source: string;
  /** Any of these scopes admits the group; `null`: no scope needed. */
  readonly scopes: ReadonlySet<string> | null;
  /** The kinds of caller the group reaches (the section's, or the definition's `appliesTo`). */
  readonly kinds: ReadonlySet<PrincipalKind>;
  /** The rules. */
  readonly define: DefineRules<A>;
}

/** A role after compilation: who it reaches, known permission names and its own rule groups. */
export interface CompiledRole<A extends AnyMongoAbility> {
  readonly kinds: ReadonlySet<PrincipalKind>;
  readonly permissions: readonly string[];
  readonly rules: readonly RuleGroup<A>[];
}

/** A validated policy in lookup form. Maps, never objects: a claim `constructor` finds nothing. */
export interface CompiledPolicy<A extends AnyMongoAbility> {
  readonly user: readonly RuleGroup<A>[];
  readonly client: readonly RuleGroup<A>[];
  readonly permissions: ReadonlyMap<string, RuleGroup<A>>;
  readonly roles: ReadonlyMap<string, CompiledRole<A>>;
}

/** Validates a scope requirement; returns the set of scopes that satisfy it. */
function compileScope(
  scope: ScopeRequirement | undefined,
  where: string,
): ReadonlySet<string> | null {
  if (scope === null) return null;
  if (scope === undefined)
    throw new PolicyDefinitionError(`${where} has no scope (use null for none)`);
  const list: readonly unknown[] = typeof scope === 'string' ? [scope] : scope;
  if (!Array.isArray(list) || list.length === 0) {
    throw new PolicyDefinitionError(`${where} has an empty scope list (use null for none)`);
  }
  for (const item of list) {
    if (typeof item !== 'string' || item.length === 0 || /\s/.test(item)) {
      throw new PolicyDefinitionError(`${where} has an invalid scope ${JSON.stringify(item)}`);
    }
  }
  return new Set(list as readonly string[]);
}

type GroupFactory<A extends AnyMongoAbility> = (
  source: string,
  scope: ScopeRequirement | undefined,
  rules: unknown,
  kinds: ReadonlySet<PrincipalKind>,
) => RuleGroup<A>;

/** Makes rule groups numbered in the order they are made: the definition's order. */
function groupFactory<A extends AnyMongoAbility>(): GroupFactory<A> {
  let nextId = 0;
  return (source, scope, rules, kinds) => {
    if (typeof rules !== 'function') {
      throw new PolicyDefinitionError(`${source} has no rules function`);
    }
    const scopes = compileScope(scope, source);
    return { id: nextId++, source, scopes, kinds, define: rules as DefineRules<A> };
  };
}

function compileScopedList<A extends AnyMongoAbility>(
  group: GroupFactory<A>,
  list: readonly ScopedRules<A>[] | undefined,
  name: string,
  kinds: ReadonlySet<PrincipalKind>,
): RuleGroup<A>[] {
  return (list ?? []).map((entry, i) => group(`${name}[${i}]`, entry.scope, entry.rules, kinds));
}

function compileRole<A extends AnyMongoAbility>(
  group: GroupFactory<A>,
  name: string,
  role: readonly string[] | RoleDefinition<A>,
  permissions: ReadonlyMap<string, RuleGroup<A>>,
): CompiledRole<A> {
  const definition: RoleDefinition<A> = Array.isArray(role)
    ? { permissions: role }
    : (role as RoleDefinition<A>);
  const names = definition.permissions ?? [];
  for (const permission of names) {
    if (!permissions.has(permission)) {
      throw new PolicyDefinitionError(
        `role '${name}' references unknown permission '${permission}'`,
      );
    }
  }
  const kinds = compileAppliesTo(definition.appliesTo, `role '${name}'`);
  const rules = compileScopedList(group, definition.rules, `role '${name}' rules`, kinds);
  return { kinds, permissions: [...names], rules };
}

/** Compiles a policy definition once; throws {@link PolicyDefinitionError} when it is not valid. */
export function compilePolicy<A extends AnyMongoAbility>(
  definition: PolicyDefinition<A>,
): CompiledPolicy<A> {
  const group = groupFactory<A>();
  // A client never gets the user section: rules keyed on `sub` would make it own the
  // records of a user whose id happens to equal its own.
  const user = compileScopedList(group, definition.user, 'user', USERS_ONLY);
  const client = compileScopedList(group, definition.client, 'client', CLIENTS_ONLY);
  const permissions = new Map<string, RuleGroup<A>>();
  for (const [name, permission] of Object.entries(definition.permissions ?? {})) {
    const source = `permission '${name}'`;
    const scope = permission.scope === undefined ? name : permission.scope;
    const kinds = compileAppliesTo(permission.appliesTo, source);
    permissions.set(name, group(source, scope, permission.rules, kinds));
  }
  const roles = new Map<string, CompiledRole<A>>();
  for (const [name, role] of Object.entries(definition.roles ?? {})) {
    roles.set(name, compileRole(group, name, role, permissions));
  }
  return { user, client, permissions, roles };
}
