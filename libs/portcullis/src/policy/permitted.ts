import type { AnyMongoAbility } from '@casl/ability';
import type { ActionOf, SubjectTypeOf } from './ability-types';
import { allows } from './check';

/**
 * The items of a collection that `ability` allows `action` on, in their order.
 * Items are plain records of `subjectType`; they are returned as given, untagged.
 *
 * @example
 * ```ts
 * const visible = permittedItems(ability, 'read', 'User', await users.findAll());
 * ```
 */
export function permittedItems<A extends AnyMongoAbility, T extends object>(
  ability: A,
  action: ActionOf<A>,
  subjectType: SubjectTypeOf<A>,
  items: readonly T[],
): T[] {
  const casl: AnyMongoAbility = ability;
  return items.filter((item) => allows(casl, action, subjectType, item));
}

/**
 * The fields of a write that `ability` does not allow: empty when every field may be written.
 * Check against the record as stored (for an update) or as it would be created.
 *
 * @example
 * ```ts
 * const denied = forbiddenFields(ability, 'update', 'User', stored, Object.keys(patch));
 * if (denied.length > 0) throw new ForbiddenException(`cannot change ${denied.join(', ')}`);
 * ```
 */
export function forbiddenFields<A extends AnyMongoAbility>(
  ability: A,
  action: ActionOf<A>,
  subjectType: SubjectTypeOf<A>,
  instance: object,
  fields: readonly string[],
): string[] {
  const casl: AnyMongoAbility = ability;
  return fields.filter((field) => !allows(casl, action, subjectType, instance, field));
}
