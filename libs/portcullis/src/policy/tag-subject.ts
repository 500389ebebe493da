/** The property CASL reads a plain object's subject type from (its `subject()` helper's). */
const SUBJECT_TYPE_FIELD = '__caslSubjectType__';

/**
 * A copy of `record` tagged with its CASL subject type, for checks only (never handed back to
 * the app). The copy keeps the caller's records untouched and works for frozen records. The
 * type is an own property of the copy's literal, where CASL's `detectSubjectType` finds it,
 * written last: a record that carries that key itself (any key can reach stored data from a
 * request body) is checked as `type`. CASL's `subject()` threw on such a record ("Trying to
 * cast object to subject type ..."), which answered the request with a 500.
 */
export function tagSubject(type: string, record: object): Record<string, unknown> {
  return { ...(record as Record<string, unknown>), [SUBJECT_TYPE_FIELD]: type };
}
