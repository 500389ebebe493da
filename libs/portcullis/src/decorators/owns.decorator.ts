import type { AnyMongoAbility } from '@casl/ability';
import { SetMetadata } from '@nestjs/common';
import type { ActionOf, SubjectTypeOf } from '../policy/ability-types';

/** Metadata key of {@link Owns}. */
export const OWNS_REQUIREMENT = 'portcullis:owns';

/** Options of {@link Owns}. */
export interface OwnsOptions<Action extends string = string> {
  /** The route param (GraphQL: the resolver argument) holding the resource's id. Default `id`. */
  param?: string;
  /**
   * The action checked. Default from the HTTP method: GET/HEAD read, PUT/PATCH update, DELETE
   * delete, POST create; in GraphQL from the operation: query and subscription read, mutation update.
   */
  action?: Action;
  /** Answer 404 instead of 403 when denied, so callers cannot tell the resource exists. */
  hide?: boolean;
  /**
   * `'body'`: every top-level key of the request body must be a permitted field. `'input'`
   * (GraphQL): the same for the keys of the input argument named by {@link input}.
   */
  fields?: 'body' | 'input' | false;
  /** With `fields: 'input'`: the resolver argument whose keys are checked. Default `input`. */
  input?: string;
  /**
   * With `fields: 'body'`: the deepest nesting of arrays and objects the body may have; a
   * deeper one is refused with 400 `invalid_request` before anything recurses into it.
   * Default 32 (`DEFAULT_MAX_JSON_DEPTH`).
   */
  maxBodyDepth?: number;
}

/** An `@Owns` requirement, with its defaults filled in (the action stays open until a method is known). */
export interface OwnsRequirement {
  readonly subject: string;
  readonly param: string;
  readonly action: string | undefined;
  readonly hide: boolean;
  readonly fields: 'body' | 'input' | false;
  /** The GraphQL input argument `fields: 'input'` reads. */
  readonly input?: string;
  /** Set only when the route chose its own bound (see {@link OwnsOptions.maxBodyDepth}). */
  readonly maxBodyDepth?: number;
}

/**
 * The route acts on one resource, named by a route param. Portcullis loads it through the
 * loader registered for `subjectType` (`@LoadsResource`), answers 404 when it does not exist,
 * and checks the ability on that instance (conditions such as `{ ownerId: sub }`): denied
 * is 403, or 404 with `hide`. With `fields: 'body'`, a write naming a field the caller may not
 * change is refused before the handler runs. The handler gets the instance via `@Resource()`.
 *
 * @example
 * ```ts
 * @Scopes('write:users')
 * @Owns<AppAbility>('User', { fields: 'body' })
 * @Patch(':id')
 * update(@Resource() user: User, @Body() patch: UserPatch) { return this.users.save({ ...user, ...patch }); }
 * ```
 */
export function Owns<A extends AnyMongoAbility = AnyMongoAbility>(
  subjectType: SubjectTypeOf<A>,
  options: OwnsOptions<ActionOf<A>> = {},
): MethodDecorator & ClassDecorator {
  const { maxBodyDepth } = options;
  if (maxBodyDepth !== undefined && !(Number.isInteger(maxBodyDepth) && maxBodyDepth >= 1)) {
    throw new TypeError(`@Owns('${subjectType}'): maxBodyDepth must be a whole number >= 1`);
  }
  const requirement: OwnsRequirement = {
    subject: subjectType,
    param: options.param ?? 'id',
    action: options.action === undefined ? undefined : String(options.action),
    hide: options.hide === true,
    fields: options.fields === 'body' || options.fields === 'input' ? options.fields : false,
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(maxBodyDepth === undefined ? {} : { maxBodyDepth }),
  };
  return SetMetadata(OWNS_REQUIREMENT, requirement);
}
