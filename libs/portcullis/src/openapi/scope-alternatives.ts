/** Most alternatives one route may expand to; beyond it the document would be unreadable. */
export const MAX_SCOPE_ALTERNATIVES = 64;

/**
 * A route's scope groups (`@Scopes`/`@AnyScopes`: one scope of EVERY group, an AND of ORs)
 * as the alternatives an OpenAPI `security` array lists (an OR of ANDs): each alternative
 * is a set of scopes that is enough on its own. `@Scopes('a', 'b')` gives `[['a', 'b']]`,
 * `@AnyScopes('a', 'b')` gives `[['a'], ['b']]`, and both on one route
 * (`[['a'], ['b', 'c']]`) give `[['a', 'b'], ['a', 'c']]`. No groups: `[[]]` (any valid token).
 * An alternative that holds another one is dropped: it adds no way in.
 *
 * @throws Error when the route expands to more than {@link MAX_SCOPE_ALTERNATIVES}
 */
export function scopeAlternatives(groups: readonly (readonly string[])[]): string[][] {
  let alternatives: ReadonlySet<string>[] = [new Set()];
  for (const group of groups) {
    const next: ReadonlySet<string>[] = [];
    for (const alternative of alternatives) {
      for (const scope of new Set(group)) next.push(new Set([...alternative, scope]));
    }
    alternatives = minimal(next);
    if (alternatives.length > MAX_SCOPE_ALTERNATIVES) {
      throw new Error(
        `the scopes ${JSON.stringify(groups)} make more than ${MAX_SCOPE_ALTERNATIVES} alternatives`,
      );
    }
  }
  return alternatives.map((alternative) => [...alternative]);
}

/** Drops duplicates and every alternative that holds a smaller one (a OR (a AND b) is a). */
function minimal(alternatives: readonly ReadonlySet<string>[]): ReadonlySet<string>[] {
  const kept: ReadonlySet<string>[] = [];
  const bySize = [...alternatives].sort((a, b) => a.size - b.size);
  for (const candidate of bySize) {
    if (!kept.some((smaller) => [...smaller].every((scope) => candidate.has(scope)))) {
      kept.push(candidate);
    }
  }
  // Back in the order the decorators gave (the sort above was only to find the smallest).
  return alternatives.filter((alternative) => kept.includes(alternative));
}
