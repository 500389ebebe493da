/** How a route is reached: without a token, with one, or without saying. */
export type RouteAccess = 'public' | 'authenticated' | 'undeclared';

/** One route and what it requires, as the route audit lists it. */
export interface RouteRequirement {
  /** `GET`, `POST`, ... (`ALL` for `@All`). */
  readonly method: string;
  /** The full path, with the global prefix when one was given. */
  readonly path: string;
  /** The controller class name. */
  readonly controller: string;
  /** The handler method name. */
  readonly handler: string;
  /** `public` (`@Public`), `authenticated` (declares something), or `undeclared`. */
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
    readonly fields: 'body' | false;
  };
}
