import type { AnyMongoAbility, RuleOf } from '@casl/ability';
import { logSafe } from '../common/log-safe';
import type { ActionOf, SubjectTypeOf } from './ability-types';
import { ruleSourceOf } from './rule-sources';

/**
 * Why access was denied:
 * - `no-rule`: no rule at all for this action and subject type (scope, permission or role missing);
 * - `field`: rules exist, but none for this field;
 * - `conditions`: rules exist, but the record matches none of their conditions (not the caller's);
 * - `forbidden`: a `cannot` rule applies.
 */
export type DenialKind = 'no-rule' | 'field' | 'conditions' | 'forbidden';

/** The outcome of {@link check}: a decision, and a reason meant for debug logs, not clients. */
export type PolicyDecision =
  | { readonly allowed: true; readonly reason: string }
  | { readonly allowed: false; readonly denial: DenialKind; readonly reason: string };

type AnyRule = RuleOf<AnyMongoAbility>;

const grants = (rule: AnyRule): boolean => !rule.inverted;

/** `can read User [name] if {"id":"u1"}`, prefixed with where the rule was written. */
function describeRule(rule: AnyRule): string {
  const verb = rule.inverted ? 'cannot' : 'can';
  const fields = rule.fields ? ` [${rule.fields.join(', ')}]` : '';
  // Conditions hold claim values (`{ ownerId: sub }`): escaped, as reasons end up in logs.
  const conditions = rule.conditions ? ` if ${logSafe(JSON.stringify(rule.conditions))}` : '';
  const source = ruleSourceOf(rule.origin) ?? 'a rule';
  return `${source}: ${verb} ${String(rule.action)} ${String(rule.subject)}${fields}${conditions}`;
}

/** What a record that is not an object is checked as: no fields, so no condition holds on it. */
const NOT_A_RECORD: object = Object.freeze({});

/**
 * The rule that decides `action` on `subjectType`, or on one `record` of it, or on one field:
 * CASL's `relevantRuleFor`, with the type given rather than read from the record. The
 * conditions are matched against the record itself: no tagged copy is made (spreading a
 * record cost about 2 us per check), a record never changes, frozen ones included, and a
 * record that carries CASL's own type key (`__caslSubjectType__`, which any stored request
 * body can hold) is still checked as `subjectType`. Something that is not an object is
 * checked as a record without fields, never as a subject type (whose check ignores
 * conditions).
 */
function relevantRule(
  ability: AnyMongoAbility,
  action: string,
  subjectType: string,
  record: object | undefined,
  field: string | undefined,
): AnyRule | null {
  const rules = ability.rulesFor(action, subjectType, field);
  const target =
    record === undefined
      ? subjectType
      : typeof record === 'object' && record !== null
        ? record
        : NOT_A_RECORD;
  for (const rule of rules) {
    if (rule.matchesConditions(target as never)) return rule;
  }
  return null;
}

/**
 * {@link check}'s decision without its reason: whether `ability` allows `action` on
 * `subjectType`, or on one `record` of it, or on one field. For the guard's path, where the
 * reason is only wanted once access is denied.
 */
export function allows(
  ability: AnyMongoAbility,
  action: string,
  subjectType: string,
  record?: object,
  field?: string,
): boolean {
  const rule = relevantRule(ability, action, subjectType, record, field);
  return rule !== null && !rule.inverted;
}

/**
 * Decides whether `ability` allows `action` on a subject type, or on one record of it, or on
 * one field. Never throws: the transport layer turns a denial into 403 or 404 (`conditions`
 * is the case where hiding the record's existence may matter).
 *
 * @example
 * ```ts
 * const decision = check(ability, 'update', 'User', record, 'plan');
 * if (!decision.allowed) logger.debug(decision.reason);
 * // "no rule grants 'update' on 'User' field 'plan': not this field"
 * ```
 */
export function check<A extends AnyMongoAbility>(
  ability: A,
  action: ActionOf<A>,
  subjectType: SubjectTypeOf<A>,
  instance?: object,
  field?: string,
): PolicyDecision {
  const casl: AnyMongoAbility = ability;
  // Reasons go to logs, and any of these may come from a request (a body's key as the field,
  // with `@Owns` and `fields: 'body'`, or values an app passes to `assertCan`): escaped.
  const on = `'${logSafe(action)}' on '${logSafe(subjectType)}'`;
  const what = field === undefined ? on : `${on} field '${logSafe(field)}'`;
  const rule = relevantRule(casl, action, subjectType, instance, field);
  if (rule !== null && !rule.inverted) {
    return { allowed: true, reason: `${what} allowed by ${describeRule(rule)}` };
  }
  if (rule !== null) {
    const why = rule.reason === undefined ? '' : ` (${rule.reason})`;
    return {
      allowed: false,
      denial: 'forbidden',
      reason: `${what} forbidden by ${describeRule(rule)}${why}`,
    };
  }
  if (!casl.possibleRulesFor(action, subjectType).some(grants)) {
    return { allowed: false, denial: 'no-rule', reason: `no rule grants ${what}` };
  }
  const rules = casl.rulesFor(action, subjectType, field);
  if (!rules.some(grants)) {
    return { allowed: false, denial: 'field', reason: `no rule grants ${what}: not this field` };
  }
  const checked = rules.map(describeRule).join('; ');
  return {
    allowed: false,
    denial: 'conditions',
    reason: `record matches no rule for ${what}: ${checked}`,
  };
}
