import type { ExecutionContext } from '@nestjs/common';
import { InvalidTokenException, MissingTokenException } from '../errors/portcullis.exceptions';
import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import type { Principal } from '../principal/principal';
import type { BearerRequestView } from '../token/bearer-extractor';
import type { CallContext, CallContextKind } from './call-context';
import { settledRequest, socketConnectionOf, type SettledCaller } from './graphql-connection';
import { toGraphQLRefusal } from './graphql-refusal';

/**
 * The action an `@Owns` resolver checks when it names none: by operation type for a root
 * field (`query`, `mutation`, `subscription`, or the route audit's `QUERY`, ...); a field
 * resolver (`FIELD`) reads.
 */
const ACTION_BY_OPERATION: Readonly<Record<string, string>> = {
  query: 'read',
  mutation: 'update',
  subscription: 'read',
  field: 'read',
};

/** The action a GraphQL operation type (or `FIELD`) implies for `@Owns`, if any. */
export function actionOfOperation(operation: string): string | undefined {
  const key = operation.toLowerCase();
  return Object.hasOwn(ACTION_BY_OPERATION, key) ? ACTION_BY_OPERATION[key] : undefined;
}

/** What Portcullis reads of graphql-js's `GraphQLResolveInfo` (no import of `graphql`). */
interface ResolveInfoView {
  readonly fieldName: string;
  readonly parentType: { readonly name: string };
  readonly operation: { readonly operation: string };
  /** `prev` is undefined for a root field (a query, mutation or subscription field). */
  readonly path: { readonly prev: unknown };
}

/** The HTTP request both drivers put in the context (`req`), Express or Fastify. */
interface RequestView {
  rawHeaders?: string[];
  raw?: { rawHeaders?: string[] };
  query?: unknown;
  body?: unknown;
  /** Apollo over graphql-ws without an app `context`: `req` is graphql-ws's context. */
  extra?: Record<PropertyKey, unknown>;
}

type GraphQLContextView = Record<PropertyKey, unknown> & { req?: RequestView };

/** Nest's arguments of one field resolution: root, args, context, info. */
type FieldArguments = [
  unknown,
  Record<string, unknown> | undefined,
  GraphQLContextView | undefined,
  ResolveInfoView,
];

/**
 * A body carrying `access_token` besides the header the middleware read: the guard reads
 * the credentials itself, and refuses two tokens (400) as over REST.
 */
function hasAccessTokenField(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.hasOwn(body, 'access_token');
}

const NO_CREDENTIALS: BearerRequestView = { rawHeaders: [], query: undefined, body: undefined };

/**
 * One GraphQL field resolution (query, mutation, field resolver or subscription start),
 * read from Nest's execution arguments `[root, args, context, info]`. The call's state is
 * kept against `info`, one object per field occurrence: fields of a query resolve
 * concurrently, and two aliases of one field must not see each other's loaded resource.
 */
class GraphQLCallContext implements CallContext {
  private readonly args: Readonly<Record<string, unknown>>;
  private readonly gqlContext: GraphQLContextView;
  private readonly info: ResolveInfoView;

  constructor(context: ExecutionContext) {
    // One read of Nest's arguments array, indexed (no iterator as destructuring would use).
    const args = context.getArgs<FieldArguments>();
    this.args = args[1] ?? {};
    this.gqlContext = args[2] ?? {};
    this.info = args[3];
  }

  get holder(): object {
    return this.info;
  }

  get operation(): string {
    return this.info.operation.operation;
  }

  get impliedAction(): string | undefined {
    return actionOfOperation(this.info.path.prev === undefined ? this.operation : 'field');
  }

  get target(): string {
    return `${this.operation} ${this.info.parentType.name}.${this.info.fieldName}`;
  }

  /** What `connection_init` settled, when the operation runs over a graphql-ws socket. */
  private get connection(): SettledCaller | undefined {
    return socketConnectionOf(this.gqlContext);
  }

  /**
   * Whether the operation runs over a graphql-ws socket: every subscription, and the queries
   * and mutations Mercurius' `fullWsTransport` sends over the same socket. Their caller is the
   * socket's, never the upgrade request's headers.
   */
  private get overSocket(): boolean {
    return this.operation === 'subscription' || this.connection !== undefined;
  }

  /**
   * The principal settled before the call: at `connection_init` for an operation over a
   * graphql-ws socket (the only source there: connection params copied into headers and the
   * upgrade request's own headers are never read; an expired one is refused like an expired
   * token), or by the GraphQL middleware for this HTTP request (just verified, with REST's
   * clock tolerance: it is not judged again).
   */
  get settledPrincipal(): Principal | undefined {
    const ctx = this.gqlContext;
    const req = ctx.req;
    if (!this.overSocket) {
      if (req === undefined || hasAccessTokenField(req.body)) return undefined;
      return settledRequest(req.raw ?? req)?.principal;
    }
    const principal = this.connection?.principal;
    if (principal === undefined) throw new MissingTokenException();
    if (principal.expiresAt * 1000 <= Date.now()) {
      throw new InvalidTokenException('The token has expired', PortcullisErrorCode.TokenExpired);
    }
    return principal;
  }

  get credentials(): BearerRequestView {
    const req = this.gqlContext.req;
    if (req === undefined || this.overSocket) return NO_CREDENTIALS;
    return {
      rawHeaders: req.rawHeaders ?? req.raw?.rawHeaders ?? [],
      query: req.query,
      body: req.body,
    };
  }

  param(name: string): string | undefined {
    const value = Object.hasOwn(this.args, name) ? this.args[name] : undefined;
    if (typeof value === 'string') return value;
    return typeof value === 'number' ? String(value) : undefined;
  }

  input(name: string): unknown {
    return Object.hasOwn(this.args, name) ? this.args[name] : undefined;
  }

  refuse(error: unknown): unknown {
    return toGraphQLRefusal(error);
  }
}

/** GraphQL on Apollo or Mercurius: credentials from the operation's HTTP request. */
export const graphqlContext: CallContextKind = {
  open: (context) => new GraphQLCallContext(context),
  holderOf: (context) => context.getArgByIndex<object>(3),
};
