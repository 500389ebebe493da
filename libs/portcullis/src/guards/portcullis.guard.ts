import {
  Inject,
  Injectable,
  Logger,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteAuthorizer } from '../authorization/route-authorizer';
import { RouteRequirementsReader } from '../authorization/route-requirements';
import { AccessDeniedException, PortcullisException } from '../errors/portcullis.exceptions';
import { PORTCULLIS_RESOLVED_OPTIONS } from '../portcullis.constants';
import type { ResolvedPortcullisOptions } from '../portcullis-options.validation';
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

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.requirements.of(context.getHandler(), context.getClass());
    if (route.isPublic) return true;
    const transport = this.transportFor(context);
    try {
      const token = extractBearerToken(transport.bearer);
      // A token verified before is answered without waiting on a promise.
      const principal =
        this.authenticator.cachedPrincipal(token) ?? (await this.authenticator.verify(token));
      attachPrincipal(transport.request, principal);
      await this.authorizer.authorize(transport, principal, route);
      return true;
    } catch (error) {
      if (error instanceof PortcullisException) {
        for (const [name, value] of Object.entries(error.responseHeaders(this.options.realm))) {
          transport.setHeader(name, value);
        }
      }
      throw error;
    }
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
