import type { InjectionToken, Type } from '@nestjs/common';
import { PortcullisConfigError } from '../errors/portcullis-config.error';
import type { PermissionsProvider } from '../policy/permissions-provider';
import { DEFAULTS } from './defaults';
import { isRecord, wholeNumber } from './option-checks';
import type { AnyPolicyDefinition, PortcullisOptions } from './portcullis-options';

/** Where the permissions provider comes from, checked, with its cache limits. */
export interface ResolvedPermissionsProvider {
  readonly useClass: Type<PermissionsProvider> | undefined;
  readonly useExisting: InjectionToken | undefined;
  readonly ttlMs: number;
  readonly maxEntries: number;
}

/** The policy engine's slice of the options: the policy, its caches and the provider. */
export interface PolicySettings {
  readonly policy: AnyPolicyDefinition | undefined;
  readonly abilityCacheMaxEntries: number;
  readonly permissionsProvider: ResolvedPermissionsProvider | undefined;
}

function resolveProvider(raw: unknown): ResolvedPermissionsProvider | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    throw new PortcullisConfigError(
      'permissionsProvider',
      'must be { useClass } or { useExisting }',
    );
  }
  const { useClass, useExisting, ttlSeconds, maxEntries } = raw;
  if ((useClass === undefined) === (useExisting === undefined)) {
    throw new PortcullisConfigError(
      'permissionsProvider',
      'must set exactly one of useClass and useExisting',
    );
  }
  if (useClass !== undefined && typeof useClass !== 'function') {
    throw new PortcullisConfigError('permissionsProvider.useClass', 'must be a class');
  }
  if (useExisting === null || (useExisting !== undefined && typeof useExisting === 'number')) {
    throw new PortcullisConfigError(
      'permissionsProvider.useExisting',
      'must be an injection token',
    );
  }
  const d = DEFAULTS.permissionsProvider;
  return {
    useClass: useClass as Type<PermissionsProvider> | undefined,
    useExisting: useExisting as InjectionToken | undefined,
    ttlMs: wholeNumber('permissionsProvider.ttlSeconds', ttlSeconds, d.ttlSeconds, 0) * 1000,
    maxEntries: wholeNumber('permissionsProvider.maxEntries', maxEntries, d.maxEntries, 1),
  };
}

function resolvePolicy(policy: unknown): AnyPolicyDefinition | undefined {
  if (policy === undefined) return undefined;
  if (!isRecord(policy)) {
    throw new PortcullisConfigError('policy', 'must be a policy from definePolicy()');
  }
  return policy as AnyPolicyDefinition;
}

/**
 * The policy slice (`policy`, `abilityCache`, `permissionsProvider`), checked. The policy's
 * own rules are checked when it is compiled.
 */
export function resolvePolicySettings(options: PortcullisOptions): PolicySettings {
  const { abilityCache } = options as unknown as Record<string, unknown>;
  if (abilityCache !== undefined && !isRecord(abilityCache)) {
    throw new PortcullisConfigError('abilityCache', 'must be { maxEntries? }');
  }
  return {
    policy: resolvePolicy(options.policy),
    abilityCacheMaxEntries: wholeNumber(
      'abilityCache.maxEntries',
      abilityCache?.maxEntries,
      DEFAULTS.abilityCache.maxEntries,
      0,
    ),
    permissionsProvider: resolveProvider(options.permissionsProvider),
  };
}
