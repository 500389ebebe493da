import type { InjectionToken, Type } from '@nestjs/common';
import type { AnyPolicyDefinition, PortcullisOptions } from '../portcullis.options';
import { PortcullisConfigError } from '../portcullis-options.validation';
import type { PermissionsProvider } from './permissions-provider';

/** Where the permissions provider comes from, checked, with its cache limits. */
export interface ResolvedPermissionsProvider {
  readonly useClass: Type<PermissionsProvider> | undefined;
  readonly useExisting: InjectionToken | undefined;
  readonly ttlMs: number;
  readonly maxEntries: number;
}

/** The authorization options, checked and filled in with their defaults. */
export interface ResolvedAuthorizationOptions {
  readonly policy: AnyPolicyDefinition | undefined;
  readonly abilityCacheMaxEntries: number;
  readonly permissionsProvider: ResolvedPermissionsProvider | undefined;
  readonly strictRoutes: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function wholeNumber(option: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new PortcullisConfigError(
      option,
      `must be a whole number >= ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
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
  return {
    useClass: useClass as Type<PermissionsProvider> | undefined,
    useExisting: useExisting as InjectionToken | undefined,
    ttlMs: wholeNumber('permissionsProvider.ttlSeconds', ttlSeconds, 60, 0) * 1000,
    maxEntries: wholeNumber('permissionsProvider.maxEntries', maxEntries, 10_000, 1),
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
 * Checks the authorization options (`policy`, `abilityCache`, `permissionsProvider`,
 * `strictRoutes`) once, at boot. The policy's own rules are checked when it is compiled.
 */
export function resolveAuthorizationOptions(
  options: PortcullisOptions,
): ResolvedAuthorizationOptions {
  const { abilityCache, strictRoutes } = options as unknown as Record<string, unknown>;
  if (abilityCache !== undefined && !isRecord(abilityCache)) {
    throw new PortcullisConfigError('abilityCache', 'must be { maxEntries? }');
  }
  if (strictRoutes !== undefined && typeof strictRoutes !== 'boolean') {
    throw new PortcullisConfigError(
      'strictRoutes',
      `must be true or false, got ${JSON.stringify(strictRoutes)}`,
    );
  }
  return {
    policy: resolvePolicy(options.policy),
    abilityCacheMaxEntries: wholeNumber(
      'abilityCache.maxEntries',
      abilityCache?.maxEntries,
      10_000,
      0,
    ),
    permissionsProvider: resolveProvider(options.permissionsProvider),
    strictRoutes: strictRoutes === true,
  };
}
