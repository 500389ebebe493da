import type { RouteRequirement } from './route-requirement';
import { describeScopeGroups } from './scope-check';

/** A column: its heading and its cell for one route. */
type Column = readonly [heading: string, cell: (route: RouteRequirement) => string];

const METHOD_PATH: readonly Column[] = [
  ['METHOD', (route) => route.method],
  ['PATH', (route) => route.path],
];
// Shown only when some route has one: an app without versioning or hosts keeps its table.
const VERSION: Column = ['VERSION', (route) => route.versions?.join(',') ?? '-'];
const HOST: Column = ['HOST', (route) => route.host?.join(',') ?? '-'];
const REQUIREMENTS: readonly Column[] = [
  ['ACCESS', (route) => route.access],
  ['SCOPES', (route) => (route.scopes.length === 0 ? '-' : describeScopeGroups(route.scopes))],
  ['POLICY', (route) => describePolicy(route)],
  ['HANDLER', (route) => `${route.controller}.${route.handler}`],
];

/** `can read User; owns Note :id update hide fields=body`. */
function describePolicy(route: RouteRequirement): string {
  const parts = (route.can ?? []).map((can) => `can ${can.join(' ')}`);
  const owns = route.owns;
  if (owns !== undefined) {
    const flags = [owns.hide ? ' hide' : '', owns.fields === false ? '' : ` fields=${owns.fields}`];
    parts.push(`owns ${owns.subject} :${owns.param} ${owns.action ?? '?'}${flags.join('')}`);
  }
  return parts.join('; ') || '-';
}

/** The columns of these routes. */
function columnsOf(routes: readonly RouteRequirement[]): Column[] {
  return [
    ...METHOD_PATH,
    ...(routes.some((route) => route.versions !== undefined) ? [VERSION] : []),
    ...(routes.some((route) => route.host !== undefined) ? [HOST] : []),
    ...REQUIREMENTS,
  ];
}

/**
 * The routes as a fixed-width text table, one line per route, columns separated by two
 * spaces, for logs:
 * ```
 * METHOD  PATH        ACCESS         SCOPES      POLICY            HANDLER
 * PATCH   /users/:id  authenticated  write:users  owns User :id update  UsersController.update
 * ```
 * A VERSION column (`neutral` for `VERSION_NEUTRAL`) appears when some route is versioned,
 * a HOST column when some controller sets `host`. ACCESS `undeclared` marks a route that is
 * not `@Public()` and declares nothing: any valid access token reaches it.
 */
export function routeTable(routes: readonly RouteRequirement[]): string {
  const columns = columnsOf(routes);
  const rows: string[][] = [
    columns.map(([heading]) => heading),
    ...routes.map((route) => columns.map(([, cell]) => cell(route))),
  ];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
