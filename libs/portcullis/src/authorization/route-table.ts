import type { RouteRequirement } from './route-requirement';
import { describeScopeGroups } from './scope-check';

const HEADINGS = ['METHOD', 'PATH', 'ACCESS', 'SCOPES', 'POLICY', 'HANDLER'] as const;

/** `can read User; owns Note :id update hide fields=body`. */
function describePolicy(route: RouteRequirement): string {
  const parts = (route.can ?? []).map((can) => `can ${can.join(' ')}`);
  const owns = route.owns;
  if (owns !== undefined) {
    const flags = [owns.hide ? ' hide' : '', owns.fields === 'body' ? ' fields=body' : ''];
    parts.push(`owns ${owns.subject} :${owns.param} ${owns.action ?? '?'}${flags.join('')}`);
  }
  return parts.join('; ') || '-';
}

/** The cells of one row. */
function cells(route: RouteRequirement): string[] {
  return [
    route.method,
    route.path,
    route.access,
    route.scopes.length === 0 ? '-' : describeScopeGroups(route.scopes),
    describePolicy(route),
    `${route.controller}.${route.handler}`,
  ];
}

/**
 * The routes as a fixed-width text table, one line per route, columns separated by two
 * spaces, for logs:
 * ```
 * METHOD  PATH        ACCESS         SCOPES      POLICY            HANDLER
 * PATCH   /users/:id  authenticated  write:users  owns User :id update  UsersController.update
 * ```
 */
export function routeTable(routes: readonly RouteRequirement[]): string {
  const rows: string[][] = [[...HEADINGS], ...routes.map(cells)];
  const widths = HEADINGS.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
