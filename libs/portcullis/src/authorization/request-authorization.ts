import type { AnyMongoAbility } from '@casl/ability';

/** Where the guard keeps the request's ability. */
const REQUEST_ABILITY = Symbol.for('portcullis:ability');
/** Where the guard keeps the resource an `@Owns` route loaded. */
const REQUEST_RESOURCE = Symbol.for('portcullis:resource');

type Slots = Record<symbol, unknown>;

/** The ability the guard built for this request, if the route needed one. */
export function abilityOf(request: object): AnyMongoAbility | undefined {
  return (request as Slots)[REQUEST_ABILITY] as AnyMongoAbility | undefined;
}

/** Keeps the request's ability for `@CurrentAbility()` and later checks. */
export function attachAbility(request: object, ability: AnyMongoAbility): void {
  (request as Slots)[REQUEST_ABILITY] = ability;
}

/** The resource an `@Owns` route loaded, if any. */
export function resourceOf(request: object): unknown {
  return (request as Slots)[REQUEST_RESOURCE];
}

/** Keeps the loaded resource for `@Resource()`. */
export function attachResource(request: object, resource: unknown): void {
  (request as Slots)[REQUEST_RESOURCE] = resource;
}
