import type { ExecutionContext, HttpServer } from '@nestjs/common';
import type { BearerRequestView } from '../token/bearer-extractor';

/**
 * What the guard reads and writes of one request, whatever carries it. Express and Fastify
 * share {@link httpTransport}; a GraphQL or WebSocket context needs only another factory.
 */
export interface PortcullisTransport {
  /** The object the principal, ability and resource are attached to. */
  readonly request: object;
  /** The transport's response object (handed to passport). */
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
  return context.switchToHttp().getRequest<object>();
}

/** An HTTP request on Express or Fastify, headers set through Nest's HTTP adapter. */
export function httpTransport(context: ExecutionContext, adapter: HttpServer): PortcullisTransport {
  const http = context.switchToHttp();
  const request = http.getRequest<object>();
  const response = http.getResponse<unknown>();
  const raw = request as AnyHttpRequest;
  const method = typeof raw.method === 'string' ? raw.method.toUpperCase() : '';
  const path = typeof raw.url === 'string' ? raw.url.split('?', 1)[0] : '';
  return {
    request,
    response,
    method,
    target: `${method} ${path}`,
    body: raw.body,
    bearer: {
      rawHeaders: raw.rawHeaders ?? raw.raw?.rawHeaders ?? [],
      query: raw.query,
      body: raw.body,
    },
    param(name) {
      const value = raw.params?.[name];
      return typeof value === 'string' ? value : undefined;
    },
    setHeader(name, value) {
      adapter.setHeader(response, name, value);
    },
  };
}
