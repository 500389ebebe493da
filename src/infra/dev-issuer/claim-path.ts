/**
 * Puts `value` at a claim path the way Portcullis reads it back: a URL claim
 * (`https://example.com/roles`) or a plain name is one top-level claim; a dotted path
 * (`realm_access.roles`) nests objects, as Keycloak does.
 */
export function putClaim(payload: Record<string, unknown>, path: string, value: unknown): void {
  if (path.includes('://') || !path.includes('.')) {
    payload[path] = value;
    return;
  }
  const parts = path.split('.');
  let node = payload;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<
      string,
      unknown
    >;
  }
  node[parts[parts.length - 1]] = value;
}
