import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { callStateFor } from '../context/call-contexts';

/**
 * Hands the resource an `@Owns` route loaded (and the ability allowed) to a handler
 * parameter; it is not loaded a second time. `undefined` on a route without `@Owns`.
 *
 * @example
 * ```ts
 * @Owns('Note')
 * @Get(':id')
 * read(@Resource() note: Note) { return note; }
 * ```
 */
export const Resource = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => callStateFor(context)?.resource,
);
