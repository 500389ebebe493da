import { Inject, Injectable, Logger, RequestMethod, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PORTCULLIS_AUTHORIZATION_OPTIONS } from '../portcullis.constants';
import { PortcullisConfigError } from '../portcullis-options.validation';
import { AbilityResolver } from './ability-resolver';
import type { ResolvedAuthorizationOptions } from './authorization-options.validation';
import { ownsAction } from './owned-resource';
import { ResourceLoaderRegistry } from './resource-loader-registry';
import type { RouteRequirement } from './route-requirement';
import { routeProblems, type AuditedRoute } from './route-checks';
import { isDeclared, RouteRequirementsReader, type RouteRequirements } from './route-requirements';
import { routeTable } from './route-table';

/** Options of {@link RouteAudit.routes}. */
export interface RouteAuditOptions {
  /** The app's global prefix (`app.setGlobalPrefix`), which Nest does not share with modules. */
  readonly globalPrefix?: string;
}

const paths = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : '/'];

/** `/api` + `users/` + `:id` → `/api/users/:id`. */
function joinPath(...parts: string[]): string {
  const path = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return `/${path}`;
}

function describe(
  method: string,
  path: string,
  names: { controller: string; handler: string },
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
    ...names,
    access,
    scopes: route.scopeGroups,
    ...(can.length > 0 ? { can } : {}),
    ...(owns !== undefined ? { owns } : {}),
  };
}

/**
 * Lists every route of the app with what it requires, from Nest's metadata (so it works on
 * Express and Fastify alike), and checks at boot that the routes can be served as declared:
 * a route needing the policy without one, an `@Owns` route without a loader, or (with
 * `strictRoutes`) a route declaring nothing stops the boot with a {@link PortcullisConfigError}.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule);
 * new Logger('Routes').log('\n' + app.get(RouteAudit).table({ globalPrefix: 'api' }));
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
    @Inject(PORTCULLIS_AUTHORIZATION_OPTIONS)
    private readonly options: ResolvedAuthorizationOptions,
  ) {}

  /** Every route with its requirements, sorted by path then method. */
  routes(options: RouteAuditOptions = {}): RouteRequirement[] {
    return this.audited(options).map((route) => route.requirement);
  }

  /** {@link routes} as a fixed-width text table. */
  table(options: RouteAuditOptions = {}): string {
    return routeTable(this.routes(options));
  }

  /** Refuses to boot when a route cannot be served as declared; lists every such route. */
  onModuleInit(): void {
    const routes = this.audited({});
    const problems = routeProblems(routes, {
      hasPolicy: this.abilities.hasPolicy,
      loaderTypes: new Set(this.loaders.subjectTypes()),
      strictRoutes: this.options.strictRoutes,
    });
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
    const routes: AuditedRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (abstract new () => unknown) | null | undefined;
      if (typeof controller !== 'function') continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const handlerName of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[handlerName];
        if (typeof handler !== 'function') continue;
        const handlerPath: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        if (handlerPath === undefined) continue;
        const methodValue = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const method = RequestMethod[methodValue] ?? 'GET';
        const declared = this.requirements.of(handler, controller);
        const names = { controller: controller.name, handler: handlerName };
        for (const base of paths(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const own of paths(handlerPath)) {
            const path = joinPath(options.globalPrefix ?? '', base, own);
            routes.push({ requirement: describe(method, path, names, declared), declared });
          }
        }
      }
    }
    // Ordinal, not locale order: the same listing on every machine.
    const key = ({ requirement }: AuditedRoute) => `${requirement.path} ${requirement.method}`;
    return routes.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
}
