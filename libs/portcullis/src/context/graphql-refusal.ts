import { IntrinsicException } from '@nestjs/common';
import { PortcullisException, type RefusalDetails } from '../errors/portcullis.exceptions';

/** The GraphQL `extensions.code` of a refusal (the conventional names, no 500 among them). */
export type GraphQLRefusalCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_REQUEST' | 'SERVICE_UNAVAILABLE';

/** What a refused field's error carries in `extensions`. */
export interface GraphQLRefusalExtensions extends RefusalDetails {
  readonly code: GraphQLRefusalCode;
  /** The Portcullis code, as in the REST body's `code` (`PORTCULLIS_INSUFFICIENT_SCOPE`, ...). */
  readonly portcullis: string;
  readonly [key: string]: unknown;
}

const CODE_BY_STATUS: Readonly<Record<number, GraphQLRefusalCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * A refusal of one GraphQL field. graphql-js wraps what a resolver throws in a GraphQLError
 * at the field's path and copies `extensions` from it. It extends `IntrinsicException`, not
 * `HttpException`: Nest does not log it as an unexpected error, and neither driver rewrites
 * it (Apollo would turn a 404 or 503 `HttpException` into `INTERNAL_SERVER_ERROR`, Mercurius
 * drops its extensions).
 */
export class PortcullisGraphQLError extends IntrinsicException {
  constructor(
    message: string,
    readonly extensions: GraphQLRefusalExtensions,
  ) {
    super(message);
    this.name = 'PortcullisGraphQLError';
  }
}

/** The GraphQL extensions of a Portcullis refusal. */
export function refusalExtensions(error: PortcullisException): GraphQLRefusalExtensions {
  const code = CODE_BY_STATUS[error.getStatus()] ?? 'FORBIDDEN';
  return { code, portcullis: error.code, ...error.refusalDetails() } as GraphQLRefusalExtensions;
}

/** The per-field error for a refusal; anything that is not a Portcullis refusal as it is. */
export function toGraphQLRefusal(error: unknown): unknown {
  if (!(error instanceof PortcullisException)) return error;
  // The client-facing message without the REST body's final period, as GraphQL messages go.
  return new PortcullisGraphQLError(error.message.replace(/\.$/, ''), refusalExtensions(error));
}
