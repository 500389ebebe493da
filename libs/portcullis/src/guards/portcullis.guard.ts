import {
  Inject,
  Injectable,
  Logger,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteAuthorizer } from '../authorization/route-authorizer';
import {
  needsAbility,
  RouteRequirementsReader,
  type RouteRequirements,
} from '../authorization/route-requirements';
import { AccessDeniedException, PortcullisException } from '../errors/portcullis.exceptions';
import { PORTCULLIS_RESOLVED_OPTIONS } from '../portcullis.constants';
import type { ResolvedPortcullisOptions } from '../portcullis-options.validation';
import type { Principal } from '../principal/principal';
import { attachPrincipal } from '../principal/request-principal';
import { AccessTokenAuthenticator } from '../token/access-token.authenticator';
import { extractBearerToken } from '../token/bearer-extractor';
import { httpTransport, type PortcullisTransport } from './transport';

/**
 * The global guard: every route needs a valid access token unless it is `@Public()`.
 * It extracts the bearer token (RFC 6750), has it verified, attaches the principal, then
 * authorizes: scopes (`@Scopes`, `@AnyScopes`), the policy (`@Can`, `@Owns`). Every refusal
 * is a {@link PortcullisException} whose headers (`WWW-Authenticate`, `Retry-After`) are set
 * here, in one place.
 *
 * Extension point: `transportFor` (a GraphQL or WebSocket context returns another transport).
 */
@Injectable()
export class PortcullisGuard implements CanActivate {
  private readonly logger = new Logger('Portcullis');

  constructor(
    protected readonly requirements: RouteRequirementsReader,
    protected readonly authenticator: AccessTokenAuthenticator,
    protected readonly authorizer: RouteAuthorizer,
    @Inject(PORTCULLIS_RESOLVED_OPTIONS) protected readonly options: ResolvedPortcullisOptions,
    protected readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * Lets the request through (`true`) or throws the exception that answers it. A route
   * whose token was verified before, or whose issuer key is at hand, and that needs no
   * policy, is decided synchronously: Nest awaits a guard's answer only when it is a promise.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.requirements.of(context.getHandler(), context.getClass());
    if (route.isPublic) return true;
    const transport = this.transportFor(context);
    try {
      const token = extractBearerToken(transport.bearer, this.isCached);
      const principal = this.takeCached() ?? this.authenticator.verify(token);
      if (principal instanceof Promise || needsAbility(route)) {
        return this.authorizeLater(transport, principal, route);
      }
      attachPrincipal(transport.request, principal);
      this.authorizer.checkScopes(transport, principal, route);
      return true;
    } catch (error) {
      throw this.refusal(transport, error);
    }
  }

  /**
   * Extraction's `isKnown`: looks the token up in the verified-token cache and keeps what it
   * found for {@link takeCached}, so a cached token costs one lookup and no character scan.
   * One function for every request (no closure each time); extraction is synchronous, so
   * the kept principal is always the current request's.
   */
  private readonly isCached = (token: string): boolean =>
    (this.cached = this.authenticator.cachedPrincipal(token)) !== undefined;

  private cached: Principal | undefined;

  private takeCached(): Principal | undefined {
    const cached = this.cached;
    this.cached = undefined;
    return cached;
  }

  /** The rest of {@link canActivate} once something has to be waited for. */
  private async authorizeLater(
    transport: PortcullisTransport,
    pending: Principal | Promise<Principal>,
    route: RouteRequirements,
  ): Promise<boolean> {
    try {
      const principal = pending instanceof Promise ? await pending : pending;
      attachPrincipal(transport.request, principal);
      await this.authorizer.authorize(transport, principal, route);
      return true;
    } catch (error) {
      throw this.refusal(transport, error);
    }
  }

  /** Sets the headers of a refusal (`WWW-Authenticate`, `Retry-After`) and hands it back. */
  private refusal(transport: PortcullisTransport, error: unknown): unknown {
    this.cached = undefined;
    if (error instanceof PortcullisException) {
      for (const [name, value] of Object.entries(error.responseHeaders(this.options.realm))) {
        transport.setHeader(name, value);
      }
    }
    return error;
  }

  /** What the guard reads and writes of the request; only HTTP (Express, Fastify) today. */
  protected transportFor(context: ExecutionContext): PortcullisTransport {
    if (context.getType() !== 'http') {
      this.logger.warn(`No access token can be read in a ${context.getType()} context: denied`);
      throw new AccessDeniedException();
    }
    return httpTransport(context, this.adapterHost.httpAdapter);
  }
}
