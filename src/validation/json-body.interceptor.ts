import {
  Injectable,
  UnsupportedMediaTypeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { Observable } from 'rxjs';

/** The media type of a `Content-Type` value, without parameters, lower-cased. */
function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0].trim().toLowerCase();
}

/** Whether a request carries a body (RFC 9112 section 6.3: a length, or a transfer coding). */
function hasBody(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * A request with a body must send it as `application/json`: anything else (`text/plain`, a
 * form, `application/merge-patch+json`) is 415 rather than read as an empty body, which would
 * answer 200 and change nothing. An interceptor runs after the guards, so a caller without a
 * token still gets 401 first, and one without the scope 403.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const { headers } = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>();
      if (hasBody(headers) && mediaTypeOf(headers['content-type']) !== 'application/json') {
        throw new UnsupportedMediaTypeException('Send the request body as application/json.');
      }
    }
    return next.handle();
  }
}
