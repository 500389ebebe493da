import type { AnyMongoAbility } from '@casl/ability';
import { Injectable, Logger } from '@nestjs/common';
import { logSafe } from '../common/log-safe';
import {
  AccessDeniedException,
  InsufficientScopeException,
  ResourceNotFoundException,
} from '../errors/portcullis.exceptions';
import type { CallContext } from '../context/call-context';
import { ensureCallState } from '../context/call-state';
import { bodyTooDeep } from '../http/body-depth';
import { allows, check } from '../policy/check';
import type { Principal } from '../principal/principal';
import { AbilityResolver } from './ability-resolver';
import type { OwnsRequirement } from '../decorators/owns.decorator';
import { decideOwnership, type OwnershipOutcome } from './owned-resource';
import { ResourceLoaderRegistry } from './resource-loader-registry';
import { needsAbility, type RouteRequirements } from './route-requirements';
import { describeScopeGroups, holdsScopes, namedScopes, unmetScopeGroups } from './scope-check';

/**
 * The authorization step of the guard, after authentication: the token's scopes, then
 * `@Can`, then `@Owns` (load, check the instance, check the body's fields). Every refusal
 * is a typed exception with a short message; the full reason goes to the debug log.
 */
@Injectable()
export class RouteAuthorizer {
  private readonly logger = new Logger('Portcullis');

  constructor(
    private readonly abilities: AbilityResolver,
    private readonly loaders: ResourceLoaderRegistry,
  ) {}

  /**
   * Lets the call through, or throws the exception that answers it. Synchronous (returns
   * nothing) when nothing has to be waited for: the ability at hand (no permissions provider,
   * or its answer cached) and the `@Owns` loader answering with a value; otherwise a promise.
   */
  authorize(
    call: CallContext,
    principal: Principal,
    route: RouteRequirements,
  ): void | Promise<void> {
    this.checkScopes(call, principal, route);
    if (!needsAbility(route)) return;
    const ability = this.abilities.abilityNow(principal);
    if (ability instanceof Promise) {
      return ability.then((held) => this.authorizeWith(call, principal, route, held));
    }
    return this.authorizeWith(call, principal, route, ability);
  }

  /** `@Can`, then `@Owns`, with the principal's ability. */
  private authorizeWith(
    call: CallContext,
    principal: Principal,
    route: RouteRequirements,
    ability: AnyMongoAbility,
  ): void | Promise<void> {
    ensureCallState(call.holder, call.keepsStateAside).ability = ability;
    for (const { action, subject, field } of route.can) {
      if (!allows(ability, action, subject, undefined, field)) {
        const decision = check(ability, action, subject, undefined, field);
        this.deny(call, principal, `@Can: ${decision.reason}`);
        throw new AccessDeniedException();
      }
    }
    if (route.owns !== undefined) return this.checkOwnership(call, principal, ability, route.owns);
  }

  /**
   * The scope step of {@link authorize} alone, synchronous: what a route without a policy
   * needs, so the guard can decide it without a promise.
   */
  checkScopes(call: CallContext, principal: Principal, route: RouteRequirements): void {
    if (holdsScopes(principal.scopes, route.scopeGroups)) return;
    const unmet = unmetScopeGroups(principal.scopes, route.scopeGroups);
    const held = logSafe([...principal.scopes].join(' ') || 'none');
    this.deny(
      call,
      principal,
      `scope ${describeScopeGroups(unmet)} missing (route needs ${describeScopeGroups(route.scopeGroups)}; token has ${held})`,
    );
    throw new InsufficientScopeException(namedScopes(route.scopeGroups));
  }

  private checkOwnership(
    call: CallContext,
    principal: Principal,
    ability: AnyMongoAbility,
    owns: OwnsRequirement,
  ): void | Promise<void> {
    const loader = this.loaders.loaderFor(owns.subject);
    const outcome = decideOwnership(call, principal, ability, owns, loader);
    if (outcome instanceof Promise) {
      return outcome.then((settled) => this.applyOwnership(call, principal, owns, settled));
    }
    this.applyOwnership(call, principal, owns, outcome);
  }

  /** Keeps the allowed resource for the call, or throws the refusal of the outcome. */
  private applyOwnership(
    call: CallContext,
    principal: Principal,
    owns: OwnsRequirement,
    outcome: OwnershipOutcome,
  ): void {
    if (outcome.kind === 'allowed') {
      ensureCallState(call.holder, call.keepsStateAside).resource = outcome.resource;
      return;
    }
    this.deny(call, principal, `@Owns('${owns.subject}'): ${outcome.reason}`);
    if (outcome.kind === 'too-deep') throw bodyTooDeep(outcome.maxDepth);
    if (outcome.kind === 'missing' || (outcome.kind === 'denied' && owns.hide)) {
      throw new ResourceNotFoundException();
    }
    throw new AccessDeniedException();
  }

  /**
   * The debug line of a refusal. The target and `sub` come from the request and the token, and
   * are escaped here; request values inside `reason` (ids, fields, scopes) are escaped where
   * the reason is built, so a long reason is not cut.
   */
  private deny(call: CallContext, principal: Principal, reason: string): void {
    this.logger.debug(
      `${logSafe(call.target)} refused to ${principal.kind} '${logSafe(principal.sub)}': ${reason}`,
    );
  }
}
