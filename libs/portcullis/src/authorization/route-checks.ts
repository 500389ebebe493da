import type { RouteRequirement } from './route-requirement';
import { isDeclared, needsAbility, type RouteRequirements } from './route-requirements';

/** A route as the boot checks see it: its audit line and its declarations. */
export interface AuditedRoute {
  readonly requirement: RouteRequirement;
  readonly declared: RouteRequirements;
}

/** What the boot checks need to know of the app. */
export interface RouteCheckContext {
  readonly hasPolicy: boolean;
  readonly loaderTypes: ReadonlySet<string>;
  readonly strictRoutes: boolean;
}

/** `GET /users/:id (UsersController.update)`. */
export function routeName({ method, path, controller, handler }: RouteRequirement): string {
  return `${method} ${path} (${controller}.${handler})`;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The problems of one non-public route. */
function problemsOf(route: AuditedRoute, context: RouteCheckContext): string[] {
  const { requirement, declared } = route;
  const name = routeName(requirement);
  const problems: string[] = [];
  if (needsAbility(declared) && !context.hasPolicy) {
    problems.push(
      `${name} uses @Can, @Owns or @CurrentAbility, but the "policy" option is not set`,
    );
  }
  const owns = requirement.owns;
  if (owns !== undefined) {
    if (!context.loaderTypes.has(owns.subject)) {
      problems.push(
        `${name} uses @Owns('${owns.subject}'), but no provider is marked @LoadsResource('${owns.subject}')`,
      );
    }
    if (owns.action === undefined) {
      problems.push(
        `${name} uses @Owns('${owns.subject}') without an action, which ${requirement.method} does not imply`,
      );
    }
    if (!new RegExp(`:${escapeRegExp(owns.param)}(?![\\w$])`).test(requirement.path)) {
      problems.push(
        `${name} uses @Owns('${owns.subject}') with param '${owns.param}', which its path lacks`,
      );
    }
  }
  if (context.strictRoutes && !isDeclared(declared)) {
    problems.push(
      `${name} declares nothing (strictRoutes): add @Public, @Authenticated, @Scopes, @AnyScopes, @Can or @Owns`,
    );
  }
  return problems;
}

/**
 * Every reason the routes cannot be served as declared: policy routes without a policy,
 * `@Owns` routes without a loader, an action or their param, and, with `strictRoutes`,
 * routes that declare nothing. Public routes are never checked (nothing runs on them).
 */
export function routeProblems(
  routes: readonly AuditedRoute[],
  context: RouteCheckContext,
): string[] {
  return routes
    .filter((route) => route.requirement.access !== 'public')
    .flatMap((route) => problemsOf(route, context));
}
