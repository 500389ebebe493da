import type { AbilityBuilder, AnyMongoAbility } from '@casl/ability';
import type { Principal, PrincipalKind } from '../principal/principal';

/**
 * The scope(s) a token must hold for a group of rules to be part of its ability.
 *
 * - `'read:users'`: that exact scope (string equality; `read:users_all` does not satisfy it).
 * - `['read:users', 'admin:users']`: any one of them.
 * - `null`: no scope needed; the rules apply whatever the token's scopes. Use it on purpose,
 *   e.g. for a `cannot` that must always hold (a scoped `cannot` vanishes with its scope).
 *
 * An empty string, a scope with whitespace or an empty list is rejected when the policy is
 * compiled: a requirement nobody can meet is a mistake, never a way to say "no scope".
 */
export type ScopeRequirement = string | readonly string[] | null;

/**
 * What rules may read about the caller. Only these claims key the ability cache, so rules
 * cannot depend on anything else (such as custom claims) and be served a stale ability.
 */
export type RulePrincipal = Pick<Principal, 'kind' | 'sub' | 'clientId'>;

/** The `can` / `cannot` functions of a CASL {@link AbilityBuilder}, typed by the app's ability. */
export type RuleBuilder<A extends AnyMongoAbility> = Pick<AbilityBuilder<A>, 'can' | 'cannot'>;

/**
 * Adds CASL rules for one caller.
 *
 * @example
 * ```ts
 * const ownProfile: DefineRules<AppAbility> = ({ can }, p) => can('read', 'User', { id: p.sub });
 * ```
 */
export type DefineRules<A extends AnyMongoAbility> = (
  builder: RuleBuilder<A>,
  principal: RulePrincipal,
) => void;

/** Rules that apply only when the token holds `scope` (see {@link ScopeRequirement}). */
export interface ScopedRules<A extends AnyMongoAbility> {
  /** The scope(s) needed; `null` for none. Required, so that an opt-out is always explicit. */
  readonly scope: ScopeRequirement;
  /** The rules. */
  readonly rules: DefineRules<A>;
}

/** What one permission lets a user do, and the scope a client needs to use it. */
export interface PermissionDefinition<A extends AnyMongoAbility> {
  /** The scope(s) needed. Defaults to the permission's own name (Auth0 style); `null` for none. */
  readonly scope?: ScopeRequirement;
  /**
   * The kinds of caller the permission reaches; default `['user']`. A client-credentials
   * token holding it gets its rules only with `['user', 'client']` or `['client']` (Entra ID's
   * `allowedMemberTypes`), still bounded by `scope`. Through a role, the role must reach the
   * caller too.
   */
  readonly appliesTo?: readonly PrincipalKind[];
  /** The rules the permission grants. */
  readonly rules: DefineRules<A>;
}

/** A role: a bundle of permissions, with optional rules of its own. */
export interface RoleDefinition<A extends AnyMongoAbility> {
  /**
   * The kinds of caller the role reaches; default `['user']` (as for a role written as a list).
   * A client holding the role gets its rules, and those of its permissions that reach clients
   * too, only with `['user', 'client']` or `['client']`.
   */
  readonly appliesTo?: readonly PrincipalKind[];
  /** Names of permissions defined in {@link PolicyDefinition.permissions}. */
  readonly permissions?: readonly string[];
  /** Rules only this role grants, each bounded by its scope. */
  readonly rules?: readonly ScopedRules<A>[];
}

/**
 * The whole authorization policy of an API, defined once as code.
 *
 * A caller's ability holds the rules of: `user` (kind `user`) or `client` (kind `client`),
 * every permission it holds (from its token, its roles, or a store), and its roles' own rules;
 * each group only if the token holds the group's scope. Rules are added in this order
 * (base, permissions in the order written here, then roles), so a later `cannot` wins.
 *
 * Permissions and roles reach users only, unless they opt clients in with `appliesTo`: a
 * client-credentials token gets the `client` rules plus the opted-in permissions and roles,
 * never the `user` rules, so a client whose `sub` equals a user's id owns nothing of theirs.
 */
export interface PolicyDefinition<A extends AnyMongoAbility> {
  /** Permissions by name, as they appear in tokens' permissions claim. */
  readonly permissions?: Readonly<Record<string, PermissionDefinition<A>>>;
  /** Roles by name: a list of permission names, or a {@link RoleDefinition}. */
  readonly roles?: Readonly<Record<string, readonly string[] | RoleDefinition<A>>>;
  /** Rules of every signed-in user (kind `user`), typically keyed on `sub`. */
  readonly user?: readonly ScopedRules<A>[];
  /** Rules of clients acting for themselves (kind `client`); they get no `user` rules. */
  readonly client?: readonly ScopedRules<A>[];
}

/**
 * Declares a policy, typed by the app's ability; an identity function that checks the types.
 *
 * @example
 * ```ts
 * type AppAbility = MongoAbility<[Action, Subject]>;
 * export const policy = definePolicy<AppAbility>({
 *   permissions: {
 *     'read:users': { rules: ({ can }) => can('read', 'User') },
 *     'manage:billing': { scope: 'write:users', rules: ({ can }) => can('update', 'User', ['plan']) },
 *   },
 *   roles: {
 *     support: ['read:users'],
 *     billing: { permissions: ['manage:billing'] },
 *     // Entra ID app-only tokens: application permissions arrive as roles, without scopes.
 *     'Users.Read.All': {
 *       appliesTo: ['client'],
 *       rules: [{ scope: null, rules: ({ can }) => can('read', 'User') }],
 *     },
 *   },
 *   user: [{ scope: 'read:users', rules: ({ can }, p) => can('read', 'User', { id: p.sub }) }],
 *   client: [{ scope: 'read:users', rules: ({ can }) => can('read', 'User') }],
 * });
 * ```
 */
export function definePolicy<A extends AnyMongoAbility>(
  definition: PolicyDefinition<A>,
): PolicyDefinition<A> {
  return definition;
}
