import { Logger } from '@nestjs/common';
import type { AnyMongoAbility, ForcedSubject } from '@casl/ability';
import { AccessDeniedException } from '../errors/portcullis.exceptions';
import type { ActionOf, SubjectTypeOf } from '../policy/ability-types';
import { check } from '../policy/check';

const logger = new Logger('Portcullis');

/** A subject type name, or a record tagged with one through `subject('User', record)`. */
export type SubjectOrInstance<A extends AnyMongoAbility> =
  SubjectTypeOf<A> | ForcedSubject<SubjectTypeOf<A>>;

function subjectTypeOf(ability: AnyMongoAbility, target: object | string): string {
  return typeof target === 'string' ? target : ability.detectSubjectType(target);
}

/**
 * Throws {@link AccessDeniedException} (403 `PORTCULLIS_FORBIDDEN`) unless `ability` allows
 * `action` on the subject type or tagged record (and `field`); the reason goes to the debug log.
 *
 * @example
 * ```ts
 * assertCan(ability, 'delete', subject('Note', note));
 * ```
 */
export function assertCan<A extends AnyMongoAbility>(
  ability: A,
  action: ActionOf<A>,
  subjectOrInstance: SubjectOrInstance<A>,
  field?: string,
): void {
  const casl: AnyMongoAbility = ability;
  const type = subjectTypeOf(casl, subjectOrInstance);
  const instance = typeof subjectOrInstance === 'string' ? undefined : subjectOrInstance;
  const decision = check(casl, action, type, instance, field);
  if (!decision.allowed) {
    logger.debug(`assertCan refused: ${decision.reason}`);
    throw new AccessDeniedException();
  }
}

/**
 * Throws {@link AccessDeniedException} (403) when any of `fields` may not be written with
 * `action` on `instance` (a record tagged with `subject()`); every refused field is logged.
 *
 * @example
 * ```ts
 * assertFields(ability, 'update', subject('User', stored), Object.keys(patch));
 * ```
 */
export function assertFields<A extends AnyMongoAbility>(
  ability: A,
  action: ActionOf<A>,
  instance: ForcedSubject<SubjectTypeOf<A>>,
  fields: Iterable<string>,
): void {
  const casl: AnyMongoAbility = ability;
  const type = subjectTypeOf(casl, instance);
  const refused: string[] = [];
  for (const field of fields) {
    const decision = check(casl, action, type, instance, field);
    if (!decision.allowed) refused.push(decision.reason);
  }
  if (refused.length > 0) {
    logger.debug(`assertFields refused: ${refused.join('; ')}`);
    throw new AccessDeniedException();
  }
}
