import { Scope, type InjectionToken, type Type } from '@nestjs/common';
import { MODULE_METADATA, SCOPE_OPTIONS_METADATA } from '@nestjs/common/constants';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import { PortcullisConfigError } from '../errors/portcullis-config.error';
import type { ResolvedPermissionsProvider } from '../options/policy-options';
import type { PermissionsProvider } from '../policy/permissions-provider';

/** The parts of Nest's `Module` read here (the class is internal to @nestjs/core). */
interface ModuleNode {
  readonly token: string;
  readonly metatype: unknown;
  readonly providers: Map<InjectionToken, { instance: unknown }>;
  /** Internal; read only to see the imports of a module built from a `DynamicModule`. */
  readonly container?: { getDynamicMetadataByToken?(token: string, key: 'imports'): unknown };
}

const refOf = (node: ModuleNode): ModuleRef | undefined =>
  node.providers.get(ModuleRef)?.instance as ModuleRef | undefined;

/** What a module lists in `imports`: its decorator's and, if dynamic, its DynamicModule's. */
function declaredImports(node: ModuleNode): unknown[] {
  const own: unknown = Reflect.getMetadata(MODULE_METADATA.IMPORTS, node.metatype as object);
  const dynamic = node.container?.getDynamicMetadataByToken?.(node.token, 'imports');
  return [...(Array.isArray(own) ? own : []), ...(Array.isArray(dynamic) ? dynamic : [])];
}

const isImportOf = (entry: unknown, module: unknown): boolean =>
  entry === module ||
  (typeof entry === 'object' &&
    entry !== null &&
    (entry as { module?: unknown }).module === module);

/**
 * Where a `useClass` provider is built, in order: the modules whose `imports` list the
 * PortcullisModule holding `moduleRef` (where `forRoot` was written: "a provider of the
 * importing module", as a `useClass` anywhere in Nest), then PortcullisModule itself (which
 * sees the `imports` given to `forRootAsync`). A global module is bound into every module's
 * imports by Nest, so the declared imports are read, not the resolved ones.
 */
function hostsFor(moduleRef: ModuleRef): ModuleRef[] {
  const container = moduleRef.get(ModulesContainer, { strict: false });
  const modules = [...container.values()] as unknown as ModuleNode[];
  const own = modules.find((node) => refOf(node) === moduleRef);
  const importers = modules.filter(
    (node) => node !== own && declaredImports(node).some((e) => isImportOf(e, own?.metatype)),
  );
  return [...importers.map(refOf), moduleRef].filter((ref) => ref !== undefined);
}

/**
 * Builds a `useClass` permissions provider once, at boot, with `ModuleRef.create` in the
 * module that imports PortcullisModule, so it gets the app's providers. The first error is
 * kept: it names the importing module, the one a user edits.
 */
async function createInImporter(
  moduleRef: ModuleRef,
  useClass: Type<PermissionsProvider>,
): Promise<PermissionsProvider> {
  const scope = (Reflect.getMetadata(SCOPE_OPTIONS_METADATA, useClass) as { scope?: Scope })?.scope;
  if (scope === Scope.REQUEST) {
    // Answers are cached per (issuer, sub) across requests: a per-request instance would
    // be built for one request and then answer for others.
    throw new Error('a request-scoped class cannot be a permissions provider');
  }
  let firstError: unknown;
  for (const host of hostsFor(moduleRef)) {
    try {
      return await host.create(useClass);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

/**
 * The app's permissions provider: `useExisting` is found anywhere in the app
 * (`strict: false`); `useClass` is built as a provider of the importing module. A
 * provider that cannot be resolved, or that has no `permissionsFor`, stops the boot.
 */
export async function resolvePermissionsProvider(
  moduleRef: ModuleRef,
  config: ResolvedPermissionsProvider,
): Promise<PermissionsProvider> {
  let provider: PermissionsProvider | undefined;
  try {
    const { useClass, useExisting } = config;
    provider =
      useClass !== undefined
        ? await createInImporter(moduleRef, useClass)
        : moduleRef.get<PermissionsProvider>(useExisting as InjectionToken, { strict: false });
  } catch (error) {
    const which = config.useClass !== undefined ? 'useClass' : 'useExisting';
    const why = error instanceof Error ? error.message : String(error);
    throw new PortcullisConfigError(`permissionsProvider.${which}`, `cannot be resolved: ${why}`);
  }
  if (typeof provider?.permissionsFor !== 'function') {
    throw new PortcullisConfigError(
      'permissionsProvider',
      'must resolve to an object with a permissionsFor(principal) method',
    );
  }
  return provider;
}
