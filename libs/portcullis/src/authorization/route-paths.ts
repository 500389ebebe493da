import { RequestMethod, VERSION_NEUTRAL, VersioningType } from '@nestjs/common';
import {
  HOST_METADATA,
  MODULE_PATH,
  PATH_METADATA,
  VERSION_METADATA,
} from '@nestjs/common/constants';
import type { ApplicationConfig, ModuleRef } from '@nestjs/core';
// Nest's own path builder, the one RoutesResolver registers routes with: global prefix and
// its `exclude` rules, RouterModule paths, URI versions. Not re-exported by @nestjs/core's
// index, hence the file path (kept in this one file).
import { RoutePathFactory } from '@nestjs/core/router/route-path-factory.js';

type Version = string | typeof VERSION_NEUTRAL;

/** One path a handler is served at, with the versions that reach it there. */
export interface ServedPath {
  readonly path: string;
  /** Versions that select this path; `neutral` for `VERSION_NEUTRAL`. Absent: unversioned. */
  readonly versions?: readonly string[];
}

/** What Nest knows of a route, read from its decorators. */
export interface RouteSource {
  /** The module class holding the controller (its RouterModule path applies). */
  readonly module: unknown;
  readonly controller: object;
  readonly handler: object;
  readonly method: RequestMethod;
}

const list = <T>(value: T | readonly T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? [...(value as T[])] : [value as T];

const label = (version: Version): string =>
  version === VERSION_NEUTRAL ? 'neutral' : String(version);

/**
 * The app's `ApplicationConfig` (global prefix, versioning), which @nestjs/core 12 does not
 * register as a provider: read from the container behind a `ModuleRef`. `undefined` when
 * that internal is not there (the caller falls back to an empty config).
 */
export function applicationConfigOf(moduleRef: ModuleRef): ApplicationConfig | undefined {
  const container = (moduleRef as unknown as { container?: { applicationConfig?: unknown } })
    .container;
  const config = container?.applicationConfig as Partial<ApplicationConfig> | undefined;
  // By shape, not instanceof: a second copy of @nestjs/core would defeat instanceof.
  const usable =
    typeof config?.getGlobalPrefix === 'function' &&
    typeof config.getGlobalPrefixOptions === 'function' &&
    typeof config.getVersioning === 'function';
  return usable ? (config as ApplicationConfig) : undefined;
}

/** The controller's `host` option, as text (a RegExp as `/source/flags`). */
export function hostsOf(controller: object): string[] {
  const host: unknown = Reflect.getMetadata(HOST_METADATA, controller);
  return list(host as string | RegExp | undefined).map(String);
}

/**
 * The paths Nest serves a handler at, computed the way Nest computes them when it
 * registers routes, so the route audit lists exactly what answers.
 */
export class RoutePaths {
  private readonly factory: RoutePathFactory;

  /**
   * @param config the app's config (prefix, its exclusions, versioning)
   * @param applicationId `ModulesContainer.applicationId`: RouterModule keys its paths by it
   * @param globalPrefix overrides the config's prefix when given
   */
  constructor(
    private readonly config: ApplicationConfig,
    private readonly applicationId: string | undefined,
    private readonly globalPrefix: string | undefined,
  ) {
    this.factory = new RoutePathFactory(config);
  }

  /** Every path of one handler, one entry per URI version under URI versioning. */
  served(route: RouteSource): ServedPath[] {
    const versioningOptions = this.config.getVersioning();
    const prefix = this.globalPrefix ?? this.config.getGlobalPrefix();
    const base = {
      modulePath: this.modulePath(route.module),
      globalPrefix: prefix === '' || prefix.startsWith('/') ? prefix : `/${prefix}`,
      versioningOptions,
    };
    // Nest's rule: the handler's @Version, else the controller's, else the default version;
    // versions mean nothing until the app enables versioning.
    const controllerVersion = versioningOptions
      ? ((Reflect.getMetadata(VERSION_METADATA, route.controller) as Version | Version[]) ??
        versioningOptions.defaultVersion)
      : undefined;
    const methodVersion = Reflect.getMetadata(VERSION_METADATA, route.handler) as
      Version | Version[] | undefined;
    const versions = versioningOptions ? list(methodVersion || controllerVersion) : [];
    const paths = (metadata: object, tag?: string[]): ServedPath[] =>
      list(Reflect.getMetadata(PATH_METADATA, route.controller) as string | string[]).flatMap(
        (ctrlPath) =>
          list(Reflect.getMetadata(PATH_METADATA, route.handler) as string | string[]).flatMap(
            (methodPath) =>
              this.factory
                .create({ ...base, ...metadata, ctrlPath, methodPath }, route.method)
                .map((path) => (tag === undefined ? { path } : { path, versions: tag })),
          ),
      );
    if (versions.length === 0) return paths({});
    if (versioningOptions?.type === VersioningType.URI) {
      // One version at a time, so each path carries the version its URI holds.
      return versions.flatMap((version) => paths({ methodVersion: version }, [label(version)]));
    }
    // Header, media type, custom: the path is the same; a filter picks the version.
    return paths({ controllerVersion, methodVersion }, versions.map(label));
  }

  /** The RouterModule path of a module class, as RoutesResolver reads it. */
  private modulePath(module: unknown): string | undefined {
    if (typeof module !== 'function') return undefined;
    const keyed: unknown =
      this.applicationId === undefined
        ? undefined
        : Reflect.getMetadata(MODULE_PATH + this.applicationId, module);
    return (keyed ?? Reflect.getMetadata(MODULE_PATH, module)) as string | undefined;
  }
}
