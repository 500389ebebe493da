import { RpcException } from '@nestjs/microservices';
import type { PortcullisException, RefusalDetails } from '../errors/portcullis.exceptions';
import type { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import type { GrpcMetadataView, RpcRefusalTarget } from '../context/rpc-refusal';

/** The error a TCP caller receives for a refusal (the `RpcException`'s error object). */
export interface RpcRefusalBody extends RefusalDetails {
  /** The HTTP status the refusal has over REST: 400, 401, 403, 404 or 503. */
  readonly status: number;
  /** The Portcullis code, as in the REST body (`PORTCULLIS_TOKEN_EXPIRED`, ...). */
  readonly code: PortcullisErrorCode;
  readonly message: string;
}

/** gRPC status codes (grpc-js's `status` enum, by value: no import of `@grpc/grpc-js`). */
export const GrpcStatus = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** The gRPC status of a refusal, by its HTTP status. */
const GRPC_STATUS_BY_HTTP: Readonly<Record<number, number>> = {
  400: GrpcStatus.INVALID_ARGUMENT,
  401: GrpcStatus.UNAUTHENTICATED,
  403: GrpcStatus.PERMISSION_DENIED,
  404: GrpcStatus.NOT_FOUND,
  503: GrpcStatus.UNAVAILABLE,
};

/** The gRPC status a refusal of HTTP status `status` is answered with. */
export function grpcStatusOf(status: number): number {
  return GRPC_STATUS_BY_HTTP[status] ?? GrpcStatus.PERMISSION_DENIED;
}

/** The body of a refusal as a TCP caller receives it. */
export function rpcRefusalBody(error: PortcullisException): RpcRefusalBody {
  return {
    status: error.getStatus(),
    code: error.code,
    message: error.message,
    ...error.refusalDetails(),
  };
}

/**
 * The trailers of a gRPC refusal: `portcullis-code`, and `portcullis-scope` or `retry-after`
 * as the body has them. Built with the incoming metadata's own class (the server's grpc-js).
 */
function trailersOf(body: RpcRefusalBody, incoming: GrpcMetadataView): GrpcMetadataView {
  const trailers = new (incoming.constructor as new () => GrpcMetadataView)();
  trailers.set('portcullis-code', body.code);
  if (body.scope !== undefined) trailers.set('portcullis-scope', body.scope);
  if (body.retryAfter !== undefined) trailers.set('retry-after', String(body.retryAfter));
  return trailers;
}

/**
 * A refusal as the `RpcException` an RPC handler throws. TCP: the error is
 * {@link RpcRefusalBody}. gRPC: `code` is the gRPC status (UNAUTHENTICATED, PERMISSION_DENIED,
 * NOT_FOUND, UNAVAILABLE, INVALID_ARGUMENT), `details` the message, and the trailers say the
 * Portcullis code, so a grpc-js client sees the status it branches on.
 */
export function toRpcException(error: PortcullisException, target: RpcRefusalTarget): RpcException {
  const body = rpcRefusalBody(error);
  const incoming = target.grpcMetadata;
  if (incoming === undefined) return new RpcException(body);
  return new RpcException({
    code: grpcStatusOf(body.status),
    message: body.message,
    details: body.message,
    metadata: trailersOf(body, incoming),
  });
}
