/** A group is met by any one of its scopes (exact string equality). */
function meetsGroup(held: ReadonlySet<string>, group: readonly string[]): boolean {
  for (const scope of group) if (held.has(scope)) return true;
  return false;
}

/** True when the token holds one scope of every group (no allocation: the guard's path). */
export function holdsScopes(
  held: ReadonlySet<string>,
  groups: readonly (readonly string[])[],
): boolean {
  for (const group of groups) if (!meetsGroup(held, group)) return false;
  return true;
}

/**
 * The scope groups a token does not satisfy: a group is satisfied by any one of its scopes
 * (exact string equality). Empty when the token holds what the route needs.
 */
export function unmetScopeGroups(
  held: ReadonlySet<string>,
  groups: readonly (readonly string[])[],
): (readonly string[])[] {
  return groups.filter((group) => !meetsGroup(held, group));
}

/** Every scope a route names, once each, in order: the `scope` of the challenge. */
export function namedScopes(groups: readonly (readonly string[])[]): string[] {
  return [...new Set(groups.flat())];
}

/** `read:users and (admin or write:users)`, for debug logs. */
export function describeScopeGroups(groups: readonly (readonly string[])[]): string {
  return groups
    .map((group) => (group.length === 1 ? group[0] : `(${group.join(' or ')})`))
    .join(' and ');
}
