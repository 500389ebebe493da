import {
  Injectable,
  UnsupportedMediaTypeException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';

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
 * answer 200 and change nothing.
 *
 * A guard of each REST controller (`@UseGuards(JsonBodyGuard)`), not a global one: Nest runs
 * global guards first, then the controller's, so Portcullis's global guard has already
 * answered 401 to a caller without a token and 403 to one without the scope or the record.
 * It was a global interceptor until the bench showed what an interceptor costs every route
 * (Nest wraps the handler in RxJS observables: about 10 us of a 60 us request on Fastify,
 * `bench/README.md`); a guard is one more synchronous call.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.getArgByIndex<{ headers: IncomingHttpHeaders }>(0);
    if (hasBody(headers) && mediaTypeOf(headers['content-type']) !== 'application/json') {
      throw new UnsupportedMediaTypeException('Send the request body as application/json.');
    }
    return true;
  }
}
