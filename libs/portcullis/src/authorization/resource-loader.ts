import type { Principal } from '../principal/principal';

/** What a {@link ResourceLoader} knows of the request. */
export interface ResourceLoadContext {
  /** The authenticated caller. */
  readonly principal: Principal;
}

/**
 * Loads one resource of a subject type by the id in a route param, for `@Owns` routes.
 * Mark the class `@LoadsResource('Type')` and list it in a module's providers. Return
 * `undefined` or `null` when there is none (404). An error thrown here is the app's own:
 * Nest answers it (it is not turned into a 403).
 *
 * @example
 * ```ts
 * @Injectable()
 * @LoadsResource('User')
 * export class UsersLoader implements ResourceLoader<User> {
 *   constructor(private readonly users: UsersRepository) {}
 *   load(id: string) { return this.users.findById(id); }
 * }
 * ```
 */
export interface ResourceLoader<T extends object = object> {
  load(
    id: string,
    context: ResourceLoadContext,
  ): Promise<T | null | undefined> | T | null | undefined;
}
