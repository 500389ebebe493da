import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { callStateFor } from '../context/call-contexts';

/**
 * Hands the caller's {@link Principal} to a handler parameter: `undefined` on a
 * `@Public()` route, always set on any other. Read through the context layer, so it works
 * in every kind of context Portcullis guards.
 *
 * @example
 * ```ts
 * @Get('me')
 * me(@CurrentPrincipal() principal: Principal) { return principal.sub; }
 * ```
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => callStateFor(context)?.principal,
);
