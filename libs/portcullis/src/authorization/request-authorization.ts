import type { AnyMongoAbility } from '@casl/ability';
import { ensureRequestState, requestState } from '../principal/request-state';

/** The ability the guard built for this request, if the route needed one. */
export function abilityOf(request: object): AnyMongoAbility | undefined {
  return requestState(request)?.ability as AnyMongoAbility | undefined;
}

/** Keeps the request's ability for `@CurrentAbility()` and later checks. */
export function attachAbility(request: object, ability: AnyMongoAbility): void {
  ensureRequestState(request).ability = ability;
}

/** The resource an `@Owns` route loaded, if any. */
export function resourceOf(request: object): unknown {
  return requestState(request)?.resource;
}

/** Keeps the loaded resource for `@Resource()`. */
export function attachResource(request: object, resource: unknown): void {
  ensureRequestState(request).resource = resource;
}
