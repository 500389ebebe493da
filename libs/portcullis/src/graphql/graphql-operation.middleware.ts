import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { settleRequest } from '../context/graphql-connection';
import { refusalExtensions } from '../context/graphql-refusal';
import { PortcullisException } from '../errors/portcullis.exceptions';
import { PORTCULLIS_RESOLVED_OPTIONS } from '../options/options.tokens';
import type { ResolvedOptions } from '../options/resolve-options';
import type { Principal } from '../principal/principal';
import { AccessTokenAuthenticator } from '../token/access-token.authenticator';
import { isAuthorizationHeaderName } from '../token/bearer-extractor';

/** The query string's parameters, for the rule "a token in the header only". */
function queryOf(url: string | undefined): Record<string, string> | undefined {
  const at = url?.indexOf('?') ?? -1;
  if (url === undefined || at === -1) return undefined;
  return Object.fromEntries(new URLSearchParams(url.slice(at + 1)));
}

/**
 * Whether the request carries anything extraction would read: an `Authorization` header, or
 * an `access_token` in the query string. Most anonymous calls carry neither, and go on
 * without an exception built for them.
 */
function carriesCredentials(rawHeaders: readonly string[], query: object | undefined): boolean {
  if (query !== undefined && Object.hasOwn(query, 'access_token')) return true;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (isAuthorizationHeaderName(rawHeaders[i])) return true;
  }
  return false;
}

/**
 * Refuses a whole GraphQL operation (or batch) whose `Authorization` header is malformed
 * (400) or whose token is present but invalid or expired (401), before any GraphQL server
 * parses it: the same status and `WWW-Authenticate` as REST, and a GraphQL body
 * `{"errors":[{"message", "extensions":{"code":"UNAUTHENTICATED","portcullis":...}}]}`.
 * A request without a token goes on (its public fields resolve, the others are refused one
 * by one); a valid token's principal is kept for the guard, which does not verify it again.
 * Applied by `PortcullisGraphQLModule` to the routes GraphQL is served on; it is handed Node's
 * request and response on Express and Fastify alike, so it writes with Node's API only.
 * A token in the verified-token cache is settled synchronously (no promise per request).
 */
@Injectable()
export class PortcullisGraphQLMiddleware implements NestMiddleware {
  private readonly realm: string;

  constructor(
    private readonly authenticator: AccessTokenAuthenticator,
    @Inject(PORTCULLIS_RESOLVED_OPTIONS) options: ResolvedOptions,
  ) {
    this.realm = options.realm;
  }

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void | Promise<void> {
    return this.check(req, res, next, undefined);
  }

  /**
   * {@link use}, with `beforeRefusal` called before a refusal is written (Fastify's route hook
   * hands the response over with `reply.hijack()` there). Calls `next` when the operation goes
   * on; never when it is refused.
   */
  check(
    req: IncomingMessage,
    res: ServerResponse,
    next: () => void,
    beforeRefusal: (() => void) | undefined,
  ): void | Promise<void> {
    // A WebSocket upgrade is decided at connection_init, from the connection params.
    if (req.headers.upgrade !== undefined) return next();
    const query = queryOf(req.url);
    if (!carriesCredentials(req.rawHeaders, query)) return next();
    let principal: Principal | Promise<Principal>;
    try {
      // The body is not parsed yet on every platform: a token in it is refused per field.
      principal = this.authenticator.principalFrom({ rawHeaders: req.rawHeaders, query });
    } catch (error) {
      return this.settleRefusal(res, error, next, beforeRefusal);
    }
    if (principal instanceof Promise) {
      return principal.then(
        (verified) => this.settle(req, verified, next),
        (error: unknown) => this.settleRefusal(res, error, next, beforeRefusal),
      );
    }
    this.settle(req, principal, next);
  }

  private settle(req: IncomingMessage, principal: Principal, next: () => void): void {
    settleRequest(req, principal);
    next();
  }

  /**
   * A malformed header (400) or an unusable token (401) answers the whole operation. No
   * token at all: the operation runs. Keys unavailable (503): each field says so.
   */
  private settleRefusal(
    res: ServerResponse,
    error: unknown,
    next: () => void,
    beforeRefusal: (() => void) | undefined,
  ): void {
    if (error instanceof PortcullisException && [400, 401].includes(error.getStatus())) {
      if (error.code !== 'PORTCULLIS_MISSING_TOKEN') {
        beforeRefusal?.();
        return this.refuse(res, error);
      }
    }
    next();
  }

  private refuse(res: ServerResponse, error: PortcullisException): void {
    res.statusCode = error.getStatus();
    for (const [name, value] of Object.entries(error.responseHeaders(this.realm))) {
      res.setHeader(name, value);
    }
    res.setHeader('content-type', 'application/json; charset=utf-8');
    const message = error.message.replace(/\.$/, '');
    res.end(JSON.stringify({ errors: [{ message, extensions: refusalExtensions(error) }] }));
  }
}
