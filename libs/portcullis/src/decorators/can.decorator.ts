import type { AnyMongoAbility } from '@casl/ability';
import type { ActionOf, SubjectTypeOf } from '../policy/ability-types';
import { addToMetadataList } from './metadata-list';

/** Metadata key of {@link Can}. */
export const CAN_REQUIREMENTS = 'portcullis:can';

/** One `@Can` requirement: the ability must allow `action` on `subject` (and `field`). */
export interface CanRequirement {
  readonly action: string;
  readonly subject: string;
  readonly field?: string;
}

/**
 * The caller's ability must allow `action` on the subject type (CASL `ability.can(action,
 * 'User')`): true when any rule could allow it, conditions aside. Class and method
 * requirements add up. Denied: 403 `PORTCULLIS_FORBIDDEN`. Needs the `policy` option.
 * Pass the app's ability type to have actions and subjects checked.
 *
 * @example
 * ```ts
 * @Can<AppAbility>('delete', 'User')
 * @Delete(':id') remove() {}
 * ```
 */
export function Can<A extends AnyMongoAbility = AnyMongoAbility>(
  action: ActionOf<A>,
  subjectType: SubjectTypeOf<A>,
  field?: string,
): MethodDecorator & ClassDecorator {
  const requirement: CanRequirement =
    field === undefined
      ? { action: String(action), subject: subjectType }
      : { action: String(action), subject: subjectType, field };
  return addToMetadataList(CAN_REQUIREMENTS, [requirement]);
}
