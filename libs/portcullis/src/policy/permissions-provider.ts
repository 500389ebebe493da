import type { Principal } from '../principal/principal';

/**
 * Extra permissions for a user, from a store the app owns (for permissions that change faster
 * than tokens expire). Register it with the module option `permissionsProvider`:
 * `{ useClass }` builds it once, at boot, as a provider of the module that imports
 * PortcullisModule (it injects that module's providers and imports, like any `useClass`);
 * `{ useExisting }` uses a provider the app registered. It is a singleton: a request-scoped
 * provider, or one that injects request-scoped ones, stops the boot (answers are cached
 * across requests).
 *
 * Results are cached per (issuer, sub) for `ttlSeconds`. If the provider throws or rejects,
 * the request is answered 503 `PORTCULLIS_PERMISSIONS_UNAVAILABLE` with `Retry-After`, the
 * error is logged, and nothing is cached: Portcullis never decides on partial data.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class GrantsStore implements PermissionsProvider {
 *   constructor(private readonly grants: GrantsRepository) {}
 *   permissionsFor(principal: Principal) { return this.grants.namesFor(principal.sub); }
 * }
 * ```
 */
export interface PermissionsProvider {
  /** Extra permission names for this principal (a user kind only; never called for clients). */
  permissionsFor(principal: Principal): Promise<Iterable<string>> | Iterable<string>;
}
