import { AbilityBuilder, createMongoAbility, type AnyMongoAbility } from '@casl/ability';
import { HolderSlot } from '../common/holder-slot';
import type { Principal } from '../principal/principal';
import { ReadOnlySet } from '../principal/read-only-set';
import { AbilityCache } from './ability-cache';
import { compilePolicy, type CompiledPolicy, type RuleGroup } from './compile-policy';
import type { PolicyDefinition, RulePrincipal } from './policy-definition';
import { recordRuleSource } from './rule-sources';

/** Options of a {@link PolicyEngine}. */
export interface PolicyEngineOptions {
  /** Most abilities kept, least recently used dropped first. Default 1,000; 0 caches none. */
  readonly maxCachedAbilities?: number;
}

const DEFAULT_MAX_CACHED_ABILITIES = 1000;

/** No permissions beyond the token's: one frozen list, so lookups by it can be remembered. */
export const NO_EXTRA_PERMISSIONS: readonly string[] = Object.freeze([]);

/** A principal's rule groups and ability cache key, for one list of extra permissions. */
interface AbilityKey<A extends AnyMongoAbility> {
  readonly extra: Iterable<string>;
  readonly groups: readonly RuleGroup<A>[];
  readonly key: string;
}

/**
 * True when nothing the rule groups are chosen by can change: a frozen principal whose sets
 * are read-only (as the token layer builds them), and a frozen list of extra permissions.
 */
function immutableInputs(principal: Principal, extra: Iterable<string>): boolean {
  return (
    Object.isFrozen(extra) &&
    Object.isFrozen(principal) &&
    principal.scopes instanceof ReadOnlySet &&
    principal.permissions instanceof ReadOnlySet &&
    principal.roles instanceof ReadOnlySet
  );
}

/** True when the token's scopes satisfy a group's requirement: exact string equality. */
function scopesAdmit(required: ReadonlySet<string> | null, held: ReadonlySet<string>): boolean {
  if (required === null) return true;
  for (const scope of required) if (held.has(scope)) return true;
  return false;
}

/**
 * Decides what a principal may do: compiles a {@link PolicyDefinition} once, then builds
 * (and caches) the CASL ability of each caller, bounded by the scopes of its token.
 *
 * @example
 * ```ts
 * const engine = new PolicyEngine(policy);
 * const ability = engine.abilityFor(principal, await store.permissionsOf(principal.sub));
 * ability.can('update', subject('User', record), 'plan');
 * ```
 */
export class PolicyEngine<A extends AnyMongoAbility> {
  private readonly policy: CompiledPolicy<A>;
  private readonly cache: AbilityCache<A>;
  /**
   * The token layer's principals are immutable and cached per token, so a reused token's rule
   * groups and cache key are worked out once. Remembered only when neither the principal nor
   * the extra permissions (the permissions cache hands out frozen lists) can change. Kept on
   * the principal (a private field, see `HolderSlot`), not in a `WeakMap` beside it, so a
   * one-time token's key dies young with its principal instead of being promoted.
   */
  private readonly keys = new HolderSlot<AbilityKey<A>>('portcullis:ability-key');

  /**
   * @param definition the policy; validated here (throws {@link PolicyDefinitionError})
   * @param options cache size
   */
  constructor(definition: PolicyDefinition<A>, options: PolicyEngineOptions = {}) {
    const max = options.maxCachedAbilities ?? DEFAULT_MAX_CACHED_ABILITIES;
    if (!Number.isInteger(max) || max < 0) {
      throw new RangeError('PolicyEngine option maxCachedAbilities must be an integer >= 0');
    }
    this.policy = compilePolicy(definition);
    this.cache = new AbilityCache<A>(max);
  }

  /**
   * The ability of `principal`. The same object is returned for callers whose kind, `sub`,
   * `clientId` and admitted rule groups are the same: treat it as read-only.
   *
   * @param extraPermissions permissions from a store lookup, added to the token's; unknown
   *   names are ignored, like unknown permissions and roles of the token
   */
  abilityFor(principal: Principal, extraPermissions: Iterable<string> = NO_EXTRA_PERMISSIONS): A {
    const { key, groups } = this.keyFor(principal, extraPermissions);
    return this.cache.getOrBuild(key, () => this.build(principal, groups));
  }

  /**
   * Where the rules of `principal`'s ability come from, in order, for debug logs:
   * `["user[0]", "permission 'read:users'", "role 'admin' rules[0]"]`.
   */
  grantsFor(principal: Principal, extraPermissions: Iterable<string> = []): string[] {
    return this.ruleGroupsFor(principal, extraPermissions).map((group) => group.source);
  }

  /** Number of abilities cached. */
  get cachedAbilities(): number {
    return this.cache.size;
  }

  private keyFor(principal: Principal, extra: Iterable<string>): AbilityKey<A> {
    const known = this.keys.get(principal);
    if (known !== undefined && known.extra === extra) return known;
    const groups = this.ruleGroupsFor(principal, extra);
    const ids = groups.map((group) => group.id);
    const key = JSON.stringify([principal.kind, principal.sub, principal.clientId ?? null, ids]);
    const computed: AbilityKey<A> = { extra, groups, key };
    if (immutableInputs(principal, extra)) this.keys.set(principal, computed);
    return computed;
  }

  /**
   * Rule groups the principal holds, that reach its kind and that its scopes admit, in
   * definition order. A permission held through a role needs the role to reach the kind too.
   */
  private ruleGroupsFor(principal: Principal, extra: Iterable<string>): RuleGroup<A>[] {
    const { user, client, permissions, roles } = this.policy;
    const { kind } = principal;
    const selected = new Map<number, RuleGroup<A>>();
    const admit = (group: RuleGroup<A>): void => {
      if (group.kinds.has(kind) && scopesAdmit(group.scopes, principal.scopes)) {
        selected.set(group.id, group);
      }
    };
    const grant = (name: string): void => {
      const group = permissions.get(name);
      if (group !== undefined) admit(group);
    };
    user.forEach(admit);
    client.forEach(admit);
    principal.permissions.forEach(grant);
    for (const name of extra) grant(name);
    for (const name of principal.roles) {
      const role = roles.get(name);
      if (role === undefined || !role.kinds.has(kind)) continue;
      role.permissions.forEach(grant);
      role.rules.forEach(admit);
    }
    return [...selected.values()].sort((a, b) => a.id - b.id);
  }

  /** Runs the groups' rule functions on one builder; records where each rule came from. */
  private build(principal: Principal, groups: readonly RuleGroup<A>[]): A {
    const builder = new AbilityBuilder<A>(createMongoAbility);
    const caller: RulePrincipal = Object.freeze({
      kind: principal.kind,
      sub: principal.sub,
      clientId: principal.clientId,
    });
    for (const group of groups) {
      const before = builder.rules.length;
      group.define(builder, caller);
      recordRuleSource(builder.rules.slice(before), group.source);
    }
    return builder.build();
  }
}
