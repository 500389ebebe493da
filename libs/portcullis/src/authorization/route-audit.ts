import { Inject, Injectable, Logger, RequestMethod, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import {
  ApplicationConfig,
  DiscoveryService,
  MetadataScanner,
  ModuleRef,
  ModulesContainer,
} from '@nestjs/core';
import { PORTCULLIS_RESOLVED_OPTIONS } from '../options/options.tokens';
import type { ResolvedOptions } from '../options/resolve-options';
import { PortcullisConfigError } from '../errors/portcullis-config.error';
import { AbilityResolver } from './ability-resolver';
import { gatewayHandlers } from './gateway-handlers';
import { ownsAction } from './owned-resource';
import {
  resolverHandlers,
  unguardedFieldProblems,
  type GraphQLFieldOptions,
} from './resolver-handlers';
import { ResourceLoaderRegistry } from './resource-loader-registry';
import { rpcHandlers } from './rpc-handlers';
import type { RouteRequirement } from './route-requirement';
import { routeProblems, type AuditedRoute } from './route-checks';
import { applicationConfigOf, hostsOf, RoutePaths, type ServedPath } from './route-paths';
import { isDeclared, RouteRequirementsReader, type RouteRequirements } from './route-requirements';
import { routeTable } from './route-table';

// @nestjs/graphql's options token, by name (no GraphQL package is imported).
const GRAPHQL_MODULE_OPTIONS = 'GqlModuleOptions';

/** Options of {@link RouteAudit.routes}. */
export interface RouteAuditOptions {
  /**
   * A global prefix to list the routes under instead of the app's own. Not needed: the
   * audit reads the prefix (and its `exclude` rules) the app set with `app.setGlobalPrefix`.
   */
  readonly globalPrefix?: string;
}

interface RouteNames {
  readonly controller: string;
  readonly handler: string;
  readonly host: readonly string[];
}

function describe(
  method: string,
  { path, versions }: ServedPath,
  { host, ...names }: RouteNames,
  route: RouteRequirements,
): RouteRequirement {
  const access = route.isPublic ? 'public' : isDeclared(route) ? 'authenticated' : 'undeclared';
  const can = route.can.map(({ action, subject, field }) =>
    field === undefined ? ([action, subject] as const) : ([action, subject, field] as const),
  );
  const owns = route.owns && { ...route.owns, action: ownsAction(route.owns, method) };
  return {
    method,
    path,
    ...(versions !== undefined ? { versions } : {}),
    ...(host.length > 0 ? { host } : {}),
    ...names,
    access,
    scopes: route.scopeGroups,
    ...(can.length > 0 ? { can } : {}),
    ...(owns !== undefined ? { owns } : {}),
  };
}

/**
 * Lists every route of the app with what it requires, from Nest's metadata (so it works on
 * Express and Fastify alike), at the paths Nest serves it: the app's global prefix (and its
 * `exclude` rules), `RouterModule` paths, controller and handler paths, URI versions.
 * Checks at boot that the routes can be served as declared: a route needing the policy
 * without one, an `@Owns` route without a loader, or (with `strictRoutes`) a route
 * declaring nothing stops the boot with a {@link PortcullisConfigError}.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule);
 * app.setGlobalPrefix('api');
 * app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
 * new Logger('Routes').log('\n' + app.get(RouteAudit).table()); // GET /api/v1/zoo/cats ...
 * ```
 */
@Injectable()
export class RouteAudit implements OnModuleInit {
  private readonly logger = new Logger('Portcullis');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly requirements: RouteRequirementsReader,
    private readonly abilities: AbilityResolver,
    private readonly loaders: ResourceLoaderRegistry,
    @Inject(PORTCULLIS_RESOLVED_OPTIONS)
    private readonly options: ResolvedOptions,
    private readonly moduleRef: ModuleRef,
    private readonly modules: ModulesContainer,
  ) {}

  /** Every route with its requirements, sorted by path then method. */
  routes(options: RouteAuditOptions = {}): RouteRequirement[] {
    return this.audited(options).map((route) => route.requirement);
  }

  /** {@link routes} as a fixed-width text table. */
  table(options: RouteAuditOptions = {}): string {
    return routeTable(this.routes(options));
  }

  /**
   * Refuses to boot when a route cannot be served as declared; lists every such route by the
   * path it is served at (the prefix and versioning the app set before `init()`/`listen()`).
   */
  onModuleInit(): void {
    const routes = this.audited({});
    const problems = routeProblems(routes, {
      hasPolicy: this.abilities.hasPolicy,
      loaderTypes: new Set(this.loaders.subjectTypes()),
      strictRoutes: this.options.strictRoutes,
    });
    problems.push(...unguardedFieldProblems(routes, this.graphqlOptions()));
    if (problems.length > 0) {
      throw new PortcullisConfigError(
        `Portcullis cannot serve these routes:\n- ${problems.join('\n- ')}`,
      );
    }
    for (const { requirement, declared } of routes) {
      if (declared.isPublic && isDeclared(declared)) {
        this.logger.warn(
          `${requirement.method} ${requirement.path} is @Public(): its other requirements are not checked`,
        );
      }
    }
  }

  private audited(options: RouteAuditOptions): AuditedRoute[] {
    // Read on every call: the app sets its prefix and versioning after the modules exist.
    const config = applicationConfigOf(this.moduleRef) ?? new ApplicationConfig();
    const paths = new RoutePaths(config, this.modules.applicationId, options.globalPrefix);
    const routes: AuditedRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (abstract new () => unknown) | null | undefined;
      if (typeof controller !== 'function') continue;
      const prototype = controller.prototype as Record<string, unknown>;
      const host = hostsOf(controller);
      for (const handlerName of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[handlerName];
        if (typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const methodValue = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const method = RequestMethod[methodValue] ?? 'GET';
        const declared = this.requirements.of(handler, controller);
        const names = { controller: controller.name, handler: handlerName, host };
        const source = { module: wrapper.host?.metatype, controller, handler, method: methodValue };
        for (const served of paths.served(source)) {
          routes.push({ requirement: describe(method, served, names, declared), declared });
        }
      }
    }
    // Resolvers: `QUERY Query.user(:id)`, `FIELD User.plan` (GraphQL serves them on its path).
    for (const found of resolverHandlers(this.discovery.getProviders(), this.scanner)) {
      const declared = this.requirements.of(found.handler, found.resolver);
      const names = { controller: found.resolver.name, handler: found.handlerName, host: [] };
      const requirement = describe(found.kind, { path: found.path }, names, declared);
      routes.push({ requirement, declared });
    }
    // Microservice handlers: `MESSAGE notes.get(:id)`, `EVENT notes.archived`, `GRPC Notes.Get`.
    for (const found of rpcHandlers(this.discovery.getControllers(), this.scanner)) {
      const declared = this.requirements.of(found.handler, found.controller);
      const names = { controller: found.controller.name, handler: found.handlerName, host: [] };
      const requirement = describe(found.kind, { path: found.path }, names, declared);
      routes.push({ requirement, declared });
    }
    // Gateway messages: `WS note:get(:id)`, `WS /chat message` (a namespaced gateway).
    for (const found of gatewayHandlers(this.discovery.getProviders(), this.scanner)) {
      const declared = this.requirements.of(found.handler, found.gateway);
      const names = { controller: found.gateway.name, handler: found.handlerName, host: [] };
      const requirement = describe('WS', { path: found.path }, names, declared);
      routes.push({ requirement, declared });
    }
    // Ordinal, not locale order: the same listing on every machine.
    const key = ({ requirement }: AuditedRoute) => `${requirement.path} ${requirement.method}`;
    return routes.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  /** @nestjs/graphql's module options, if the app serves GraphQL. */
  private graphqlOptions(): GraphQLFieldOptions | undefined {
    try {
      return this.moduleRef.get<string, GraphQLFieldOptions>(GRAPHQL_MODULE_OPTIONS, {
        strict: false,
      });
    } catch {
      return undefined;
    }
  }
}
