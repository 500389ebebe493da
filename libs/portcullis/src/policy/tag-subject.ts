import { subject } from '@casl/ability';

/**
 * A copy of `record` tagged with its CASL subject type. The copy keeps the caller's
 * records untouched (`subject()` defines a property) and works for frozen records.
 */
export function tagSubject(type: string, record: object): Record<string, unknown> {
  return subject(type, { ...(record as Record<string, unknown>) });
}
