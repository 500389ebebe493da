import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AbilityResolver } from './authorization/ability-resolver';
import { ResourceLoaderRegistry } from './authorization/resource-loader-registry';
import { RouteAudit } from './authorization/route-audit';
import { RouteAuthorizer } from './authorization/route-authorizer';
import { RouteRequirementsReader } from './authorization/route-requirements';
import { PortcullisGuard } from './guards/portcullis.guard';
import { PORTCULLIS_RESOLVED_OPTIONS } from './options/options.tokens';
import type { PortcullisOptions } from './options/portcullis-options';
import { resolveOptions, type ResolvedOptions } from './options/resolve-options';
import { PORTCULLIS_OPTIONS, PortcullisConfigurableModule } from './portcullis.module-definition';
import { AccessTokenAuthenticator } from './token/access-token.authenticator';

/**
 * Puts an API behind OAuth 2.0 access tokens: a global guard requires a valid access
 * token on every route not marked `@Public()`, then checks the route's scopes and, with a
 * `policy`, what the caller may do (`@Can`, `@Owns`).
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     PortcullisModule.forRoot({
 *       issuer: 'https://tenant.auth0.com/',
 *       audience: 'https://api.example.com',
 *       policy: appPolicy,
 *     }),
 *   ],
 *   providers: [UsersLoader],
 * })
 * export class AppModule {}
 * ```
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: PORTCULLIS_RESOLVED_OPTIONS,
      inject: [PORTCULLIS_OPTIONS],
      useFactory: (options: PortcullisOptions) => resolveOptions(options),
    },
    {
      provide: AccessTokenAuthenticator,
      inject: [PORTCULLIS_RESOLVED_OPTIONS],
      // The token engine gets its slices (token rules, key limits), not the whole options.
      useFactory: ({ token, keys }: ResolvedOptions) => new AccessTokenAuthenticator(token, keys),
    },
    AbilityResolver,
    ResourceLoaderRegistry,
    RouteRequirementsReader,
    RouteAuthorizer,
    RouteAudit,
    PortcullisGuard,
    { provide: APP_GUARD, useExisting: PortcullisGuard },
  ],
  exports: [AccessTokenAuthenticator, AbilityResolver, RouteAudit, PORTCULLIS_RESOLVED_OPTIONS],
})
export class PortcullisModule extends PortcullisConfigurableModule implements OnModuleInit {
  constructor(
    @Inject(AccessTokenAuthenticator) private readonly authenticator: AccessTokenAuthenticator,
  ) {
    super();
  }

  /** Fetches the keys once; a discovery document naming another issuer stops the boot. */
  async onModuleInit(): Promise<void> {
    await this.authenticator.warmUp();
  }
}
