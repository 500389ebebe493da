import type { AnyMongoAbility, MongoQuery, RuleOf } from '@casl/ability';
import { rulesToCondition } from '@casl/ability/extra';
import type { ActionOf, SubjectTypeOf } from './ability-types';

/**
 * The records of a subject type an ability allows an action on, as a database filter:
 * - `none`: no record; do not query (there is deliberately no `query` to pass on by mistake);
 * - `all`: every record (`query` is `{}`);
 * - `some`: the records matching `query`, a MongoDB filter (`$or` of the allowing rules'
 *   conditions, each bounded by the `$nor` of the `cannot` rules above it).
 */
export type AccessQuery =
  | { readonly match: 'none' }
  | { readonly match: 'all'; readonly query: MongoQuery }
  | { readonly match: 'some'; readonly query: MongoQuery };

type AnyRule = RuleOf<AnyMongoAbility>;

/** Identity marks CASL's "no condition left" result; a fresh `{}` could not be told apart. */
const MATCH_ALL: MongoQuery = Object.freeze({});

/** One rule as a MongoDB filter; CASL only passes rules that have conditions. */
function ruleToQuery(rule: AnyRule): MongoQuery {
  const conditions = rule.conditions ?? {};
  return rule.inverted ? { $nor: [conditions] } : conditions;
}

/**
 * Turns the rules of `ability` for `action` on `subjectType` into a database filter, with
 * CASL's `rulesToCondition`. Rules limited to some fields count: a record with one readable
 * field is listed; hide the other fields with {@link forbiddenFields} or CASL's field helpers.
 *
 * @example
 * ```ts
 * const access = accessibleQuery(ability, 'read', 'User');
 * const users = access.match === 'none' ? [] : await db.users.find(access.query).toArray();
 * ```
 */
export function accessibleQuery<A extends AnyMongoAbility>(
  ability: A,
  action: ActionOf<A>,
  subjectType: SubjectTypeOf<A>,
): AccessQuery {
  const casl: AnyMongoAbility = ability;
  const query = rulesToCondition<AnyMongoAbility, MongoQuery, MongoQuery>(
    casl.rulesFor(action, subjectType),
    ruleToQuery,
    {
      and: (conditions) => ({ $and: conditions }),
      or: (conditions) => ({ $or: conditions }),
      empty: () => MATCH_ALL,
    },
  );
  if (query === null) return { match: 'none' };
  if (query === MATCH_ALL) return { match: 'all', query: {} };
  return { match: 'some', query };
}
