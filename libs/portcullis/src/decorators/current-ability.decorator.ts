import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { callStateFor } from '../context/call-contexts';

/** Metadata key the guard reads to build the ability before a handler that asks for it. */
export const USES_ABILITY = 'portcullis:uses-ability';

const abilityParam = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => callStateFor(context)?.ability,
);

/**
 * Hands the request's CASL ability (the policy bounded by the token's scopes) to a handler
 * parameter, for list filtering and checks in code. The guard builds it once per request
 * (abilities are cached across requests). Needs the `policy` option; `undefined` on a
 * `@Public()` route.
 *
 * @example
 * ```ts
 * @Get()
 * list(@CurrentAbility() ability: AppAbility) {
 *   return permittedItems(ability, 'read', 'Note', this.notes.all());
 * }
 * ```
 */
export function CurrentAbility(): ParameterDecorator {
  return (target, key, index) => {
    const handler: unknown =
      key === undefined ? undefined : (target as Record<string | symbol, unknown>)[key];
    if (typeof handler === 'function') Reflect.defineMetadata(USES_ABILITY, true, handler);
    abilityParam()(target, key, index);
  };
}
