import { IntrinsicException, Logger } from '@nestjs/common';
import type { PortcullisException } from '../errors/portcullis.exceptions';

/** What Portcullis reads and writes of a grpc-js `Metadata` (no import of `@grpc/grpc-js`). */
export interface GrpcMetadataView {
  get(key: string): unknown[];
  set(key: string, value: string): void;
  getMap(): Record<string, unknown>;
}

/**
 * What the guard throws for a refused event: an event has no caller waiting for an answer.
 * An `IntrinsicException`, so Nest drops it without logging it as a failure of the app (the
 * guard has logged the drop, with the reason).
 */
export class DroppedEventException extends IntrinsicException {
  constructor(readonly refusal: PortcullisException) {
    super(refusal.message);
    this.name = 'DroppedEventException';
  }
}

/** What a refusal of one RPC is delivered with: the incoming gRPC metadata, for a gRPC call. */
export interface RpcRefusalTarget {
  /** The call's metadata when the transport is gRPC; `undefined` for TCP and the others. */
  readonly grpcMetadata: GrpcMetadataView | undefined;
}

/** Turns a refusal into what an RPC handler throws (an `RpcException`). */
export type RpcRefusalDelivery = (error: PortcullisException, target: RpcRefusalTarget) => unknown;

let delivery: RpcRefusalDelivery | undefined;
let warned = false;
const logger = new Logger('Portcullis');

/**
 * Sets how RPC refusals are delivered. Called once by `nest-portcullis/microservices` when it
 * loads: only that subpath imports `@nestjs/microservices` (an HTTP-only app never loads it).
 */
export function deliverRpcRefusalsWith(deliver: RpcRefusalDelivery): void {
  delivery = deliver;
}

/**
 * What the guard throws for a refused RPC. Without the subpath loaded the refusal is thrown
 * as it is (Nest answers "Internal server error": still refused), and said once in the log.
 */
export function deliverRpcRefusal(error: PortcullisException, target: RpcRefusalTarget): unknown {
  if (delivery !== undefined) return delivery(error, target);
  if (!warned) {
    warned = true;
    logger.warn(
      'RPC refusals need PortcullisMicroservicesModule (nest-portcullis/microservices): ' +
        'without it, callers see "Internal server error" instead of the refusal',
    );
  }
  return error;
}
