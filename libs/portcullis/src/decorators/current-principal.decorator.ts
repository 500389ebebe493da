import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { principalOf } from '../principal/request-principal';

/**
 * Hands the request's {@link Principal} to a handler parameter: `undefined` on a
 * `@Public()` route, always set on any other.
 *
 * @example
 * ```ts
 * @Get('me')
 * me(@CurrentPrincipal() principal: Principal) { return principal.sub; }
 * ```
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  principalOf(context.switchToHttp().getRequest<object>()),
);
