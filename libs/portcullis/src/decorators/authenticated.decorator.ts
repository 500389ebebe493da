import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Authenticated}. */
export const IS_AUTHENTICATED = 'portcullis:authenticated';

/**
 * Says on purpose that a route needs any valid access token and nothing more. Every route
 * not `@Public()` needs one anyway; this marks it as declared for the route audit and for
 * `strictRoutes`.
 *
 * @example
 * ```ts
 * @Authenticated()
 * @Get('me')
 * me(@CurrentPrincipal() principal: Principal) { return { sub: principal.sub }; }
 * ```
 */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(IS_AUTHENTICATED, true);
