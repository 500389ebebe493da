import type { INestApplicationContext } from '@nestjs/common';
import type {
  OpenAPIObject,
  OperationObject,
  PathItemObject,
  SecurityRequirementObject,
} from '@nestjs/swagger';
import { RouteAudit } from '../authorization/route-audit';
import type { RouteRequirement } from '../authorization/route-requirement';
import { PORTCULLIS_RESOLVED_OPTIONS } from '../options/options.tokens';
import type { ResolvedOptions } from '../options/resolve-options';
import { openApiPath } from './openapi-path';
import { refusalComponents, refusalResponses } from './refusal-responses';
import { scopeAlternatives } from './scope-alternatives';
import { securityScheme, type PortcullisSchemeType } from './security-schemes';

/** Options of {@link applyPortcullisToOpenApi}. */
export interface PortcullisOpenApiOptions {
  /** How a token is had (see {@link PortcullisSchemeType}). Default `auto`. */
  readonly scheme?: PortcullisSchemeType;
  /**
   * The key of the scheme in `components.securitySchemes`. Default `accessToken`; with
   * several trusted issuers, one scheme each: `accessToken`, `accessToken2`, ...
   */
  readonly schemeName?: string;
  /** The scheme's description, instead of the one written from the issuer. */
  readonly description?: string;
  /** What each scope allows, shown by clients next to the scope (OAuth 2.0 flows). */
  readonly scopeDescriptions?: Readonly<Record<string, string>>;
  /**
   * The global prefix the document was built with, when it is not the app's: pass `''` with
   * `SwaggerModule.createDocument(app, config, { ignoreGlobalPrefix: true })`.
   */
  readonly globalPrefix?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type Method = (typeof METHODS)[number];

/** The routes of the app by `method path` as @nestjs/swagger keys them; `ALL` fills the gaps. */
function routesByOperation(routes: readonly RouteRequirement[]): Map<string, RouteRequirement[]> {
  const byKey = new Map<string, RouteRequirement[]>();
  const add = (key: string, route: RouteRequirement) =>
    byKey.set(key, [...(byKey.get(key) ?? []), route]);
  const all = routes.filter((route) => route.method === 'ALL');
  for (const route of routes) {
    const method = route.method.toLowerCase() as Method;
    if (METHODS.includes(method)) add(`${method} ${openApiPath(route.path)}`, route);
  }
  for (const route of all) {
    for (const method of METHODS) {
      const key = `${method} ${openApiPath(route.path)}`;
      if (!byKey.has(key)) add(key, route);
    }
  }
  return byKey;
}

/**
 * The route an operation documents. Several share a path and method only under header,
 * media-type or custom versioning; @nestjs/swagger's default operation id
 * (`Controller_handler_version`) then tells them apart.
 */
function routeOf(
  candidates: readonly RouteRequirement[],
  operation: OperationObject,
): RouteRequirement {
  const id = operation.operationId ?? '';
  // `Controller_handler`, then `_version` or `[alias index]`: `list` must not match `listV2`.
  const matching = candidates.filter((route) => {
    const base = `${route.controller}_${route.handler}`;
    return id === base || id.startsWith(`${base}_`) || id.startsWith(`${base}[`);
  });
  const versioned = matching.find((route) => route.versions?.some((v) => id.endsWith(`_${v}`)));
  return versioned ?? matching[0] ?? candidates[0];
}

/**
 * Writes what Portcullis enforces into an OpenAPI document built by `@nestjs/swagger`, from
 * the same route table the guard and the route audit read (so the document cannot drift
 * from the decorators): the security scheme of each trusted issuer (from its discovery
 * document, see {@link PortcullisSchemeType}) with every scope the routes use; on each
 * operation, `security` (the scopes it needs, `@AnyScopes` as alternatives, `[]` for
 * `@Public()`) and the refusals the guard can answer (400, 401, 403, 404 for `@Owns`, 503)
 * with their body schema and `WWW-Authenticate` / `Retry-After` headers. Responses the app
 * documented itself are kept; `security` is replaced. Operations Portcullis does not
 * guard (GraphQL is not in the document) are left as they are.
 *
 * Call it after the app set its global prefix and versioning, before `SwaggerModule.setup`.
 * It does not load `@nestjs/swagger`, which only types it.
 *
 * @example
 * ```ts
 * const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
 * await applyPortcullisToOpenApi(document, app);
 * SwaggerModule.setup('docs', app, document);
 * ```
 */
export async function applyPortcullisToOpenApi(
  document: OpenAPIObject,
  app: Pick<INestApplicationContext, 'get'>,
  options: PortcullisOpenApiOptions = {},
): Promise<OpenAPIObject> {
  const resolved = app.get<string, ResolvedOptions>(PORTCULLIS_RESOLVED_OPTIONS);
  const routes = app
    .get(RouteAudit)
    .routes(options.globalPrefix === undefined ? {} : { globalPrefix: options.globalPrefix });
  const byOperation = routesByOperation(routes);
  const schemeNames = resolved.token.issuers.map(
    (_, i) => `${options.schemeName ?? 'accessToken'}${i === 0 ? '' : i + 1}`,
  );
  const refusals = { hasPermissionsProvider: resolved.policy.permissionsProvider !== undefined };
  const scopes = new Set<string>();
  for (const [path, item] of Object.entries(document.paths) as [string, PathItemObject][]) {
    for (const method of METHODS) {
      const operation = item[method];
      const candidates = byOperation.get(`${method} ${path}`);
      if (operation === undefined || candidates === undefined) continue;
      const route = routeOf(candidates, operation);
      operation.security = securityOf(route, schemeNames);
      route.scopes.flat().forEach((scope) => scopes.add(scope));
      operation.responses = { ...refusalResponses(route, refusals), ...operation.responses };
    }
  }
  const settings = {
    type: options.scheme ?? 'auto',
    description: options.description,
    scopes: Object.fromEntries(
      [...scopes].sort().map((scope) => [scope, options.scopeDescriptions?.[scope] ?? '']),
    ),
    limits: { timeoutMs: resolved.keys.timeoutMs, maxBytes: resolved.keys.maxBytes },
  };
  const schemes = await Promise.all(
    resolved.token.issuers.map(({ issuer }) => securityScheme(issuer, settings)),
  );
  const components = (document.components ??= {});
  const shared = refusalComponents();
  components.schemas = { ...components.schemas, ...shared.schemas };
  components.headers = { ...components.headers, ...shared.headers };
  components.securitySchemes = {
    ...components.securitySchemes,
    ...Object.fromEntries(schemeNames.map((name, i) => [name, schemes[i]])),
  };
  return document;
}

/** `[]` for a public route; else each scope alternative, under each issuer's scheme. */
function securityOf(
  route: RouteRequirement,
  schemeNames: readonly string[],
): SecurityRequirementObject[] {
  if (route.access === 'public') return [];
  return scopeAlternatives(route.scopes).flatMap((alternative) =>
    schemeNames.map((name) => ({ [name]: alternative })),
  );
}
