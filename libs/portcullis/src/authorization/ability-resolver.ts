import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AnyMongoAbility } from '@casl/ability';
import { logSafe } from '../common/log-safe';
import { PermissionsUnavailableException } from '../errors/portcullis.exceptions';
import { PORTCULLIS_RESOLVED_OPTIONS } from '../options/options.tokens';
import type { PolicySettings } from '../options/policy-options';
import type { ResolvedOptions } from '../options/resolve-options';
import { PortcullisConfigError } from '../errors/portcullis-config.error';
import { PolicyDefinitionError } from '../policy/policy-definition.error';
import { NO_EXTRA_PERMISSIONS, PolicyEngine } from '../policy/policy-engine';
import type { Principal } from '../principal/principal';
import { PermissionsCache } from './permissions-cache';
import type { PermissionsProvider } from '../policy/permissions-provider';
import { resolvePermissionsProvider } from './resolve-permissions-provider';

/** Seconds a client is told to wait when the permissions provider failed. */
export const PERMISSIONS_RETRY_AFTER_SECONDS = 5;

/** A provider's answer as a list of names; anything but an iterable of strings is a failure. */
function permissionNames(result: unknown): string[] {
  if (typeof result === 'string' || typeof result !== 'object' || result === null) {
    throw new TypeError('permissionsFor() must return an iterable of strings');
  }
  if (!(Symbol.iterator in result)) {
    throw new TypeError('permissionsFor() must return an iterable of strings');
  }
  const names = [...(result as Iterable<unknown>)];
  if (!names.every((name) => typeof name === 'string')) {
    throw new TypeError('permissionsFor() returned a permission that is not a string');
  }
  return names as string[];
}

/**
 * Builds the CASL ability of a principal: the policy (compiled once, here, at boot) bounded
 * by the token's scopes, plus the permissions of the app's provider for user principals.
 * Abilities are cached by the engine; provider answers per (issuer, sub) with a TTL.
 */
@Injectable()
export class AbilityResolver implements OnModuleInit {
  private readonly logger = new Logger('Portcullis');
  private readonly engine: PolicyEngine<AnyMongoAbility> | undefined;
  private readonly permissions: PermissionsCache | undefined;
  private provider: PermissionsProvider | undefined;
  /** The policy slice of the options: the only one this engine reads. */
  private readonly options: PolicySettings;

  constructor(
    @Inject(PORTCULLIS_RESOLVED_OPTIONS) { policy }: ResolvedOptions,
    private readonly moduleRef: ModuleRef,
  ) {
    this.options = policy;
    this.engine = this.compile(policy);
    const provider = policy.permissionsProvider;
    this.permissions = provider && new PermissionsCache(provider.ttlMs, provider.maxEntries);
  }

  /** True when the module options hold a policy. */
  get hasPolicy(): boolean {
    return this.engine !== undefined;
  }

  /** The permissions cache, if a provider is configured (for tests and `clear()`). */
  get permissionsCache(): PermissionsCache | undefined {
    return this.permissions;
  }

  /** Finds the permissions provider; a missing one stops the boot. */
  async onModuleInit(): Promise<void> {
    const config = this.options.permissionsProvider;
    if (config === undefined) return;
    this.provider = await resolvePermissionsProvider(this.moduleRef, config);
  }

  /**
   * The ability of `principal`. Throws {@link PermissionsUnavailableException} when the
   * permissions provider fails, and an `Error` when no policy is configured (the boot check
   * keeps routes that need one from starting).
   */
  async abilityFor<A extends AnyMongoAbility = AnyMongoAbility>(principal: Principal): Promise<A> {
    return (await this.abilityNow(principal)) as A;
  }

  /**
   * {@link abilityFor}, answered synchronously whenever nothing has to be waited for: no
   * permissions provider, a client principal, or the provider's answer still cached. Only a
   * provider lookup answers with a promise.
   */
  abilityNow(principal: Principal): AnyMongoAbility | Promise<AnyMongoAbility> {
    const engine = this.engine;
    if (engine === undefined) throw new Error('Portcullis: no policy is configured');
    if (principal.kind !== 'user' || this.provider === undefined) {
      return engine.abilityFor(principal, NO_EXTRA_PERMISSIONS);
    }
    const held = this.permissions?.peek(principal.issuer, principal.sub);
    if (held !== undefined) return engine.abilityFor(principal, held);
    return this.extraPermissions(principal).then((extra) => engine.abilityFor(principal, extra));
  }

  /** Where the principal's rules come from, for debug logs. */
  async grantsFor(principal: Principal): Promise<string[]> {
    if (this.engine === undefined) return [];
    const extra = principal.kind === 'user' ? await this.extraPermissions(principal) : [];
    return this.engine.grantsFor(principal, extra);
  }

  private async extraPermissions(principal: Principal): Promise<readonly string[]> {
    const provider = this.provider;
    if (provider === undefined || this.permissions === undefined) return NO_EXTRA_PERMISSIONS;
    try {
      return await this.permissions.get(principal.issuer, principal.sub, async () =>
        permissionNames(await provider.permissionsFor(principal)),
      );
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.logger.error(
        `Permissions provider failed for sub '${logSafe(principal.sub)}': ${logSafe(why)}`,
      );
      throw new PermissionsUnavailableException(PERMISSIONS_RETRY_AFTER_SECONDS);
    }
  }

  private compile(options: PolicySettings): PolicyEngine<AnyMongoAbility> | undefined {
    if (options.policy === undefined) return undefined;
    try {
      return new PolicyEngine(options.policy, {
        maxCachedAbilities: options.abilityCacheMaxEntries,
      });
    } catch (error) {
      if (error instanceof PolicyDefinitionError) {
        throw new PortcullisConfigError('policy', `is not valid: ${error.message}`);
      }
      throw error;
    }
  }
}
