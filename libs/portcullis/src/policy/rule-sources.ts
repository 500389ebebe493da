/** Where each raw rule built by a {@link PolicyEngine} was written; weak, so rules can be freed. */
const sources = new WeakMap<object, string>();

/** Records that `rules` were written in `source` (e.g. `permission 'read:users'`). */
export function recordRuleSource(rules: readonly object[], source: string): void {
  for (const rule of rules) sources.set(rule, source);
}

/**
 * Where a rule of an ability built by a {@link PolicyEngine} was written, for debug logs;
 * `undefined` for rules from elsewhere.
 */
export function ruleSourceOf(rawRule: object): string | undefined {
  return sources.get(rawRule);
}
