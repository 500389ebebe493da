import type { ExecutionContext } from '@nestjs/common';
import { httpPlatformOf } from '../common/http-platform';
import { PortcullisException } from '../errors/portcullis.exceptions';
import type { BearerRequestView } from '../token/bearer-extractor';
import type { CallContext, CallContextHost, CallContextKind } from './call-context';

/** The action an `@Owns` route checks when it names none, by HTTP method. */
const ACTION_BY_METHOD: Readonly<Record<string, string>> = {
  GET: 'read',
  HEAD: 'read',
  PUT: 'update',
  PATCH: 'update',
  DELETE: 'delete',
  POST: 'create',
};

/** The action an HTTP method implies for `@Owns` (GET read, ...), if it implies one. */
export function actionOfMethod(method: string): string | undefined {
  return Object.hasOwn(ACTION_BY_METHOD, method) ? ACTION_BY_METHOD[method] : undefined;
}

/** The shape Express and Fastify requests share for what Portcullis reads. */
interface AnyHttpRequest {
  method?: string;
  url?: string;
  params?: Record<string, unknown>;
  rawHeaders?: string[];
  raw?: { rawHeaders?: string[] };
  query?: unknown;
  body?: unknown;
}

/** Whether the app serves HTTP with Express (an adapter without `getType` is not). */
const isExpress = (adapter: CallContextHost['httpAdapter'] | undefined): boolean =>
  httpPlatformOf(adapter) === 'express';

// What switchToHttp().getRequest() answers, without switchToHttp() assigning three new
// closures to the context on every call.
const requestOf = (context: ExecutionContext): object => context.getArgByIndex<object>(0);

/**
 * An HTTP request on Express or Fastify. What only debug logs and refusals read (`target`,
 * the response, the method) is worked out when first read, not on every request.
 */
class HttpCallContext implements CallContext {
  private readonly raw: AnyHttpRequest;
  private upperMethod: string | undefined;
  /**
   * Express sets each request's prototype when the request arrives. The requests then share
   * a V8 layout, but V8 keeps no transition from it, so a property added to one copies its
   * whole layout (about 40 properties): 2.5 us per request in the profile of the warm Express
   * route, against 0.2 on Fastify, whose requests are instances of one class.
   */
  readonly keepsStateAside: boolean;

  constructor(
    readonly holder: object,
    private readonly context: ExecutionContext,
    private readonly host: CallContextHost,
  ) {
    this.raw = holder as AnyHttpRequest;
    this.keepsStateAside = isExpress(host.httpAdapter);
  }

  get operation(): string {
    return (this.upperMethod ??=
      typeof this.raw.method === 'string' ? this.raw.method.toUpperCase() : '');
  }

  get impliedAction(): string | undefined {
    return actionOfMethod(this.operation);
  }

  get target(): string {
    const path = typeof this.raw.url === 'string' ? this.raw.url.split('?', 1)[0] : '';
    return `${this.operation} ${path}`;
  }

  get credentials(): BearerRequestView {
    const raw = this.raw;
    return {
      rawHeaders: raw.rawHeaders ?? raw.raw?.rawHeaders ?? [],
      query: this.query(),
      body: raw.body,
    };
  }

  param(name: string): string | undefined {
    const value = this.raw.params?.[name];
    return typeof value === 'string' ? value : undefined;
  }

  input(): unknown {
    return this.raw.body;
  }

  refuse(error: unknown, realm: string): unknown {
    if (error instanceof PortcullisException) {
      const response = this.context.getArgByIndex<unknown>(1);
      for (const [name, value] of Object.entries(error.responseHeaders(realm))) {
        this.host.httpAdapter.setHeader(response, name, value);
      }
    }
    return error;
  }

  /**
   * The parsed query. Express 5 parses the query string again on every read of `req.query`
   * (a getter): a URL without `?` has none to parse, unless something set `query` on the
   * request itself, which is then read.
   */
  private query(): unknown {
    const raw = this.raw;
    if (typeof raw.url === 'string' && !raw.url.includes('?') && !Object.hasOwn(raw, 'query')) {
      return undefined;
    }
    return raw.query;
  }
}

/** HTTP on Express or Fastify: credentials from headers, state kept against the request. */
export const httpContext: CallContextKind = {
  open: (context, host) => new HttpCallContext(requestOf(context), context, host),
  holderOf: requestOf,
};
