import type { ExecutionContext, HttpServer } from '@nestjs/common';
import type { BearerRequestView } from '../token/bearer-extractor';

/**
 * What the guard reads and writes of one request, whatever carries it. Express and Fastify
 * share {@link httpTransport}; a GraphQL or WebSocket context needs only another factory.
 */
export interface PortcullisTransport {
  /** The object the principal, ability and resource are attached to. */
  readonly request: object;
  /** The transport's response object. */
  readonly response: unknown;
  /** The HTTP method in upper case (`GET`); `''` when the transport has none. */
  readonly method: string;
  /** `GET /users/42` without the query string, for debug logs. */
  readonly target: string;
  /** The parsed body (`undefined` when none). */
  readonly body: unknown;
  /** What bearer extraction reads (RFC 6750). */
  readonly bearer: BearerRequestView;
  /** A route param, as a string, if present. */
  param(name: string): string | undefined;
  /** Sets a response header (`WWW-Authenticate`, `Retry-After`). */
  setHeader(name: string, value: string): void;
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

/** The request object of an execution context: where param decorators read attachments. */
export function requestOf(context: ExecutionContext): object {
  // What switchToHttp().getRequest() answers, without switchToHttp() assigning three new
  // closures to the context on every call.
  return context.getArgByIndex<object>(0);
}

/**
 * An HTTP request on Express or Fastify. What only debug logs and refusals read (`target`,
 * the response, the method) is worked out when first read, not on every request.
 */
class HttpTransport implements PortcullisTransport {
  private readonly raw: AnyHttpRequest;
  private upperMethod: string | undefined;

  constructor(
    readonly request: object,
    private readonly context: ExecutionContext,
    private readonly adapter: HttpServer,
  ) {
    this.raw = request as AnyHttpRequest;
  }

  get response(): unknown {
    return this.context.getArgByIndex<unknown>(1);
  }

  get method(): string {
    return (this.upperMethod ??=
      typeof this.raw.method === 'string' ? this.raw.method.toUpperCase() : '');
  }

  get target(): string {
    const path = typeof this.raw.url === 'string' ? this.raw.url.split('?', 1)[0] : '';
    return `${this.method} ${path}`;
  }

  get body(): unknown {
    return this.raw.body;
  }

  get bearer(): BearerRequestView {
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

  setHeader(name: string, value: string): void {
    this.adapter.setHeader(this.response, name, value);
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

/** An HTTP request on Express or Fastify, headers set through Nest's HTTP adapter. */
export function httpTransport(context: ExecutionContext, adapter: HttpServer): PortcullisTransport {
  return new HttpTransport(requestOf(context), context, adapter);
}
