import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { resourceOf } from '../authorization/request-authorization';
import { requestOf } from '../guards/transport';

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
export const Resource = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  resourceOf(requestOf(context)),
);
