import { addToMetadataList } from './metadata-list';

/**
 * Metadata key of {@link Scopes} and {@link AnyScopes}: a list of scope groups; the token
 * must hold at least one scope of every group.
 */
export const SCOPE_REQUIREMENTS = 'portcullis:scopes';

function scopeList(decorator: string, scopes: readonly string[]): readonly string[] {
  if (scopes.length === 0) throw new Error(`@${decorator}() needs at least one scope`);
  for (const scope of scopes) {
    if (typeof scope !== 'string' || scope === '' || /\s/.test(scope)) {
      throw new Error(`@${decorator}() got an invalid scope ${JSON.stringify(scope)}`);
    }
  }
  return scopes;
}

/**
 * The token must hold EVERY listed scope. Requirements of the class and of the method add
 * up: a method can add scopes, never drop its class's. Missing: 403 `insufficient_scope`.
 *
 * @example
 * ```ts
 * @Scopes('read:users')
 * @Controller('users')
 * export class UsersController {
 *   @Scopes('write:users') // needs read:users AND write:users
 *   @Patch(':id') update() {}
 * }
 * ```
 */
export function Scopes(...scopes: string[]): MethodDecorator & ClassDecorator {
  return addToMetadataList(
    SCOPE_REQUIREMENTS,
    scopeList('Scopes', scopes).map((scope) => [scope]),
  );
}

/**
 * The token must hold AT LEAST ONE of these scopes. Each use is one requirement, added to
 * the others of the method and its class.
 *
 * @example
 * ```ts
 * @AnyScopes('read:users', 'admin')
 * @Get() list() {}
 * ```
 */
export function AnyScopes(...scopes: string[]): MethodDecorator & ClassDecorator {
  return addToMetadataList(SCOPE_REQUIREMENTS, [[...scopeList('AnyScopes', scopes)]]);
}
