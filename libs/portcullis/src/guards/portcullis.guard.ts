import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteAuthorizer } from '../authorization/route-authorizer';
import {
  needsAbility,
  RouteRequirementsReader,
  type RouteRequirements,
} from '../authorization/route-requirements';
import type { CallContext } from '../context/call-context';
import { openCallContext } from '../context/call-contexts';
import { ensureCallState } from '../context/call-state';
import { PORTCULLIS_RESOLVED_OPTIONS } from '../options/options.tokens';
import type { ResolvedOptions } from '../options/resolve-options';
import type { Principal } from '../principal/principal';
import { AccessTokenAuthenticator } from '../token/access-token.authenticator';

/**
 * The global guard, bound by {@link PortcullisModule}: every handler needs a valid access
 * token unless it is `@Public()`. It reads the credentials of the call, has the token
 * verified, keeps the principal for the call, then authorizes: scopes (`@Scopes`,
 * `@AnyScopes`), the policy (`@Can`, `@Owns`). Every refusal is a `PortcullisException`,
 * delivered by the call's context (over HTTP: `WWW-Authenticate` and `Retry-After` set).
 *
 * It is not an extension point: the module binds it, and what a call is (where credentials
 * are read, where state is kept, how a refusal is delivered) lives in `context/`, one file
 * per kind of context. A new kind of context is added there, not by subclassing this guard.
 */
@Injectable()
export class PortcullisGuard implements CanActivate {
  private readonly realm: string;

  constructor(
    private readonly requirements: RouteRequirementsReader,
    private readonly authenticator: AccessTokenAuthenticator,
    private readonly authorizer: RouteAuthorizer,
    @Inject(PORTCULLIS_RESOLVED_OPTIONS) options: ResolvedOptions,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.realm = options.realm;
  }

  /**
   * Lets the call through (`true`) or throws the exception that answers it, synchronously
   * whenever nothing has to be waited for: the token's key at hand (cached token or not: the
   * strategy's signature check is synchronous), the ability at hand and an `@Owns` loader
   * answering with a value. A promise is returned only when keys have to be fetched, the
   * permissions provider asked, or a loader answers with a promise.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.requirements.of(context.getHandler(), context.getClass());
    if (route.isPublic) return true;
    const call = openCallContext(context, this.adapterHost);
    try {
      const principal = call.settledPrincipal ?? this.principalOf(call);
      if (principal instanceof Promise) return this.authorizeLater(call, principal, route);
      ensureCallState(call.holder, call.keepsStateAside).principal = principal;
      if (!needsAbility(route)) {
        this.authorizer.checkScopes(call, principal, route);
        return true;
      }
      const decided = this.authorizer.authorize(call, principal, route);
      if (decided === undefined) return true;
      return decided.then(
        () => true,
        (error: unknown) => {
          throw this.refusal(call, error);
        },
      );
    } catch (error) {
      throw this.refusal(call, error);
    }
  }

  /** The call's token, read from its credentials, verified (or found in the cache). */
  private principalOf(call: CallContext): Principal | Promise<Principal> {
    return this.authenticator.principalFrom(call.credentials);
  }

  /** The rest of {@link canActivate} once something has to be waited for. */
  private async authorizeLater(
    call: CallContext,
    pending: Promise<Principal>,
    route: RouteRequirements,
  ): Promise<boolean> {
    try {
      const principal = await pending;
      ensureCallState(call.holder, call.keepsStateAside).principal = principal;
      await this.authorizer.authorize(call, principal, route);
      return true;
    } catch (error) {
      throw this.refusal(call, error);
    }
  }

  /** What to throw for a refusal, delivered the way the call's context delivers them. */
  private refusal(call: CallContext, error: unknown): unknown {
    return call.refuse(error, this.realm);
  }
}
