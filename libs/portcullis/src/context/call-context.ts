import type { ExecutionContext, HttpServer } from '@nestjs/common';
import type { Principal } from '../principal/principal';
import type { BearerRequestView } from '../token/bearer-extractor';

/**
 * One call as the guard sees it, whatever carries it (an HTTP request today; a GraphQL
 * operation, a WebSocket message or an RPC next). The guard and the route decision read a
 * call through this and nothing else, so a new kind of call is one new implementation.
 * The guard builds one per call: implementations keep construction cheap and work out what
 * only refusals and debug logs read when it is first read.
 */
export interface CallContext {
  /**
   * The object the call's state (principal, ability, resource) is kept against, for as long
   * as the call lasts: the HTTP request; for GraphQL the operation's context object (one HTTP
   * request can carry a batch of operations).
   */
  readonly holder: object;
  /**
   * Keep the call's state beside the holder (a `WeakMap`) rather than as a hidden property of
   * it: for holders whose V8 layout is new on every call (an Express request, whose prototype
   * Express sets per request), where adding a property copies the whole layout.
   */
  readonly keepsStateAside?: boolean;
  /**
   * A principal verified before the call reached the guard (GraphQL: at a subscription's
   * `connection_init`, or once per HTTP request by the GraphQL middleware); the guard then
   * reads no credentials. Throws the refusal when the settled caller has none, or it expired.
   */
  readonly settledPrincipal?: Principal | undefined;
  /** Where the credentials are read (RFC 6750 bearer extraction): headers, query, body. */
  readonly credentials: BearerRequestView;
  /** What the call is, for debug logs: `GET /users/42` (no query string). */
  readonly target: string;
  /**
   * What decides the action of an `@Owns` that names none, for logs: the HTTP method
   * (`PATCH`), or the GraphQL operation type.
   */
  readonly operation: string;
  /**
   * The action an `@Owns` without `action` checks: by HTTP method (GET read, PATCH update,
   * ...); for GraphQL by operation (query read, mutation update). `undefined`: none implied.
   */
  readonly impliedAction: string | undefined;
  /** The id named `name`: a route param over HTTP, a resolver argument in GraphQL. */
  param(name: string): string | undefined;
  /**
   * What an `@Owns(..., { fields })` check reads the fields of: the HTTP body (the name is
   * not used); in GraphQL the input argument named `name`; on a gateway the whole payload
   * (`mode` `'body'`) or its field `name` (`'input'`).
   */
  input(name: string, mode?: 'body' | 'input'): unknown;
  /**
   * Delivers a refusal: hands back what the guard throws. HTTP sets the exception's headers
   * (`WWW-Authenticate`, `Retry-After`) on the response and returns it as is; GraphQL would
   * convert it to a per-field error (headers mean nothing to one field of a batch).
   */
  refuse(error: unknown, realm: string): unknown;
}

/** What a kind of context may need from the app: Nest's HTTP adapter (for headers). */
export interface CallContextHost {
  readonly httpAdapter: HttpServer;
}

/**
 * One kind of context (`context.getType()`), registered in `call-contexts.ts`: how to view
 * a call, and where its state is kept.
 */
export interface CallContextKind {
  /** The view of one call (built once per guarded call). */
  open(context: ExecutionContext, host: CallContextHost): CallContext;
  /** The object the call's state is kept against, without building a view (param decorators). */
  holderOf(context: ExecutionContext): object;
}
