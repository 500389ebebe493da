/**
 * How a route is reached: `public` (`@Public()`, no token), `authenticated` (a valid token
 * plus what the route declares), or `undeclared`: not public and declaring nothing, so any
 * valid access token passes (the guard still requires one); `strictRoutes` refuses these.
 */
export type RouteAccess = 'public' | 'authenticated' | 'undeclared';

/** One route and what it requires, as the route audit lists it. */
export interface RouteRequirement {
  /** `GET`, `POST`, ... (`ALL` for `@All`). */
  readonly method: string;
  /**
   * The full path Nest serves: global prefix (unless excluded), RouterModule path,
   * controller and handler paths, and the URI version under URI versioning.
   */
  readonly path: string;
  /**
   * The versions that reach the route at this path (`neutral` for `VERSION_NEUTRAL`); set
   * only when the app enabled versioning and the route has a version (its own, its
   * controller's or the default). Under header, media-type or custom versioning the path
   * does not change: this says which versions the request must ask for.
   */
  readonly versions?: readonly string[];
  /** The controller's `host` option: the route answers only for these host names. */
  readonly host?: readonly string[];
  /** The controller class name. */
  readonly controller: string;
  /** The handler method name. */
  readonly handler: string;
  /** `public` (`@Public`), `authenticated` (declares something), or `undeclared` (nothing). */
  readonly access: RouteAccess;
  /** Scope groups: the token needs one scope of every group. */
  readonly scopes: readonly (readonly string[])[];
  /** `@Can` requirements as `[action, subject]` or `[action, subject, field]`. */
  readonly can?: readonly (readonly [string, string] | readonly [string, string, string])[];
  /** The `@Owns` requirement, its action resolved from the HTTP method when not given. */
  readonly owns?: {
    readonly subject: string;
    readonly param: string;
    readonly action: string | undefined;
    readonly hide: boolean;
    readonly fields: 'body' | 'input' | false;
  };
}
