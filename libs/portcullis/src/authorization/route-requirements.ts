import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { readMetadataLists } from '../decorators/metadata-list';
import { IS_AUTHENTICATED } from '../decorators/authenticated.decorator';
import { CAN_REQUIREMENTS, type CanRequirement } from '../decorators/can.decorator';
import { USES_ABILITY } from '../decorators/current-ability.decorator';
import { OWNS_REQUIREMENT, type OwnsRequirement } from '../decorators/owns.decorator';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { SCOPE_REQUIREMENTS } from '../decorators/scopes.decorator';

/** Everything a route declares, read from its handler and its controller. */
export interface RouteRequirements {
  /** `@Public()`: no token needed (method or class; the method's word wins). */
  readonly isPublic: boolean;
  /** `@Authenticated()` on the method or the class. */
  readonly authenticated: boolean;
  /** Scope groups of `@Scopes`/`@AnyScopes`, class and method: one scope of every group. */
  readonly scopeGroups: readonly (readonly string[])[];
  /** `@Can` requirements, class and method: all must hold. */
  readonly can: readonly CanRequirement[];
  /** `@Owns`, the method's over the class's. */
  readonly owns: OwnsRequirement | undefined;
  /** A parameter of the handler is `@CurrentAbility()`. */
  readonly usesAbility: boolean;
}

/** True when the route needs the caller's ability (and so a policy). */
export function needsAbility(route: RouteRequirements): boolean {
  return route.can.length > 0 || route.owns !== undefined || route.usesAbility;
}

/** True when the route declares what it needs beyond "not public". */
export function isDeclared(route: RouteRequirements): boolean {
  return (
    route.authenticated ||
    route.scopeGroups.length > 0 ||
    route.can.length > 0 ||
    route.owns !== undefined
  );
}

/**
 * Reads a route's requirements once per handler (metadata does not change after boot) and
 * keeps them; the guard and the route audit read them the same way.
 */
@Injectable()
export class RouteRequirementsReader {
  private readonly cache = new WeakMap<object, WeakMap<object, RouteRequirements>>();

  constructor(private readonly reflector: Reflector) {}

  /** The requirements of `handler` in controller `controller`. */
  of(handler: object, controller: object): RouteRequirements {
    let routes = this.cache.get(controller);
    if (routes === undefined) this.cache.set(controller, (routes = new WeakMap()));
    const cached = routes.get(handler);
    if (cached !== undefined) return cached;
    const targets = [handler, controller] as Parameters<Reflector['getAllAndOverride']>[1];
    const route: RouteRequirements = Object.freeze({
      isPublic: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
      authenticated:
        this.reflector.getAllAndOverride<boolean | undefined>(IS_AUTHENTICATED, targets) === true,
      scopeGroups: readMetadataLists<readonly string[]>(SCOPE_REQUIREMENTS, [controller, handler]),
      can: readMetadataLists<CanRequirement>(CAN_REQUIREMENTS, [controller, handler]),
      owns: this.reflector.getAllAndOverride<OwnsRequirement | undefined>(
        OWNS_REQUIREMENT,
        targets,
      ),
      usesAbility: this.reflector.get<boolean | undefined>(USES_ABILITY, handler as never) === true,
    });
    routes.set(handler, route);
    return route;
  }
}
