import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { logSafe, PortcullisException, PortcullisGraphQLError } from 'nest-portcullis';
import { graphQLErrorOf } from './graphql-error';

/** The body of every error the demo answers. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
}

/** The code of a body that failed validation (Nest's ValidationPipe). */
export const VALIDATION_FAILED = 'VALIDATION_FAILED';

/** `NOT_FOUND` for 404 and so on: the name of the status in Nest's `HttpStatus`. */
function statusCodeName(status: number): string {
  const name = (HttpStatus as unknown as Record<number, string | undefined>)[status];
  return name ?? `HTTP_${status}`;
}

/** What a Nest exception says, as one message. */
function messageOf(response: string | object, fallback: string): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : fallback;
}

/** Turns any exception into the demo's error body; Portcullis' own bodies pass through. */
export function errorBodyOf(exception: unknown): ErrorBody {
  if (exception instanceof PortcullisException) {
    return exception.getResponse() as ErrorBody;
  }
  // On Express, Nest wraps what body-parser's `verify` throws (the body depth bound) in a plain
  // HttpException of the same status; the refusal is Portcullis' own, code included.
  if (exception instanceof HttpException && exception.cause instanceof PortcullisException) {
    return exception.cause.getResponse() as ErrorBody;
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const message = messageOf(response, exception.message);
    // ValidationPipe answers 400 with a list of messages, one per broken rule.
    const isValidation =
      statusCode === 400 &&
      typeof response === 'object' &&
      Array.isArray((response as { message?: unknown }).message);
    return {
      statusCode,
      code: isValidation ? VALIDATION_FAILED : statusCodeName(statusCode),
      message,
    };
  }
  return { statusCode: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
}

/**
 * What a 500 logs: the error's name and message, escaped (a message may quote what the
 * request sent, and a forged line must not follow it), then the stack's frames, which are the
 * code's own.
 */
export function loggedError(exception: unknown): string {
  if (!(exception instanceof Error)) return logSafe(exception);
  const header = `${exception.name}: ${exception.message}`;
  const stack = exception.stack ?? '';
  const frames = stack.startsWith(header) ? stack.slice(header.length) : '';
  return `${logSafe(exception.name)}: ${logSafe(exception.message)}${frames}`;
}

/**
 * Every error answers `{ statusCode, code, message }`, on Express and Fastify alike. In a
 * resolver the error is thrown back to the GraphQL server instead (a field error, see
 * {@link graphQLErrorOf}): there is no HTTP response of its own to write.
 * Headers already set on the response (the guard's `WWW-Authenticate`, `Retry-After`) are
 * kept: the filter only writes the status and the body.
 */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('Demo');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    // Thrown, not returned: a returned error would be a subscription's "iterator" on Mercurius.
    if (host.getType<string>() === 'graphql') throw this.graphQLError(exception);
    const body = this.bodyOf(exception);
    const response = host.switchToHttp().getResponse<unknown>();
    this.adapterHost.httpAdapter.reply(response, body, body.statusCode);
  }

  private graphQLError(exception: unknown): Error {
    // Portcullis' GraphQL refusals are field errors already, and no failure to log.
    if (exception instanceof PortcullisGraphQLError) return exception;
    return graphQLErrorOf(exception, this.bodyOf(exception));
  }

  private bodyOf(exception: unknown): ErrorBody {
    const body = errorBodyOf(exception);
    if (body.statusCode >= 500 && !(exception instanceof PortcullisException)) {
      this.logger.error(loggedError(exception));
    }
    return body;
  }
}
