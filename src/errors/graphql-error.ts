import { HttpStatus } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { PortcullisGraphQLError } from 'nest-portcullis';
import type { ErrorBody } from './error-body.filter';

/** GraphQL's conventional codes for the statuses the demo answers. */
const GRAPHQL_CODES: Readonly<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

/**
 * What a resolver's refusal becomes: Portcullis' own field errors pass through; any other
 * error becomes a field error carrying the code REST would answer, so a client sees the same
 * decision either way. A Portcullis refusal thrown by the demo itself (a client creating a
 * note) keeps its Portcullis code, as the guard's refusals do; a failed validation reads
 * `BAD_REQUEST` with `reason: "VALIDATION_FAILED"` (the REST body's code).
 */
export function graphQLErrorOf(exception: unknown, body: ErrorBody): Error {
  if (exception instanceof PortcullisGraphQLError || exception instanceof GraphQLError) {
    return exception;
  }
  const code = GRAPHQL_CODES[body.statusCode] ?? 'INTERNAL_SERVER_ERROR';
  if (body.code.startsWith('PORTCULLIS_')) {
    return new PortcullisGraphQLError(body.message, {
      code: code as never,
      portcullis: body.code,
    });
  }
  const message = body.statusCode >= 500 ? 'Internal server error' : body.message;
  return new GraphQLError(message, { extensions: { code, reason: body.code } });
}
